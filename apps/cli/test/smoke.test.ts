import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { test } from 'node:test';
import Fastify from 'fastify';
import { importWiki, loadConfig } from '@olala/core';
import { freshDatabaseEnv } from '@olala/testing';
import { closedPortUrl } from '@olala/testing/loopback';
import app, { serverOptions } from '@olala/server';
import { olala, STACK } from './run-olala.js';

const SAMPLE = path.resolve(import.meta.dirname, '../../../sample/wiki');

test('olala smoke runs a real truth check through a running server and says what it got', async (t) => {
  const env = await freshDatabaseEnv(t, 'postgres');
  const config = loadConfig({ ...env, LOG_LEVEL: 'silent' });
  const server = Fastify(serverOptions(config));
  await server.register(app, { config });
  t.after(() => server.close());
  await server.listen({ host: '127.0.0.1', port: 0 });
  const url = `http://127.0.0.1:${(server.server.address() as AddressInfo).port}`;

  // An empty wiki: the search step fails and says what to do; the rest still runs.
  const empty = await olala(env, 'smoke', '--url', url);
  assert.equal(empty.status, 1, empty.stdout + empty.stderr);
  assert.match(empty.stdout, /^✗ wiki search: no wiki hit for .*\n {4}→ import a wiki/m);

  await importWiki(server.db, {
    pagesFile: path.join(SAMPLE, 'wiki_pages.csv'),
    chunksFile: path.join(SAMPLE, 'wiki_chunks.csv'),
    mode: 'replace',
  });
  const res = await olala(env, 'smoke', '--url', url);
  assert.equal(res.status, 0, res.stdout + res.stderr);
  assert.match(res.stdout, /^✓ health: /m);
  assert.match(res.stdout, /^✓ wiki search: \d+ hits, first "화성"$/m);
  assert.match(res.stdout, /^✓ truth check: (TRUE|FALSE|MIXED|UNVERIFIED) \(\d+ %, none\/olala-rules\) in \d+ ms$/m);
  assert.match(res.stdout, /^✓ stored: GET \/v1\/analyses\/[0-9a-f-]{36} answers the stored run$/m);
  assert.match(res.stdout, /^✓ stream: 12 stage events, then complete$/m);
  const { rows } = await server.db.query<{ n: number }>('SELECT count(*)::int AS n FROM analyses');
  assert.ok((rows[0]?.n ?? 0) >= 2);
});

test('olala smoke fails with a hint when no server answers, without a stack trace', async () => {
  const res = await olala({}, 'smoke', '--url', await closedPortUrl());
  assert.equal(res.status, 1);
  assert.match(res.stdout, /^✗ health: .*ECONNREFUSED.*\n {4}→ start the server/m);
  assert.doesNotMatch(res.stdout + res.stderr, STACK);
  const bad = await olala({}, 'smoke', '--timeout', 'soon');
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /--timeout: expected seconds > 0, got "soon"/);
});
