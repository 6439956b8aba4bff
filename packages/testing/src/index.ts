export * from './db.js';
export * from './shared-data.js';
export * from './fake-embed.js';
export * from './loopback.js';
export * from './fake-llm.js';
export * from './fake-web.js';
export * from './analysis.js';
export * from './article.js';
