import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { STAGE_NAMES, type TruthCheckResponse } from '@olala/contract';
import { BACKENDS, fakeChatServer, jsonReply } from '@olala/testing';
import { build } from '../helper.js';
import {
  appWithSample,
  cite,
  evidenceIdWith,
  LLM_ENV,
  llmScript,
  roleOf,
  verifyAnswer,
  type LlmPlan,
} from '../truth-fakes.js';

/** A sentence of the sample's 화성 page, and claims about it. */
const MARS = '화성(火星, )은 태양계의 4번째 행성이며, 4개의 지구형 행성 중 하나이다.';
const TRUE_CLAIM = '화성은 태양계의 4번째 행성이다.';
const FALSE_CLAIM = '화성은 태양계의 3번째 행성이다.';
/**
 * Without an LLM the rules decide only with kinds of finding measured ≥ 0.9 precise
 * (calibration-rules.json): the 화성 sentence states TRUE_CLAIM, such a kind. Other kinds are
 * withheld: UNVERIFIED, the evidence still cited.
 */
const WITHHELD = /검증 정확도가 90% 미만이라 판정을 보류합니다/;

async function check(app: FastifyInstance, body: object, url = '/truth/check'): Promise<TruthCheckResponse> {
  const res = await app.inject({ method: 'POST', url, payload: body });
  assert.equal(res.statusCode, 200, res.body);
  return res.json();
}

/** Every quote the API returns must be in the evidence it names: here, the sample page. */
function assertQuotesVerbatim(result: TruthCheckResponse, source: string) {
  for (const c of [...result.citations, ...result.counter_evidence])
    assert.ok(source.replace(/\s+/g, ' ').includes(c.quote), `quote not verbatim: ${c.quote}`);
}

for (const backend of BACKENDS) {
  test(`${backend}: no-LLM mode judges from the wiki, stores every run and serves a repeat from the store`, async (t) => {
    const app = await appWithSample(t, backend);
    const result = await check(app, { input_type: 'text', input_payload: TRUE_CLAIM });
    // The 화성 sentence states the claim (the rules' kind 'stated', measured ≥ 0.9 precise): TRUE.
    assert.equal(result.label, 'TRUE', JSON.stringify(result.limitations));
    assert.equal(result.model_info.provider, 'none');
    assert.ok(result.risk_flags.includes('NO_LLM'));
    assert.equal(result.claim, TRUE_CLAIM);
    assert.equal(result.cached, false);
    assert.match(result.headline, /[가-힣]/);
    assert.ok(result.citations.length >= 1 && result.citations[0]!.source_type === 'WIKIPEDIA');
    assert.equal(typeof result.citations[0]!.chunk_id, 'number', 'a wiki citation names its chunk');
    assertQuotesVerbatim(result, MARS);
    assert.ok(result.confidence >= 0.9 && result.confidence < 1, String(result.confidence));
    assert.deepEqual(result.stages.map((s) => s.stage).sort(), [...STAGE_NAMES].sort(), 'every stage is timed');
    assert.equal(result.stages.find((s) => s.stage === 'stage03_web')?.status, 'skipped');

    const stored = await app.inject({ method: 'GET', url: `/v1/analyses/${result.analysis_id}` });
    assert.equal(stored.statusCode, 200);
    const body = stored.json();
    assert.equal(body.input_payload, TRUE_CLAIM);
    assert.equal(body.claim, TRUE_CLAIM);
    assert.equal(body.streamed, false);
    assert.equal(body.result.label, 'TRUE');

    const again = await check(app, { input_payload: `  ${TRUE_CLAIM}  ` }, '/v1/truth/check');
    assert.equal(again.cached, true);
    assert.equal(again.analysis_id, result.analysis_id);
    const fresh = await check(app, { input_payload: TRUE_CLAIM, no_cache: true });
    assert.equal(fresh.cached, false);
    assert.notEqual(fresh.analysis_id, result.analysis_id);
    const { rows } = await app.db.query<{ n: number }>('SELECT count(*)::int AS n FROM analyses');
    assert.equal(rows[0]?.n, 2);
  });
}

