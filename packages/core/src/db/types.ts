export type Row = Record<string, unknown>;

export interface QueryResult<R extends Row = Row> {
  rows: R[];
  rowCount: number;
}

export interface Queryable {
  query<R extends Row = Row>(sql: string, params?: readonly unknown[]): Promise<QueryResult<R>>;
  /** Runs a script of several statements without parameters (migrations, DDL). */
  exec(sql: string): Promise<void>;
}

/**
 * A COPY FROM STDIN into one table. `batches` yields whole rows only (a batch never ends
 * mid-row), because the embedded back end sends each batch as its own COPY statement. A batch is
 * handed over: one that spans its whole ArrayBuffer moves to the embedded database's thread
 * (detached here), so a producer does not read or reuse it after yielding it.
 */
export interface CopyIn {
  table: string;
  columns: readonly string[];
  format: 'csv' | 'text' | 'binary';
  batches: AsyncIterable<Uint8Array>;
}

/** One connection: a transaction, or a run of statements that must share a session. */
export interface Session extends Queryable {
  copyIn(copy: CopyIn): Promise<void>;
}

export type Backend = 'pglite' | 'postgres';

export interface DbFeatures {
  /** pgvector is installed: embeddings and vector search are available. */
  vector: boolean;
}

export interface Db extends Queryable {
  readonly backend: Backend;
  /** Where the data lives, safe to print (password removed). */
  readonly location: string;
  readonly features: DbFeatures;
  /** Runs `fn` inside BEGIN … COMMIT, rolling back if it throws. */
  transaction<T>(fn: (tx: Session) => Promise<T>): Promise<T>;
  /** Runs `fn` on one dedicated connection without opening a transaction. */
  session<T>(fn: (s: Session) => Promise<T>): Promise<T>;
  /**
   * LISTEN on `channel` (a lowercase identifier from code). `onPayload` receives the payload of
   * every NOTIFY on it, sent with `SELECT pg_notify(channel, payload)` by any connection: every
   * process on a PostgreSQL server, this process on PGlite. Resolves once listening; the
   * returned function stops. See `ListenOptions` for what happens when the connection drops.
   */
  listen(channel: string, onPayload: (payload: string) => void, options?: ListenOptions): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

export interface ListenOptions {
  /**
   * PostgreSQL only: the listening connection was lost and is back. Notifications sent while it
   * was away are gone, so a listener that must not miss anything catches up from its tables here.
   */
  onResume?: () => void;
}

/** Postgres identifiers we interpolate come from code, never from input; this guards that promise. */
export function ident(name: string): string {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`unsafe SQL identifier: ${name}`);
  return `"${name}"`;
}

/** A table name from code, optionally schema-qualified (`schema.table`), quoted part by part. */
export function qualified(name: string): string {
  return name.split('.').map(ident).join('.');
}

/**
 * `begin` (BEGIN, BEGIN READ ONLY …), `fn`, COMMIT; on a failure ROLLBACK and the failure
 * rethrown. A failing ROLLBACK is ignored: the connection may be what failed, and the first
 * error is the one worth reporting.
 */
export async function inTransaction<T>(
  client: { query(sql: string): Promise<unknown> },
  begin: string,
  fn: () => Promise<T>,
): Promise<T> {
  await client.query(begin);
  try {
    const result = await fn();
    await client.query('COMMIT');
    return result;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {});
    throw err;
  }
}
