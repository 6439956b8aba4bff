import path from 'node:path';
import type { ResourceLimits, Transferable, Worker } from 'node:worker_threads';
import { messages } from '@electric-sql/pglite';
import { acquireLock, type DataDirLock } from './lock.js';
import { tsWorker } from '../ts-worker.js';
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

/**
 * PGlite runs on a thread of its own (pglite-worker.ts), so this thread's JavaScript goes on
 * while a statement executes: an article's claim groups overlap their scoring with the
 * database's work, and concurrent requests use two cores instead of one (docs/decisions.md).
 * What crosses between the threads:
 */

export interface ThreadData {
  dataDir: string;
}

/** A call to the database thread; `tx` names the open transaction it belongs to. */
export type Request =
  | { id: number; op: 'query'; sql: string; params?: unknown[]; tx?: number }
  | { id: number; op: 'exec'; sql: string; tx?: number }
  | { id: number; op: 'copy'; sql: string; binary: boolean; batch: Uint8Array; tx?: number }
  | { id: number; op: 'begin' }
  | { id: number; op: 'end'; tx: number; commit: boolean }
  | { id: number; op: 'listen'; channel: string }
  | { id: number; op: 'unlisten'; listener: number }
  | { id: number; op: 'dump' }
  | { id: number; op: 'close' };

/** A statement's answer: `bytea` names the columns to make Buffers of again. */
export interface ThreadRows {
  rows: Row[];
  rowCount: number;
  bytea: string[];
}

export interface ThreadError {
  message: string;
  stack?: string;
  /** PGlite's DatabaseError (a statement the server refused), remade as one here. */
  database?: boolean;
  fields: Record<string, unknown>;
}

/** What the database thread sends: answers by request id (0: opened or not), and notifications. */
export type FromThread =
  | { id: number; ok: true; value?: unknown }
  | { id: number; ok: false; error: ThreadError }
  | { notify: number; payload: string };

/** The worker's side of an answer. */
export interface Answer {
  value?: unknown;
  transfer?: Transferable[];
}

/** The waiting time for a thread that does not end by itself after close (then terminated). */
const EXIT_GRACE_MS = 10_000;

function revive(e: ThreadError): Error {
  const err = e.database ? new messages.DatabaseError(e.message, 0, 'error') : new Error(e.message);
  Object.assign(err, e.fields);
  if (e.stack) err.stack = e.stack;
  return err;
}

/** A clone makes a Buffer a Uint8Array: the same bytes, seen as a Buffer again without a copy. */
function asBuffer(v: unknown): unknown {
  if (v instanceof Uint8Array) return Buffer.from(v.buffer, v.byteOffset, v.byteLength);
  if (Array.isArray(v)) return v.map(asBuffer);
  return v;
}

function rowsOf<R extends Row>(answer: ThreadRows): QueryResult<R> {
  for (const column of answer.bytea) for (const row of answer.rows) row[column] = asBuffer(row[column]);
  return { rows: answer.rows as R[], rowCount: answer.rowCount };
}

/**
 * A batch moves to the database thread when it covers its whole buffer (batches are handed over:
 * CopyIn); a view into a larger buffer, such as a pooled Buffer, is copied first, since moving
 * that buffer would take the bytes around it too.
 */
function movable(batch: Uint8Array): Uint8Array {
  const whole = batch.byteOffset === 0 && batch.byteLength === batch.buffer.byteLength;
  return whole && batch.buffer instanceof ArrayBuffer ? batch : new Uint8Array(batch);
}

type Call = Request extends infer R ? (R extends { id: number } ? Omit<R, 'id'> : never) : never;

interface Pending {
  resolve: (value: unknown) => void;
  reject: (err: Error) => void;
}

/** The messages to and from the database thread, and the thread's life. */
class DbThread {
  private readonly pending = new Map<number, Pending>();
  private readonly listeners = new Map<number, (payload: string) => void>();
  private nextId = 1;
  /** Set once the thread cannot answer any more: every later call fails with it. */
  private gone: Error | undefined;
  private closing = false;
  private openTransactions = 0;
  private drained: (() => void) | undefined;
  readonly exited: Promise<void>;

