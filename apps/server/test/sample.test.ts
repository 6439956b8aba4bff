import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { parse } from 'csv-parse/sync';
import { BACKENDS, freshDb, tempDir } from '@olala/testing';
import { importSampleIfEmpty, SAMPLE_DIR, type InfoLog } from '../src/sample.js';

/** A logger whose messages the test can read; pino's info takes (msg) or (fields, msg). */
function capture() {
  const lines: string[] = [];
  const info = (a: unknown, b?: unknown) => void lines.push(typeof a === 'string' ? a : String(b));
  return { log: { info } as unknown as InfoLog, lines };
}

function csvRows(file: string): number {
  return (parse(fs.readFileSync(file), { columns: true }) as unknown[]).length;
}

for (const backend of BACKENDS) {
  test(`${backend}: the first start imports the bundled sample into an empty wiki, later starts leave it alone`, async (t) => {
    const pagesFile = path.join(SAMPLE_DIR, 'wiki_pages.csv');
    const chunksFile = path.join(SAMPLE_DIR, 'wiki_chunks.csv');
    assert.ok(fs.existsSync(pagesFile) && fs.existsSync(chunksFile), `the bundled sample is missing from ${SAMPLE_DIR}`);
    const { db } = await freshDb(t, backend);
    const { log, lines } = capture();
    await importSampleIfEmpty(db, log);
    const count = async () =>
      (await db.query<{ pages: number; chunks: number; imports: number }>(
        'SELECT (SELECT count(*) FROM wiki_pages)::int AS pages, (SELECT count(*) FROM wiki_chunks)::int AS chunks, (SELECT count(*) FROM wiki_imports)::int AS imports',
      )).rows[0];
    assert.deepEqual(await count(), { pages: csvRows(pagesFile), chunks: csvRows(chunksFile), imports: 1 });
    assert.ok(lines.some((l) => /imported the sample wiki: \d+ pages/.test(l)));

    await importSampleIfEmpty(db, log);
    assert.equal((await count())?.imports, 1, 'a wiki with pages is never replaced by the sample');
  });
}

test('without a bundled sample the start goes on with one log line', async (t) => {
  const { db } = await freshDb(t, 'pglite');
  const { log, lines } = capture();
  await importSampleIfEmpty(db, log, tempDir(t));
  assert.equal(lines.length, 1);
  assert.match(lines[0]!, /no bundled sample/);
  const { rows } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM wiki_pages');
  assert.equal(rows[0]?.n, 0);
});
