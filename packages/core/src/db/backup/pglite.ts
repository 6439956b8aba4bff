import fs from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { vector } from '@electric-sql/pglite-pgvector';
import { UserError } from '../../errors.js';
import { createProgress } from '../../progress.js';
import { acquireLock } from '../lock.js';
import type { PGliteDb } from '../pglite.js';
import type { Db, Queryable, QueryResult, Row } from '../types.js';
import { extractPayload, writeBackupFile, type BackupHeader } from './format.js';
import type { ProgressOption } from './postgres.js';
import { appliedMigrations, countDifferences, tableCounts, tablesWithRows } from './tables.js';

/**
 * The embedded database is backed up with PGlite's own dumpDataDir(): a gzipped tarball of the
 * data folder that PGlite builds under its query lock, after a CHECKPOINT, so no statement runs
 * while it is taken. It restores with its indexes as they were (no rebuild), which made it about
 * 6× faster to restore than pglite-tools' SQL dump in our measurements (docs/backup.md).
 */
export async function backupPGlite(db: Db, out: string, options: ProgressOption = {}): Promise<BackupHeader> {
  const dumpDataDir = (db as Partial<PGliteDb>).dumpDataDir;
  if (!dumpDataDir) throw new Error('backupPGlite needs a database opened by openDb without DATABASE_URL');
  const tables = await tableCounts(db);
  const migrations = await appliedMigrations(db);
  const { rows } = await db.query<{ v: string }>("SELECT current_setting('server_version') AS v");
  const progress = createProgress({
    label: 'pglite dump',
    unit: 'bytes',
    silent: !options.progress,
    json: options.progress === 'json',
  });
  try {
    await db.query('CHECKPOINT');
    const tarball = await dumpDataDir();
    return await writeBackupFile(
      out,
      {
        backend: 'pglite',
        payload: 'pglite-datadir-tgz',
        createdAt: new Date().toISOString(),
        schemaVersion: Math.max(0, ...migrations),
        migrations,
        tables,
        serverVersion: `PostgreSQL ${rows[0]?.v ?? '?'} (PGlite)`,
      },
      tarball.stream() as unknown as AsyncIterable<Uint8Array>,
      (bytes) => progress.update(bytes),
    );
  } finally {
    progress.finish();
  }
}

const gunzip = promisify(zlib.gunzip);

function open(dataDir: string, loadDataDir?: Blob): Promise<PGlite> {
  return PGlite.create({ dataDir, extensions: { vector, pg_trgm }, ...(loadDataDir ? { loadDataDir } : {}) });
}

function queryable(pg: PGlite): Queryable {
  return {
    query: async <R extends Row>(sql: string, params?: readonly unknown[]): Promise<QueryResult<R>> => {
      const res = await pg.query<R>(sql, params ? [...params] : undefined);
      return { rows: res.rows, rowCount: res.affectedRows ?? res.rows.length };
    },
    exec: async (sql) => void (await pg.exec(sql)),
  };
}

export interface PGliteRestoreResult {
  /** Where the previous data folder was moved, when there was one. */
  previous?: string;
}

/**
 * Restores into `dataDir`: the tarball is unpacked into a new folder beside the live one and
 * checked there; only then is the live folder moved aside (kept) and the new one moved in. Any
 * failure before the swap leaves the live folder untouched. Holds the folder's lock throughout.
 */
export async function restorePGlite(
  dataDir: string,
  file: string,
  header: BackupHeader,
  options: ProgressOption & { force?: boolean } = {},
): Promise<PGliteRestoreResult> {
  const lock = acquireLock(dataDir, 'olala db restore');
  const live = path.join(dataDir, 'pglite');
  const staging = path.join(dataDir, 'pglite.restoring');
  try {
    if (fs.existsSync(path.join(live, 'PG_VERSION'))) {
      const current = await open(live);
      try {
        const withRows = await tablesWithRows(queryable(current));
        if (withRows.length && !options.force) {
          throw new UserError(
            `the embedded database in ${dataDir} is not empty (rows in ${withRows.slice(0, 5).join(', ')}${withRows.length > 5 ? ', …' : ''}); ` +
              'pass --force to replace it (the current data folder is kept beside it), or point OLALA_DATA_DIR at an empty folder',
          );
        }
      } finally {
        await current.close();
      }
    }

    const silent = !options.progress;
    const progress = createProgress({
      label: 'verify and read backup',
      unit: 'bytes',
      total: header.payloadBytes,
      silent,
      json: options.progress === 'json',
    });
    const parts: Buffer[] = [];
    await extractPayload(
      file,
      header,
      new Writable({ write: (chunk: Buffer, _e, done) => (parts.push(chunk), done()) }),
      (b) => progress.update(b),
    );
    progress.finish();

    fs.rmSync(staging, { recursive: true, force: true });
    try {
      // Unpacked here rather than by PGlite, whose gunzip error escapes as an unhandled rejection.
      const tar = await gunzip(Buffer.concat(parts)).catch((err: Error) => {
        throw new Error(`the payload is not a gzipped PGlite data folder (${err.message})`);
      });
      if (tar.subarray(257, 262).toString('latin1') !== 'ustar')
        throw new Error('the payload is not a PGlite data-folder tarball');
      const restored = await open(staging, new Blob([tar as Uint8Array<ArrayBuffer>]));
      try {
        const diffs = countDifferences(header.tables, await tableCounts(queryable(restored)));
        if (diffs.length) throw new Error(`the restored copy does not match the backup: ${diffs.join('; ')}`);
      } finally {
        await restored.close();
      }
    } catch (err) {
      fs.rmSync(staging, { recursive: true, force: true });
      throw new UserError(`restore into ${dataDir} failed, the database was left as it was: ${(err as Error).message}`);
    }

    let previous: string | undefined;
    if (fs.existsSync(live)) {
      previous = path.join(dataDir, `pglite.before-restore-${new Date().toISOString().replace(/[:.]/g, '-')}`);
      fs.renameSync(live, previous);
    }
    try {
      fs.renameSync(staging, live);
    } catch (err) {
      if (previous) fs.renameSync(previous, live);
      throw err;
    }
    return previous ? { previous } : {};
  } finally {
    lock.release();
  }
}
