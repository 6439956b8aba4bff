import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { test, type TestContext } from 'node:test';
import { fileURLToPath } from 'node:url';
import { importWiki, loadConfig, openDb, SchemaTooNewError, UserError, type Db } from '@olala/core';
import { getAnalysis } from '../src/analyses/store.js';
import {
  backupDatabase,
  BackupFileError,
  findPgTools,
  HEADER_BYTES,
  readBackupHeader,
  restorePGliteBackup,
  restorePostgresBackup,
  writeBackupFile,
  type BackupHeader,
} from '../src/db/backup/index.js';
import { getMessage, postMessage } from '../src/chat/index.js';
import { searchWiki } from '../src/search/wiki-search.js';
import { BACKENDS, freshDatabaseEnv, freshDb, storeAnalysis, tempDir, type TestBackend } from '@olala/testing';
import { createRoom, createUsers } from '../../../bench/lib/chat-fixtures.js';

const SAMPLE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../sample/wiki');
const QUESTION = '서울의 인구는 몇 명인가?';

async function seed(db: Db): Promise<{ analysisId: string; messageId: string }> {
  await importWiki(db, {
    pagesFile: path.join(SAMPLE, 'wiki_pages.csv'),
    chunksFile: path.join(SAMPLE, 'wiki_chunks.csv'),
    mode: 'replace',
  });
  const id = await storeAnalysis(db, { claim: '서울의 인구는 100명이다' });
  const [user] = await createUsers(db, 1);
  const { message } = await postMessage(db, {
    issueId: await createRoom(db),
    userId: user!.userId,
    clientId: 'backup-test',
    content: '백업 전에 남긴 메시지',
  });
  return { analysisId: id, messageId: message.id };
}

/**
 * Every table's row count and a digest of its rows, found from the catalog: whatever tables
 * the migrations of the day create must come back identical.
 */
async function fingerprint(db: Db): Promise<Record<string, { rows: number; md5: string }>> {
  const { rows: tables } = await db.query<{ q: string }>(
    "SELECT format('%I.%I', schemaname, tablename) AS q FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema') ORDER BY 1",
  );
  const out: Record<string, { rows: number; md5: string }> = {};
  for (const { q } of tables) {
    const { rows } = await db.query<{ n: number; h: string }>(
      `SELECT count(*)::int AS n, md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) AS h FROM ${q} t`,
    );
    out[q] = { rows: rows[0]!.n, md5: rows[0]!.h };
  }
  return out;
}

async function searchHits(db: Db): Promise<unknown> {
  const res = await searchWiki({ question: QUESTION, search_mode: 'lexical' }, { reader: db });
  return res.hits;
}

async function withOpen<T>(env: Record<string, string>, fn: (db: Db) => Promise<T>): Promise<T> {
  const db = await openDb(loadConfig(env), { command: 'test backup' });
  try {
    return await fn(db);
  } finally {
    await db.close();
  }
}

/** Restores with the back end's own entry point; the embedded one needs its folder closed. */
function restore(env: Record<string, string>, from: string, force = false): Promise<unknown> {
  if (env.DATABASE_URL) {
    const databaseUrl = env.DATABASE_URL;
    return withOpen(env, (db) => restorePostgresBackup(db, { from, databaseUrl, force }));
  }
  return restorePGliteBackup(env.OLALA_DATA_DIR!, { from, force });
}

/** A populated database and its backup; the database is closed on return. */
async function populatedWithBackup(t: TestContext, backend: TestBackend) {
  const { db, env } = await freshDb(t, backend);
  const { analysisId, messageId } = await seed(db);
  const before = {
    tables: await fingerprint(db),
    hits: await searchHits(db),
    analysis: await getAnalysis(db, analysisId),
    message: await getMessage(db, messageId),
  };
  assert.ok(before.message, 'the chat message should be stored');
  assert.ok((before.hits as unknown[]).length > 0, 'the sample wiki should answer the question');
  const file = path.join(tempDir(t), 'db.olala-backup');
  const header = await backupDatabase(db, { out: file, databaseUrl: env.DATABASE_URL });
  await db.close();
  return { env, file, header, analysisId, messageId, before };
}

/** A copy of `file` with another header and the same payload (its checksum stays valid). */
async function withHeader(file: string, patch: Partial<BackupHeader>, out: string): Promise<string> {
  const { format: _f, formatVersion: _v, payloadBytes: _b, sha256: _s, ...meta } = readBackupHeader(file);
  await writeBackupFile(out, { ...meta, ...patch }, fs.createReadStream(file, { start: HEADER_BYTES }));
  return out;
}

