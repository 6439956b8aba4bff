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
 * mid-row), because the embedded back end sends each batch as its own COPY statement.
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
  close(): Promise<void>;
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
