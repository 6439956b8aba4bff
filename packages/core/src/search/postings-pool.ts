import os from 'node:os';
import type { Transferable, Worker } from 'node:worker_threads';
import { readInteger, type Env } from '../config-readers.js';
import { tsWorker } from '../ts-worker.js';
import { mergeSegmentFiles, type SegmentFile } from './postings-merge.js';
import {
  documentFrequencies,
  documentLengths,
  invertSegment,
  type PostingField,
  type SegmentJob,
  type SegmentResult,
  type TermFrequencies,
} from './postings-builder.js';

/** Most worker threads the index build starts, whatever OLALA_INDEX_WORKERS says. */
const MAX_WORKERS = 64;
/** How long an idle worker waits before it ends (stop): its background compiles finish first. */
const EXIT_QUIET_MS = 100;

/**
 * Worker threads for the lexical index build: OLALA_INDEX_WORKERS, default one per available
 * core. 0 inverts on the calling thread (no threads at all).
 */
export function indexWorkers(env: Env = process.env): number {
  return readInteger(env, 'OLALA_INDEX_WORKERS', Math.min(MAX_WORKERS, os.availableParallelism()), {
    min: 0,
    max: MAX_WORKERS,
  });
}

/**
 * What a worker is asked: invert a segment, count the terms of texts (documentLengths) or the
 * texts each term occurs in (documentFrequencies: what an append takes back), or merge
 * the build's segment files ('merge' starts and answers the first batch, 'merge-next' each next).
 */
export type WorkerTask =
  | { kind: 'segment'; job: SegmentJob }
  | { kind: 'lengths'; field: PostingField; texts: string[] }
  | { kind: 'frequencies'; field: PostingField; texts: string[] }
  | { kind: 'merge'; files: SegmentFile[]; restart: boolean; batchBytes: number }
  | { kind: 'merge-next' }
  | { kind: 'exit'; afterMs: number };

/** A worker's answer to 'merge' and 'merge-next': a batch of rows, or the end and the rows written. */
export type MergeReply = { batch: Uint8Array } | { done: true; rows: number };

interface Waiting {
  resolve: (r: unknown) => void;
  reject: (e: Error) => void;
}

interface Pending extends Waiting {
  task: WorkerTask;
  transfer?: Transferable[];
}

/**
 * A fixed set of workers that each tokenize and invert one segment at a time (SegmentJob in,
 * encoded COPY rows out), or count the terms of a sample of texts or of an append's replaced
 * ones. Small on purpose: a few tasks,
 * no task cancellation beyond close(), so a pool library would add more than it saves
 * (docs/decisions.md).
 */
export class SegmentPool {
  private idle: Worker[] = [];
  private all: Worker[] = [];
  private queue: Pending[] = [];
  /**
   * Tasks sent, without the task: a worker has its own copy, and this thread's (a job's texts)
   * would otherwise stay until the answer came, one job per worker.
   */
  private busy = new Map<Worker, Waiting>();
  private failed: Error | undefined;
  /** Workers stopped on purpose before close() (see merge): their exit is no failure. */
  private retired = new Set<Worker>();
  /** Workers asked to end (stop): their exits, awaited by close(). */
  private stopping: Promise<void>[] = [];
  private exited = new Set<Worker>();

  constructor(readonly size: number) {
    for (let i = 0; i < size; i++) {
      const w = tsWorker(new URL('./postings-worker.ts', import.meta.url));
      w.on('message', (r: unknown) => {
        const p = this.busy.get(w);
        this.busy.delete(w);
        this.idle.push(w);
        p?.resolve(r);
        this.pump();
      });
      w.on('error', (err) => this.fail(err));
      w.on('exit', (code) => {
        this.exited.add(w);
        if (code !== 0 && !this.retired.has(w)) this.fail(new Error(`an index worker stopped with exit code ${code}`));
      });
      this.all.push(w);
      this.idle.push(w);
    }
  }

  /** Inverts one segment on a worker, or on this thread when the pool has none. */
  run(job: SegmentJob): Promise<SegmentResult> {
    // A copy, as a worker gets one: invertSegment empties the texts of the job it is given.
    if (this.size === 0) return Promise.resolve().then(() => invertSegment({ ...job, texts: [...job.texts] }));
    // Packed texts move to the worker rather than being copied.
    const transfer = job.packed ? [job.packed.units.buffer as ArrayBuffer, job.packed.ends.buffer as ArrayBuffer] : [];
    return this.send({ kind: 'segment', job }, transfer) as Promise<SegmentResult>;
  }

  /** The term count of each text (documentLengths), split among the workers. */
  async lengths(field: PostingField, texts: string[]): Promise<Int32Array> {
    if (this.size === 0) return documentLengths(field, texts);
    const per = Math.ceil(texts.length / this.size);
    const parts: Promise<Int32Array>[] = [];
    for (let i = 0; i < texts.length; i += per)
      parts.push(this.send({ kind: 'lengths', field, texts: texts.slice(i, i + per) }) as Promise<Int32Array>);
    const all = new Int32Array(texts.length);
    let at = 0;
    for (const part of await Promise.all(parts)) {
      all.set(part, at);
      at += part.length;
    }
    return all;
  }

