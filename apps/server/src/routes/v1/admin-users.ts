import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { AdminUserList, AdminUsersQuery, ErrorResponse } from '@olala/contract';
import { listUsers } from '@olala/core/identity';
import { commonErrors } from '../errors.js';

/** `GET /v1/admin/users?limit`: the newest users, for admins (the smallest admin route there is). */
const adminUsers: FastifyPluginAsyncTypebox = async (fastify) => {
  fastify.get(
    '/admin/users',
    {
      config: { auth: 'admin' },
      schema: {
        tags: ['admin'],
        querystring: AdminUsersQuery,
        response: { 200: AdminUserList, 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, ...commonErrors },
      },
    },
    async (request, reply) => {
      const items = await listUsers(fastify.db, { limit: request.query.limit ?? 50 });
      return reply.header('cache-control', 'no-store').send({ items });
    },
  );
};

export default adminUsers;
