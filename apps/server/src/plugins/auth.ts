import type { FastifyRequest, onRequestAsyncHookHandler } from 'fastify';
import fp from 'fastify-plugin';
import type { UserProfile } from '@olala/contract';
import {
  authenticate,
  type AuthSession,
  isApiKeyToken,
  lookupApiKey,
  type ApiKey,
  type ApiKeyLookup,
} from '@olala/core/identity';
import { forbidden, unauthorized } from '../routes/errors.js';

export type AuthMode = 'optional' | 'required' | 'admin';

declare module 'fastify' {
  interface FastifyInstance {
    /** The time the sign-in throttles read (AppOptions.now): tests move it instead of sleeping. */
    now: () => Date;
  }
  interface FastifyRequest {
    /** The bearer token's user; undefined without a token (or on routes that take none). */
    user?: UserProfile;
    authSession?: AuthSession;
    /** The integration's API key (`olk_…`) the request was sent with; such a request has no user. */
    apiKey?: ApiKey;
  }
  interface FastifyContextConfig {
    /**
     * `required`: no valid token, no entry (401). `optional`: anonymous requests pass, but a
     * token that is sent must be valid, so a client whose session died learns it instead of
     * silently losing its history. `admin`: as `required`, and the user's role must be
     * admin (else 403). Routes without `auth` ignore the header.
     */
    auth?: AuthMode;
  }
}

/** The token of an `Authorization: Bearer <token>` header; undefined when absent or malformed. */
export function bearerToken(header: string | undefined): string | undefined {
  return header === undefined ? undefined : /^Bearer +(\S+) *$/i.exec(header)?.[1];
}

const MESSAGES = {
  missing: '사용자 토큰이 필요합니다. Authorization: Bearer <토큰> 헤더로 보내 주세요.',
  invalid: '사용자 토큰이 올바르지 않습니다. 새 익명 사용자를 발급받아 주세요.',
  expired: '사용자 토큰이 만료되었습니다. 새 익명 사용자를 발급받아 주세요.',
  revoked: '사용자 토큰이 더 이상 유효하지 않습니다(로그아웃 또는 폐기). 다시 발급받아 주세요.',
  forbidden: '관리자만 사용할 수 있는 기능입니다.',
  unknownKey: 'API 키가 올바르지 않습니다. 발급받은 키를 Authorization: Bearer <키> 헤더로 보내 주세요.',
  revokedKey: 'API 키가 폐기되었습니다. 운영자에게 새 키를 받아 주세요.',
  keyNotForUsers: 'API 키로는 검증 요청만 보낼 수 있습니다. 이 기능에는 사용자 토큰이 필요합니다.',
} as const;

const keyLookups = new WeakMap<FastifyRequest, Promise<ApiKeyLookup>>();

/**
 * The API key of the request's bearer token, looked up once per request (the rate limiter asks
 * first, on routes where a valid key replaces the per-address budget); undefined when the
 * token is no API key.
 */
export function apiKeyOf(request: FastifyRequest): Promise<ApiKeyLookup> | undefined {
  const token = bearerToken(request.headers.authorization);
  if (token === undefined || !isApiKeyToken(token)) return undefined;
  let lookup = keyLookups.get(request);
  if (!lookup) {
    lookup = lookupApiKey(request.server.db, token);
    keyLookups.set(request, lookup);
  }
  return lookup;
}

/** The user asking; only for routes with `auth: 'required'` or `'admin'`, where the hook guarantees one. */
export function currentUser(request: { user?: UserProfile }): UserProfile {
  if (!request.user) throw unauthorized(MESSAGES.missing);
  return request.user;
}

/**
 * Bearer-token sessions, and API keys (`olk_…`) on routes with `auth: 'optional'`. Routes opt in with `config: { auth }`; the check is added to those
 * routes only, after the rate limiter (registered before this plugin), so a flood of bad
 * tokens is throttled before it reaches the database.
 */
export default fp<{ now?: () => Date }>(
  async (fastify, opts) => {
    fastify.decorate('now', opts.now ?? (() => new Date()));
    fastify.decorateRequest('user', undefined);
    fastify.decorateRequest('authSession', undefined);
    fastify.decorateRequest('apiKey', undefined);

    const check =
      (mode: AuthMode): onRequestAsyncHookHandler =>
      async (request, reply) => {
        const header = request.headers.authorization;
        if (header === undefined) {
          if (mode !== 'optional') {
            reply.header('www-authenticate', 'Bearer');
            throw unauthorized(MESSAGES.missing);
          }
          return;
        }
        const keyLookup = apiKeyOf(request);
        if (keyLookup) {
          const key = await keyLookup;
          if (!key.ok) {
            reply.header('www-authenticate', 'Bearer error="invalid_token"');
            throw unauthorized(key.reason === 'revoked' ? MESSAGES.revokedKey : MESSAGES.unknownKey);
          }
          // A key stands for an integration, not a person: no history, no account, no admin.
          if (mode !== 'optional') throw forbidden(MESSAGES.keyNotForUsers);
          request.apiKey = key.apiKey;
          return;
        }
        const token = bearerToken(header);
        const result = token ? await authenticate(fastify.db, token) : ({ ok: false, reason: 'invalid' } as const);
        if (!result.ok) {
          reply.header('www-authenticate', 'Bearer error="invalid_token"');
          throw unauthorized(MESSAGES[result.reason]);
        }
        request.user = result.user;
        request.authSession = result.session;
        // Read from the database on every request, so a demotion takes effect at once.
        if (mode === 'admin' && result.user.role !== 'admin') throw forbidden(MESSAGES.forbidden);
      };

    fastify.addHook('onRoute', (route) => {
      const mode = route.config?.auth;
      if (!mode) return;
      const hooks =
        route.onRequest === undefined ? [] : Array.isArray(route.onRequest) ? route.onRequest : [route.onRequest];
      route.onRequest = [...hooks, check(mode)];
    });
  },
  { name: 'auth', dependencies: ['db', 'rate-limit'] },
);
