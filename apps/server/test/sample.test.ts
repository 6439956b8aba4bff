import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { parse } from 'csv-parse/sync';
import { BACKENDS, freshDb, tempDir } from '@olala/testing';
import { readIndexProgress } from '@olala/core/wiki';
import {
  estimateRows,
  importPlan,
  importSampleIfEmpty,
  SAMPLE_DIR,
  startupProgressLine,
  type InfoLog,
} from '../src/sample.js';

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
    assert.ok(
      fs.existsSync(pagesFile) && fs.existsSync(chunksFile),
      `the bundled sample is missing from ${SAMPLE_DIR}`,
    );
    const { db } = await freshDb(t, backend);
    const { log, lines } = capture();
    const dataDir = tempDir(t);
    await importSampleIfEmpty(db, log, SAMPLE_DIR, dataDir);
    const count = async () =>
      (
        await db.query<{ pages: number; chunks: number; imports: number }>(
          'SELECT (SELECT count(*) FROM wiki_pages)::int AS pages, (SELECT count(*) FROM wiki_chunks)::int AS chunks, (SELECT count(*) FROM wiki_imports)::int AS imports',
        )
      ).rows[0];
    assert.deepEqual(await count(), { pages: csvRows(pagesFile), chunks: csvRows(chunksFile), imports: 1 });
    assert.ok(lines.some((l) => /imported the sample wiki: \d+ pages/.test(l)));
    // Before: how much, and that the rate is measured on the first batch (this machine has no record yet).
    assert.match(
      lines[0]!,
      /^위키가 비어 있어 번들 샘플을 가져옵니다: 약 [\d,]+ 조각 \([\d.]+ MB\)\. 색인 속도를 첫 묶음에서 재어/,
    );
    // While: the first batch's rate and the time the whole build will take, then the end with its rate.
    assert.ok(
      lines.some((l) => /^색인 속도 [\d,]+ 조각\/s \(첫 묶음에서 잼\): [\d,]+ 조각에 약 \d+(초|분) 걸립니다$/.test(l)),
      lines.join('\n'),
    );
    assert.ok(
      lines.some((l) => /^색인 완료: [\d,]+ 조각, [\d,]+ 조각\/s, \d+(초|분) 걸림$/.test(l)),
      lines.join('\n'),
    );
    // The record the next start (or `olala wiki status`) reads.
    const record = readIndexProgress(dataDir);
    assert.equal(record?.state, 'complete');
    assert.equal(record?.chunks_total, csvRows(chunksFile));

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

test('the start-up plan gives the time at the recorded rate, and the row count is estimated from the file', () => {
  assert.equal(
    importPlan(883_189, 816 * 1024 * 1024, 1650),
    '위키가 비어 있어 번들 샘플을 가져옵니다: 약 883,189 조각 (816.0 MB). 이 컴퓨터에서 기록된 색인 속도(1,650 조각/s)로 색인에 약 9분 걸립니다. (OLALA_IMPORT_SAMPLE=0이면 건너뜁니다)',
  );
  const chunksFile = path.join(SAMPLE_DIR, 'wiki_chunks.csv');
  const exact = csvRows(chunksFile);
  const estimate = estimateRows(chunksFile);
  assert.ok(Math.abs(estimate - exact) / exact < 0.1, `estimated ${estimate} rows for ${exact}`);
});

test('start-up progress lines: first batch, then every ten seconds, and the end', () => {
  const index = { label: 'lexical index', unit: 'rows', total: 883_189, elapsed_s: 250 } as const;
  assert.equal(
    startupProgressLine({ ...index, event: 'progress', done: 2000, rate: 1650, eta_s: 534 }, true, 0),
    '색인 속도 1,650 조각/s (첫 묶음에서 잼): 883,189 조각에 약 9분 걸립니다',
  );
  assert.equal(
    startupProgressLine({ ...index, event: 'progress', done: 412_000, rate: 1650, eta_s: 285 }, false, 3000),
    undefined,
  );
  assert.equal(
    startupProgressLine({ ...index, event: 'progress', done: 412_000, rate: 1650, eta_s: 285 }, false, 10_000),
    '색인 중: 412,000 / 883,189 조각 (46.6%), 1,650 조각/s, 약 5분 남음',
  );
  assert.equal(
    startupProgressLine({ ...index, event: 'done', done: 883_189, rate: 1650, elapsed_s: 535 }, false, 500),
    '색인 완료: 883,189 조각, 1,650 조각/s, 9분 걸림',
  );
  const MB = 1024 * 1024;
  assert.equal(
    startupProgressLine(
      {
        event: 'progress',
        label: 'chunks',
        unit: 'bytes',
        done: 204 * MB,
        total: 816 * MB,
        rate: 8.6 * MB,
        eta_s: 71,
        elapsed_s: 24,
      },
      true,
      0,
    ),
    '위키 불러오는 중: 204.0 / 816.0 MB (25.0%), 8.6 MB/s, 약 1분 남음',
  );
  assert.equal(
    startupProgressLine(
      { event: 'progress', label: 'pg_dump', unit: 'bytes', done: 1, rate: 1, elapsed_s: 1 },
      true,
      0,
    ),
    undefined,
  );
});