  private constructor(private readonly worker: Worker) {
    this.exited = new Promise((resolve) => worker.once('exit', () => resolve()));
    worker.on('message', (m: FromThread) => this.receive(m));
    worker.on('error', (err) =>
      this.fail(new Error(`the database thread failed: ${err.message}; restart the process`, { cause: err })),
    );
    worker.on('messageerror', (err) => this.fail(err));
    worker.on('exit', (code) =>
      this.fail(
        new Error(
          this.closing
            ? 'the database is closed'
            : `the database thread stopped (exit code ${code}); restart the process`,
        ),
      ),
    );
  }

  static async start(dataDir: string, resourceLimits?: ResourceLimits): Promise<DbThread> {
    const worker = tsWorker(new URL('./pglite-worker.ts', import.meta.url), {
      workerData: { dataDir } satisfies ThreadData,
      resourceLimits,
    });
    const thread = new DbThread(worker);
    // Request 0 is the opening, answered once PGlite is up (or could not start).
    const opened = new Promise<unknown>((resolve, reject) => thread.pending.set(0, { resolve, reject }));
    try {
      await opened;
    } catch (err) {
      await thread.exited;
      throw err;
    }
    thread.idle();
    return thread;
  }

  call<T>(req: Call, transfer: Transferable[] = [], inTransaction = false, id = this.nextId++): Promise<T> {
    if (this.gone) return Promise.reject(this.gone);
    // Once closing, only the open transactions' statements go on (close waits for them).
    if (this.closing && !inTransaction) return Promise.reject(new Error('the database is closed'));
    return new Promise<T>((resolve, reject) => {
      try {
        this.worker.postMessage({ ...req, id }, transfer);
      } catch (err) {
        // A parameter that cannot be cloned (a function, a symbol …).
        return reject(err as Error);
      }
      if (this.pending.size === 0) this.worker.ref();
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
    });
  }

  async transaction<T>(fn: (tx: number) => Promise<T>): Promise<T> {
    const tx = await this.call<number>({ op: 'begin' });
    this.openTransactions++;
    try {
      let result: T;
      try {
        result = await fn(tx);
      } catch (err) {
        await this.call({ op: 'end', tx, commit: false }, [], true).catch(() => {});
        throw err;
      }
      await this.call({ op: 'end', tx, commit: true }, [], true);
      return result;
    } finally {
      this.openTransactions--;
      this.idle();
    }
  }

  async listen(channel: string, onPayload: (payload: string) => void): Promise<() => Promise<void>> {
    const id = this.nextId++;
    this.listeners.set(id, onPayload);
    try {
      await this.call({ op: 'listen', channel }, [], false, id);
    } catch (err) {
      this.listeners.delete(id);
      throw err;
    }
    return async () => {
      if (!this.listeners.delete(id) || this.gone || this.closing) return;
      await this.call({ op: 'unlisten', listener: id });
    };
  }

  /** Waits for the calls under way and the open transactions, closes PGlite, and lets the thread end. */
  async close(): Promise<void> {
    if (!this.closing && !this.gone) {
      this.closing = true;
      if (this.pending.size > 0 || this.openTransactions > 0)
        await new Promise<void>((resolve) => (this.drained = resolve));
      if (!this.gone) await this.call({ op: 'close' }, [], true);
    }
    // Kept alive until it has ended, so the process does not stop it while it is quiet but hot.
    this.worker.ref();
    const late = setTimeout(() => void this.worker.terminate(), EXIT_GRACE_MS);
    await this.exited;
    clearTimeout(late);
  }

