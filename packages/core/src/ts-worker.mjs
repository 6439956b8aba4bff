// Worker entry for a TypeScript module (workerData.module, a file URL): OLaLA runs its
// TypeScript through tsx, whose loader a worker thread does not inherit from a process that
// registered it in code (bin/olala.mjs).
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.module);
