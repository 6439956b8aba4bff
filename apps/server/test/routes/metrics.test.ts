import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fakeChatServer } from '@olala/testing';
import { appWithSample, LLM_ENV, llmScript } from '../truth-fakes.js';

/** Sample lines of the Prometheus text format: `name{labels} value`. */
const SAMPLE =
  /^[a-zA-Z_:][a-zA-Z0-9_:]*(\{(?:[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\]|\\.)*",?)*\})? (?:[-+]?(?:\d+\.?\d*(?:[eE][-+]?\d+)?|\.\d+)|NaN|[-+]Inf)$/;

function parse(text: string): Map<string, number> {
  const samples = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('# HELP ') || line.startsWith('# TYPE ')) continue;
    assert.match(line, SAMPLE, 'a line that is not Prometheus text');
    const at = line.lastIndexOf(' ');
    samples.set(line.slice(0, at), Number(line.slice(at + 1)));
  }
  return samples;
}

test('GET /metrics is Prometheus text that moves after a verification: stages, verdicts, LLM calls, search, HTTP', async (t) => {
  const fake = await fakeChatServer(t, llmScript({}));
  const app = await appWithSample(t, 'pglite', LLM_ENV(fake.url));
  const read = async () => {
    const res = await app.inject({ method: 'GET', url: '/metrics' });
    assert.equal(res.statusCode, 200);
    assert.match(String(res.headers['content-type']), /^text\/plain; version=0\.0\.4/);
    return parse(res.body);
  };
  const before = await read();
  assert.equal(before.get('olala_verdicts_total{label="UNVERIFIED",cached="false"}') ?? 0, 0);

  const check = await app.inject({
    method: 'POST',
    url: '/truth/check',
    payload: { input_payload: '화성은 태양계의 4번째 행성이다.' },
  });
  assert.equal(check.statusCode, 200);
  const after = await read();
  assert.equal(after.get('olala_verdicts_total{label="UNVERIFIED",cached="false"}'), 1);
  assert.equal(after.get('olala_pipeline_stage_duration_seconds_count{stage="stage01_normalize",status="ok"}'), 1);
  assert.equal(after.get('olala_pipeline_stage_duration_seconds_count{stage="stage09_judge",status="skipped"}'), 1);
  assert.equal(after.get('olala_llm_calls_total{role="verify",model="qwen2.5:3b",outcome="ok"}'), 2, 'both verifiers');
  assert.equal(after.get('olala_llm_calls_total{role="claim",model="qwen2.5:3b",outcome="ok"}'), 1, 'querygen');
  assert.ok((after.get('olala_wiki_search_duration_seconds_count{mode="lexical"}') ?? 0) >= 1);
  assert.equal(
    after.get('olala_http_request_duration_seconds_count{method="POST",route="/truth/check",status="200"}'),
    1,
  );
  assert.ok((after.get('olala_process_resident_memory_bytes') ?? 0) > 0);
  assert.equal(after.get('olala_chat_connections'), 0);
  assert.equal(after.get('olala_chat_messages_total'), 0);
});

test('GET /metrics is for the host or a scraper with OLALA_METRICS_TOKEN, not the public', async (t) => {
  const open = await appWithSample(t);
  assert.equal((await open.inject({ method: 'GET', url: '/metrics', remoteAddress: '203.0.113.9' })).statusCode, 403);
  assert.equal(
    (await open.inject({ method: 'GET', url: '/metrics', remoteAddress: '10.0.0.5' })).statusCode,
    403,
    'private networks are not trusted',
  );

  const guarded = await appWithSample(t, 'pglite', { OLALA_METRICS_TOKEN: 'scrape-secret-123' });
  const denied = await guarded.inject({ method: 'GET', url: '/metrics' });
  assert.equal(denied.statusCode, 403, 'with a token set, loopback needs it too');
  assert.equal(denied.json().code, 'FORBIDDEN');
  assert.equal(
    (await guarded.inject({ method: 'GET', url: '/metrics', headers: { authorization: 'Bearer wrong' } })).statusCode,
    403,
  );
  const ok = await guarded.inject({
    method: 'GET',
    url: '/metrics',
    remoteAddress: '203.0.113.9',
    headers: { authorization: 'Bearer scrape-secret-123' },
  });
  assert.equal(ok.statusCode, 200);
  assert.match(ok.body, /^# HELP olala_/m);
});
