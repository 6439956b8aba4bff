import assert from 'node:assert/strict';
import type { TestContext } from 'node:test';
import Fastify, { type FastifyInstance } from 'fastify';
import type { AnonymousIdentityResponse } from '@olala/contract';
import { loadConfig } from '@olala/core';
import { freshDatabaseEnv, type TestBackend } from '@olala/testing';
import app, { serverOptions } from '../src/app.js';
import { makeAdmin } from '../../../bench/lib/chat-fixtures.js';

/**
 * The app on a fresh, migrated database of `backend`, ready for `inject` (it never listens),
 * closed when the test ends. `env` adds or overrides environment variables of the config.
 */
export async function build(
  t: TestContext,
  backend: TestBackend = 'pglite',
  env: Record<string, string> = {},
): Promise<FastifyInstance> {
  // The routes' fake news results link to real news sites: reading them in full would leave the
  // machine. The reader is tested against loopback fakes in packages/core/test/sources/full-text.test.ts.
  const config = loadConfig({
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent',
    OLALA_NEWS_FULLTEXT_PER_CLAIM: '0',
    ...(await freshDatabaseEnv(t, backend)),
    ...env,
  });
  const fastify = Fastify(serverOptions(config));
  await fastify.register(app, { config });
  t.after(() => fastify.close());
  await fastify.ready();
  return fastify;
}

/** The Authorization header of a session token. */
export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/** A new anonymous session, as the app gets one on its first call. */
export async function anonymous(app: FastifyInstance): Promise<AnonymousIdentityResponse> {
  const res = await app.inject({ method: 'POST', url: '/v1/identity/anonymous' });
  assert.equal(res.statusCode, 201, res.body);
  return res.json();
}

/** An admin's session token without going through accounts: a new user's row made an admin account. */
export async function adminToken(app: FastifyInstance): Promise<string> {
  const { token, user } = await anonymous(app);
  await makeAdmin(app.db, user.user_id);
  return token;
}
