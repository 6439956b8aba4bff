import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ErrorResponse, UpdateProfileRequest, UserProfile } from '@olala/contract';
import { updateProfile } from '@olala/core/identity/index';
import { currentUser } from '../../plugins/auth.js';
import { commonErrors, formatSchemaErrors } from '../errors.js';

/** `GET /v1/me` and `PATCH /v1/me`: the token's user, and changing its nickname or colour. */
const me: FastifyPluginAsyncTypebox = async (fastify) => {
  fastify.get(
    '/me',
    {
      config: { auth: 'required' },
      schema: { tags: ['identity'], response: { 200: UserProfile, 401: ErrorResponse, ...commonErrors } },
    },
    async (request) => currentUser(request),
  );

  fastify.patch(
    '/me',
    {
      config: { auth: 'required' },
      schemaErrorFormatter: formatSchemaErrors,
      schema: { tags: ['identity'], body: UpdateProfileRequest, response: { 200: UserProfile, 400: ErrorResponse, 401: ErrorResponse, ...commonErrors } },
    },
    async (request) => {
      const user = currentUser(request);
      // The user was just read by the auth hook; gone only if deleted in between.
      return (await updateProfile(fastify.db, user.user_id, request.body)) ?? user;
    },
  );
};

export default me;
