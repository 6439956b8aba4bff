export * from './check.js';
export * from './errors.js';
export * from './health.js';
export * from './wiki.js';
export * from './wiki-search.js';
export * from './truth.js';
export * from './me.js';
export * from './auth.js';
