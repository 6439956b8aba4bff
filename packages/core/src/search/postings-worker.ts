import { parentPort } from 'node:worker_threads';
import { invertSegment, type SegmentJob } from './postings-builder.js';

// One segment per message; the encoded rows move back without a copy.
parentPort!.on('message', (job: SegmentJob) => {
  const result = invertSegment(job);
  parentPort!.postMessage(result, [result.bytes.buffer as ArrayBuffer]);
});
