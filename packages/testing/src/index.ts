export * from './db.js';
export * from './shared-data.js';