  /**
   * documentFrequencies of `texts` on a worker, or on this thread when the pool has none; the
   * worker keeps the vocabulary it learns for the segments it inverts next.
   */
  frequencies(field: PostingField, texts: string[]): Promise<TermFrequencies> {
    if (this.size === 0) return Promise.resolve().then(() => documentFrequencies(field, texts));
    return this.send({ kind: 'frequencies', field, texts }) as Promise<TermFrequencies>;
  }

  /**
   * The merged rows of segment files (mergeSegmentFiles), merged on one of the workers while
   * the caller writes the batch before: the merge and the database's COPY overlap instead of
   * taking turns. One batch is asked for ahead. Call it
   * once the segments are done (it takes an idle worker for itself and stops the others: the pool
   * runs nothing else after); `counted.rows` as there.
   */
  async *merge(
    files: readonly SegmentFile[],
    o: { restart: boolean; batchBytes: number; counted?: { rows: number } },
  ): AsyncGenerator<Uint8Array> {
    if (this.size === 0) {
      yield* mergeSegmentFiles(files, o);
      return;
    }
    const w = this.idle[0];
    if (!w || this.queue.length > 0 || this.busy.size > 0) throw new Error('the merge waits for the segments');
    // Nothing is tokenized after the merge: the other workers stop now rather than at close(),
    // each with its vocabulary (~185 MB at 883,189 chunks) held through the merge, and the merge's
    // worker lets go of its own (postings-worker.ts).
    for (const other of this.idle.slice(1)) {
      this.retired.add(other);
      this.idle.splice(this.idle.indexOf(other), 1);
      this.stop(other, false);
    }
    const ask = (task: WorkerTask) =>
      new Promise<MergeReply>((resolve, reject) => {
        if (this.failed) return reject(this.failed);
        // The same worker every time: it holds the merge's readers.
        this.idle.splice(this.idle.indexOf(w), 1);
        this.busy.set(w, { resolve: resolve as (r: unknown) => void, reject });
        w.postMessage(task);
      });
    let next = ask({ kind: 'merge', files: [...files], restart: o.restart, batchBytes: o.batchBytes });
    next.catch(() => {});
    for (;;) {
      const reply = await next;
      if ('done' in reply) {
        if (o.counted) o.counted.rows += reply.rows;
        return;
      }
      next = ask({ kind: 'merge-next' });
      next.catch(() => {});
      yield reply.batch;
    }
  }

  private send(task: WorkerTask, transfer?: Transferable[]): Promise<unknown> {
    if (this.failed) return Promise.reject(this.failed);
    return new Promise((resolve, reject) => {
      this.queue.push({ task, transfer, resolve, reject });
      this.pump();
    });
  }

  private pump(): void {
    while (this.idle.length > 0 && this.queue.length > 0) {
      const w = this.idle.pop()!;
      const { task, transfer, resolve, reject } = this.queue.shift()!;
      this.busy.set(w, { resolve, reject });
      w.postMessage(task, transfer);
    }
  }

  private fail(err: Error): void {
    if (this.failed) return;
    this.failed = err;
    for (const p of [...this.busy.values(), ...this.queue]) p.reject(err);
    this.busy.clear();
    this.queue = [];
  }

  /**
   * Ends a worker. An idle one is asked to end itself after a short quiet time instead of being
   * terminated: Node 20 unregisters a worker's isolate from the platform before disposing of it,
   * and a TurboFan job still compiling the worker's hot code (its tokenizer, just run) that then
   * asks for the isolate's task runner aborts the whole process ("Assertion failed: (data.first)
   * != nullptr" in NodePlatform::ForIsolate; seen twice in test runs of processes that had just
   * built an index). Quiet, the worker's background compiles have finished. A busy worker (an
   * aborted build) is terminated at once, as is one that has not ended within a few seconds.
   */
  private stop(w: Worker, busy: boolean): void {
    if (this.exited.has(w)) return;
    const ended = new Promise<void>((resolve) => w.once('exit', () => resolve()));
    if (busy) void w.terminate();
    else {
      w.postMessage({ kind: 'exit', afterMs: EXIT_QUIET_MS } satisfies WorkerTask);
      const late = setTimeout(() => void w.terminate(), 5_000);
      void ended.then(() => clearTimeout(late));
    }
    this.stopping.push(ended);
  }

  async close(): Promise<void> {
    const busy = new Set(this.busy.keys());
    this.fail(new Error('the index worker pool is closed'));
    for (const w of this.all) if (!this.retired.has(w)) this.stop(w, busy.has(w));
    await Promise.all(this.stopping);
  }
}
