import fp from 'fastify-plugin';
import rateLimit from '@fastify/rate-limit';

/** Per-client request budget; the 404 handler uses it too, to slow URL probing. */
export default fp(
  async (fastify) => {
    await fastify.register(rateLimit, {
      max: 600,
      timeWindow: '1 minute',
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
