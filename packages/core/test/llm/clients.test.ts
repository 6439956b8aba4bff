import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Type } from 'typebox';
import {
  createLlmClient,
  createLlmClients,
  LlmError,
  loadLlmConfig,
  type LlmClient,
  type LlmRoleConfig,
  type ResilienceOptions,
} from '../../src/llm/index.js';
import { fakeChatServer, fakeOllamaChat, fakeOpenAiChat, jsonReply, type FakeChatReply } from '@olala/testing/fake-llm';
import { closedPortUrl } from '@olala/testing/loopback';

const Verdict = Type.Object(
  {
    label: Type.Union([Type.Literal('TRUE'), Type.Literal('FALSE')]),
    confidence: Type.Number({ minimum: 0, maximum: 1 }),
  },
  { additionalProperties: false },
);
const GOOD = { label: 'TRUE', confidence: 0.8 } as const;
const ask = { system: '너는 사실 확인가다.', user: '지구는 태양을 돈다.', schema: Verdict, schemaName: 'verdict' };
/** Retries in milliseconds, so the tests do not wait for real backoff. */
const FAST: Partial<ResilienceOptions> = { baseDelayMs: 1, maxDelayMs: 5 };

function ollama(url: string, overrides: Partial<LlmRoleConfig> = {}): LlmRoleConfig {
  return {
    provider: 'ollama',
    baseUrl: url,
    model: 'exaone3.5',
    timeoutMs: 5000,
    maxTokens: 100,
    temperature: 0.1,
    ...overrides,
  };
}

async function llmError(promise: Promise<unknown>): Promise<LlmError> {
  try {
    await promise;
  } catch (err) {
    assert.ok(err instanceof LlmError, `expected an LlmError, got ${String(err)}`);
    return err;
  }
  assert.fail('expected the call to fail');
}

test('Ollama: POST /api/chat, non-streaming, with the schema as format and the role settings', async (t) => {
  const fake = await fakeOllamaChat(t, () => jsonReply(GOOD));
  const clients = createLlmClients(
    loadLlmConfig({ OLLAMA_URL: `${fake.url}/`, SLM1_MODEL: 'exaone3.5:7.8b', SLM1_MAX_TOKENS: '300' }),
  );
  assert.deepEqual(Object.keys(clients), ['claim']);
  const claim = clients.claim as LlmClient;
  assert.deepEqual([claim.role, claim.provider, claim.model], ['claim', 'ollama', 'exaone3.5:7.8b']);

  const result = await claim.chatJson(ask);
  assert.deepEqual(result.value, GOOD);
  assert.deepEqual(
    [result.provider, result.model, result.attempts, result.repaired],
    ['ollama', 'exaone3.5:7.8b', 1, false],
  );
  assert.ok(result.ms >= 0);

  assert.equal(fake.requests.length, 1);
  const [req] = fake.requests;
  assert.equal(req?.api, 'ollama');
  assert.equal(req?.model, 'exaone3.5:7.8b');
  assert.equal(req?.body.stream, false);
  assert.deepEqual(req?.schema, JSON.parse(JSON.stringify(Verdict)));
  assert.deepEqual(req?.body.options, { temperature: 0.1, num_predict: 300 });
  assert.deepEqual(req?.messages, [
    { role: 'system', content: ask.system },
    { role: 'user', content: ask.user },
  ]);
  assert.equal(req?.authorization, undefined);

  // Per-call overrides win over the role's settings.
  await claim.chatJson({ ...ask, temperature: 0.7, maxTokens: 42 });
  assert.deepEqual(fake.requests[1]?.body.options, { temperature: 0.7, num_predict: 42 });
});

