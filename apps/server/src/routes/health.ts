import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { HealthResponse } from '@olala/contract';
import { commonErrors } from './errors.js';

/** Liveness: answers as long as the process serves HTTP, whatever the database does. */
const health: FastifyPluginAsyncTypebox = async (fastify) => {
  fastify.get(
    '/health',
    { schema: { tags: ['health'], response: { 200: HealthResponse, ...commonErrors } } },
    async () => ({ status: 'healthy' as const }),
  );
};

export default health;
