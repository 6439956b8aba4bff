import { parentPort } from 'node:worker_threads';
import { documentFrequencies, documentLengths, forgetVocabulary, invertSegment } from './postings-builder.js';
import { mergeSegmentFiles } from './postings-merge.js';
import type { MergeReply, WorkerTask } from './postings-pool.js';

let merging: { batches: AsyncGenerator<Uint8Array>; counted: { rows: number } } | undefined;

// One task per message; what comes back (encoded rows, term counts, frequencies, merged batches) moves without a copy.
parentPort!.on('message', async (task: WorkerTask) => {
  if (task.kind === 'lengths') {
    const lengths = documentLengths(task.field, task.texts);
    parentPort!.postMessage(lengths, [lengths.buffer]);
  } else if (task.kind === 'frequencies') {
    const f = documentFrequencies(task.field, task.texts);
    parentPort!.postMessage(f, [f.df.buffer]);
  } else if (task.kind === 'segment') {
    const result = invertSegment(task.job);
    parentPort!.postMessage(result, [result.bytes.buffer as ArrayBuffer]);
  } else if (task.kind === 'exit') {
    // The pool's stop(): end once quiet, with nothing left to keep this thread alive.
    setTimeout(() => parentPort!.close(), task.afterMs);
  } else {
    if (task.kind === 'merge') {
      forgetVocabulary();
      const counted = { rows: 0 };
      merging = { batches: mergeSegmentFiles(task.files, { ...task, counted }), counted };
    }
    const { batches, counted } = merging!;
    const next = await batches.next();
    const reply: MergeReply = next.done ? { done: true, rows: counted.rows } : { batch: next.value };
    parentPort!.postMessage(reply, next.done ? [] : [next.value.buffer as ArrayBuffer]);
  }
});
