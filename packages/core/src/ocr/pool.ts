import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { createWorker, OEM, type Worker } from 'tesseract.js';

const require = createRequire(import.meta.url);

/**
 * tesseract.js reads every language from one folder; ours come from two npm packages
 * (@tesseract.js-data/kor and /eng, LSTM "best_int" models), never from its CDN default.
 * A private temporary folder links both.
 */
function traineddataDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'olala-tessdata-'));
  for (const lang of ['kor', 'eng']) {
    const pkg = path.dirname(require.resolve(`@tesseract.js-data/${lang}/package.json`));
    fs.symlinkSync(
      path.join(pkg, '4.0.0_best_int', `${lang}.traineddata.gz`),
      path.join(dir, `${lang}.traineddata.gz`),
    );
  }
  return dir;
}

let warmUp: Promise<Buffer> | undefined;
const warmUpImage = () =>
  (warmUp ??= sharp({ text: { text: '가나다 abc 123', width: 300, height: 40 } })
    .flatten({ background: '#ffffff' })
    .extend({ top: 10, bottom: 10, left: 10, right: 10, background: '#ffffff' })
    .png()
    .toBuffer());

interface Slot {
  worker?: Promise<Worker>;
  busy: boolean;
}

interface Waiter {
  resolve(slot: Slot): void;
  reject(err: unknown): void;
  signal?: AbortSignal;
  onAbort(): void;
}

/**
 * A fixed number of tesseract.js workers (threads), each started on first use and kept warm.
 * A job takes a free slot or waits in line; a job that is abandoned (client gone, time spent)
 * terminates its worker, whose recognition cannot be interrupted, and the slot is free at once
 * with a fresh worker warming up in it.
 */
export class OcrPool {
  private readonly slots: Slot[];
  private readonly waiters: Waiter[] = [];
  private langDir: string | undefined;
  private closed = false;
  /** How long each worker took to start (load the WebAssembly core and both models), in ms. */
  readonly startMs: number[] = [];

  constructor(
    size: number,
    private readonly langs: readonly string[] = ['kor'],
  ) {
    this.slots = Array.from({ length: size }, () => ({ busy: false }));
  }

  get size(): number {
    return this.slots.length;
  }

  get busy(): number {
    return this.slots.filter((s) => s.busy).length;
  }

  get waiting(): number {
    return this.waiters.length;
  }

  /** Runs `job` on a warm worker; `signal` abandons it (waiting or running). */
  async run<T>(job: (worker: Worker) => Promise<T>, signal?: AbortSignal): Promise<T> {
    const slot = await this.acquire(signal);
    let abandoned = false;
    try {
      const worker = await raceAbort(this.ready(slot), signal);
      return await raceAbort(job(worker), signal);
    } catch (err) {
      abandoned = signal?.aborted ?? false;
      throw err;
    } finally {
      if (abandoned) this.recycle(slot);
      this.release(slot);
    }
  }

  private acquire(signal?: AbortSignal): Promise<Slot> {
    if (this.closed) return Promise.reject(new Error('the OCR pool is closed'));
    signal?.throwIfAborted();
    const free = this.slots.find((s) => !s.busy);
    if (free) {
      free.busy = true;
      return Promise.resolve(free);
    }
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        resolve,
        reject,
        signal,
        onAbort: () => {
          this.waiters.splice(this.waiters.indexOf(waiter), 1);
          reject(signal!.reason);
        },
      };
      signal?.addEventListener('abort', waiter.onAbort, { once: true });
      this.waiters.push(waiter);
    });
  }

  private release(slot: Slot): void {
    const next = this.waiters.shift();
    if (next) {
      next.signal?.removeEventListener('abort', next.onAbort);
      next.resolve(slot);
    } else {
      slot.busy = false;
    }
  }

  private ready(slot: Slot): Promise<Worker> {
    if (!slot.worker) {
      const started = this.start();
      slot.worker = started;
      // A worker that failed to start is not kept: the next job tries again.
      started.catch(() => {
        if (slot.worker === started) slot.worker = undefined;
      });
    }
    return slot.worker;
  }

  private async start(): Promise<Worker> {
    const t0 = performance.now();
    this.langDir ??= traineddataDir();
    const worker = await createWorker([...this.langs], OEM.LSTM_ONLY, {
      langPath: this.langDir,
      gzip: true,
      // Nothing is written next to the process (tesseract.js caches models in the cwd by default).
      cacheMethod: 'none',
      errorHandler: () => {},
    });
    // The first recognition of a worker initialises the LSTM (seconds); a user's image should not wait for it.
    await worker.recognize(await warmUpImage());
    this.startMs.push(Math.round(performance.now() - t0));
    if (this.closed) {
      await worker.terminate();
      throw new Error('the OCR pool is closed');
    }
    return worker;
  }

  /** Ends the slot's worker (a recognition in flight cannot be stopped otherwise) and warms a new one. */
  private recycle(slot: Slot): void {
    const old = slot.worker;
    slot.worker = undefined;
    void old?.then((w) => w.terminate()).catch(() => {});
    if (!this.closed) void this.ready(slot).catch(() => {});
  }

  /** Warms every worker now instead of on first use (a benchmark measures them this way). */
  async warm(): Promise<void> {
    await Promise.all(this.slots.map((s) => this.ready(s)));
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const w of this.waiters.splice(0)) w.reject(new Error('the OCR pool is closed'));
    await Promise.all(this.slots.map((s) => s.worker?.then((w) => w.terminate()).catch(() => {})));
    if (this.langDir) fs.rmSync(this.langDir, { recursive: true, force: true });
  }
}

function raceAbort<T>(work: Promise<T>, signal?: AbortSignal): Promise<T> {
  if (!signal) return work;
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
