import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { loadConfig, migrate, migrationStatus, openDb, SchemaTooNewError, DataDirLockedError } from '@olala/core';
import { BACKENDS, freshDb, freshDatabaseEnv } from '@olala/testing';

const quiet = { info() {}, warn() {} };

for (const backend of BACKENDS) {
  test(`${backend}: migrations apply once and running them again changes nothing`, async (t) => {
    const { db } = await freshDb(t, backend);
    const first = await migrationStatus(db);
    assert.ok(first.applied.includes(1));
    const again = await migrate(db, quiet);
    assert.deepEqual(again.applied, first.applied);
    const { rows } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM schema_migrations');
    assert.equal(rows[0]?.n, first.applied.length);
    for (const table of ['wiki_pages', 'wiki_chunks', 'wiki_imports']) {
      const r = await db.query<{ t: string | null }>('SELECT to_regclass($1)::text AS t', [table]);
      assert.equal(r.rows[0]?.t, table);
    }
  });

  test(`${backend}: a database migrated by a newer release is refused`, async (t) => {
    const { db, env } = await freshDb(t, backend);
    await db.query("INSERT INTO schema_migrations (version, name) VALUES (999, 'from-the-future')");
    await assert.rejects(migrate(db, quiet), (err: Error) => err instanceof SchemaTooNewError && /999/.test(err.message));
    await db.close();
    await assert.rejects(openDb(loadConfig(env), { command: 'test' }), SchemaTooNewError);
  });

  test(`${backend}: transactions roll back on error`, async (t) => {
    const { db } = await freshDb(t, backend);
    await assert.rejects(
      db.transaction(async (tx) => {
        await tx.query("INSERT INTO wiki_pages (page_id, title) VALUES (1, '서울')");
        throw new Error('boom');
      }),
      /boom/,
    );
    const { rows } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM wiki_pages');
    assert.equal(rows[0]?.n, 0);
  });
}

test('pglite: vector and pg_trgm work on Hangul', async (t) => {
  const { db } = await freshDb(t, 'pglite');
  assert.equal(db.features.vector, true);
  const { rows } = await db.query<{ s: number }>("SELECT similarity('대한민국의 수도', '대한민국 수도') AS s");
  assert.ok((rows[0]?.s ?? 0) > 0.5);
});

test('postgres: without pgvector, vector migrations stay pending and features say so', async (t) => {
  const { db } = await freshDb(t, 'postgres');
  const status = await migrationStatus(db);
  const vectorAvailable = (await db.query("SELECT 1 FROM pg_available_extensions WHERE name = 'vector'")).rowCount > 0;
  assert.equal(db.features.vector, vectorAvailable);
  if (!vectorAvailable) assert.match(status.pending.find((p) => p.name === 'wiki-embeddings')?.blockedBy ?? '', /vector/);
});

test('pglite: a second process cannot open the same data folder', async (t) => {
  const env = await freshDatabaseEnv(t, 'pglite');
  const db = await openDb(loadConfig(env), { command: 'holder' });
  t.after(() => db.close());
  await assert.rejects(openDb(loadConfig(env), { command: 'second' }), DataDirLockedError);
  const child = spawnSync(
    process.execPath,
    ['--import', 'tsx', '-e', "import('@olala/core').then(m => m.openDb(m.loadConfig(), { command: 'child' })).catch(e => { console.error(e.message); process.exit(3) })"],
    { env: { ...process.env, ...env }, encoding: 'utf8' },
  );
  assert.equal(child.status, 3);
  assert.match(child.stderr, new RegExp(`in use by process ${process.pid} \\(holder`));
});
