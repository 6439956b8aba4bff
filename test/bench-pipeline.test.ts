// The pipeline bench's accounting (bench/lib/pipeline-fake-llm.ts): what it subtracts as LLM
// time, and that its fake's quotes pass the pipeline's own quote check (so the judge runs).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { LlmClient } from '@olala/core';
import { firstQuote, LlmTimer } from '../bench/lib/pipeline-fake-llm.js';
import { type Evidence, verbatimQuote, evidenceLines } from '@olala/core/pipeline';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function slowClient(ms: number): LlmClient {
  const chatJson = (async () => {
    await sleep(ms);
    return { value: {}, provider: 'ollama', model: 'slow', attempts: 1, repaired: false, ms };
  }) as unknown as LlmClient['chatJson'];
  return { role: 'verify', provider: 'ollama', model: 'slow', chatJson };
}

test('LLM time counts parallel calls once and all of a delay, so overhead excludes the fake delay', async () => {
  const timer = new LlmTimer();
  const client = timer.wrap(slowClient(100));
  let sum = 0;
  const call = async () => {
    const t = performance.now();
    await client.chatJson({ system: '', user: '', schema: {} as never, schemaName: 'x' });
    sum += performance.now() - t;
  };
  const started = performance.now();
  await Promise.all([call(), call()]);
  await sleep(50);
  await call();
  const wall = performance.now() - started;
  const { ms, calls } = timer.take();
  assert.equal(calls, 3);
  assert.ok(ms >= 195, `two rounds of 100 ms are LLM time, measured ${ms}`);
  assert.ok(ms <= wall - 45, `the 50 ms between calls is not LLM time (LLM ${ms}, wall ${wall})`);
  assert.ok(ms <= sum - 80, `the two parallel calls count once (LLM ${ms}, sum of calls ${sum})`);
  assert.deepEqual(timer.take(), { ms: 0, calls: 0 }, 'take starts again');
});

test("the fake's quote is verbatim in the evidence it names, as the verifier prompt shows it", () => {
  const content =
    '화성(火星, )은 태양계의 4번째 행성이며,\n4개의 지구형 행성 중 하나이다. 표면의 철의 산화로 붉은색을 띤다.';
  const evidence: Evidence = {
    evid_id: 'ev_0123abcd',
    source_type: 'WIKIPEDIA',
    title: '화성',
    url: 'wiki://page/518',
    content,
    provider: 'wiki',
    trust_tier: 'encyclopedia',
    trust: 0.82,
    relevance: 1,
  };
  const prompt = `주장: 화성은 태양계의 4번째 행성이다.\n\n근거 자료:\n${evidenceLines([evidence], '화성은 태양계의 4번째 행성이다.')}`;
  const quote = firstQuote(prompt);
  assert.ok(quote);
  assert.equal(quote.evid_id, evidence.evid_id);
  assert.equal(verbatimQuote(quote.quote, content), quote.quote);
  assert.equal(firstQuote('주장: 근거가 없다.\n\n근거 자료:\n'), undefined);
});
