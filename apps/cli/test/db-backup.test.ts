import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { importWiki, loadConfig, openDb, type Db } from '@olala/core';
import { HEADER_BYTES } from '@olala/core/db';
import { BACKENDS, freshDatabaseEnv, tempDir } from '@olala/testing';
import { olala, STACK } from './run-olala.js';

const SAMPLE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../sample/wiki');

async function withOpen<T>(env: Record<string, string>, fn: (db: Db) => Promise<T>): Promise<T> {
  const db = await openDb(loadConfig(env), { command: 'test db backup' });
  try {
    return await fn(db);
  } finally {
    await db.close();
  }
}

const counts = (env: Record<string, string>) =>
  withOpen(env, async (db) => {
    const { rows } = await db.query<{ pages: number; chunks: number }>(
      'SELECT (SELECT count(*) FROM wiki_pages)::int AS pages, (SELECT count(*) FROM wiki_chunks)::int AS chunks',
    );
    return rows[0];
  });

for (const backend of BACKENDS) {
  test(`${backend}: olala db backup, then db restore into an empty database, refused onto data without --force`, async (t) => {
    const env = await freshDatabaseEnv(t, backend);
    await withOpen(env, (db) =>
      importWiki(db, {
        pagesFile: path.join(SAMPLE, 'wiki_pages.csv'),
        chunksFile: path.join(SAMPLE, 'wiki_chunks.csv'),
        mode: 'replace',
      }),
    );
    const expected = await counts(env);
    assert.ok(expected && expected.chunks > 0);
    const file = path.join(tempDir(t), 'olala.backup');

    const backup = await olala(env, 'db', 'backup', '--out', file);
    assert.equal(backup.status, 0, backup.stderr);
    assert.match(backup.stdout, new RegExp(`^back end: ${backend} .*schema version \\d+$`, 'm'));
    assert.match(backup.stdout, /^sha256: [0-9a-f]{64}$/m);
    assert.match(backup.stderr, /"event":"done"/, 'progress lines on stderr');

    const again = await olala(env, 'db', 'backup', '--out', file);
    assert.equal(again.status, 2);
    assert.match(again.stderr, /--out: .* already exists/);

    const target = await freshDatabaseEnv(t, backend);
    const restore = await olala(target, 'db', 'restore', '--from', file, '--json');
    assert.equal(restore.status, 0, restore.stderr);
    const result = JSON.parse(restore.stdout) as { tables: Record<string, number> };
    assert.equal(result.tables.wiki_chunks, expected.chunks);
    assert.deepEqual(await counts(target), expected);

    const refused = await olala(env, 'db', 'restore', '--from', file);
    assert.equal(refused.status, 2);
    assert.match(refused.stderr, /^error: .* is not empty \(rows in .*\); pass --force/m);
    assert.doesNotMatch(refused.stderr, STACK);

    const forced = await olala(env, 'db', 'restore', '--from', file, '--force');
    assert.equal(forced.status, 0, forced.stderr);
    assert.match(forced.stdout, /counts checked against the backup/);
    assert.deepEqual(await counts(env), expected);

    const corrupt = path.join(tempDir(t), 'corrupt.backup');
    const bytes = fs.readFileSync(file);
    bytes[HEADER_BYTES + 100] = bytes[HEADER_BYTES + 100]! ^ 0x01;
    fs.writeFileSync(corrupt, bytes);
    const rejected = await olala(env, 'db', 'restore', '--from', corrupt, '--force');
    assert.equal(rejected.status, 2);
    assert.match(rejected.stderr, /corrupt\.backup: checksum mismatch: the backup is corrupt .*; nothing was changed/);
    assert.doesNotMatch(rejected.stderr, STACK);
    assert.deepEqual(await counts(env), expected);
  });
}

test('pglite: a backup while another process holds the data folder says what to do', async (t) => {
  const dataDir = tempDir(t);
  // This test process is alive, so its pid makes the lock a live one.
  fs.writeFileSync(
    path.join(dataDir, 'olala.lock'),
    JSON.stringify({ pid: process.pid, command: 'olala serve', startedAt: new Date().toISOString() }),
  );
  const res = await olala(
    { OLALA_DATA_DIR: dataDir, DATABASE_URL: '' },
    'db',
    'backup',
    '--out',
    path.join(dataDir, 'b'),
  );
  assert.equal(res.status, 2);
  assert.match(
    res.stderr,
    new RegExp(`held by process ${process.pid} \\(olala serve\\).*Stop that process, run \`olala db backup\` again`),
  );
  assert.doesNotMatch(res.stderr, STACK);
});

test('olala db restore of a missing file names the flag', async (t) => {
  const res = await olala(
    { OLALA_DATA_DIR: tempDir(t), DATABASE_URL: '' },
    'db',
    'restore',
    '--from',
    '/nonexistent/backup',
  );
  assert.equal(res.status, 2);
  assert.match(res.stderr, /^error: --from: cannot open \/nonexistent\/backup \(ENOENT\)$/m);
});
