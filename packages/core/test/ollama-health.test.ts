import assert from 'node:assert/strict';
import { test } from 'node:test';
import { configuredModels, ollamaHealth } from '../src/llm/ollama-health.js';
import { fakeChatServer, noChat } from '@olala/testing/fake-llm';
import { closedPortUrl } from '@olala/testing/loopback';

test('without OLLAMA_URL the app is in no-LLM mode and nothing is requested', async () => {
  let called = false;
  const fetchSpy = (async () => {
    called = true;
    throw new Error('must not be called');
  }) as typeof fetch;
  const health = await ollamaHealth({ ollamaUrl: undefined, embedModel: 'e', llmModels: [] }, { fetch: fetchSpy });
  assert.equal(called, false);
  assert.deepEqual(health, { configured: false, models: [{ name: 'e', role: 'embed', present: false }] });
});

test('reports which configured models Ollama has, an untagged name matching :latest', async (t) => {
  const ollama = await fakeChatServer(t, noChat, { models: ['nomic-embed-text:latest', 'gemma3:4b'] });
  const health = await ollamaHealth({
    ollamaUrl: `${ollama.url}/`,
    embedModel: 'nomic-embed-text',
    llmModels: ['gemma3:4b', 'exaone:7.8b', 'gemma3:4b'],
  });
  assert.deepEqual(health, {
    configured: true,
    url: ollama.url,
    reachable: true,
    models: [
      { name: 'nomic-embed-text', role: 'embed', present: true },
      { name: 'gemma3:4b', role: 'llm', present: true },
      { name: 'exaone:7.8b', role: 'llm', present: false },
    ],
  });
  assert.deepEqual(ollama.paths, ['GET /api/tags']);
});

test('an endpoint that refuses or does not answer in time is unreachable, with the reason', async (t) => {
  const closed = await ollamaHealth({ ollamaUrl: await closedPortUrl(), embedModel: undefined, llmModels: ['m'] });
  assert.equal(closed.reachable, false);
  assert.match(closed.error ?? '', /ECONNREFUSED/);
  assert.deepEqual(closed.models, [{ name: 'm', role: 'llm', present: false }]);

  const slow = await fakeChatServer(t, noChat, { models: ['m'], delayMs: 2000 });
  const started = Date.now();
  const late = await ollamaHealth({ ollamaUrl: slow.url, embedModel: undefined, llmModels: ['m'] }, { timeoutMs: 200 });
  assert.ok(Date.now() - started < 1500, 'the timeout must cut the wait short');
  assert.equal(late.reachable, false);
  assert.match(late.error ?? '', /no answer within 200 ms/);
});

test('configuredModels lists each model once, embedding model first', () => {
  assert.deepEqual(configuredModels({ embedModel: 'a', llmModels: ['b', 'a', 'c'] }), [
    { name: 'a', role: 'embed' },
    { name: 'b', role: 'llm' },
    { name: 'c', role: 'llm' },
  ]);
});
