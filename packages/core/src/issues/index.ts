export * from './fact-check.js';
export * from './store.js';
export * from './validate.js';
