export * from './client.js';
export * from './query-cache.js';
export * from './backfill.js';
export * from './vector-index.js';