  private receive(m: FromThread): void {
    if ('notify' in m) {
      const onPayload = this.listeners.get(m.notify);
      try {
        onPayload?.(m.payload);
      } catch (err) {
        // As a listener's error on a server connection: reported, the other listeners still hear.
        process.emitWarning(err as Error);
      }
      return;
    }
    const p = this.pending.get(m.id);
    if (!p) return;
    this.pending.delete(m.id);
    if (m.ok) p.resolve(m.value);
    else p.reject(revive(m.error));
    this.idle();
  }

  /** An idle thread does not keep the process alive, as in-process PGlite did not. */
  private idle(): void {
    if (this.pending.size > 0) return;
    if (!this.closing) this.worker.unref();
    if (this.openTransactions === 0) this.drained?.();
  }

  private fail(err: Error): void {
    this.gone ??= err;
    for (const p of this.pending.values()) p.reject(this.gone);
    this.pending.clear();
    this.listeners.clear();
    this.drained?.();
  }
}

function sessionOf(thread: DbThread, tx?: number): Session {
  const inTx = tx !== undefined;
  return {
    query: async <R extends Row>(sql: string, params?: readonly unknown[]) =>
      rowsOf<R>(await thread.call<ThreadRows>({ op: 'query', sql, params: params && [...params], tx }, [], inTx)),
    exec: async (sql) => void (await thread.call({ op: 'exec', sql, tx }, [], inTx)),
    copyIn: (copy) => copyIn(thread, copy, tx),
  };
}

/**
 * PGlite reads COPY data from a Blob, so each batch becomes its own COPY statement. The next batch
 * is made here while the thread writes the one before (one ahead, so at most two are held).
 */
async function copyIn(thread: DbThread, copy: CopyIn, tx?: number): Promise<void> {
  const columns = copy.columns.map(ident).join(', ');
  const sql = `COPY ${qualified(copy.table)} (${columns}) FROM '/dev/blob' WITH (FORMAT ${copy.format})`;
  const binary = copy.format === 'binary';
  let writing: Promise<unknown> | undefined;
  for await (const batch of copy.batches) {
    if (batch.byteLength === 0) continue;
    const moved = movable(batch);
    const sent = thread.call(
      { op: 'copy', sql, binary, batch: moved, tx },
      [moved.buffer as ArrayBuffer],
      tx !== undefined,
    );
    sent.catch(() => {});
    await writing;
    writing = sent;
  }
  await writing;
}

export interface PGliteOptions {
  dataDir: string;
  /** Names the process in the lock file, so a second process can say who holds the folder. */
  command: string;
  /** The database thread's heap limits (tests give it a small one to see it run out). */
  resourceLimits?: ResourceLimits;
}

/** The embedded Db, with what the data folder's lock and the backup need. */
export interface PGliteDb extends Db {
  readonly lock: DataDirLock;
  /** PGlite's dumpDataDir('gzip'): a tarball of the data folder, taken under its query lock. */
  dumpDataDir(): Promise<Blob>;
}

export async function openPGlite(options: PGliteOptions): Promise<PGliteDb> {
  const lock: DataDirLock = acquireLock(options.dataDir, options.command);
  let thread: DbThread;
  try {
    thread = await DbThread.start(path.join(options.dataDir, 'pglite'), options.resourceLimits);
  } catch (err) {
    lock.release();
    throw err;
  }
  const features: DbFeatures = { vector: true };
  const outside = sessionOf(thread);
  return {
    backend: 'pglite',
    location: options.dataDir,
    features,
    query: outside.query,
    exec: outside.exec,
    transaction: (fn) => thread.transaction((tx) => fn(sessionOf(thread, tx))),
    // One connection: a session's statements run in order on it, between others' (as in-process).
    session: (fn) => fn(sessionOf(thread)),
    // One process holds the database, so the connection never drops: onResume never fires.
    async listen(channel, onPayload) {
      ident(channel);
      return thread.listen(channel, onPayload);
    },
    async close() {
      try {
        await thread.close();
      } finally {
        lock.release();
      }
    },
    lock,
    dumpDataDir: async () => new Blob([await thread.call<ArrayBuffer>({ op: 'dump' })]),
  };
}
