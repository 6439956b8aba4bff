import assert from 'node:assert/strict';
import { test } from 'node:test';
import pg from 'pg';
import { BACKENDS, serverUrl } from '@olala/testing';
import { fakeChatServer, noChat } from '@olala/testing/fake-llm';
import { closedPortUrl } from '@olala/testing/loopback';
import { build } from '../helper.js';

for (const backend of BACKENDS) {
  test(`${backend}: GET /ready is 200 with database details, in no-LLM mode without OLLAMA_URL`, async (t) => {
    const app = await build(t, backend);
    const res = await app.inject({ method: 'GET', url: '/ready' });
    assert.equal(res.statusCode, 200);
    const body = res.json();
    assert.equal(body.status, 'ready');
    assert.deepEqual(body.reasons, []);
    assert.equal(body.db.backend, backend);
    assert.equal(body.db.reachable, true);
    assert.ok(body.db.migrations.applied.includes(1));
    assert.ok(body.db.extensions.includes('pg_trgm'));
    assert.equal(body.db.vector_enabled, app.db.features.vector);
    assert.deepEqual(body.db.encoding_warnings, []);
    assert.deepEqual(body.llm, { configured: false, models: [] });
  });

  test(`${backend}: GET /ready is 503 once the database is gone`, async (t) => {
    const app = await build(t, backend);
    if (backend === 'pglite') {
      await app.db.close();
    } else {
      const admin = new pg.Client({ connectionString: serverUrl() });
      await admin.connect();
      await admin.query(`DROP DATABASE ${new URL(app.config.databaseUrl!).pathname.slice(1)} WITH (FORCE)`);
      await admin.end();
    }
    const res = await app.inject({ method: 'GET', url: '/ready' });
    assert.equal(res.statusCode, 503);
    const body = res.json();
    assert.equal(body.status, 'not_ready');
    assert.deepEqual(body.reasons, ['database unreachable']);
    assert.equal(body.db.reachable, false);
    // The cause goes to the log, not to whoever asks.
    assert.equal(body.db.error, 'database query failed (details in the server log)');
    const health = await app.inject({ method: 'GET', url: '/health' });
    assert.equal(health.statusCode, 200, 'liveness does not depend on the database');
  });

  test(`${backend}: GET /ready is 503 while a migration is pending`, async (t) => {
    const app = await build(t, backend);
    await app.db.query('DELETE FROM schema_migrations WHERE version = 1');
    const res = await app.inject({ method: 'GET', url: '/ready' });
    assert.equal(res.statusCode, 503);
    assert.deepEqual(res.json().reasons, ['migrations pending: 1-wiki']);
  });
}

test('GET /ready reports the Ollama endpoint and which configured models it has', async (t) => {
  const ollama = await fakeChatServer(t, noChat, { models: ['nomic-embed-text:latest', 'gemma3:4b'] });
  const app = await build(t, 'pglite', {
    OLLAMA_URL: ollama.url,
    EMBED_MODEL: 'nomic-embed-text',
    SLM1_MODEL: 'gemma3:4b',
    JUDGE_MODEL: 'exaone:7.8b',
  });
  const res = await app.inject({ method: 'GET', url: '/ready' });
  assert.equal(res.statusCode, 200);
  assert.deepEqual(res.json().llm, {
    configured: true,
    url: ollama.url,
    reachable: true,
    models: [
      { name: 'nomic-embed-text', role: 'embed', present: true },
      { name: 'gemma3:4b', role: 'llm', present: true },
      { name: 'exaone:7.8b', role: 'llm', present: false },
    ],
  });
  assert.ok(ollama.paths.includes('GET /api/tags'));
});

test('an unreachable Ollama is reported but does not make the app unready', async (t) => {
  const url = await closedPortUrl();
  const app = await build(t, 'pglite', { OLLAMA_URL: url, SLM1_MODEL: 'gemma3:4b' });
  const res = await app.inject({ method: 'GET', url: '/ready' });
  assert.equal(res.statusCode, 200);
  const { llm } = res.json();
  assert.equal(llm.reachable, false);
  assert.match(llm.error, /ECONNREFUSED/);
});
