import fp from 'fastify-plugin';
import rateLimit from '@fastify/rate-limit';

/** The general budget: requests per client address per minute, per server process. */
export const GENERAL_RATE_LIMIT = { max: 600, timeWindow: '1 minute' };

/**
 * Probes, not clients: a burst of other requests (or of probes) must never make a load
 * balancer see the process as down. /metrics opts out on its own route (it has its own auth).
 */
const EXEMPT_ROUTES = new Set(['/health', '/ready']);

/** Per-client request budget; the 404 handler uses it too, to slow URL probing. */
export default fp(
  async (fastify) => {
    await fastify.register(rateLimit, {
      ...GENERAL_RATE_LIMIT,
      allowList: (request) => EXEMPT_ROUTES.has(request.routeOptions.url ?? ''),
      // Thrown, then shaped by the app's error handler into { code, message }.
      errorResponseBuilder: (_request, context) => ({
        statusCode: context.statusCode,
        code: 'RATE_LIMITED',
        message: `요청이 너무 많습니다. ${context.after} 후에 다시 시도해 주세요.`,
      }),
    });
  },
  { name: 'rate-limit' },
);
