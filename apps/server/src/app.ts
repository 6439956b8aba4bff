import type { FastifyError, FastifyInstance, FastifyServerOptions } from 'fastify';
import fp from 'fastify-plugin';
import { ErrorCodes, textKeyword, type ErrorResponse } from '@olala/contract';
import { UserError, type Config } from '@olala/core';
import configPlugin from './plugins/config.js';
import dbPlugin from './plugins/db.js';
import metricsPlugin from './plugins/metrics.js';
import pipelinePlugin from './plugins/pipeline.js';
import authPlugin from './plugins/auth.js';
import rateLimitPlugin from './plugins/rate-limit.js';
import securityHeaders from './plugins/security-headers.js';
import staticPlugin from './plugins/static.js';
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

const MESSAGES: Partial<Record<number, string>> = {
  413: '요청 본문이 너무 큽니다.',
  500: '서버에서 오류가 발생했습니다. 잠시 후 다시 시도해 주세요.',
};

function errorBody(status: number, message: string, code?: string): ErrorResponse {
  return { code: code ?? ErrorCodes[status as keyof typeof ErrorCodes] ?? `HTTP_${status}`, message };
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

  fastify.setErrorHandler((err: FastifyError & { code?: unknown }, request, reply) => {
    const status = err instanceof UserError ? 400 : err.statusCode && err.statusCode >= 400 ? err.statusCode : 500;
    // Errors meant for clients (BUSY) say so with `expose`; other 5xx details stay in the log.
    if (status >= 500 && !(err as { expose?: boolean }).expose) {
      request.log.error({ err, method: request.method, url: request.url }, 'request failed');
      return reply.code(status).send(errorBody(status, MESSAGES[500]!));
    }
    request.log.info({ status, method: request.method, url: request.url, reason: err.message }, 'request rejected');
    // Our own codes (RATE_LIMITED) pass through; Fastify's FST_ERR_* are internal names.
    const code = typeof err.code === 'string' && !err.code.startsWith('FST_') ? err.code : undefined;
    const message = status === 413 ? `${MESSAGES[413]} (최대 ${request.routeOptions.bodyLimit ?? fastify.config.bodyLimit}바이트)` : err.message;
    return reply.code(status).send(errorBody(status, message, code));
  });

  fastify.setNotFoundHandler({ preHandler: fastify.rateLimit() }, (request, reply) =>
    reply.code(404).send(errorBody(404, `요청한 주소를 찾을 수 없습니다: ${request.method} ${request.url.split('?')[0]}`)),
  );

  await fastify.register(staticPlugin);
  await fastify.register(health);
  await fastify.register(ready);
  await fastify.register(wiki, { prefix: '/api/wiki' });
  // The predecessor served the truth-check routes both at the root and under /v1.
  await fastify.register(truth);
  await fastify.register(truth, { prefix: '/v1' });
  await fastify.register(analyses, { prefix: '/v1' });
  await fastify.register(articles, { prefix: '/v1' });
  await fastify.register(identity, { prefix: '/v1' });
  await fastify.register(me, { prefix: '/v1' });
  await fastify.register(auth, { prefix: '/v1' });
  await fastify.register(adminUsers, { prefix: '/v1' });
  await fastify.register(history, { prefix: '/v1' });
  await fastify.register(bookmarks, { prefix: '/v1' });
  await fastify.register(issues, { prefix: '/v1' });
  await fastify.register(adminIssues, { prefix: '/v1' });
  await fastify.register(adminStats, { prefix: '/v1' });
  await fastify.register(chat, { prefix: '/v1' });
  await fastify.register(batch, { prefix: '/v1' });
  await fastify.register(share);
}

export default fp(app, { name: 'olala-app' });
