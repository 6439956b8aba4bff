export * from './fact-check.js';
export * from './profanity.js';
export * from './store.js';
