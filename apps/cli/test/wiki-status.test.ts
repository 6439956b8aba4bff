import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Value } from 'typebox/value';
import { WikiStatus } from '@olala/contract';
import { BACKENDS, freshDatabaseEnv, freshDb } from '@olala/testing';
import { olala, STACK } from './run-olala.js';

for (const backend of BACKENDS) {
  test(`${backend}: olala wiki status counts what is in the database`, async (t) => {
    const { db, env } = await freshDb(t, backend);
    await db.exec(`
      INSERT INTO wiki_pages (page_id, title) VALUES (1, '서울'), (2, '부산'), (3, '대구');
      INSERT INTO wiki_chunks (chunk_id, page_id, chunk_idx, content, content_hash) VALUES
        (1, 1, 0, '서울은 대한민국의 수도이다.', 'a'), (2, 2, 0, '부산', 'b'), (3, 2, 1, '해운대', 'c'), (4, 3, 0, '대구', 'd');
      INSERT INTO wiki_imports (started_at, finished_at, mode, pages_loaded, chunks_loaded, rejected, wiki_pages, wiki_chunks)
        VALUES ('2026-02-01T09:00:00Z', '2026-02-01T09:00:04Z', 'replace', 3, 4, 2, 3, 4);
    `);
    // The embedded database admits one process at a time.
    await db.close();

    const json = await olala({ ...env, EMBED_MODEL: 'nomic-embed-text' }, 'wiki', 'status', '--json');
    assert.equal(json.status, 0, json.stderr);
    const status = JSON.parse(json.stdout);
    assert.ok(Value.Check(WikiStatus, status), json.stdout);
    assert.equal(status.wiki_pages, 3);
    assert.equal(status.wiki_chunks, 4);
    assert.equal(status.backend, backend);
    assert.deepEqual(status.embeddings, [{ model: 'nomic-embed-text', embedded: 0, missing: 4, coverage_pct: 0, index: 'none' }]);
    assert.deepEqual(status.imports.map((i: { rejected: number; finished_at: string }) => [i.finished_at, i.rejected]), [['2026-02-01T09:00:04.000Z', 2]]);

    const human = await olala(env, 'wiki', 'status');
    assert.equal(human.status, 0, human.stderr);
    assert.match(human.stdout, /^wiki_pages: 3$/m);
    assert.match(human.stdout, /^wiki_chunks: 4$/m);
    assert.match(human.stdout, /^imports \(latest first\):$/m);
    assert.match(human.stdout, /2026-02-01 09:00:04Z\s+replace\s+4\.0s\s+3\s+4\s+2\s+3\s+4$/m);
  });

  test(`${backend}: olala wiki status on a database never migrated says what to run`, async (t) => {
    const env = await freshDatabaseEnv(t, backend);
    const res = await olala(env, 'wiki', 'status');
    assert.equal(res.status, 2);
    assert.match(res.stderr, /the wiki tables do not exist yet .*run `olala db migrate`/);
    assert.doesNotMatch(res.stderr, STACK);
  });
}

test('olala wiki status with an unknown flag prints usage and exits 2', async () => {
  const res = await olala({}, 'wiki', 'status', '--bogus');
  assert.equal(res.status, 2);
  assert.match(res.stderr, /unknown option '--bogus'/);
  assert.match(res.stderr, /Usage: olala wiki status/);
  assert.equal(res.stdout, '');
  assert.doesNotMatch(res.stderr, STACK);
});
