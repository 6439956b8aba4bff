import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConfigError, loadConfig } from '@olala/core';
import { loadLlmConfig } from '../../src/llm/index.js';

test('no models → no roles, and the defaults of the global knobs', () => {
  const config = loadLlmConfig({});
  assert.deepEqual(config.roles, { claim: undefined, verify: undefined, judge: undefined });
  assert.equal(config.requestBudgetMs, 90_000);
  assert.equal(config.maxRetries, 2);
  assert.equal(config.circuitFailures, 3);
  assert.equal(config.circuitOpenMs, 60_000);
});

test('SLM_* is the default of both SLMs, SLM1_/SLM2_ override it, OLLAMA_URL is the Ollama fallback', () => {
  const config = loadLlmConfig({
    OLLAMA_URL: 'http://ollama:11434',
    SLM_MODEL: 'exaone3.5:7.8b',
    SLM_TIMEOUT_SECONDS: '20',
    SLM2_MODEL: 'qwen2.5:3b',
    SLM2_BASE_URL: 'http://gpu:11434',
    SLM2_TEMPERATURE: '0',
    LLM_REQUEST_BUDGET_SECONDS: '45',
  });
  assert.deepEqual(config.roles.claim, {
    provider: 'ollama',
    baseUrl: 'http://ollama:11434',
    model: 'exaone3.5:7.8b',
    timeoutMs: 20_000,
    maxTokens: 512,
    temperature: 0.1,
  });
  assert.deepEqual(config.roles.verify, {
    provider: 'ollama',
    baseUrl: 'http://gpu:11434',
    model: 'qwen2.5:3b',
    timeoutMs: 20_000,
    maxTokens: 768,
    temperature: 0,
  });
  assert.equal(config.roles.judge, undefined, 'SLM_* does not configure the judge');
  assert.equal(config.requestBudgetMs, 45_000);
});

test('the judge on OpenAI: default base URL, key from JUDGE_API_KEY or else OPENAI_API_KEY', () => {
  const judge = loadLlmConfig({ JUDGE_PROVIDER: 'OpenAI', JUDGE_MODEL: 'gpt-4.1', OPENAI_API_KEY: 'sk-a' }).roles.judge;
  assert.deepEqual(judge, {
    provider: 'openai',
    baseUrl: 'https://api.openai.com',
    model: 'gpt-4.1',
    apiKey: 'sk-a',
    timeoutMs: 60_000,
    maxTokens: 768,
    temperature: 0.2,
  });
  assert.equal(
    loadLlmConfig({ JUDGE_PROVIDER: 'openai', JUDGE_MODEL: 'm', OPENAI_API_KEY: 'sk-a', JUDGE_API_KEY: 'sk-b' }).roles
      .judge?.apiKey,
    'sk-b',
  );
  assert.equal(
    loadLlmConfig({ SLM1_PROVIDER: 'openai', SLM1_MODEL: 'm', OPENAI_API_KEY: 'sk-a' }).roles.claim?.apiKey,
    undefined,
    'OPENAI_API_KEY is the judge’s only',
  );
});

test('bad values throw ConfigError naming the variable that held them', () => {
  const cases: [NodeJS.ProcessEnv, string, RegExp][] = [
    [{ SLM1_MODEL: 'm' }, 'SLM1_BASE_URL', /OLLAMA_URL/],
    [{ SLM1_MODEL: 'm', SLM1_PROVIDER: 'llamafile', OLLAMA_URL: 'http://o:1' }, 'SLM1_PROVIDER', /ollama or openai/],
    [{ SLM_MODEL: 'm', SLM_PROVIDER: 'x', OLLAMA_URL: 'http://o:1' }, 'SLM_PROVIDER', /"x"/],
    [{ SLM2_MODEL: 'm', SLM2_BASE_URL: 'not a url' }, 'SLM2_BASE_URL', /not a valid URL/],
    [{ JUDGE_MODEL: 'm', JUDGE_BASE_URL: 'file:///etc/passwd' }, 'JUDGE_BASE_URL', /http or https/],
    [
      { SLM_MODEL: 'm', OLLAMA_URL: 'http://o:1', SLM_TIMEOUT_SECONDS: '-1' },
      'SLM_TIMEOUT_SECONDS',
      /from 0.1 to 3600/,
    ],
    [{ SLM1_MODEL: 'm', OLLAMA_URL: 'http://o:1', SLM1_MAX_TOKENS: '1.5' }, 'SLM1_MAX_TOKENS', /integer/],
    [{ JUDGE_MODEL: 'm', OLLAMA_URL: 'http://o:1', JUDGE_TEMPERATURE: 'hot' }, 'JUDGE_TEMPERATURE', /"hot"/],
    [{ LLM_REQUEST_BUDGET_SECONDS: '0' }, 'LLM_REQUEST_BUDGET_SECONDS', /from 1 to 3600/],
    [{ LLM_MAX_RETRIES: 'many' }, 'LLM_MAX_RETRIES', /integer/],
    [{ LLM_CIRCUIT_FAILURES: '0' }, 'LLM_CIRCUIT_FAILURES', /from 1/],
    [{ LLM_CIRCUIT_OPEN_SECONDS: '-5' }, 'LLM_CIRCUIT_OPEN_SECONDS', /from 0/],
  ];
  for (const [env, variable, reason] of cases) {
    assert.throws(
      () => loadLlmConfig(env),
      (err: unknown) =>
        err instanceof ConfigError &&
        err.variable === variable &&
        reason.test(err.message) &&
        err.message.startsWith(`${variable}:`),
      `${JSON.stringify(env)} should fail on ${variable}`,
    );
  }
  // A model variable the role does not use is not validated: an unset role cannot fail.
  assert.equal(loadLlmConfig({ SLM1_TEMPERATURE: 'hot' }).roles.claim, undefined);
});

test('olala check still reads the three model names through the core config', () => {
  const env = { OLLAMA_URL: 'http://o:1', SLM1_MODEL: 'a', SLM2_MODEL: 'b', JUDGE_MODEL: 'c' };
  assert.deepEqual(loadConfig(env).llmModels, ['a', 'b', 'c']);
});
