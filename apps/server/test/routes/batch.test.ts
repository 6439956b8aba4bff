import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { BatchLine } from '@olala/contract';
import { takeBudget } from '@olala/core/identity';
import { build } from '../helper.js';
import { appWithLog } from '../logged-app.js';
import { appWithSample } from '../truth-fakes.js';

const CLAIMS = [
  { id: 'mars-4', claim: '화성은 태양계의 4번째 행성이다.' },
  { id: 'mars-3', claim: '화성은 태양계의 3번째 행성이다.' },
  { id: 'question', claim: '화성은 태양계의 몇 번째 행성인가요?' },
  { id: '회사-실적', claim: '올라라전자가 2031년 3분기 영업이익 9조원을 기록했다.' },
];

function postBatch(app: FastifyInstance, payload: unknown, headers: Record<string, string> = {}) {
  return app.inject({ method: 'POST', url: '/v1/truth/batch', headers, payload: payload as object });
}

/** Every line of an NDJSON body, parsed; a line that is not JSON fails the test. */
function ndjson(body: string): BatchLine[] {
  assert.ok(body === '' || body.endsWith('\n'), 'the body ends with a whole line');
  return body
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as BatchLine);
}

test('a batch answers every claim as one NDJSON line, with the same result a single check gives, and stores each run', async (t) => {
  const app = await appWithSample(t);
  const res = await postBatch(app, { claims: CLAIMS });
  assert.equal(res.statusCode, 200, res.body);
  assert.match(String(res.headers['content-type']), /^application\/x-ndjson/);
  const lines = ndjson(res.body);
  assert.deepEqual(lines.map((l) => l.id).sort(), CLAIMS.map((c) => c.id).sort());
  const byId = new Map(lines.map((l) => [l.id, l]));
  for (const line of lines) assert.ok('result' in line, JSON.stringify(line));
  const result = (id: string) => (byId.get(id) as Extract<BatchLine, { result: unknown }>).result;
  assert.equal(result('question').label, 'REFUSED');
  assert.equal(result('회사-실적').label, 'UNVERIFIED');
  assert.equal(result('mars-4').claim, '화성은 태양계의 4번째 행성이다.');
  // Debug output stays out, as on /truth/check without include_full_outputs.
  assert.equal(result('mars-4').stage_outputs, undefined);

  const { rows } = await app.db.query<{ n: number }>(
    "SELECT count(*)::int AS n FROM analyses WHERE status = 'complete'",
  );
  assert.equal(rows[0]!.n, CLAIMS.length);
  // The same claim alone gets the same verdict (served from the store the batch filled).
  const single = await app.inject({
    method: 'POST',
    url: '/v1/truth/check',
    payload: { input_payload: CLAIMS[1]!.claim },
  });
  assert.equal(single.json().label, result('mars-3').label);
  assert.equal(single.json().analysis_id, result('mars-3').analysis_id);
});

test('a batch is refused with a 400 naming the field: over 100 claims, none, a repeated id, claim and url together, an unknown field', async (t) => {
  const app = await build(t);
  const many = Array.from({ length: 101 }, (_, i) => ({ id: `c${i}`, claim: '화성은 행성이다.' }));
  const cases: [unknown, RegExp][] = [
    [{ claims: many }, /body\/claims must NOT have more than 100 items/],
    [{ claims: [] }, /body\/claims must NOT have fewer than 1 items/],
    [
      {
        claims: [
          { id: 'a', claim: '화성은 행성이다.' },
          { id: 'b', claim: '금성은 행성이다.' },
          { id: 'a', claim: '지구는 행성이다.' },
        ],
      },
      /body\/claims\/2\/id: id "a"가 body\/claims\/0\/id와 겹칩니다/,
    ],
    [
      { claims: [{ id: 'a', claim: '화성은 행성이다.', url: 'https://example.com/a' }] },
      /body\/claims\/0: claim.*url 중 하나만/,
    ],
    [{ claims: [{ id: 'a' }] }, /body\/claims\/0: claim.*url 중 하나만/],
    [{ claims: [{ id: '', claim: '화성은 행성이다.' }] }, /body\/claims\/0\/id/],
    [{ claims: [{ id: 'a'.repeat(101), claim: '화성은 행성이다.' }] }, /body\/claims\/0\/id/],
    [{ claims: [{ id: 'a\nb', claim: '화성은 행성이다.' }] }, /body\/claims\/0\/id/],
    [{ claims: [{ id: 'a', claim: 'x'.repeat(20_001) }] }, /body\/claims\/0\/claim/],
    [{ claims: [{ id: 'a', text: '화성은 행성이다.' }] }, /body\/claims\/0\/text: 알 수 없는 항목입니다/],
  ];
  for (const [payload, message] of cases) {
    const res = await postBatch(app, payload);
    assert.equal(res.statusCode, 400, `${JSON.stringify(payload).slice(0, 80)}: ${res.body}`);
    assert.equal(res.json().code, 'BAD_REQUEST');
    assert.match(res.json().message, message);
  }
  const { rows } = await app.db.query<{ n: number }>('SELECT count(*)::int AS n FROM analyses');
  assert.equal(rows[0]!.n, 0, 'a refused batch runs nothing');
});

