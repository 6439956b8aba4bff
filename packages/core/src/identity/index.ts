export * from './accounts.js';
export * from './api-keys.js';
export * from './nickname.js';
export * from './password.js';
export * from './store.js';
export * from './throttle.js';
export * from './tokens.js';
