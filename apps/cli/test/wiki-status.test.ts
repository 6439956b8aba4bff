import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { Value } from 'typebox/value';
import { WikiStatus } from '@olala/contract';
import { indexProgressFile } from '@olala/core/wiki';
import { BACKENDS, freshDatabaseEnv, freshDb, tempDir } from '@olala/testing';
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
    assert.deepEqual(status.embeddings, [
      { model: 'nomic-embed-text', embedded: 0, missing: 4, coverage_pct: 0, index: 'none' },
    ]);
    assert.deepEqual(
      status.imports.map((i: { rejected: number; finished_at: string }) => [i.finished_at, i.rejected]),
      [['2026-02-01T09:00:04.000Z', 2]],
    );

    const human = await olala(env, 'wiki', 'status');
    assert.equal(human.status, 0, human.stderr);
    assert.match(human.stdout, /^wiki_pages: 3$/m);
    assert.match(human.stdout, /^wiki_chunks: 4$/m);
    assert.match(human.stdout, /^imports \(latest first\):$/m);
    assert.match(human.stdout, /^lexical_index: 색인 없음/m);
    assert.match(human.stdout, /2026-02-01 09:00:04Z\s+replace\s+4\.0s\s+3\s+4\s+2\s+3\s+4$/m);
  });

  test(`${backend}: olala wiki status says how far a lexical index build is, from the record the build leaves`, async (t) => {
    const { db, env } = await freshDb(t, backend);
    await db.close();
    const dataDir = env.OLALA_DATA_DIR ?? tempDir(t);
    // What a build 412,000 chunks into 883,189 writes beside the database (index-progress.ts); this process stands in for it.
    fs.writeFileSync(
      indexProgressFile(dataDir),
      JSON.stringify({
        pid: process.pid,
        state: 'building',
        chunks_done: 412_000,
        chunks_total: 883_189,
        rate_chunks_s: 1650,
        eta_s: 125,
        started_at: '2026-12-02T07:00:00Z',
        updated_at: '2026-12-02T07:04:10Z',
      }),
    );
    const res = await olala({ ...env, OLALA_DATA_DIR: dataDir }, 'wiki', 'status');
    assert.equal(res.status, 0, res.stderr);
    assert.match(
      res.stdout,
      /^lexical_index: 색인 중: 412,000 \/ 883,189 조각 \(46\.6%\), 1,650 조각\/s, 약 2분 남음/m,
    );
  });

  test(`${backend}: olala wiki status on a database never migrated says what to run`, async (t) => {
    const env = await freshDatabaseEnv(t, backend);
    const res = await olala(env, 'wiki', 'status');
    assert.equal(res.status, 2);
    assert.match(res.stderr, /the wiki tables do not exist yet .*run `olala db migrate`/);
    assert.doesNotMatch(res.stderr, STACK);
  });
}

test('pglite: while an import holds the embedded database, olala wiki status still reports its index build', async (t) => {
  const { db, env } = await freshDb(t, 'pglite');
  await db.close();
  const dataDir = env.OLALA_DATA_DIR!;
  // A live process (this one) holding the data folder as `olala wiki import` does, with no server to ask.
  fs.writeFileSync(
    path.join(dataDir, 'olala.lock'),
    JSON.stringify({ pid: process.pid, command: 'olala wiki import', startedAt: '2026-12-02T07:00:00Z' }),
  );
  t.after(() => fs.rmSync(path.join(dataDir, 'olala.lock'), { force: true }));
  fs.writeFileSync(
    indexProgressFile(dataDir),
    JSON.stringify({
      pid: process.pid,
      state: 'building',
      chunks_done: 500,
      chunks_total: 2000,
      rate_chunks_s: 100,
      eta_s: 15,
      started_at: '2026-12-02T07:00:00Z',
      updated_at: '2026-12-02T07:00:05Z',
    }),
  );
  const human = await olala(env, 'wiki', 'status');
  assert.equal(human.status, 0, human.stderr);
  assert.equal(
    human.stdout,
    'lexical_index: 색인 중: 500 / 2,000 조각 (25.0%), 100 조각/s, 약 15초 남음 (검색은 이전 색인으로 계속됩니다)\n',
  );
  assert.match(human.stderr, /in use by process \d+ \(olala wiki import\)/);
  const json = await olala(env, 'wiki', 'status', '--json');
  assert.equal(json.status, 0, json.stderr);
  assert.equal(JSON.parse(json.stdout).lexical_index.state, 'building');

  fs.rmSync(indexProgressFile(dataDir));
  const none = await olala(env, 'wiki', 'status');
  assert.notEqual(none.status, 0, 'without a record there is nothing to report but the lock');
  assert.match(none.stderr, /in use by process/);
});

test('olala wiki status with an unknown flag prints usage and exits 2', async () => {
  const res = await olala({}, 'wiki', 'status', '--bogus');
  assert.equal(res.status, 2);
  assert.match(res.stderr, /unknown option '--bogus'/);
  assert.match(res.stderr, /Usage: olala wiki status/);
  assert.equal(res.stdout, '');
  assert.doesNotMatch(res.stderr, STACK);
});