test('no-LLM mode: a contradicted number is refuted (its refutation cited), a question REFUSED, bytes that are no image a 400, an unknown topic UNVERIFIED', async (t) => {
  const app = await appWithSample(t);
  const falseResult = await check(app, { input_payload: FALSE_CLAIM });
  // 3번째 against the sentence's 4번째: FALSE, or withheld when its kind measured under 0.9.
  const withheld = falseResult.label === 'UNVERIFIED' && falseResult.limitations.some((l) => WITHHELD.test(l));
  assert.ok(
    falseResult.label === 'FALSE' || withheld,
    `${falseResult.label} ${JSON.stringify(falseResult.limitations)}`,
  );
  assert.ok(falseResult.citations.some((c) => c.stance === 'refute'));
  assertQuotesVerbatim(falseResult, MARS);

  const question = await check(app, { input_payload: '화성은 태양계의 몇 번째 행성인가요?' });
  assert.equal(question.label, 'REFUSED');
  assert.equal(question.refusal_reason, 'question');
  assert.ok(question.risk_flags.includes('NOT_CHECKABLE'));

  // Images are read (OCR, truth-image tests); bytes that are no image are a 400 before any run.
  const image = await app.inject({
    method: 'POST',
    url: '/truth/check',
    payload: { input_type: 'image', input_payload: 'data:image/png;base64,AAAA' },
  });
  assert.equal(image.statusCode, 400);
  assert.equal(image.json().code, 'IMAGE_FORMAT');

  const unknown = await check(app, { input_payload: '올라라전자가 2031년 3분기 영업이익 9조원을 기록했다.' });
  assert.equal(unknown.label, 'UNVERIFIED');
  assert.ok(unknown.risk_flags.includes('LOW_EVIDENCE'));
  assert.deepEqual(unknown.citations, []);
});

// ─── with an LLM ─────────────────────────────────────────────────────────────

test('with an LLM every label is reachable, and the rules hold the judge to the evidence', async (t) => {
  let plan: LlmPlan = {};
  const fake = await fakeChatServer(t, (req) => llmScript(plan)(req));
  const app = await appWithSample(t, 'pglite', { ...LLM_ENV(fake.url), OLALA_RESULT_CACHE_SECONDS: '0' });

  plan = {
    support: (req) => jsonReply(verifyAnswer([cite(req, '태양계의 4번째 행성이며', 'support')], 'TRUE')),
    judge: 'TRUE',
  };
  const yes = await check(app, { input_payload: TRUE_CLAIM });
  assert.equal(yes.label, 'TRUE');
  assert.equal(yes.headline, '판정: TRUE');
  assert.deepEqual(yes.model_info, { provider: 'ollama', model: 'qwen2.5:7b', version: '7b' });
  assert.ok(!yes.risk_flags.includes('NO_LLM'));
  assert.ok(
    fake.requests.some((r) => roleOf(r) === 'querygen'),
    'stage 2 asked the LLM for queries',
  );

  plan = {
    skeptic: (req) => jsonReply(verifyAnswer([cite(req, '태양계의 4번째 행성이며', 'refute')], 'FALSE')),
    judge: 'FALSE',
  };
  assert.equal((await check(app, { input_payload: FALSE_CLAIM })).label, 'FALSE');

  plan = {
    support: (req) => jsonReply(verifyAnswer([cite(req, '태양계의 4번째 행성이며', 'support')], 'TRUE')),
    skeptic: (req) => jsonReply(verifyAnswer([cite(req, '4개의 지구형 행성 중 하나이다', 'refute')], 'FALSE')),
    judge: 'TRUE',
  };
  const mixed = await check(app, { input_payload: TRUE_CLAIM });
  assert.equal(
    mixed.label,
    'MIXED',
    'support and refutation from credible sources are MIXED even when the judge says TRUE',
  );
  assert.ok(mixed.risk_flags.includes('CONFLICTING_EVIDENCE'));

  plan = { judge: 'TRUE' };
  const none = await check(app, { input_payload: TRUE_CLAIM });
  assert.equal(none.label, 'UNVERIFIED', 'no citation, no verdict: the judge is not even asked');
  assert.equal(none.stages.find((s) => s.stage === 'stage09_judge')?.status, 'skipped');

  assert.equal((await check(app, { input_payload: '화성 탐사는 정말 멋진 일이라고 생각한다.' })).label, 'REFUSED');
});

