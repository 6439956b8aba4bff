// Worker entry: OLaLA runs its TypeScript through tsx, whose loader a worker thread does not
// inherit from a process that registered it in code (bin/olala.mjs).
import { register } from 'tsx/esm/api';

register();
await import('./pglite-worker.ts');
