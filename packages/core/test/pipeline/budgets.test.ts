import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { test } from 'node:test';
import { Type } from 'typebox';
import { ConfigError, loadConfig } from '@olala/core';
import { LlmError, type ChatJsonRequest, type LlmClient } from '../../src/llm/types.js';
import { RunContext } from '../../src/pipeline/run-context.js';
import type { PipelineDeps } from '../../src/pipeline/types.js';

const Answer = Type.Object({ ok: Type.Boolean() });
const REQUEST: ChatJsonRequest<typeof Answer> = {
  system: 's',
  user: 'u',
  schema: Answer,
  schemaName: 'answer',
  timeoutMs: 60_000,
};

/** A model that answers after `ms`, or just past the deadline it was given, remembering each deadline. */
function slowModel(ms: number) {
  const deadlines: (number | undefined)[] = [];
  const client: LlmClient = {
    role: 'verify',
    provider: 'ollama',
    model: 'fake:1',
    async chatJson(request) {
      deadlines.push(request.timeoutMs);
      await sleep(Math.min(ms, (request.timeoutMs ?? ms) + 5));
      return { value: { ok: true } as never, provider: 'ollama', model: 'fake:1', attempts: 1, repaired: false, ms };
    },
  };
  return { client, deadlines };
}

const depsWith = (budgets: PipelineDeps['budgets']): PipelineDeps => ({
  db: undefined as never,
  wiki: undefined as never,
  llm: {},
  providers: [],
  budgets,
});

test('RUN_BUDGET_SECONDS is the run budget and LLM_REQUEST_BUDGET_SECONDS the LLM one; both default to 90 s', () => {
  const defaults = loadConfig({});
  assert.equal(defaults.runBudgetMs, 90_000);
  assert.equal(defaults.llm.requestBudgetMs, 90_000);
  const both = loadConfig({ RUN_BUDGET_SECONDS: '150', LLM_REQUEST_BUDGET_SECONDS: '40' });
  assert.equal(both.runBudgetMs, 150_000);
  assert.equal(both.llm.requestBudgetMs, 40_000);
  assert.throws(
    () => loadConfig({ RUN_BUDGET_SECONDS: '0' }),
    (err: Error) =>
      err instanceof ConfigError && /RUN_BUDGET_SECONDS/.test(err.message) && /from 1 to 3600/.test(err.message),
  );
});

test('LLM_REQUEST_BUDGET_SECONDS alone still sets the run budget (its old meaning), with one deprecation warning per process', async () => {
  const warnings: Error[] = [];
  const onWarning = (w: Error) => warnings.push(w);
  process.on('warning', onWarning);
  try {
    assert.equal(loadConfig({ LLM_REQUEST_BUDGET_SECONDS: '45' }).runBudgetMs, 45_000);
    assert.equal(loadConfig({ LLM_REQUEST_BUDGET_SECONDS: '30' }).runBudgetMs, 30_000);
    // Warnings are emitted on the next tick.
    await sleep(10);
  } finally {
    process.off('warning', onWarning);
  }
  const ours = warnings.filter((w) => /RUN_BUDGET_SECONDS/.test(w.message));
  assert.equal(ours.length, 1);
  assert.equal(ours[0]!.name, 'DeprecationWarning');
});

test("a run's LLM calls share its LLM budget: overlapping calls count once, each is bounded by what is left, none starts once it is spent", async () => {
  const run = new RunContext(depsWith({ totalMs: 10_000, llmMs: 1000 }), {});
  const { client, deadlines } = slowModel(200);
  const llm = run.meterLlm({ verify: client }).verify!;

  // Support and skeptic run side by side: ~200 ms of the budget, not ~400.
  await Promise.all([llm.chatJson(REQUEST), llm.chatJson(REQUEST)]);
  const left = run.llmRemainingMs();
  // A timer may fire up to a millisecond before the clock the budget reads says it is due.
  assert.ok(left > 600 && left <= 801, `left ${left} ms`);
  assert.ok(
    deadlines.every((d) => d !== undefined && d <= 1000),
    `deadlines ${deadlines.join(', ')}`,
  );

  // A slow answer is cut at what was left (the client's deadline), and that spends the budget.
  const { client: slower, deadlines: slowerDeadlines } = slowModel(5000);
  await run.meterLlm({ verify: slower }).verify!.chatJson(REQUEST);
  deadlines.push(...slowerDeadlines);
  assert.ok(deadlines[2]! <= left, 'the third call may take only what was left');
  assert.equal(run.llmRemainingMs(), 0);
  await assert.rejects(
    llm.chatJson(REQUEST),
    (err: Error) => err instanceof LlmError && err.code === 'TIMEOUT' && /LLM budget/.test(err.message),
  );
  assert.equal(deadlines.length, 3, 'a call past the budget never reaches the model');
});

test('without an LLM budget the clients are the configured ones, bounded by the run alone', () => {
  const { client } = slowModel(1);
  const run = new RunContext(depsWith({ totalMs: 10_000 }), {});
  assert.equal(run.meterLlm({ verify: client }).verify, client);
});