test('invented quotes are dropped: a verdict resting on them is UNVERIFIED and flagged', async (t) => {
  const fake = await fakeChatServer(
    t,
    llmScript({
      support: (req) =>
        jsonReply(
          verifyAnswer(
            [
              {
                evid_id: evidenceIdWith(req.user, '4번째 행성'),
                quote: '화성은 태양에서 네 번째로 가까운 행성이라고 한다',
                stance: 'support',
              },
              { evid_id: 'ev_deadbeef', quote: '태양계의 4번째 행성이며', stance: 'support' },
            ],
            'TRUE',
          ),
        ),
      judge: 'TRUE',
    }),
  );
  const app = await appWithSample(t, 'pglite', LLM_ENV(fake.url));
  const result = await check(app, { input_payload: TRUE_CLAIM });
  assert.equal(result.label, 'UNVERIFIED');
  assert.ok(result.risk_flags.includes('HALLUCINATION_DETECTED'));
  assert.deepEqual(result.citations, []);
  assert.ok(result.limitations.some((l) => l.includes('근거에 없는 인용 2개')));
});

test('malformed JSON is repaired by one more call; the verdict stands', async (t) => {
  let broken = true;
  const fake = await fakeChatServer(
    t,
    llmScript({
      support: (req) => {
        if (broken && !req.user.includes('JSON')) return '{"stance": "TRUE", "confidence": 0.9, "citations": [';
        broken = false;
        const id = /\[(ev_[0-9a-f]{8})\][^\n]*\n[^[]*태양계의 4번째 행성이며/.exec(
          req.messages.map((m) => m.content).join('\n'),
        )?.[1];
        return jsonReply(
          verifyAnswer(id ? [{ evid_id: id, quote: '태양계의 4번째 행성이며', stance: 'support' }] : [], 'TRUE'),
        );
      },
      judge: 'TRUE',
    }),
  );
  const app = await appWithSample(t, 'pglite', LLM_ENV(fake.url));
  const result = await check(app, { input_payload: TRUE_CLAIM });
  assert.equal(result.label, 'TRUE');
  assert.equal(fake.requests.filter((r) => roleOf(r) === 'support').length >= 1, true);
  assert.equal(broken, false, 'the repair call was made');
});

test('an LLM timeout makes UNVERIFIED with TIMEOUT and LLM_FAILED flags, never TRUE or FALSE, and is not cached', async (t) => {
  const fake = await fakeChatServer(
    t,
    llmScript({
      support: () => ({ hang: true }),
      skeptic: (req) => jsonReply(verifyAnswer([cite(req, '태양계의 4번째 행성이며', 'refute')], 'FALSE')),
      judge: 'FALSE',
    }),
  );
  const app = await appWithSample(t, 'pglite', { ...LLM_ENV(fake.url), SLM2_TIMEOUT_SECONDS: '1' });
  const result = await check(app, { input_payload: FALSE_CLAIM });
  assert.equal(result.label, 'UNVERIFIED');
  assert.ok(result.risk_flags.includes('TIMEOUT'), result.risk_flags.join());
  assert.ok(result.risk_flags.includes('LLM_FAILED'));
  assert.equal(result.stages.find((s) => s.stage === 'stage06_verify_support')?.status, 'timeout');
  const again = await check(app, { input_payload: FALSE_CLAIM });
  assert.equal(again.cached, false, 'a degraded result is not served again');
});

// ─── streaming ───────────────────────────────────────────────────────────────

test('the stream sends stage_complete per stage in order, then complete; the run is stored as streamed', async (t) => {
  const app = await appWithSample(t);
  const res = await app.inject({
    method: 'POST',
    url: '/api/truth/check/stream',
    payload: { input_payload: TRUE_CLAIM },
  });
  assert.equal(res.statusCode, 200);
  assert.match(String(res.headers['content-type']), /application\/x-ndjson/);
  const events = res.body
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
  const stages = events.filter((e) => e.event === 'stage_complete').map((e) => e.stage);
  assert.deepEqual([...stages].sort(), [...STAGE_NAMES].sort(), 'one event per stage');
  assert.deepEqual(stages.slice(0, 2), ['stage00_ocr', 'stage01_normalize'], 'OCR (skipped for text) comes first');
  assert.ok(stages.indexOf('stage05_topk') < stages.indexOf('stage06_verify_support'));
  assert.ok(stages.indexOf('stage08_aggregate') < stages.indexOf('stage09_judge'));
  assert.ok(
    events.find((e) => e.stage === 'stage02_querygen').data.search_queries.wiki.length > 0,
    'stage 2 carries the queries',
  );
  const last = events.at(-1);
  assert.equal(last.event, 'complete');
  assert.equal(last.data.label, 'TRUE');
  const stored = await app.inject({ method: 'GET', url: `/v1/analyses/${last.data.analysis_id}` });
  assert.equal(stored.json().streamed, true);

  const sse = await app.inject({
    method: 'POST',
    url: '/v1/api/truth/check/stream',
    headers: { accept: 'text/event-stream' },
    payload: { input_payload: FALSE_CLAIM },
  });
  assert.match(String(sse.headers['content-type']), /text\/event-stream/);
  assert.match(sse.body, /^event: stage_complete\ndata: \{"event":"stage_complete","stage":"stage00_ocr"/);
  assert.match(sse.body, /event: complete\ndata: \{"event":"complete","data":\{"analysis_id"/);
});

test('when the client disconnects, the run stops its LLM calls and is stored as cancelled', async (t) => {
  const fake = await fakeChatServer(t, llmScript({ support: () => ({ hang: true }), skeptic: () => ({ hang: true }) }));
  const app = await appWithSample(t, 'pglite', LLM_ENV(fake.url));
  const base = await app.listen({ host: '127.0.0.1', port: 0 });
  const controller = new AbortController();
  const res = await fetch(`${base}/api/truth/check/stream`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ input_payload: TRUE_CLAIM }),
    signal: controller.signal,
  });
  const reader = res.body!.getReader();
  let text = '';
  while (!text.includes('stage05_topk')) text += new TextDecoder().decode((await reader.read()).value);
  // Both verifiers are now waiting on the (hanging) model.
  for (
    let i = 0;
    i < 100 && fake.requests.filter((r) => roleOf(r) === 'support' || roleOf(r) === 'skeptic').length < 2;
    i++
  )
    await new Promise((r) => setTimeout(r, 20));
  controller.abort();
  const verifiers = () => fake.requests.filter((r) => roleOf(r) === 'support' || roleOf(r) === 'skeptic');
  for (let i = 0; i < 100 && !verifiers().every((r) => r.closedEarly); i++) await new Promise((r) => setTimeout(r, 20));
  assert.ok(verifiers().length >= 2 && verifiers().every((r) => r.closedEarly), 'the pending LLM calls were aborted');
  let status: string | undefined;
  for (let i = 0; i < 100 && !status; i++) {
    status = (await app.db.query<{ status: string }>('SELECT status FROM analyses')).rows[0]?.status;
    if (!status) await new Promise((r) => setTimeout(r, 20));
  }
  assert.equal(status, 'cancelled');
  assert.ok(!fake.requests.some((r) => roleOf(r) === 'judge'), 'the judge was never called');
});

// ─── bad input ───────────────────────────────────────────────────────────────

test('empty, malformed, oversized and wrongly typed bodies get a clear 400 or 413', async (t) => {
  // The truth routes take the global limit plus an image at the OCR byte limit (1 KB here).
  const app = await build(t, 'pglite', { OLALA_BODY_LIMIT: '65536', OLALA_OCR_MAX_BYTES: '1024' });
  const post = (payload: string, url = '/truth/check') =>
    app.inject({ method: 'POST', url, headers: { 'content-type': 'application/json' }, payload });
  const cases: [string, number, RegExp][] = [
    ['', 400, /body/i],
    ['{"input_payload": ', 400, /JSON/i],
    ['{}', 400, /input_payload/],
    ['{"input_payload": ""}', 400, /input_payload.*(fewer|NOT have fewer|at least)/i],
    [JSON.stringify({ input_payload: 'a'.repeat(20_001) }), 400, /input_payload/],
    [JSON.stringify({ input_payload: '화성은 행성이다', input_type: 'video' }), 400, /input_type.*text, url, image/],
    [JSON.stringify({ input_payload: 'x'.repeat(70_000) }), 413, /요청 본문이 너무 큽니다/],
  ];
  for (const url of ['/truth/check', '/api/truth/check/stream']) {
    for (const [payload, status, message] of cases) {
      const res = await post(payload, url);
      assert.equal(res.statusCode, status, `${url} ${payload.slice(0, 40)}: ${res.body}`);
      assert.match(res.json().message, message);
    }
  }
  const missing = await app.inject({ method: 'GET', url: '/v1/analyses/00000000-0000-4000-8000-000000000000' });
  assert.equal(missing.statusCode, 404);
  assert.equal((await app.inject({ method: 'GET', url: '/v1/analyses/not-a-uuid' })).statusCode, 400);
});
