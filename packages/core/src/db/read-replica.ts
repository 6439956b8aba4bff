/**
 * The read pool for wiki reads (search, pages, status) on a streaming-replication standby
 * (`DATABASE_READ_URL`). Only the wiki goes there: it changes on imports, which are rare, so a
 * replica a few seconds behind answers just as well. Analyses, history, sessions and chat stay on
 * the primary, because a user must see what they just wrote (read-your-writes).
 *
 * A replica that is down, restarting or cancelling a query for replay must not take search
 * down with it, so such errors are retried on the primary (and logged, at most once a minute).
 */
import pg from 'pg';
import type { ReplicaReadiness } from '@olala/contract';
import { redactUrl } from '../config-readers.js';
import type { Config } from '../config.js';
import type { Logger } from './migrate.js';
import { PG_TYPES, sessionOf } from './postgres.js';
import { inTransaction, type Db, type QueryResult, type Row, type Session } from './types.js';

export interface ReadDbOptions {
  /** Shown in pg_stat_activity on the replica. */
  command: string;
  log?: Logger;
  poolSize?: number;
}

interface Replica {
  pool: pg.Pool;
  primary: Db;
}

const replicas = new WeakMap<Db, Replica>();

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPIPE',
]);
// node-postgres reports a lost connection or a pool timeout with a message and no code.
const LOST_CONNECTION =
  /Connection terminated|timeout exceeded when trying to connect|connection error|Connection ended/i;

const RETRIED_SQLSTATES = new Set(['57P01', '57P02', '57P03', '53300', '40001', '42P01', '42703']);

/**
 * Errors after which the same read on the primary will probably succeed: the network, the pool
 * timing out, connection exceptions (08…), the server shutting down or starting (57P01–57P03),
 * too many connections (53300), and 40001, which a hot standby raises when WAL replay cancels a
 * query ("conflict with recovery"). Also an undefined table or column (42P01, 42703): during a
 * rolling upgrade a new server may ask for what the primary has just migrated and the replica has
 * not replayed yet; a query that is simply wrong fails on the primary too. Not retried: errors of
 * the caller's own, and a write refused as read-only (25006), which must never reach the primary.
 */
export function isReplicaUnavailable(err: unknown): boolean {
  const code = (err as { code?: unknown } | undefined)?.code;
  if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code))
    return code.startsWith('08') || RETRIED_SQLSTATES.has(code);
  if (typeof code === 'string') return NETWORK_CODES.has(code);
  return err instanceof Error && LOST_CONNECTION.test(err.message);
}

/** A primary's session on a replica connection, minus COPY: the replica is read-only. */
function replicaSession(client: pg.PoolClient): Session {
  return {
    ...sessionOf(client),
    copyIn: () => Promise.reject(new Error('the read replica is read-only: COPY goes to the primary')),
  };
}

/**
 * The database wiki reads go to: `primary` itself without DATABASE_READ_URL, else a pool on the
 * replica that falls back to `primary`. It does not connect until the first read, so a replica
 * that is down never stops a server from starting. Its connections are read-only
 * (default_transaction_read_only), so a write sent here by mistake fails instead of landing on a
 * database that is not the primary. Close it with `closeReadDb`; the primary stays open.
 */
