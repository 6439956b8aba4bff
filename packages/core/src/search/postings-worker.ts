import { parentPort } from 'node:worker_threads';
import { documentLengths, invertSegment } from './postings-builder.js';
import type { WorkerTask } from './postings-pool.js';

// One task per message; what comes back (encoded rows, term counts) moves without a copy.
parentPort!.on('message', (task: WorkerTask) => {
  if (task.kind === 'lengths') {
    const lengths = documentLengths(task.field, task.texts);
    parentPort!.postMessage(lengths, [lengths.buffer]);
    return;
  }
  const result = invertSegment(task.job);
  parentPort!.postMessage(result, [result.bytes.buffer as ArrayBuffer]);
});