test('OpenAI-compatible: /v1/chat/completions with response_format json_schema, bearer key, base with /v1', async (t) => {
  const fake = await fakeOpenAiChat(
    t,
    () => ({ content: 'Here you go:\n```json\n' + JSON.stringify(GOOD) + '\n```' }),
    { apiKey: 'sk-judge' },
  );
  for (const base of [fake.url, `${fake.url}/v1/`]) {
    const env = { JUDGE_PROVIDER: 'openai', JUDGE_BASE_URL: base, JUDGE_MODEL: 'gpt-4.1', OPENAI_API_KEY: 'sk-judge' };
    const judge = createLlmClients(loadLlmConfig(env)).judge as LlmClient;
    const result = await judge.chatJson(ask);
    assert.deepEqual(result.value, GOOD, 'fences and prose around the JSON are tolerated without a repair call');
    assert.deepEqual([result.provider, result.attempts, result.repaired], ['openai', 1, false]);
  }
  assert.equal(fake.requests.length, 2);
  for (const req of fake.requests) {
    assert.equal(req.api, 'openai');
    assert.equal(req.model, 'gpt-4.1');
    assert.equal(req.authorization, 'Bearer sk-judge');
    assert.deepEqual(req.body.response_format, {
      type: 'json_schema',
      json_schema: { name: 'verdict', schema: JSON.parse(JSON.stringify(Verdict)), strict: true },
    });
    assert.equal(req.body.temperature, 0.2);
    assert.equal(req.body.max_tokens, 768);
    assert.equal(req.user, ask.user);
  }
});

test('malformed JSON is repaired by one call that shows the model its answer and the error', async (t) => {
  const broken = '{"label": "TRUE", "confidence": ';
  const fake = await fakeChatServer(t, (req) => (req.index === 0 ? broken : jsonReply(GOOD)));
  const client = createLlmClient('verify', ollama(fake.url));
  const result = await client.chatJson(ask);
  assert.deepEqual(result.value, GOOD);
  assert.deepEqual([result.attempts, result.repaired], [2, true]);
  const repair = fake.requests[1];
  assert.deepEqual(
    repair?.messages.slice(0, 3).map((m) => m.role),
    ['system', 'user', 'assistant'],
  );
  assert.equal(repair?.messages[2]?.content, broken);
  assert.match(repair?.user ?? '', /not JSON/);
  assert.match(repair?.user ?? '', /"confidence"/, 'the schema is restated');
});

test('still malformed after the repair → INVALID_JSON after exactly two calls', async (t) => {
  const fake = await fakeChatServer(t, () => '확실히 사실입니다.');
  const err = await llmError(createLlmClient('claim', ollama(fake.url)).chatJson(ask));
  assert.equal(err.code, 'INVALID_JSON');
  assert.equal(err.details.attempts, 2);
  assert.equal(err.details.role, 'claim');
  assert.equal(err.details.model, 'exaone3.5');
  assert.match(err.message, /still invalid after one repair/);
  assert.equal(fake.requests.length, 2);
});

test('a schema mismatch is repaired, or fails as SCHEMA_MISMATCH naming the field', async (t) => {
  const wrong = jsonReply({ label: 'MAYBE', confidence: 0.5 });
  const fixed = await fakeChatServer(t, (req) => (req.index === 0 ? wrong : jsonReply(GOOD)));
  const result = await createLlmClient('judge', ollama(fixed.url)).chatJson(ask);
  assert.deepEqual([result.value, result.repaired], [GOOD, true]);
  assert.match(fixed.requests[1]?.user ?? '', /\/label/);

  const stubborn = await fakeChatServer(t, () => wrong);
  const err = await llmError(createLlmClient('judge', ollama(stubborn.url)).chatJson(ask));
  assert.equal(err.code, 'SCHEMA_MISMATCH');
  assert.match(err.message, /\/label/);
  assert.equal(stubborn.requests.length, 2);
});

