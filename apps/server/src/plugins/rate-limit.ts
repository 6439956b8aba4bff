import type { FastifyContextConfig, preParsingAsyncHookHandler } from 'fastify';
import fp from 'fastify-plugin';
import rateLimit from '@fastify/rate-limit';
import { budgetSubject, takeBudget } from '@olala/core/identity';
import { apiKeyOf } from './auth.js';
import { tooMany } from '../routes/errors.js';

/** The general budget: requests per client address per minute, per server process. */
export const GENERAL_RATE_LIMIT = { max: 600, timeWindow: '1 minute' };

/**
 * Probes, not clients: a burst of other requests (or of probes) must never make a load
 * balancer see the process as down. /metrics opts out on its own route (it has its own auth).
 */
const EXEMPT_ROUTES = new Set(['/health', '/ready']);

/**
 * A verification route (its own budget, and `auth: 'optional'`: the truth checks). There a
 * request with a valid API key spends the key's budget, in PostgreSQL, instead of its address's.
 */
const keyBudgeted = (config: FastifyContextConfig | undefined) =>
  typeof config?.rateLimit === 'object' && config.auth === 'optional';

/** One unit of the API key's per-minute budget per request (the batch route takes one per claim itself). */
const takeKeyUnit: preParsingAsyncHookHandler = async (request, _reply, payload) => {
  const key = request.apiKey;
  if (!key) return payload;
  const grant = await takeBudget(
    request.server.db,
    budgetSubject({ apiKey: key }),
    1,
    key.rate_per_min,
    request.server.now(),
  );
  if (grant.granted === 0) {
    throw tooMany(
      `API 키의 검증 한도(분당 ${key.rate_per_min}건)를 넘었습니다. ${grant.retryAfterSeconds}초 후에 다시 시도해 주세요.`,
      grant.retryAfterSeconds,
    );
  }
  return payload;
};

/** Per-client request budget; the 404 handler uses it too, to slow URL probing. */
export default fp(
  async (fastify) => {
    await fastify.register(rateLimit, {
      ...GENERAL_RATE_LIMIT,
      allowList: async (request) =>
        EXEMPT_ROUTES.has(request.routeOptions.url ?? '') ||
        (keyBudgeted(request.routeOptions.config) && (await apiKeyOf(request))?.ok === true),
      // Thrown, then answered by the error handler (the plugin has set Retry-After already).
      errorResponseBuilder: (_request, context) =>
        tooMany(`요청이 너무 많습니다. ${context.after} 후에 다시 시도해 주세요.`),
    });
    // preParsing: after every onRequest hook (the key is checked there), before the body is read.
    fastify.addHook('onRoute', (route) => {
      if (!keyBudgeted(route.config)) return;
      const hooks =
        route.preParsing === undefined ? [] : Array.isArray(route.preParsing) ? route.preParsing : [route.preParsing];
      route.preParsing = [...hooks, takeKeyUnit];
    });
  },
  { name: 'rate-limit', dependencies: ['db'] },
);
