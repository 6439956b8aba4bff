import type { DbReadiness } from '@olala/contract';
import { encodingWarnings } from './encoding.js';
import { migrationStatus } from './migrate.js';
import type { Db } from './types.js';

/**
 * What `/ready` and `olala check` report about the database. Never throws: an unreachable
 * database is an answer (`reachable: false` with the error), not an exception.
 */
export async function dbReadiness(db: Db): Promise<DbReadiness> {
  try {
    const status = await migrationStatus(db);
    const { rows } = await db.query<{ extname: string }>('SELECT extname FROM pg_extension ORDER BY extname');
    const extensions = rows.map((r) => r.extname);
    return {
      backend: db.backend,
      reachable: true,
      migrations: {
        applied: status.applied,
        pending: status.pending,
        ...(status.newerThanCode.length ? { newer: status.newerThanCode } : {}),
      },
      vector_enabled: extensions.includes('vector'),
      extensions,
      encoding_warnings: await encodingWarnings(db),
    };
  } catch (err) {
    return {
      backend: db.backend,
      reachable: false,
      migrations: { applied: [], pending: [] },
      vector_enabled: false,
      extensions: [],
      encoding_warnings: [],
      error: err instanceof Error ? err.message : String(err),
    };
  }
}

/** Migrations that could run but have not: a pending one blocked by a missing optional extension does not count. */
export function runnablePending(readiness: DbReadiness): DbReadiness['migrations']['pending'] {
  return readiness.migrations.pending.filter((p) => !p.blockedBy);
}