test('500 and 429 are retried with backoff until success; the attempts are counted', async (t) => {
  const replies: FakeChatReply[] = [{ status: 500, error: 'out of memory' }, { status: 429 }, jsonReply(GOOD)];
  const fake = await fakeChatServer(t, (req) => replies[req.index] ?? jsonReply(GOOD));
  const result = await createLlmClient('claim', ollama(fake.url), { resilience: FAST }).chatJson(ask);
  assert.deepEqual([result.value, result.attempts, result.repaired], [GOOD, 3, false]);
  assert.equal(fake.requests.length, 3);

  const down = await fakeChatServer(t, () => ({ status: 503 }));
  const err = await llmError(
    createLlmClient('claim', ollama(down.url), { resilience: { ...FAST, maxRetries: 2 } }).chatJson(ask),
  );
  assert.deepEqual([err.code, err.details.status, err.details.attempts], ['HTTP', 503, 3]);
  assert.equal(down.requests.length, 3);
});

test('4xx is not retried; an unknown model is MODEL_NOT_FOUND from either API', async (t) => {
  const fake = await fakeChatServer(t, () => ({ status: 400, error: 'bad request: messages too long' }));
  const err = await llmError(createLlmClient('claim', ollama(fake.url), { resilience: FAST }).chatJson(ask));
  assert.deepEqual([err.code, err.details.status, err.details.attempts], ['HTTP', 400, 1]);
  assert.match(err.message, /HTTP 400: bad request: messages too long/);
  assert.equal(fake.requests.length, 1);

  const known = await fakeChatServer(t, () => jsonReply(GOOD), { models: ['gemma3:4b'] });
  for (const provider of ['ollama', 'openai'] as const) {
    const e = await llmError(
      createLlmClient('claim', ollama(known.url, { provider, model: 'nope' }), { resilience: FAST }).chatJson(ask),
    );
    assert.equal(e.code, 'MODEL_NOT_FOUND', provider);
    assert.equal(e.details.status, 404);
  }
  assert.equal(known.requests.length, 2, 'one request per provider, no retries');
});

test('a 429 is retried after its Retry-After instead of the backoff', { timeout: 60_000 }, async (t) => {
  const fake = await fakeChatServer(t, () => jsonReply(GOOD));
  let calls = 0;
  const busyOnce = ((url: string, init: RequestInit) =>
    ++calls === 1
      ? Promise.resolve(new Response('{"error":"busy"}', { status: 429, headers: { 'retry-after': '0' } }))
      : fetch(url, init)) as typeof fetch;
  // A ten-minute backoff: only the server's Retry-After: 0 lets the call end within the test's timeout.
  const client = createLlmClient('claim', ollama(fake.url), {
    fetch: busyOnce,
    resilience: { baseDelayMs: 600_000, maxDelayMs: 600_000, random: () => 1 },
  });
  const result = await client.chatJson(ask);
  assert.deepEqual([result.value, result.attempts], [GOOD, 2]);
});

test('no answer within the role timeout → TIMEOUT after the retries; a closed port → CONNECTION', async (t) => {
  const fake = await fakeChatServer(t, () => ({ hang: true }));
  const client = createLlmClient('verify', ollama(fake.url, { timeoutMs: 100 }), {
    resilience: { ...FAST, maxRetries: 1 },
  });
  const started = Date.now();
  const err = await llmError(client.chatJson(ask));
  assert.equal(err.code, 'TIMEOUT');
  assert.match(err.message, /no answer within 100 ms/);
  assert.equal(err.details.attempts, 2);
  assert.ok(Date.now() - started < 2000);
  assert.equal(fake.requests.length, 2);

  const closed = createLlmClient('verify', ollama(await closedPortUrl()), { resilience: { ...FAST, maxRetries: 1 } });
  const conn = await llmError(closed.chatJson(ask));
  assert.equal(conn.code, 'CONNECTION');
  assert.equal(conn.details.attempts, 2, 'connection errors are retried');
});

