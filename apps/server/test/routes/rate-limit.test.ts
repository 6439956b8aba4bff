import assert from 'node:assert/strict';
import { test } from 'node:test';
import { build } from '../helper.js';

test('the general per-client budget leaves /health, /ready and /metrics alone and still limits everything else', async (t) => {
  const app = await build(t);
  // More than the 600 a minute one client may send elsewhere: a probe burst must not turn liveness red.
  const statuses = new Map<number, number>();
  for (let i = 0; i < 700; i++) {
    const { statusCode } = await app.inject({ method: 'GET', url: '/health' });
    statuses.set(statusCode, (statuses.get(statusCode) ?? 0) + 1);
  }
  assert.deepEqual([...statuses], [[200, 700]]);
  assert.equal((await app.inject({ method: 'GET', url: '/ready' })).statusCode, 200);
  assert.equal((await app.inject({ method: 'GET', url: '/metrics' })).statusCode, 200);

  // The burst did not spend this client's budget; 600 other requests do.
  for (let i = 0; i < 600; i++)
    assert.equal((await app.inject({ method: 'GET', url: '/v1/nothing' })).statusCode, 404, `request ${i + 1}`);
  const limited = await app.inject({ method: 'GET', url: '/v1/nothing' });
  assert.equal(limited.statusCode, 429);
  assert.equal(limited.json().code, 'RATE_LIMITED');
  assert.match(limited.json().message, /요청이 너무 많습니다/);
  assert.equal((await app.inject({ method: 'GET', url: '/health' })).statusCode, 200);
  assert.equal((await app.inject({ method: 'GET', url: '/ready' })).statusCode, 200);
});
