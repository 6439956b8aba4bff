import type { FastifyInstance, FastifyServerOptions } from 'fastify';
import fp from 'fastify-plugin';
import { textKeyword } from '@olala/contract';
import type { Config } from '@olala/core';
import configPlugin from './plugins/config.js';
import dbPlugin from './plugins/db.js';
import metricsPlugin from './plugins/metrics.js';
import pipelinePlugin from './plugins/pipeline.js';
import authPlugin from './plugins/auth.js';
import rateLimitPlugin from './plugins/rate-limit.js';
import securityHeaders from './plugins/security-headers.js';
import staticPlugin from './plugins/static.js';
import shareTarget from './routes/share-target.js';
import { notFound, useAudience } from './routes/errors.js';
import health from './routes/health.js';
import ready from './routes/ready.js';
import wiki from './routes/api/wiki/index.js';
import truth from './routes/truth/index.js';
import adminUsers from './routes/v1/admin-users.js';
import analyses from './routes/v1/analyses.js';
import articles from './routes/v1/articles.js';
import auth from './routes/v1/auth.js';
import bookmarks from './routes/v1/bookmarks.js';
import adminIssues from './routes/v1/admin-issues.js';
import adminStats from './routes/v1/admin-stats.js';
import issues from './routes/v1/issues.js';
import history from './routes/v1/history.js';
import identity from './routes/v1/identity.js';
import me from './routes/v1/me.js';
import share from './routes/share.js';
import chatHub from './plugins/chat-hub.js';
import chat from './routes/v1/chat.js';
import batch from './routes/v1/batch.js';

export interface AppOptions {
  config?: Config;
  /** The clock of the sign-in throttles (plugins/auth.ts); tests move it instead of sleeping. */
  now?: () => Date;
}

function hopsOf(n: number) {
  return (_address: string, hop: number) => hop < n;
}

/** Fastify's Ajv with the contract's `x-text` keyword (typed by shape: Ajv is Fastify's dependency, not ours). */
function withTextKeyword<A extends { addKeyword(definition: typeof textKeyword): unknown }>(ajv: A): A {
  ajv.addKeyword(textKeyword);
  return ajv;
}

/** Options of the Fastify instance itself, shared by the process entry and the tests. */
export function serverOptions(config: Pick<Config, 'logLevel' | 'bodyLimit' | 'trustProxy'>): FastifyServerOptions {
  return {
    // A hop count means: believe that many proxies in front of us (Fastify's types take it as a function).
    trustProxy: typeof config.trustProxy === 'number' ? hopsOf(config.trustProxy) : config.trustProxy,
    logger: { level: config.logLevel },
    bodyLimit: config.bodyLimit,
    // Health probes and clients that vanish should not keep a shutdown waiting.
    requestTimeout: 120_000,
    // A first start creates the embedded database (initdb in WebAssembly) and migrates it: slow on a busy machine.
    pluginTimeout: 120_000,
    ajv: {
      // Nothing is removed: a body the contract closes (`additionalProperties: false`) refuses an
      // unknown field with a 400 that names it, so a typo never vanishes; open bodies keep theirs.
      customOptions: { coerceTypes: 'array', removeAdditional: false },
      // Control characters never reach the database: free text is cleaned, single lines refused.
      plugins: [withTextKeyword],
    },
  };
}

/**
 * The whole app as one plugin: plugins first, then routes. It never listens; `server.ts`
 * does, and tests `inject` into it.
 */
async function app(fastify: FastifyInstance, opts: AppOptions): Promise<void> {
  await fastify.register(configPlugin, { config: opts.config });
  // First, so that every answer carries the headers, errors and 404s included.
  await fastify.register(securityHeaders);
  await fastify.register(dbPlugin);
  await fastify.register(rateLimitPlugin);
  await fastify.register(authPlugin, { now: opts.now });
  await fastify.register(metricsPlugin);
  await fastify.register(pipelinePlugin);
  await fastify.register(chatHub);

  // Programs by default; the routes people read are registered in their own scope below.
  useAudience(fastify, 'api');

  fastify.setNotFoundHandler({ preHandler: fastify.rateLimit() }, async (request) => {
    throw notFound('route', `${request.method} ${request.url.split('?')[0]}`);
  });

  await fastify.register(staticPlugin);
  await fastify.register(health);
  await fastify.register(ready);
  await fastify.register(wiki, { prefix: '/api/wiki' });
  await fastify.register(analyses, { prefix: '/v1' });
  await fastify.register(articles, { prefix: '/v1' });
  await fastify.register(identity, { prefix: '/v1' });
  await fastify.register(adminUsers, { prefix: '/v1' });
  await fastify.register(history, { prefix: '/v1' });
  await fastify.register(bookmarks, { prefix: '/v1' });
  await fastify.register(adminStats, { prefix: '/v1' });
  await fastify.register(batch, { prefix: '/v1' });
  await fastify.register(share);
  await fastify.register(shareTarget);
  // What a person reads as it comes: the app's and the predecessor console's truth checks, the
  // account forms and profile, the issue screens and their admin forms, the chat.
  await fastify.register(async (people) => {
    useAudience(people, 'person');
    // The predecessor served the truth-check routes both at the root and under /v1.
    await people.register(truth);
    await people.register(truth, { prefix: '/v1' });
    await people.register(me, { prefix: '/v1' });
    await people.register(auth, { prefix: '/v1' });
    await people.register(issues, { prefix: '/v1' });
    await people.register(adminIssues, { prefix: '/v1' });
    await people.register(chat, { prefix: '/v1' });
  });
}

export default fp(app, { name: 'olala-app' });