test('aborting mid-request or mid-backoff ends the call promptly with ABORTED, and the fake sees the disconnect', async (t) => {
  const hanging = await fakeChatServer(t, () => ({ hang: true }));
  const client = createLlmClient('judge', ollama(hanging.url, { timeoutMs: 30_000 }));
  const controller = new AbortController();
  setTimeout(() => controller.abort(), 50);
  const started = Date.now();
  const err = await llmError(client.chatJson({ ...ask, signal: controller.signal }));
  assert.equal(err.code, 'ABORTED');
  assert.ok(Date.now() - started < 1000, `took ${Date.now() - started} ms`);
  await waitFor(() => hanging.requests[0]?.closedEarly === true);

  // A 10 s backoff after a 500 is cut short too.
  const failing = await fakeChatServer(t, () => ({ status: 500 }));
  const slowRetry = createLlmClient('judge', ollama(failing.url), {
    resilience: { baseDelayMs: 10_000, maxDelayMs: 10_000, random: () => 1 },
  });
  const c2 = new AbortController();
  setTimeout(() => c2.abort(), 50);
  const t2 = Date.now();
  assert.equal((await llmError(slowRetry.chatJson({ ...ask, signal: c2.signal }))).code, 'ABORTED');
  assert.ok(Date.now() - t2 < 1000);
  assert.equal(failing.requests.length, 1);

  // Already aborted: nothing is sent.
  const none = await fakeChatServer(t, () => jsonReply(GOOD));
  assert.equal(
    (await llmError(createLlmClient('judge', ollama(none.url)).chatJson({ ...ask, signal: AbortSignal.abort() }))).code,
    'ABORTED',
  );
  assert.equal(none.requests.length, 0);
});

test('the call budget (timeoutMs) caps requests and backoff, however long the role timeout', async (t) => {
  const hanging = await fakeChatServer(t, () => ({ hang: true }));
  const client = createLlmClient('verify', ollama(hanging.url, { timeoutMs: 30_000 }), { resilience: FAST });
  let started = Date.now();
  const err = await llmError(client.chatJson({ ...ask, timeoutMs: 150 }));
  assert.equal(err.code, 'TIMEOUT');
  assert.ok(Date.now() - started < 1000, `took ${Date.now() - started} ms`);

  // A backoff that would outlast the budget is not slept: the last real error comes back now.
  const failing = await fakeChatServer(t, () => ({ status: 502 }));
  const patient = createLlmClient('verify', ollama(failing.url), {
    resilience: { baseDelayMs: 5000, maxDelayMs: 5000, random: () => 1 },
  });
  started = Date.now();
  const e2 = await llmError(patient.chatJson({ ...ask, timeoutMs: 1000 }));
  assert.deepEqual([e2.code, e2.details.status], ['HTTP', 502]);
  assert.ok(Date.now() - started < 500, `took ${Date.now() - started} ms`);
  assert.equal(failing.requests.length, 1);

  // A budget already spent sends nothing; a budget signal that fires is a TIMEOUT, not ABORTED.
  const ok = await fakeChatServer(t, () => ({ hang: true }));
  const idle = createLlmClient('verify', ollama(ok.url, { timeoutMs: 30_000 }));
  assert.equal((await llmError(idle.chatJson({ ...ask, timeoutMs: 0 }))).code, 'TIMEOUT');
  assert.equal(ok.requests.length, 0);
  assert.equal((await llmError(idle.chatJson({ ...ask, signal: AbortSignal.timeout(80) }))).code, 'TIMEOUT');
});

