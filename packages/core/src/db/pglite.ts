import path from 'node:path';
import { PGlite, type Transaction } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { vector } from '@electric-sql/pglite-pgvector';
import { BINARY_COPY_HEADER, BINARY_COPY_TRAILER } from './binary-copy.js';
import { acquireLock, type DataDirLock } from './lock.js';
import {
  ident,
  qualified,
  type CopyIn,
  type Db,
  type DbFeatures,
  type QueryResult,
  type Row,
  type Session,
} from './types.js';

// Same JS types as the node-postgres back end: int8 and numeric as numbers, bytea as a Buffer.
// PGlite's own bytea parser walks the hex text in JS and costs ~100 ms per MB; Buffer's is native.
const parsers = {
  20: (v: string) => Number(v),
  1700: (v: string) => Number(v),
  17: (v: string) => Buffer.from(v.slice(2), 'hex'),
};

type PGliteLike = Pick<PGlite, 'query' | 'exec'> | Transaction;

async function run<R extends Row>(
  target: PGliteLike,
  sql: string,
  params?: readonly unknown[],
): Promise<QueryResult<R>> {
  const res = await target.query<R>(sql, params ? [...params] : undefined);
  return { rows: res.rows, rowCount: res.affectedRows ?? res.rows.length };
}

/** PGlite reads COPY data from a Blob, so each batch becomes its own COPY statement. */
async function copyIn(target: PGliteLike, copy: CopyIn): Promise<void> {
  const columns = copy.columns.map(ident).join(', ');
  const sql = `COPY ${qualified(copy.table)} (${columns}) FROM '/dev/blob' WITH (FORMAT ${copy.format})`;
  for await (const batch of copy.batches) {
    if (batch.byteLength === 0) continue;
    const parts = copy.format === 'binary' ? [BINARY_COPY_HEADER, batch, BINARY_COPY_TRAILER] : [batch];
    await target.query(sql, [], { blob: new Blob(parts as Uint8Array<ArrayBuffer>[]) });
  }
}

function sessionOf(target: PGliteLike): Session {
  return {
    query: (sql, params) => run(target, sql, params),
    exec: async (sql) => void (await target.exec(sql)),
    copyIn: (copy) => copyIn(target, copy),
  };
}

export interface PGliteOptions {
  dataDir: string;
  /** Names the process in the lock file, so a second process can say who holds the folder. */
  command: string;
}

export async function openPGlite(options: PGliteOptions): Promise<Db> {
  const lock: DataDirLock = acquireLock(options.dataDir, options.command);
  let pglite: PGlite;
  try {
    pglite = await PGlite.create({
      dataDir: path.join(options.dataDir, 'pglite'),
      extensions: { vector, pg_trgm },
      parsers,
    });
  } catch (err) {
    lock.release();
    throw err;
  }
  const features: DbFeatures = { vector: true, offThread: false };
  return {
    backend: 'pglite',
    location: options.dataDir,
    features,
    query: (sql, params) => run(pglite, sql, params),
    exec: async (sql) => void (await pglite.exec(sql)),
    transaction: (fn) => pglite.transaction((tx) => fn(sessionOf(tx))),
    session: (fn) => fn(sessionOf(pglite)),
    // One process holds the database, so the connection never drops: onResume never fires.
    async listen(channel, onPayload) {
      ident(channel);
      return pglite.listen(channel, onPayload);
    },
    async close() {
      try {
        if (!pglite.closed) await pglite.close();
      } finally {
        lock.release();
      }
    },
    lock,
    // For the backup, which needs PGlite's own dumpDataDir().
    pglite,
  } as Db & { lock: DataDirLock; pglite: PGlite };
}
