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
    await assert.rejects(
      migrate(db, quiet),
      (err: Error) => err instanceof SchemaTooNewError && /999/.test(err.message),
    );
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
  if (!vectorAvailable)
    assert.match(status.pending.find((p) => p.name === 'wiki-embeddings')?.blockedBy ?? '', /vector/);
});

test('pglite: a second process cannot open the same data folder', async (t) => {
  const env = await freshDatabaseEnv(t, 'pglite');
  const db = await openDb(loadConfig(env), { command: 'holder' });
  t.after(() => db.close());
  await assert.rejects(openDb(loadConfig(env), { command: 'second' }), DataDirLockedError);
  const child = spawnSync(
    process.execPath,
    [
      '--import',
      'tsx',
      '-e',
      "import('@olala/core').then(m => m.openDb(m.loadConfig(), { command: 'child' })).catch(e => { console.error(e.message); process.exit(3) })",
    ],
    { env: { ...process.env, ...env }, encoding: 'utf8' },
  );
  assert.equal(child.status, 3);
  assert.match(child.stderr, new RegExp(`in use by process ${process.pid} \\(holder`));
});

for (const backend of BACKENDS) {
  test(`${backend}: binary COPY of several batches lands every row once`, async (t) => {
    const { db } = await freshDb(t, backend);
    const { BinaryCopyWriter } = await import('../src/db/binary-copy.js');
    await db.exec('CREATE TABLE copy_probe (id int, label text, blob bytea)');
    async function* batches() {
      const w = new BinaryCopyWriter();
      for (let i = 1; i <= 3000; i++) {
        w.addRow([
          { type: 'int4', value: i },
          { type: 'text', value: `행 ${i}` },
          { type: 'bytea', value: new Uint8Array([i % 256, 0, 255]) },
        ]);
        if (i % 1000 === 0) yield w.take();
      }
    }
    await db.session((s) =>
      s.copyIn({ table: 'copy_probe', columns: ['id', 'label', 'blob'], format: 'binary', batches: batches() }),
    );
    const { rows } = await db.query<{ n: number; sum: number; label: string; blob: Uint8Array }>(
      'SELECT count(*)::int AS n, sum(id)::int AS sum, max(label) FILTER (WHERE id = 2999) AS label, (SELECT blob FROM copy_probe WHERE id = 300) AS blob FROM copy_probe',
    );
    assert.equal(rows[0]?.n, 3000);
    assert.equal(rows[0]?.sum, (3000 * 3001) / 2);
    assert.equal(rows[0]?.label, '행 2999');
    assert.deepEqual([...rows[0]!.blob], [300 % 256, 0, 255]);
  });
}

test('postgres: a database with ctype C is warned about (pg_trgm finds no Hangul trigrams there)', async (t) => {
  const { serverUrl } = await import('@olala/testing');
  const { encodingWarnings } = await import('@olala/core');
  const pg = (await import('pg')).default;
  const admin = new pg.Client({ connectionString: serverUrl() });
  await admin.connect();
  const name = `olala_ctype_c_${process.pid}`;
  await admin.query(`DROP DATABASE IF EXISTS ${name}`);
  await admin.query(`CREATE DATABASE ${name} TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'`);
  t.after(async () => {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  });
  const url = new URL(serverUrl());
  url.pathname = `/${name}`;
  const warnings: string[] = [];
  const db = await openDb(loadConfig({ DATABASE_URL: url.toString() }), {
    command: 'test',
    log: { info() {}, warn: (m) => warnings.push(m) },
  });
  t.after(() => db.close());
  assert.ok(
    warnings.some((w) => /LC_CTYPE is "C"/.test(w)),
    warnings.join('\n'),
  );
  assert.deepEqual(
    await encodingWarnings(db),
    warnings.filter((w) => /LC_CTYPE|encoding/.test(w)),
  );
  const { rows } = await db.query<{ n: number }>("SELECT cardinality(show_trgm('대한민국')) AS n");
  assert.equal(rows[0]?.n, 0, 'the reason for the warning: no trigrams for Hangul under ctype C');
});