export function openReadDb(primary: Db, config: Pick<Config, 'databaseReadUrl'>, options: ReadDbOptions): Db {
  if (!config.databaseReadUrl) return primary;
  const log = options.log ?? { info() {}, warn() {} };
  const location = redactUrl(config.databaseReadUrl);
  const pool = new pg.Pool({
    connectionString: config.databaseReadUrl,
    max: options.poolSize ?? 10,
    application_name: `olala ${options.command} (read)`,
    connectionTimeoutMillis: 3000,
    options: '-c default_transaction_read_only=on',
    types: PG_TYPES,
  });
  // An idle client that loses its server must not crash the process.
  pool.on('error', () => {});

  let lastWarning = 0;
  const fallback = <T>(err: unknown, onPrimary: () => Promise<T>): Promise<T> => {
    if (!isReplicaUnavailable(err)) throw err;
    if (Date.now() - lastWarning > 60_000) {
      lastWarning = Date.now();
      log.warn(
        `read replica ${location} unavailable (${(err as Error).message}); wiki reads go to the primary until it answers`,
      );
    }
    return onPrimary();
  };
  const onClient = async <T>(fn: (c: pg.PoolClient) => Promise<T>): Promise<T> => {
    const c = await pool.connect();
    try {
      return await fn(c);
    } finally {
      c.release();
    }
  };

  const db: Db = {
    backend: 'postgres',
    location: `${location} (read replica of ${primary.location})`,
    // Extensions replicate with the schema, so the primary's detection holds here too.
    features: primary.features,
    async query<R extends Row>(sql: string, params?: readonly unknown[]): Promise<QueryResult<R>> {
      try {
        const res = await pool.query<R>(sql, params ? [...params] : undefined);
        return { rows: res.rows, rowCount: res.rowCount ?? res.rows.length };
      } catch (err) {
        return fallback(err, () => primary.query<R>(sql, params));
      }
    },
    async exec(sql: string) {
      try {
        await pool.query(sql);
      } catch (err) {
        await fallback(err, () => primary.exec(sql));
      }
    },
    // Reads only, so running `fn` again on the primary after a replica failure is safe.
    async transaction(fn) {
      try {
        return await onClient((c) => inTransaction(c, 'BEGIN READ ONLY', () => fn(replicaSession(c))));
      } catch (err) {
        return fallback(err, () => primary.transaction(fn));
      }
    },
    async session(fn) {
      try {
        return await onClient((c) => fn(replicaSession(c)));
      } catch (err) {
        return fallback(err, () => primary.session(fn));
      }
    },
    // A standby cannot LISTEN; notifications are the primary's business.
    listen: (channel, onPayload, listenOptions) => primary.listen(channel, onPayload, listenOptions),
    async close() {
      if (!pool.ended) await pool.end();
    },
  };
  replicas.set(db, { pool, primary });
  return db;
}

/** Closes the replica's pool of a `readDb` from `openReadDb`; does nothing when it is the primary. */
export async function closeReadDb(readDb: Db): Promise<void> {
  if (replicas.has(readDb)) await readDb.close();
}

/** The replica behind a `readDb`, or undefined when wiki reads go to the primary. */
export function hasReplica(readDb: Db): boolean {
  return replicas.has(readDb);
}

/**
 * What `/ready` and `olala check` say about the replica, asked of the replica itself (no
 * fallback). Undefined when there is none. Never throws: an unreachable replica is an answer.
 */
export async function replicaReadiness(readDb: Db): Promise<ReplicaReadiness | undefined> {
  const replica = replicas.get(readDb);
  if (!replica) return undefined;
  try {
    const { rows } = await replica.pool.query<{ standby: boolean; lag: number | null; versions: number[] | null }>(
      `SELECT pg_is_in_recovery() AS standby,
              extract(epoch FROM now() - pg_last_xact_replay_timestamp())::float8 AS lag,
              CASE WHEN to_regclass('schema_migrations') IS NULL THEN NULL
                   ELSE (SELECT array_agg(version ORDER BY version) FROM schema_migrations) END AS versions`,
    );
    const row = rows[0]!;
    // The primary being down is /ready's other answer, not the replica's.
    const primary = await replica.primary
      .query<{ version: number }>('SELECT version FROM schema_migrations')
      .catch(() => ({ rows: [] }));
    const applied = new Set(row.versions ?? []);
    const missing = primary.rows
      .map((r) => r.version)
      .filter((v) => !applied.has(v))
      .sort((a, b) => a - b);
    return {
      reachable: true,
      standby: row.standby,
      // On an idle primary nothing is replayed, so the age of the last replay overstates the lag; it is an upper bound.
      ...(row.lag !== null ? { replay_age_seconds: Math.max(0, Math.round(row.lag * 10) / 10) } : {}),
      missing_migrations: missing,
    };
  } catch (err) {
    return {
      reachable: false,
      standby: false,
      missing_migrations: [],
      error: err instanceof Error ? err.message : String(err),
    };
  }
}
