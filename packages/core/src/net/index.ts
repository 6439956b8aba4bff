export * from './circuit-breaker.js';
export * from './fetch-error.js';
export * from './retry.js';
