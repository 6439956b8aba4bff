import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { AnonymousIdentityResponse } from '@olala/contract';
import { createAnonymousUser } from '@olala/core/identity';
import { commonErrors } from '../errors.js';

/** Every new identity is a row: a tight budget per address keeps a script from filling the table. */
export const IDENTITY_RATE_LIMIT = { max: 20, timeWindow: '1 hour' };

/** `POST /v1/identity/anonymous`: a new anonymous user and its session token (shown once). */
const identity: FastifyPluginAsyncTypebox = async (fastify) => {
  fastify.post(
    '/identity/anonymous',
    {
      config: { rateLimit: IDENTITY_RATE_LIMIT },
      schema: { tags: ['identity'], response: { 201: AnonymousIdentityResponse, ...commonErrors } },
    },
    async (_request, reply) => {
      const created = await createAnonymousUser(fastify.db);
      // The token must never sit in a shared cache.
      return reply.code(201).header('cache-control', 'no-store').send(created);
    },
  );
};

export default identity;