for (const backend of BACKENDS) {
  test(`${backend}: backup → fresh database → restore gives back every table, a search, an analysis and a chat message`, async (t) => {
    const { file, header, analysisId, messageId, before } = await populatedWithBackup(t, backend);
    assert.equal(header.backend, backend);
    assert.equal(header.schemaVersion, Math.max(...header.migrations));
    assert.ok(
      (header.tables.wiki_chunks ?? 0) > 0 && header.tables.analyses === 1 && header.tables.chat_messages === 1,
      JSON.stringify(header.tables),
    );

    const target = await freshDatabaseEnv(t, backend);
    await restore(target, file);
    await withOpen(target, async (db) => {
      assert.deepEqual(await fingerprint(db), before.tables);
      assert.deepEqual(await searchHits(db), before.hits);
      assert.deepEqual(await getAnalysis(db, analysisId), before.analysis);
      assert.deepEqual(await getMessage(db, messageId), before.message);
    });
  });

  test(`${backend}: restore refuses a database with data unless --force, which replaces it`, async (t) => {
    const { env, file, before } = await populatedWithBackup(t, backend);
    // Changes after the backup, which the forced restore must undo.
    await withOpen(env, async (db) => {
      await db.query('DELETE FROM analyses');
      await db.query("UPDATE wiki_pages SET title = title || ' (편집됨)'");
    });
    const changed = await withOpen(env, fingerprint);
    assert.notDeepEqual(changed, before.tables);

    await assert.rejects(restore(env, file), /is not empty \(rows in [a-z_, …]*wiki_chunks[a-z_, …]*\); pass --force/);
    assert.deepEqual(await withOpen(env, fingerprint), changed, 'a refused restore changes nothing');

    await restore(env, file, true);
    await withOpen(env, async (db) => {
      assert.deepEqual(await fingerprint(db), before.tables);
      assert.deepEqual(await searchHits(db), before.hits);
    });
  });

  test(`${backend}: a truncated, damaged or foreign file is refused before anything changes`, async (t) => {
    const { env, file, before } = await populatedWithBackup(t, backend);
    const dir = tempDir(t);
    const bytes = fs.readFileSync(file);

    const truncated = path.join(dir, 'truncated');
    fs.writeFileSync(truncated, bytes.subarray(0, bytes.length - 1000));
    await assert.rejects(
      restore(env, truncated, true),
      (err: Error) => err instanceof BackupFileError && /truncated; nothing was changed/.test(err.message),
    );

    const flipped = path.join(dir, 'flipped');
    const copy = Buffer.from(bytes);
    const at = HEADER_BYTES + Math.floor((bytes.length - HEADER_BYTES) / 2);
    copy[at] = copy[at]! ^ 0xff;
    fs.writeFileSync(flipped, copy);
    await assert.rejects(restore(env, flipped, true), /flipped: checksum mismatch: the backup is corrupt/);

    const badHeader = path.join(dir, 'bad-header');
    const copy2 = Buffer.from(bytes);
    copy2[20] = 0x7b; // a '{' inside the JSON
    fs.writeFileSync(badHeader, copy2);
    await assert.rejects(restore(env, badHeader, true), /header is damaged/);

    const foreign = path.join(dir, 'foreign.csv');
    fs.copyFileSync(path.join(SAMPLE, 'wiki_pages.csv'), foreign);
    await assert.rejects(restore(env, foreign, true), /foreign\.csv: not an OLaLA backup/);

    assert.deepEqual(await withOpen(env, fingerprint), before.tables);
  });

  test(`${backend}: a payload that fails to restore half-way leaves the old data in place`, async (t) => {
    const { env, file, before } = await populatedWithBackup(t, backend);
    const { format: _f, formatVersion: _v, payloadBytes: _b, sha256: _s, ...meta } = readBackupHeader(file);
    // A valid header and checksum around a payload that breaks part-way: the first 60 % of the
    // real one (pg_restore has emitted DDL and data by then), or random bytes.
    const bytes = fs.readFileSync(file).subarray(HEADER_BYTES);
    for (const [name, payload] of [
      ['cut', bytes.subarray(0, Math.floor(bytes.length * 0.6))],
      ['random', randomBytes(64 * 1024)],
    ] as const) {
      const junk = path.join(tempDir(t), name);
      await writeBackupFile(junk, meta, Readable.from([payload]));
      await assert.rejects(restore(env, junk, true), /failed, the database was left as it was/, name);
    }
    await withOpen(env, async (db) => {
      assert.deepEqual(await fingerprint(db), before.tables);
      assert.deepEqual(await searchHits(db), before.hits);
    });
  });

  test(`${backend}: a backup from a newer schema, or from the other back end, is refused`, async (t) => {
    const { env, file, header, before } = await populatedWithBackup(t, backend);
    const dir = tempDir(t);
    const newer = await withHeader(
      file,
      { migrations: [...header.migrations, 999], schemaVersion: 999 },
      path.join(dir, 'newer'),
    );
    await assert.rejects(
      restore(env, newer, true),
      (err: Error) => err instanceof SchemaTooNewError && /\(999\)/.test(err.message),
    );

    const other = await withHeader(
      file,
      { backend: backend === 'pglite' ? 'postgres' : 'pglite' },
      path.join(dir, 'other'),
    );
    await assert.rejects(
      restore(env, other, true),
      backend === 'pglite' ? /is a PostgreSQL backup/ : /is a backup of the embedded database/,
    );
    assert.deepEqual(await withOpen(env, fingerprint), before.tables);
  });
}

test('a server newer than every pg_dump found is refused with what to install', () => {
  assert.throws(
    () => findPgTools(99),
    (err: Error) =>
      err instanceof UserError &&
      /server is PostgreSQL 99 but pg_dump must be at least as new .*postgresql-client-99/.test(err.message),
  );
  assert.ok(findPgTools(15).major >= 15, 'the tests run with the PostgreSQL 15 tools installed');
});
