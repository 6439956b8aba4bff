import assert from 'node:assert/strict';
import { test, type TestContext } from 'node:test';
import Fastify, { type FastifyInstance } from 'fastify';
import { loadConfig } from '@olala/core';
import { hashPassword } from '@olala/core/identity';
import { BACKENDS, freshDatabaseEnv } from '@olala/testing';
import app, { serverOptions } from '../../src/app.js';

/**
 * The login throttle through the routes (its arithmetic, the per-address limit over accounts
 * included, is in packages/core/test/accounts.test.ts): a guesser never locks the owner out, and
 * delays grow per account and address instead of a lock.
 */

const PASSWORD = '올라라-비밀번호-1234';

/** The login throttle's clock, moved by the test instead of sleeping. */
function testClock() {
  let ms = Date.now();
  return { now: () => new Date(ms), advance: (seconds: number) => void (ms += seconds * 1000) };
}

/** The app on an existing database (another server process, or the same one after a restart), on `now`'s clock. */
async function buildOn(t: TestContext, env: Record<string, string>, now: () => Date): Promise<FastifyInstance> {
  const config = loadConfig({ LOG_LEVEL: 'silent', ...env });
  const fastify = Fastify(serverOptions(config));
  await fastify.register(app, { config, now });
  t.after(() => fastify.close());
  await fastify.ready();
  return fastify;
}

/**
 * A new account. With `cheap`, its hash gets scrypt's smallest parameters, so dozens of wrong
 * guesses do not cost dozens of 64 MiB hashes on a shared test machine; the throttle never looks at the hash.
 */
async function register(app: FastifyInstance, email: string, options: { cheap?: boolean } = {}): Promise<void> {
  const res = await app.inject({ method: 'POST', url: '/v1/auth/register', payload: { email, password: PASSWORD } });
  assert.equal(res.statusCode, 201, res.body);
  if (options.cheap)
    await app.db.query('UPDATE users SET password_hash = $2 WHERE email = $1', [
      email,
      await hashPassword(PASSWORD, { N: 1024, r: 8, p: 1 }),
    ]);
}

function login(app: FastifyInstance, email: string, password: string, ip: string) {
  return app.inject({ method: 'POST', url: '/v1/auth/login', remoteAddress: ip, payload: { email, password } });
}

for (const backend of BACKENDS) {
  test(`${backend}: an attacker's failures from one address never lock the owner out of another, and the count survives restarts`, async (t) => {
    const env = await freshDatabaseEnv(t, backend);
    const clock = testClock();
    let app = await buildOn(t, env, clock.now);
    await register(app, 'alice@example.com', { cheap: true });
    // 50 wrong guesses from A, each after the longest delay, spread over two server processes
    // (each process has its own per-minute flood limit; the throttle's count is in the database).
    for (let i = 0; i < 50; i++) {
      if (i === 25) {
        await app.close();
        app = await buildOn(t, env, clock.now);
      }
      clock.advance(15 * 60);
      assert.equal(
        (await login(app, 'alice@example.com', `guess-${i}-password`, '10.6.6.6')).statusCode,
        401,
        `guess ${i + 1}`,
      );
    }
    const waiting = await login(app, 'alice@example.com', PASSWORD, '10.6.6.6');
    assert.equal(waiting.statusCode, 429, 'A waits, even with the right password');
    assert.equal(Number(waiting.headers['retry-after']), 15 * 60);
    // The owner, from B, is not affected at all.
    const owner = await login(app, 'alice@example.com', PASSWORD, '10.7.7.7');
    assert.equal(owner.statusCode, 200, owner.body);
  });

  test(`${backend}: repeated failures from one address wait longer and longer (429, Retry-After, Korean), capped, never a hard lock`, async (t) => {
    const clock = testClock();
    const app = await buildOn(t, await freshDatabaseEnv(t, backend), clock.now);
    await register(app, 'alice@example.com', { cheap: true });
    const ip = '10.0.0.1';
    // A few free mistakes.
    for (let i = 0; i < 3; i++)
      assert.equal((await login(app, 'alice@example.com', 'wrong-password', ip)).statusCode, 401, `failure ${i + 1}`);
    const delays: number[] = [];
    for (let i = 0; i < 11; i++) {
      const refused = await login(app, 'alice@example.com', PASSWORD, ip);
      assert.equal(refused.statusCode, 429, 'even the right password waits for the delay');
      assert.equal(refused.json().code, 'RATE_LIMITED');
      const delay = Number(refused.headers['retry-after']);
      assert.match(
        refused.json().message,
        delay < 60
          ? new RegExp(`로그인 시도가 너무 많습니다\\. ${delay}초 후에 다시 시도해 주세요\\.`)
          : /로그인 시도가 너무 많습니다\. \d+분 후에 다시 시도해 주세요\./,
      );
      delays.push(delay);
      // Asking again while waiting does not make the wait longer.
      if (i === 0)
        assert.equal(
          Number((await login(app, 'alice@example.com', 'wrong-password', ip)).headers['retry-after']),
          delay,
        );
      clock.advance(delay);
      assert.equal((await login(app, 'alice@example.com', 'wrong-password', ip)).statusCode, 401);
    }
    assert.deepEqual(delays.slice(0, 4), [2, 4, 8, 16]);
    for (let i = 1; i < delays.length; i++) assert.ok(delays[i]! >= delays[i - 1]!, delays.join(' '));
    assert.equal(Math.max(...delays), 15 * 60, `capped at 15 minutes: ${delays.join(' ')}`);
    // Another address and another account are not affected; once the wait is over, the right password works and clears the failures.
    assert.equal((await login(app, 'alice@example.com', PASSWORD, '10.0.0.2')).statusCode, 200);
    clock.advance(15 * 60);
    assert.equal((await login(app, 'alice@example.com', PASSWORD, ip)).statusCode, 200);
    const { rows } = await app.db.query<{ n: number }>('SELECT count(*)::int AS n FROM auth_attempts');
    assert.equal(rows[0]!.n, 0, "a success clears that address's failures of the account");
  });
}
