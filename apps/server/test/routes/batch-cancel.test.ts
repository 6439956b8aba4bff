import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fakeChatServer } from '@olala/testing';
import { appWithLog } from '../logged-app.js';
import { LLM_ENV, llmScript, roleOf } from '../truth-fakes.js';

test('the client going away stops the claims in flight and never starts the rest', async (t) => {
  const fake = await fakeChatServer(t, llmScript({ support: () => ({ hang: true }), skeptic: () => ({ hang: true }) }));
  const { app, log } = await appWithLog(t, { env: LLM_ENV(fake.url) });
  const base = await app.listen({ host: '127.0.0.1', port: 0 });
  const controller = new AbortController();
  // One text: each run takes the same path to the (hanging) verifiers.
  const claims = ['1', '2', '3', '4', '5', '6', '7'].map((id) => ({ id, claim: '화성은 태양계의 4번째 행성이다.' }));
  const res = await fetch(`${base}/v1/truth/batch`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ claims }),
    signal: controller.signal,
  });
  assert.equal(res.status, 200);
  const verifiers = () => fake.requests.filter((r) => roleOf(r) === 'support' || roleOf(r) === 'skeptic');
  for (let i = 0; i < 3000 && verifiers().length === 0; i++) await new Promise((r) => setTimeout(r, 20));
  assert.ok(verifiers().length > 0, 'a claim reached the verifiers');
  controller.abort();
  const finished = () => log.find((l) => l.includes('"msg":"batch complete"'));
  for (let i = 0; i < 3000 && !finished(); i++) await new Promise((r) => setTimeout(r, 20));
  assert.match(finished() ?? '', /"cancelled":true/);
  // The fake sees each aborted call's socket close a moment later.
  for (let i = 0; i < 500 && !verifiers().every((r) => r.closedEarly); i++) await new Promise((r) => setTimeout(r, 20));
  assert.ok(
    verifiers().every((r) => r.closedEarly),
    'the pending LLM calls were aborted',
  );
  const statuses = (await app.db.query<{ status: string }>('SELECT status FROM analyses')).rows.map((r) => r.status);
  // At most the batch's four at once had started; every one of them stopped, the others never ran.
  assert.ok(statuses.length >= 1 && statuses.length <= 4, String(statuses));
  assert.ok(
    statuses.every((s) => s === 'cancelled'),
    String(statuses),
  );
  assert.ok(!fake.requests.some((r) => roleOf(r) === 'judge'));
});
