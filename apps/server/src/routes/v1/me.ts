import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ErrorResponse, MeResponse, UpdateProfileRequest, type UserProfile } from '@olala/contract';
import { accountEmail, updateProfile } from '@olala/core/identity';
import { currentUser } from '../../plugins/auth.js';
import { commonErrors } from '../errors.js';

/** `GET /v1/me` and `PATCH /v1/me`: the token's user, and changing its nickname or colour. */
const me: FastifyPluginAsyncTypebox = async (fastify) => {
  // The email is read here only: UserProfile (request.user) travels to places others see.
  const withEmail = async (user: UserProfile): Promise<MeResponse> =>
    user.kind === 'account' ? { ...user, email: await accountEmail(fastify.db, user.user_id) } : user;

  fastify.get(
    '/me',
    {
      config: { auth: 'required' },
      schema: { tags: ['identity'], response: { 200: MeResponse, 401: ErrorResponse, ...commonErrors } },
    },
    async (request) => withEmail(currentUser(request)),
  );

  fastify.patch(
    '/me',
    {
      config: { auth: 'required' },
      schema: {
        tags: ['identity'],
        body: UpdateProfileRequest,
        response: { 200: MeResponse, 400: ErrorResponse, 401: ErrorResponse, ...commonErrors },
      },
    },
    async (request) => {
      const user = currentUser(request);
      // The user was just read by the auth hook; gone only if deleted in between.
      return withEmail((await updateProfile(fastify.db, user.user_id, request.body)) ?? user);
    },
  );
};

export default me;
