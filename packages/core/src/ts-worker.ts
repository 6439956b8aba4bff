import { Worker, type WorkerOptions } from 'node:worker_threads';

/** A worker thread running a TypeScript module, through the one tsx entry (ts-worker.mjs). */
export function tsWorker(module: URL, options: WorkerOptions = {}): Worker {
  const data = (options.workerData ?? {}) as object;
  return new Worker(new URL('./ts-worker.mjs', import.meta.url), {
    ...options,
    workerData: { ...data, module: module.href },
  });
}