test("without a key each claim counts against the address's 30 per minute: claims past it are RATE_LIMITED, then the batch a 429", async (t) => {
  let clock = new Date('2026-12-01T09:00:00Z');
  const { app } = await appWithLog(t, { now: () => clock });
  // 29 of the address's 30 already spent this minute (the clock stands still until moved).
  assert.equal((await takeBudget(app.db, 'ip:127.0.0.1', 29, 30, clock)).granted, 29);
  const res = await postBatch(app, {
    claims: [
      { id: 'n0', claim: '화성은 태양계의 4번째 행성이다.' },
      { id: 'n1', claim: '금성은 태양계의 2번째 행성이다.' },
    ],
  });
  assert.equal(res.statusCode, 200, res.body);
  const lines = ndjson(res.body);
  assert.deepEqual(lines.map((l) => [l.id, 'error' in l ? l.error.code : 'result']).sort(), [
    ['n0', 'result'],
    ['n1', 'RATE_LIMITED'],
  ]);
  assert.match(JSON.stringify(lines.find((l) => l.id === 'n1')), /분당 30건/);
  const again = await postBatch(app, { claims: [{ id: 'x', claim: '화성은 행성이다.' }] });
  assert.equal(again.statusCode, 429, again.body);
  assert.equal(again.json().code, 'RATE_LIMITED');
  assert.match(again.json().message, /분당 30건/);
  assert.equal(again.headers['retry-after'], '2');
  // One unit comes back every 2 s.
  clock = new Date(clock.getTime() + 2000);
  assert.equal(
    (await postBatch(app, { claims: [{ id: 'x', claim: '화성은 태양계의 4번째 행성이다.' }] })).statusCode,
    200,
  );
});

test('a batch is one run of the truth service: one slot of the run limiter for all its claims, each answered as when sent alone', async (t) => {
  const app = await appWithSample(t, 'pglite', { OLALA_MAX_CONCURRENT_CHECKS: '1', OLALA_RESULT_CACHE_SECONDS: '0' });
  const limiter = app.truth.limiter;
  const run = limiter.run.bind(limiter);
  let slots = 0;
  limiter.run = (fn) => (slots++, run(fn));
  const claims = [
    ...CLAIMS,
    { id: 'sejong', claim: '세종대왕은 한글을 창제하였다.' },
    { id: 'busan', claim: '부산은 대한민국의 수도이다.' },
  ];
  const res = await postBatch(app, { claims });
  assert.equal(res.statusCode, 200, res.body);
  assert.equal(slots, 1);
  const lines = ndjson(res.body);
  assert.deepEqual(lines.map((l) => l.id).sort(), claims.map((c) => c.id).sort());
  for (const line of lines) {
    assert.ok('result' in line, JSON.stringify(line));
    const claim = claims.find((c) => c.id === line.id)!.claim;
    const alone = await app.inject({ method: 'POST', url: '/v1/truth/check', payload: { input_payload: claim } });
    const view = (r: Record<string, unknown>) => [
      r.claim,
      r.label,
      r.confidence,
      r.citations,
      r.counter_evidence,
      r.related,
    ];
    assert.deepEqual(view(line.result as unknown as Record<string, unknown>), view(alone.json()), claim);
  }
  assert.ok(lines.some((l) => 'result' in l && l.result.citations.length > 0));
});