test('circuit breaker: opens after N consecutive failures, fails fast, half-opens one call, closes on success', async (t) => {
  let healthy = false;
  const fake = await fakeChatServer(t, () => (healthy ? jsonReply(GOOD, 100) : { status: 500 }));
  let now = 1_000_000;
  const client = createLlmClient('claim', ollama(fake.url), {
    resilience: { ...FAST, maxRetries: 0, circuitFailures: 3, circuitOpenMs: 60_000, now: () => now },
  });
  for (let i = 0; i < 3; i++) assert.equal((await llmError(client.chatJson(ask))).code, 'HTTP');
  const open = await llmError(client.chatJson(ask));
  assert.equal(open.code, 'CIRCUIT_OPEN');
  assert.match(open.message, /next try in 60 s/);
  assert.equal(open.details.attempts, 0);
  assert.equal(fake.requests.length, 3, 'an open breaker sends nothing');

  now += 59_999;
  assert.equal((await llmError(client.chatJson(ask))).code, 'CIRCUIT_OPEN');
  now += 1;
  healthy = true;
  const probe = client.chatJson(ask);
  // While the one half-open call is in flight, the others still fail fast.
  assert.equal((await llmError(client.chatJson(ask))).code, 'CIRCUIT_OPEN');
  assert.deepEqual((await probe).value, GOOD);
  assert.deepEqual((await client.chatJson(ask)).value, GOOD, 'closed again');
  assert.equal(fake.requests.length, 5);

  // A failed probe opens it again for the full time.
  healthy = false;
  for (let i = 0; i < 3; i++) await llmError(client.chatJson(ask));
  now += 60_000;
  assert.equal((await llmError(client.chatJson(ask))).code, 'HTTP', 'the probe went through and failed');
  assert.equal((await llmError(client.chatJson(ask))).code, 'CIRCUIT_OPEN');
});

test('roles on the same endpoint and model share a breaker; 4xx and aborts do not trip it', async (t) => {
  const fake = await fakeChatServer(t, (req) => (req.user.includes('bad') ? { status: 400 } : { status: 500 }));
  const config = loadLlmConfig({
    OLLAMA_URL: fake.url,
    SLM_MODEL: 'shared',
    JUDGE_MODEL: 'other',
    LLM_MAX_RETRIES: '0',
    LLM_CIRCUIT_FAILURES: '2',
  });
  const clients = createLlmClients(config, { resilience: FAST });
  const { claim, verify, judge } = clients as Record<'claim' | 'verify' | 'judge', LlmClient>;

  for (let i = 0; i < 5; i++) assert.equal((await llmError(claim.chatJson({ ...ask, user: 'bad' }))).code, 'HTTP');
  assert.equal((await llmError(claim.chatJson({ ...ask, signal: AbortSignal.abort() }))).code, 'ABORTED');
  assert.equal((await llmError(verify.chatJson(ask))).code, 'HTTP', '4xx answers left the breaker closed');

  assert.equal((await llmError(claim.chatJson(ask))).code, 'HTTP');
  assert.equal((await llmError(verify.chatJson(ask))).code, 'CIRCUIT_OPEN', 'claim’s failure counted for verify');
  assert.equal((await llmError(judge.chatJson(ask))).code, 'HTTP', 'another model has its own breaker');
});

test('the API key never appears in an error, even when the server echoes it or the URL carries a password', async (t) => {
  const key = 'sk-VERY-SECRET-123';
  const echo = await fakeChatServer(t, (req) => ({
    status: 401,
    error: `Incorrect API key provided: ${req.authorization}`,
  }));
  const client = createLlmClient('judge', ollama(echo.url, { provider: 'openai', apiKey: key }));
  const err = await llmError(client.chatJson(ask));
  assert.equal(echo.requests[0]?.authorization, `Bearer ${key}`, 'the key was sent');
  assert.equal(err.details.status, 401);
  assert.match(err.message, /Incorrect API key provided: Bearer \*\*\*/);
  assert.doesNotMatch(
    `${err.message} ${err.stack} ${JSON.stringify(err)} ${JSON.stringify(err.details)}`,
    /VERY-SECRET/,
  );

  // A password in the base URL goes as basic auth (fetch refuses it in the URL) and is hidden too.
  const withPassword = echo.url.replace('http://', 'http://user:hunter2@');
  const e2 = await llmError(createLlmClient('judge', ollama(withPassword, { provider: 'openai' })).chatJson(ask));
  const basic = Buffer.from('user:hunter2').toString('base64');
  assert.equal(echo.requests[1]?.authorization, `Basic ${basic}`);
  assert.match(e2.message, /user:\*\*\*@127\.0\.0\.1/);
  assert.doesNotMatch(e2.message, new RegExp(`hunter2|${basic}`));
});

async function waitFor(condition: () => boolean, ms = 1000): Promise<void> {
  const until = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > until) assert.fail('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}
