import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import Fastify from 'fastify';
import { Value } from 'typebox/value';
import { CheckReport } from '@olala/contract';
import { loadConfig } from '@olala/core';
import { freshDb, freshDatabaseEnv } from '@olala/testing';
import { fakeChatServer, noChat } from '@olala/testing/fake-llm';
import { closedPortUrl } from '@olala/testing/loopback';
import app, { serverOptions } from '@olala/server';
import { olala, STACK } from './run-olala.js';

const failures = (out: string) => out.split('\n').filter((l) => l.startsWith('✗'));

test('olala check fails with what to do when the database is down', async () => {
  const url = `${await closedPortUrl('postgres')}/olala`;
  const res = await olala({ DATABASE_URL: url }, 'check', '--url', await closedPortUrl());
  assert.equal(res.status, 1);
  assert.match(
    res.stdout,
    /^✗ database: cannot connect to PostgreSQL at postgres:\/\/127\.0\.0\.1:\d+\/olala: .*ECONNREFUSED/m,
  );
  assert.match(res.stdout, /^ {4}→ start PostgreSQL/m);
  assert.match(
    res.stdout,
    /^✗ server: not reachable at http:\/\/127\.0\.0\.1:\d+\/health: .*ECONNREFUSED.*\n {4}→ start it with `npm start`/m,
  );
  assert.match(res.stdout, /^2 required checks failed$/m);
  assert.doesNotMatch(res.stdout + res.stderr, STACK);
});

test('postgres: olala check passes when the database, the LLM endpoint and the server are all well', async (t) => {
  const { env } = await freshDb(t, 'postgres');
  const ollama = await fakeChatServer(t, noChat, { models: ['nomic-embed-text:latest', 'gemma3:4b'] });
  const llmEnv = { OLLAMA_URL: ollama.url, EMBED_MODEL: 'nomic-embed-text', SLM1_MODEL: 'gemma3:4b' };
  // The real app, listening on loopback, on the same database.
  const config = loadConfig({ ...env, ...llmEnv, LOG_LEVEL: 'silent' });
  const server = Fastify(serverOptions(config));
  await server.register(app, { config });
  t.after(() => server.close());
  await server.listen({ host: '127.0.0.1', port: 0 });
  const serverUrl = `http://127.0.0.1:${(server.server.address() as AddressInfo).port}`;

  const res = await olala({ ...env, ...llmEnv }, 'check', '--url', serverUrl);
  assert.equal(res.status, 0, res.stdout + res.stderr);
  assert.deepEqual(failures(res.stdout), []);
  for (const line of [
    /^✓ database: PostgreSQL at .* reachable$/m,
    /^✓ migrations: current/m,
    /^✓ extension pg_trgm: installed$/m,
    /^✓ encoding: UTF-8/m,
  ]) {
    assert.match(res.stdout, line);
  }
  assert.match(res.stdout, new RegExp(`^✓ llm: Ollama at ${ollama.url} reachable$`, 'm'));
  assert.match(res.stdout, /^✓ model nomic-embed-text: present \(embed\)$/m);
  assert.match(res.stdout, /^✓ model gemma3:4b: present \(llm\)$/m);
  assert.match(res.stdout, /^✓ server: http:\/\/127\.0\.0\.1:\d+\/health answers \{"status":"healthy"\}$/m);
  // pgvector is optional: present or not, that line never fails the check.
  assert.match(res.stdout, /^[✓!] extension vector: /m);
  assert.match(res.stdout, /^all required checks passed$/m);

  const json = await olala({ ...env, ...llmEnv }, 'check', '--json', '--url', serverUrl);
  assert.equal(json.status, 0);
  const report = JSON.parse(json.stdout);
  assert.ok(Value.Check(CheckReport, report), json.stdout);
  assert.equal(report.ok, true);
});

test('pglite: olala check names each missing part: a model not pulled, a pending migration, the server not running', async (t) => {
  const { db, env } = await freshDb(t, 'pglite');
  await db.query('DELETE FROM schema_migrations WHERE version = 1');
  await db.close();
  const ollama = await fakeChatServer(t, noChat, { models: ['gemma3:4b'] });
  const res = await olala(
    {
      ...env,
      OLLAMA_URL: ollama.url,
      SLM1_MODEL: 'gemma3:4b',
      JUDGE_MODEL: 'exaone:7.8b',
      PORT: new URL(await closedPortUrl()).port,
    },
    'check',
  );
  assert.equal(res.status, 1);
  assert.deepEqual(
    failures(res.stdout).map((l) => l.split(':')[0]),
    ['✗ migrations', '✗ model exaone', '✗ server'],
  );
  assert.match(res.stdout, /^✗ migrations: pending: 1-wiki\n {4}→ run `olala db migrate`/m);
  assert.match(res.stdout, /^✗ model exaone:7\.8b: .*\n {4}→ pull it: `ollama pull exaone:7\.8b`/m);
  assert.match(res.stdout, /^✓ database: embedded PGlite in .* reachable$/m);
  assert.match(res.stdout, /^✓ model gemma3:4b: present/m);
});

test('olala check: an unreachable LLM endpoint fails; no OLLAMA_URL is no-LLM mode, not a failure', async (t) => {
  const env = await freshDatabaseEnv(t, 'pglite');
  const down = await olala(
    { ...env, OLLAMA_URL: await closedPortUrl() },
    'check',
    '--json',
    '--url',
    await closedPortUrl(),
  );
  const report = JSON.parse(down.stdout) as CheckReport;
  const llm = report.checks.find((c) => c.name === 'llm');
  assert.equal(llm?.status, 'fail');
  assert.match(llm?.hint ?? '', /start Ollama/);

  const none = await olala(env, 'check', '--json', '--url', await closedPortUrl());
  const noLlm = (JSON.parse(none.stdout) as CheckReport).checks.find((c) => c.name === 'llm');
  assert.equal(noLlm?.status, 'ok');
  assert.match(noLlm?.detail ?? '', /no-LLM mode/);
});

test('olala check with a bad flag value or an unknown flag exits 2 with the flag named', async () => {
  const bad = await olala({}, 'check', '--url', 'not a url');
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /--url: not a URL/);
  const unknown = await olala({}, 'check', '--verbose');
  assert.equal(unknown.status, 2);
  assert.match(unknown.stderr, /unknown option '--verbose'[\s\S]*Usage: olala check/);
  assert.doesNotMatch(bad.stderr + unknown.stderr, STACK);
});
