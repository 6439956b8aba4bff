export * from './config.js';
export * from './db/index.js';
export * from './errors.js';
export * from './progress.js';
export * from './wiki/import.js';
export * from './llm/index.js';
export * from './fetch/index.js';
export * from './sources/index.js';
