export * from './config.js';
export * from './db/index.js';
