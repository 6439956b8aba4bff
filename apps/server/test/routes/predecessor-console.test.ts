import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { TruthCheckResponse } from '@olala/contract';
import { appWithSample, rulesSupported } from '../truth-fakes.js';

/**
 * The predecessor's browser console (its `web/` dev tool) sends every optional field, `null`
 * where unset, and draws its stage timeline from `stage_logs` and its verdict from
 * `final_verdict` (or `stage_outputs.stage09_judge.final_verdict`). This is its request, byte
 * for byte, on both routes it calls.
 */
const CONSOLE_REQUEST = {
  input_type: 'text',
  input_payload: '화성은 태양계의 4번째 행성이다.',
  user_request: null,
  as_of: null,
  language: 'ko',
  start_stage: null,
  end_stage: null,
  querygen_prompt: null,
  normalize_mode: null,
  stage_state: {},
  include_full_outputs: true,
};

/** The predecessor's node names, which its console knows. */
const PREDECESSOR_STAGES = [
  'stage01_normalize',
  'stage02_querygen',
  'stage03_wiki',
  'stage03_web',
  'stage03_merge',
  'stage04_score',
  'stage05_topk',
  'stage06_verify_support',
  'stage07_verify_skeptic',
  'stage08_aggregate',
  'stage09_judge',
];

function assertConsoleShape(result: TruthCheckResponse & { stage_logs?: unknown; final_verdict?: unknown }) {
  const logs = result.stage_logs as { stage: string; event: string }[];
  assert.ok(Array.isArray(logs), 'stage_logs is a list');
  assert.deepEqual(
    logs.map((l) => l.stage),
    result.stages.map((s) => s.stage),
    'one entry per timed stage',
  );
  for (const stage of PREDECESSOR_STAGES)
    assert.ok(
      logs.some((l) => l.stage === stage),
      `${stage} is in the timeline`,
    );
  for (const l of logs) assert.ok(l.event === 'end' || l.event === 'error', `event of ${l.stage}: ${l.event}`);

  const verdict = result.final_verdict as { label: string; confidence: number; summary: string; risk_flags: string[] };
  assert.deepEqual(verdict, {
    label: result.label,
    confidence: result.confidence,
    summary: result.summary,
    risk_flags: result.risk_flags,
  });
  assert.ok(rulesSupported(result), result.label);
  const judge = result.stage_outputs?.stage09_judge as { final_verdict?: unknown } | undefined;
  assert.deepEqual(judge?.final_verdict, verdict, 'the console also reads stage_outputs.stage09_judge.final_verdict');
}

test("the predecessor console's request: 200 with stage_logs and final_verdict, synchronous and streamed", async (t) => {
  const app = await appWithSample(t);
  const res = await app.inject({ method: 'POST', url: '/truth/check', payload: CONSOLE_REQUEST });
  assert.equal(res.statusCode, 200, res.body);
  assertConsoleShape(res.json());

  // Served from the store, the debug view is the same.
  const again = await app.inject({ method: 'POST', url: '/v1/truth/check', payload: CONSOLE_REQUEST });
  assert.equal(again.statusCode, 200, again.body);
  assert.equal(again.json<TruthCheckResponse>().cached, true);
  assertConsoleShape(again.json());

  const stream = await app.inject({
    method: 'POST',
    url: '/api/truth/check/stream',
    payload: { ...CONSOLE_REQUEST, no_cache: true },
  });
  assert.equal(stream.statusCode, 200, stream.body);
  const events = stream.body
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as { event: string; data: TruthCheckResponse });
  const complete = events.find((e) => e.event === 'complete');
  assert.ok(complete, stream.body);
  assertConsoleShape(complete.data);

  // Without include_full_outputs the debug fields stay out.
  const plain = await app.inject({
    method: 'POST',
    url: '/truth/check',
    payload: { ...CONSOLE_REQUEST, include_full_outputs: null },
  });
  assert.equal(plain.statusCode, 200, plain.body);
  const body = plain.json<Record<string, unknown>>();
  assert.equal(body.stage_logs, undefined);
  assert.equal(body.final_verdict, undefined);
  assert.equal(body.stage_outputs, undefined);
});
