import { parentPort, workerData, type Transferable } from 'node:worker_threads';
import { PGlite, type Transaction } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { vector } from '@electric-sql/pglite-pgvector';
import { BINARY_COPY_HEADER, BINARY_COPY_TRAILER } from './binary-copy.js';
import type { Answer, FromThread, Request, ThreadData, ThreadError } from './pglite.js';

// Same JS types as the node-postgres back end: int8 and numeric as numbers, bytea as a Buffer.
// PGlite's own bytea parser walks the hex text in JS and costs ~100 ms per MB; Buffer's is native.
const parsers = {
  20: (v: string) => Number(v),
  1700: (v: string) => Number(v),
  17: (v: string) => Buffer.from(v.slice(2), 'hex'),
};
/** bytea and bytea[]: the caller's thread makes Buffers of them again (a clone makes Uint8Arrays). */
const BYTEA_TYPES = new Set([17, 1001]);
/** How long the thread waits after PGlite closes before it ends (see close below). */
const EXIT_QUIET_MS = 100;

const port = parentPort!;

function post(message: FromThread, transfer: Transferable[] = []): void {
  try {
    port.postMessage(message, transfer);
  } catch (err) {
    // A field that cannot be cloned (a value PGlite kept on an error): the answer still goes, without it.
    if (!('id' in message)) throw err;
    port.postMessage({ id: message.id, ok: false, error: errorOf(err) } satisfies FromThread);
  }
}

/** What a failed statement carries (code, detail, position …), which a clone of the Error would drop. */
function errorOf(err: unknown): ThreadError {
  if (!(err instanceof Error)) return { message: String(err), fields: {} };
  const fields: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(err))
    if (value !== undefined && key !== 'queryOptions') fields[key] = value;
  return { message: err.message, stack: err.stack, database: err.constructor.name === 'DatabaseError', fields };
}

interface OpenTransaction {
  tx: Transaction;
  /** Ends it (COMMIT or ROLLBACK); settles once PGlite has. */
  end(commit: boolean): Promise<void>;
}

const ROLLBACK = Symbol('rollback');
const transactions = new Map<number, OpenTransaction>();
const unlistens = new Map<number, () => Promise<void>>();

const opened = await PGlite.create({
  dataDir: (workerData as ThreadData).dataDir,
  extensions: { vector, pg_trgm },
  parsers,
}).catch((err: unknown) => {
  // Said to the caller's thread, which releases the folder; nothing keeps this thread alive after.
  post({ id: 0, ok: false, error: errorOf(err) });
  port.close();
  return undefined;
});
const pglite = opened!;

function target(tx: number | undefined): PGlite | Transaction {
  if (tx === undefined) return pglite;
  const open = transactions.get(tx);
  if (!open) throw new Error('the transaction has ended');
  return open.tx;
}

/**
 * PGlite's transaction(): its lock is held until the caller's thread says COMMIT or ROLLBACK, so
 * statements outside it wait as they do in-process; answers its id once BEGIN has run.
 */
function begin(id: number): Promise<number> {
  return new Promise((resolve, reject) => {
    let decide: (commit: boolean) => void = () => {};
    const decided = new Promise<boolean>((r) => (decide = r));
    let started = false;
    const done = pglite.transaction(async (tx) => {
      started = true;
      transactions.set(id, { tx, end: (commit) => (decide(commit), settled) });
      resolve(id);
      if (!(await decided)) throw ROLLBACK;
    });
    const settled = done.then(
      () => {},
      (err: unknown) => {
        if (err !== ROLLBACK) throw err;
      },
    );
    settled.catch((err: unknown) => {
      if (!started) reject(err as Error);
    });
  });
}

async function copy(req: Extract<Request, { op: 'copy' }>): Promise<void> {
  const parts = req.binary ? [BINARY_COPY_HEADER, req.batch, BINARY_COPY_TRAILER] : [req.batch];
  await target(req.tx).query(req.sql, [], { blob: new Blob(parts as Uint8Array<ArrayBuffer>[]) });
}

async function answer(req: Request): Promise<Answer> {
  switch (req.op) {
    case 'query': {
      const res = await target(req.tx).query(req.sql, req.params);
      const bytea = res.fields.filter((f) => BYTEA_TYPES.has(f.dataTypeID)).map((f) => f.name);
      return { value: { rows: res.rows, rowCount: res.affectedRows ?? res.rows.length, bytea } };
    }
    case 'exec':
      await target(req.tx).exec(req.sql);
      return {};
    case 'copy':
      await copy(req);
      return {};
    case 'begin':
      return { value: await begin(req.id) };
    case 'end': {
      const open = transactions.get(req.tx);
      if (!open) throw new Error('the transaction has ended');
      transactions.delete(req.tx);
      await open.end(req.commit);
      return {};
    }
    case 'listen':
      unlistens.set(req.id, await pglite.listen(req.channel, (payload) => post({ notify: req.id, payload })));
      return {};
    case 'unlisten':
      await unlistens.get(req.listener)?.();
      unlistens.delete(req.listener);
      return {};
    case 'dump': {
      const tarball = await (await pglite.dumpDataDir('gzip')).arrayBuffer();
      return { value: tarball, transfer: [tarball] };
    }
    case 'close':
      if (!pglite.closed) await pglite.close();
      // The thread ends by itself once quiet rather than being terminated: Node 20 can abort the
      // whole process when a worker whose hot code TurboFan is still compiling is terminated
      // (SegmentPool.stop in search/postings-pool.ts).
      setTimeout(() => port.close(), EXIT_QUIET_MS);
      return {};
  }
}

if (opened) {
  port.on('message', (req: Request) => {
    answer(req).then(
      ({ value, transfer }) => post({ id: req.id, ok: true, value }, transfer),
      (err: unknown) => post({ id: req.id, ok: false, error: errorOf(err) }),
    );
  });
  post({ id: 0, ok: true });
}
