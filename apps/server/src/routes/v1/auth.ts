import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { FastifyRequest } from 'fastify';
import {
  AuthSessionResponse,
  ChangePasswordRequest,
  ErrorResponse,
  LoginRequest,
  RegisterRequest,
  type UserProfile,
} from '@olala/contract';
import { authenticate, changePassword, login, registerAccount, revokeSession } from '@olala/core/identity';
import { bearerToken, currentUser } from '../../plugins/auth.js';
import { commonErrors, conflict, forbidden, tooMany, unauthorized } from '../errors.js';

const INVALID_CREDENTIALS = '이메일 또는 비밀번호가 올바르지 않습니다.';

/**
 * A cheap first line per process against floods (each login costs a ~150 ms hash). The real
 * limits — a growing delay per account and address, a cap on the accounts one address fails on,
 * the "email taken" answers per address — live in the database: core identity/throttle.ts.
 */
export const LOGIN_RATE_LIMIT = { max: 30, timeWindow: '1 minute' };
/** Every registration without a token is a new row, like an anonymous identity. */
export const REGISTER_RATE_LIMIT = { max: 20, timeWindow: '1 hour' };

/** "N초" under a minute, else whole minutes rounded up: never a shorter wait than the real one. */
const inKorean = (seconds: number) => (seconds < 60 ? `${seconds}초` : `${Math.ceil(seconds / 60)}분`);

function throttled(what: '로그인' | '가입', retryAfterSeconds: number): never {
  throw tooMany(
    `${what} 시도가 너무 많습니다. ${inKorean(retryAfterSeconds)} 후에 다시 시도해 주세요.`,
    retryAfterSeconds,
  );
}

/**
 * The user of the token the request carries, if it is live. Register and login take no
 * `auth` mode: a dead anonymous token has nothing left to carry over, and must not stop anyone
 * from signing in.
 */
async function tokenUser(request: FastifyRequest): Promise<UserProfile | undefined> {
  const token = bearerToken(request.headers.authorization);
  if (!token) return undefined;
  const result = await authenticate(request.server.db, token);
  return result.ok ? result.user : undefined;
}

const sessionResponse = { 400: ErrorResponse, 401: ErrorResponse, 409: ErrorResponse, ...commonErrors };

/** `POST /v1/auth/{register,login,logout,password}`: accounts on top of the anonymous identity. */
const auth: FastifyPluginAsyncTypebox = async (fastify) => {
  fastify.post(
    '/auth/register',
    {
      config: { rateLimit: REGISTER_RATE_LIMIT },
      schema: { tags: ['auth'], body: RegisterRequest, response: { 201: AuthSessionResponse, ...sessionResponse } },
    },
    async (request, reply) => {
      const result = await registerAccount(fastify.db, request.body, {
        ip: request.ip,
        current: await tokenUser(request),
        now: fastify.now(),
      });
      if (!result.ok) {
        if (result.reason === 'throttled') throttled('가입', result.retryAfterSeconds);
        // Telling a taken email is the policy (docs/security.md): rationed per address, not hidden.
        throw result.reason === 'email_taken'
          ? conflict('EMAIL_TAKEN', '이미 가입된 이메일입니다. 로그인해 주세요.')
          : conflict(
              'ALREADY_ACCOUNT',
              '이미 계정으로 로그인되어 있습니다. 새 계정을 만들려면 먼저 로그아웃해 주세요.',
            );
      }
      return reply.code(201).header('cache-control', 'no-store').send(result.session);
    },
  );

  fastify.post(
    '/auth/login',
    {
      config: { rateLimit: LOGIN_RATE_LIMIT },
      schema: { tags: ['auth'], body: LoginRequest, response: { 200: AuthSessionResponse, ...sessionResponse } },
    },
    async (request, reply) => {
      const result = await login(fastify.db, request.body, {
        ip: request.ip,
        current: await tokenUser(request),
        now: fastify.now(),
      });
      if (!result.ok) {
        if (result.reason === 'throttled') throttled('로그인', result.retryAfterSeconds);
        throw unauthorized(INVALID_CREDENTIALS, 'INVALID_CREDENTIALS');
      }
      if (result.merged.history || result.merged.bookmarks)
        request.log.info({ merged: result.merged }, 'anonymous history moved to the account');
      return reply.header('cache-control', 'no-store').send(result.session);
    },
  );

  fastify.post(
    '/auth/logout',
    {
      config: { auth: 'required' },
      schema: { tags: ['auth'], response: { 204: Type.Null(), 401: ErrorResponse, ...commonErrors } },
    },
    async (request, reply) => {
      currentUser(request);
      await revokeSession(fastify.db, request.authSession!.tokenHash);
      return reply.code(204).send(null);
    },
  );

  fastify.post(
    '/auth/password',
    {
      config: { auth: 'required', rateLimit: LOGIN_RATE_LIMIT },
      schema: {
        tags: ['auth'],
        body: ChangePasswordRequest,
        response: { 204: Type.Null(), 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, ...commonErrors },
      },
    },
    async (request, reply) => {
      const user = currentUser(request);
      const result = await changePassword(fastify.db, user, request.authSession!.tokenHash, request.body, {
        ip: request.ip,
        now: fastify.now(),
      });
      if (!result.ok) {
        if (result.reason === 'throttled') throttled('로그인', result.retryAfterSeconds);
        // Not 401: the session is fine, and a client that renews sessions on 401 must not do so here.
        throw forbidden('현재 비밀번호(current_password)가 올바르지 않습니다.', 'INVALID_CREDENTIALS');
      }
      return reply.code(204).send(null);
    },
  );
};

export default auth;
