export * from './self-citation.js';
export * from './trust.js';
export * from './types.js';
