import { UserError } from '../../errors.js';
import type { Db } from '../types.js';
import { checkSchemaKnown, readBackupHeader, type BackupHeader } from './format.js';
import { backupPGlite, restorePGlite, type PGliteRestoreResult } from './pglite.js';
import { backupPostgres, restorePostgres, type ProgressOption } from './postgres.js';
import { countDifferences, tableCounts, tablesWithRows } from './tables.js';

export { BackupFileError, HEADER_BYTES, readBackupHeader, writeBackupFile, type BackupHeader } from './format.js';
export { findPgTools, type PgTools } from './pg-tools.js';
export { tableCounts } from './tables.js';

/** Backs up the whole database `db` (schema and data, every table) into one file. */
export async function backupDatabase(
  db: Db,
  options: ProgressOption & { out: string; databaseUrl?: string },
): Promise<BackupHeader> {
  if (db.backend === 'postgres') {
    if (!options.databaseUrl) throw new Error('backupDatabase on PostgreSQL needs the databaseUrl');
    return backupPostgres(db, options.databaseUrl, options.out, options);
  }
  return backupPGlite(db, options.out, options);
}

/**
 * Everything that can be refused from the file alone, before any database is opened: not an
 * OLaLA backup, damaged header, truncated, a schema newer than this release, the other back end.
 */
export function checkBackupFile(file: string, target: 'postgres' | 'pglite'): BackupHeader {
  const header = readBackupHeader(file);
  checkSchemaKnown(header);
  if (header.backend !== target) {
    throw new UserError(
      header.backend === 'pglite'
        ? `${file} is a backup of the embedded database (PGlite); it restores only into OLALA_DATA_DIR with DATABASE_URL unset`
        : `${file} is a PostgreSQL backup; it restores only into a server database: set DATABASE_URL`,
    );
  }
  return header;
}

/** Restores into the PostgreSQL database `db`; refuses a database with rows unless `force`. */
export async function restorePostgresBackup(
  db: Db,
  options: ProgressOption & { from: string; databaseUrl: string; force?: boolean },
): Promise<{ header: BackupHeader }> {
  const header = checkBackupFile(options.from, 'postgres');
  const withRows = await tablesWithRows(db);
  if (withRows.length && !options.force) {
    throw new UserError(
      `${db.location} is not empty (rows in ${withRows.slice(0, 5).join(', ')}${withRows.length > 5 ? ', …' : ''}); ` +
        'pass --force to replace everything in it with the backup (done in one transaction: a failure keeps the current data)',
    );
  }
  await restorePostgres(db, options.databaseUrl, options.from, header, options);
  const diffs = countDifferences(header.tables, await tableCounts(db));
  if (diffs.length)
    throw new Error(`the restore finished but the row counts differ from the backup: ${diffs.join('; ')}`);
  return { header };
}

/** Restores into the embedded data folder `dataDir`, which no process may hold. */
export async function restorePGliteBackup(
  dataDir: string,
  options: ProgressOption & { from: string; force?: boolean },
): Promise<{ header: BackupHeader } & PGliteRestoreResult> {
  const header = checkBackupFile(options.from, 'pglite');
  return { header, ...(await restorePGlite(dataDir, options.from, header, options)) };
}
