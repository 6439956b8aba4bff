export * from './address.js';
export * from './article.js';
export * from './config.js';
export * from './errors.js';
export * from './safe-fetch.js';
