import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { redactUrl } from '../config-readers.js';
import { PgListener } from './listener.js';
import { BINARY_COPY_HEADER, BINARY_COPY_TRAILER } from './binary-copy.js';
import {
  ident,
  inTransaction,
  qualified,
  type CopyIn,
  type Db,
  type DbFeatures,
  type Row,
  type Session,
} from './types.js';

// int8 and numeric as numbers, matching the embedded back end (ids stay far below 2^53).
export const PG_TYPES = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === 20 || oid === 1700) return (v: string) => Number(v);
    return pg.types.getTypeParser(oid, format);
  },
} as pg.CustomTypesConfig;

async function* framed(batches: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
  yield BINARY_COPY_HEADER;
  yield* batches;
  yield BINARY_COPY_TRAILER;
}

export function sessionOf(client: pg.PoolClient): Session {
  return {
    async query<R extends Row>(sql: string, params?: readonly unknown[]) {
      const res = await client.query<R>(sql, params ? [...params] : undefined);
      return { rows: res.rows, rowCount: res.rowCount ?? res.rows.length };
    },
    async exec(sql: string) {
      await client.query(sql);
    },
    async copyIn(copy: CopyIn) {
      const columns = copy.columns.map(ident).join(', ');
      const sql = `COPY ${qualified(copy.table)} (${columns}) FROM STDIN WITH (FORMAT ${copy.format})`;
      const stream = copy.format === 'binary' ? framed(copy.batches) : copy.batches;
      await pipeline(Readable.from(stream), client.query(copyFrom(sql)));
    },
  };
}

export interface PostgresOptions {
  url: string;
  max?: number;
  applicationName?: string;
}

export async function openPostgres(options: PostgresOptions): Promise<Db> {
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.max ?? 10,
    application_name: options.applicationName ?? 'olala',
    connectionTimeoutMillis: 5000,
    types: PG_TYPES,
  });
  // An idle client that loses its server must not crash the process.
  pool.on('error', () => {});
  const client = await pool.connect().catch((err: Error) => {
    void pool.end();
    throw err;
  });
  client.release();
  const features: DbFeatures = { vector: false };
  const listener = new PgListener({
    connectionString: options.url,
    application_name: `listen ${options.applicationName ?? 'olala'}`,
    connectionTimeoutMillis: 5000,
  });
  const withClient = async <T>(fn: (c: pg.PoolClient) => Promise<T>) => {
    const c = await pool.connect();
    try {
      return await fn(c);
    } finally {
      c.release();
    }
  };
  return {
    backend: 'postgres',
    location: redactUrl(options.url),
    features,
    async query<R extends Row>(sql: string, params?: readonly unknown[]) {
      const res = await pool.query<R>(sql, params ? [...params] : undefined);
      return { rows: res.rows, rowCount: res.rowCount ?? res.rows.length };
    },
    async exec(sql: string) {
      await pool.query(sql);
    },
    transaction: (fn) => withClient((c) => inTransaction(c, 'BEGIN', () => fn(sessionOf(c)))),
    session: (fn) => withClient((c) => fn(sessionOf(c))),
    listen: (channel, onPayload, listenOptions) => listener.listen(channel, onPayload, listenOptions),
    close: async () => {
      await listener.close();
      if (!pool.ended) await pool.end();
    },
  };
}
