export * from './client.js';
export * from './query-cache.js';
