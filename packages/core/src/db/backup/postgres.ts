import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import { UserError } from '../../errors.js';
import { createProgress } from '../../progress.js';
import type { Db } from '../types.js';
import { HEADER_BYTES, verifyPayload, writeBackupFile, type BackupHeader } from './format.js';
import { connectionEnv, findPgTools } from './pg-tools.js';
import { appliedMigrations, tableCounts } from './tables.js';

export interface ProgressOption {
  /** true: a bar on a terminal, JSON lines otherwise; 'json': always JSON lines (stderr). */
  progress?: boolean | 'json';
}

async function serverMajor(db: Db): Promise<{ major: number; version: string }> {
  const { rows } = await db.query<{ num: string; version: string }>(
    "SELECT current_setting('server_version_num') AS num, current_setting('server_version') AS version",
  );
  return { major: Math.floor(Number(rows[0]?.num) / 10000), version: `PostgreSQL ${rows[0]?.version ?? '?'}` };
}

/** Waits for a child process; rejects with its stderr when it fails. */
function finished(child: ChildProcess, name: string): Promise<void> {
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (d: string) => (stderr = (stderr + d).slice(-4000)));
  return new Promise((resolve, reject) => {
    child.on('error', (err) => reject(new Error(`${name} could not start: ${err.message}`)));
    child.on('close', (code, signal) => {
      if (code === 0) resolve();
      else reject(new Error(`${name} failed (${signal ?? `exit ${code}`}): ${stderr.trim() || 'no message'}`));
    });
  });
}

/**
 * `pg_dump --format=custom` inside an exported snapshot: the row counts in the header are taken
 * in the same snapshot, so they match the archive exactly even while servers keep writing.
 */
export async function backupPostgres(
  db: Db,
  databaseUrl: string,
  out: string,
  options: ProgressOption = {},
): Promise<BackupHeader> {
  const server = await serverMajor(db);
  const tools = findPgTools(server.major);
  const progress = createProgress({
    label: 'pg_dump',
    unit: 'bytes',
    silent: !options.progress,
    json: options.progress === 'json',
  });
  try {
    return await db.session(async (s) => {
      await s.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      try {
        const { rows } = await s.query<{ snapshot: string }>('SELECT pg_export_snapshot() AS snapshot');
        const tables = await tableCounts(s);
        const migrations = await appliedMigrations(s);
        const { dbname, env } = connectionEnv(databaseUrl);
        const child = spawn(
          tools.pgDump,
          ['--format=custom', `--snapshot=${rows[0]?.snapshot}`, `--dbname=${dbname}`],
          { env, stdio: ['ignore', 'pipe', 'pipe'] },
        );
        const done = finished(child, 'pg_dump');
        const header = await writeBackupFile(
          out,
          {
            backend: 'postgres',
            payload: 'pg_dump-custom',
            createdAt: new Date().toISOString(),
            schemaVersion: Math.max(0, ...migrations),
            migrations,
            tables,
            serverVersion: server.version,
          },
          // A failed pg_dump must fail the write, not leave a short file behind.
          (async function* () {
            yield* child.stdout as AsyncIterable<Buffer>;
            await done;
          })(),
          (bytes) => progress.update(bytes),
        ).catch(async (err: unknown) => {
          child.kill();
          await done.catch(() => {});
          throw err;
        });
        await done;
        return header;
      } finally {
        await s.query('COMMIT');
      }
    });
  } finally {
    progress.finish();
  }
}

/**
 * Empties the database in the same transaction as the restore: every non-system schema goes,
 * and `public` comes back empty. Nothing is committed unless the whole archive applied.
 */
const PRELUDE = `\\set ON_ERROR_STOP on
BEGIN;
DO $$
DECLARE s record;
BEGIN
  FOR s IN SELECT nspname FROM pg_namespace
            WHERE nspname NOT IN ('pg_catalog', 'information_schema', 'public') AND nspname NOT LIKE 'pg\\_%'
  LOOP
    EXECUTE format('DROP SCHEMA %I CASCADE', s.nspname);
  END LOOP;
END $$;
DROP SCHEMA public CASCADE;
CREATE SCHEMA public;
GRANT USAGE ON SCHEMA public TO PUBLIC;
`;

/**
 * Restores a checked backup: verifies the checksum first (nothing touched on a corrupt file),
 * then streams `pg_restore`'s SQL through psql after PRELUDE. COMMIT is sent only after
 * pg_restore exited cleanly; any failure disconnects psql mid-transaction, so PostgreSQL rolls
 * everything back and the old data stays.
 */
export async function restorePostgres(
  db: Db,
  databaseUrl: string,
  file: string,
  header: BackupHeader,
  options: ProgressOption = {},
): Promise<void> {
  const server = await serverMajor(db);
  const tools = findPgTools();
  const silent = !options.progress;
  const json = options.progress === 'json';

  const check = createProgress({ label: 'verify checksum', unit: 'bytes', total: header.payloadBytes, silent, json });
  await verifyPayload(file, header, (b) => check.update(b));
  check.finish();

  const { dbname, env } = connectionEnv(databaseUrl);
  const progress = createProgress({ label: 'pg_restore', unit: 'bytes', total: header.payloadBytes, silent, json });
  const restore = spawn(tools.pgRestore, ['--no-owner', '--no-privileges', '--exit-on-error', '--file=-'], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const psql = spawn(tools.psql, ['-X', '-q', '--no-psqlrc', '-v', 'ON_ERROR_STOP=1', `--dbname=${dbname}`], {
    env,
    stdio: ['pipe', 'ignore', 'pipe'],
  });
  const restoreDone = finished(restore, 'pg_restore');
  const psqlDone = finished(psql, 'psql');
  const abort = () => {
    // Killing psql drops its connection inside the open transaction: the server rolls back.
    psql.kill('SIGKILL');
    restore.kill('SIGKILL');
  };
  let read = 0;
  const payload = fs.createReadStream(file, { start: HEADER_BYTES });
  payload.on('data', (c) => progress.update((read += c.length)));
  payload.pipe(restore.stdin!).on('error', () => {});
  psql.stdin!.on('error', () => {});
  psql.stdin!.write(PRELUDE);
  restore.stdout!.pipe(psql.stdin!, { end: false });
  try {
    await Promise.race([
      restoreDone,
      psqlDone.then(() => Promise.reject(new Error('psql stopped before the archive was applied'))),
    ]);
    await new Promise<void>((resolve) =>
      restore.stdout!.readableEnded ? resolve() : restore.stdout!.once('end', resolve),
    );
    psql.stdin!.end('COMMIT;\n');
    await psqlDone;
  } catch (err) {
    abort();
    await Promise.allSettled([restoreDone, psqlDone]);
    const message = (err as Error).message;
    const hint = /unsupported version|could not read input file|input file appears/i.test(message)
      ? ` (pg_restore ${tools.major} cannot read this archive, made by the tools of ${header.serverVersion}: install newer client tools)`
      : '';
    throw new UserError(
      `restore into ${db.location} (${server.version}) failed, the database was left as it was: ${message}${hint}`,
    );
  } finally {
    progress.finish();
  }
}
