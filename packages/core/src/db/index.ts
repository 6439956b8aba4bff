import type { Config } from '../config.js';
import { migrate, type Logger, type MigrationStatus } from './migrate.js';
import { openPGlite } from './pglite.js';
import { openPostgres } from './postgres.js';
import type { Db } from './types.js';
import type { DataDirLock } from './lock.js';
import { encodingWarnings } from './encoding.js';

export * from './types.js';
export { encodingWarnings } from './encoding.js';
export { DataDirLockedError, readLock, type DataDirLock, type LockInfo } from './lock.js';
export {
  migrate,
  migrationStatus,
  loadMigrations,
  SchemaTooNewError,
  type MigrationStatus,
  type Logger,
} from './migrate.js';
export { closeReadDb, hasReplica, openReadDb, replicaReadiness } from './read-replica.js';
export { dbReadiness, runnablePending } from './readiness.js';
export {
  backupDatabase,
  HEADER_BYTES,
  restorePGliteBackup,
  restorePostgresBackup,
  type BackupHeader,
} from './backup/index.js';

export interface OpenOptions {
  /** Shown to a second process that finds the embedded data folder taken. */
  command: string;
  /** Apply pending migrations after connecting (default true). */
  migrate?: boolean;
  log?: Logger;
  poolSize?: number;
}

const silent: Logger = { info() {}, warn() {} };

/** Opens the one database of the app: PostgreSQL when DATABASE_URL is set, else embedded PGlite. */
export async function openDb(
  config: Pick<Config, 'databaseUrl' | 'dataDir'>,
  options: OpenOptions,
): Promise<Db & { migrations?: MigrationStatus }> {
  const log = options.log ?? silent;
  const db = config.databaseUrl
    ? await openPostgres({
        url: config.databaseUrl,
        max: options.poolSize,
        applicationName: `olala ${options.command}`,
      })
    : await openPGlite({ dataDir: config.dataDir, command: options.command });
  try {
    for (const warning of await encodingWarnings(db)) log.warn(warning);
    if (options.migrate !== false) {
      return Object.assign(db, { migrations: await migrate(db, log) });
    }
    const { rows } = await db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM pg_extension WHERE extname = 'vector'",
    );
    db.features.vector = (rows[0]?.n ?? 0) > 0;
    return db;
  } catch (err) {
    await db.close();
    throw err;
  }
}

/** The embedded back end's hold on its data folder (undefined on PostgreSQL), e.g. to record the server's URL in it. */
export function dataDirLock(db: Db): DataDirLock | undefined {
  return (db as Partial<{ lock: DataDirLock }>).lock;
}
