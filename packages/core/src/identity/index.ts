export * from './nickname.js';
export * from './store.js';
export * from './tokens.js';
