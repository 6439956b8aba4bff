import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { test, type TestContext } from 'node:test';
import { loadConfig, openDb, readLock } from '@olala/core';
import { freshDatabaseEnv } from '@olala/testing';
import { fakeChatServer, noChat } from '@olala/testing/fake-llm';
import { OLALA, olala } from './run-olala.js';

interface Served {
  child: ChildProcess;
  url: string;
  log: () => string;
  exited: Promise<number | null>;
}

/** `olala serve` on a free loopback port; the URL comes from the lock file, where other processes find it too. */
async function serve(t: TestContext, env: Record<string, string>): Promise<Served> {
  const child = spawn(process.execPath, [OLALA, 'serve', '--host', '127.0.0.1', '--port', '0'], {
    env: { ...process.env, LOG_LEVEL: 'info', ...env },
  });
  let out = '';
  child.stdout!.setEncoding('utf8').on('data', (d: string) => (out += d));
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (out += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  t.after(async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
      await exited;
    }
  });
  const deadline = Date.now() + 120_000;
  for (;;) {
    const url = readLock(env.OLALA_DATA_DIR!)?.httpUrl;
    if (url) return { child, url, log: () => out, exited };
    if (child.exitCode !== null) throw new Error(`olala serve exited with ${child.exitCode}:\n${out}`);
    if (Date.now() > deadline) throw new Error(`olala serve did not start within 120 s:\n${out}`);
    await sleep(200);
  }
}

test('pglite: olala serve answers /health; other processes reach the wiki through it; SIGTERM stops it cleanly', async (t) => {
  const env = await freshDatabaseEnv(t, 'pglite');
  const db = await openDb(loadConfig(env), { command: 'test seed' });
  await db.exec(`
    INSERT INTO wiki_pages (page_id, title) VALUES (1, '서울'), (2, '부산');
    INSERT INTO wiki_chunks (chunk_id, page_id, chunk_idx, content, content_hash) VALUES (1, 1, 0, '서울', 'a'), (2, 1, 1, '한강', 'b'), (3, 2, 0, '부산', 'c');
  `);
  await db.close();

  const server = await serve(t, env);
  assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+$/);
  const health = await fetch(`${server.url}/health`);
  assert.equal(health.status, 200);
  assert.deepEqual(await health.json(), { status: 'healthy' });
  const page = await fetch(`${server.url}/`);
  assert.match(await page.text(), /가짜뉴스 검증 서비스/);
  assert.match(server.log(), /"msg":"OLaLA is serving on http:\/\/127\.0\.0\.1:\d+"/);
  // The wiki had pages, so the bundled sample was not imported over them.
  assert.doesNotMatch(server.log(), /번들 샘플을 가져옵니다|imported the sample wiki/);

  const status = await olala(env, 'wiki', 'status', '--json');
  assert.equal(status.status, 0, status.stderr);
  assert.match(status.stderr, /in use by the server at http:\/\/127\.0\.0\.1:\d+; asking it/);
  const body = JSON.parse(status.stdout);
  assert.equal(body.wiki_pages, 2);
  assert.equal(body.wiki_chunks, 3);

  const check = await olala(env, 'check');
  assert.equal(check.status, 0, check.stdout + check.stderr);
  assert.match(
    check.stdout,
    /^✓ database: embedded PGlite in .* \(held by the server at http:\/\/127\.0\.0\.1:\d+; details from its \/ready\)$/m,
  );
  assert.match(check.stdout, /^✓ server: http:\/\/127\.0\.0\.1:\d+\/health answers/m);

  // Commands that need the database itself are refused with a pointer to the server.
  const migrate = await olala(env, 'db', 'migrate');
  assert.equal(migrate.status, 2);
  assert.match(
    migrate.stderr,
    /in use by process \d+ \(olala serve.*use the running server at http:\/\/127\.0\.0\.1:\d+/,
  );

  server.child.kill('SIGTERM');
  assert.equal(await server.exited, 0, server.log());
  assert.match(server.log(), /"signal":"SIGTERM".*shutting down/);
  assert.match(server.log(), /"msg":"database closed"/);
  assert.equal(fs.existsSync(path.join(env.OLALA_DATA_DIR!, 'olala.lock')), false, 'the lock is released');
  // And the folder is usable by the next process.
  const after = await olala(env, 'wiki', 'status', '--json');
  assert.equal(JSON.parse(after.stdout).wiki_pages, 2);
});

test('pglite: OLALA_IMPORT_SAMPLE=0 starts on an empty wiki; a request in flight at SIGINT still gets its answer', async (t) => {
  const env = await freshDatabaseEnv(t, 'pglite');
  // A slow LLM endpoint keeps /ready busy long enough to signal the server mid-request.
  const ollama = await fakeChatServer(t, noChat, { models: ['gemma3:4b'], delayMs: 1200 });
  const server = await serve(t, { ...env, OLALA_IMPORT_SAMPLE: '0', OLLAMA_URL: ollama.url, SLM1_MODEL: 'gemma3:4b' });
  const status = await fetch(`${server.url}/api/wiki/status`);
  assert.equal(status.status, 200);
  const body = (await status.json()) as { wiki_pages: number; imports: unknown[] };
  assert.equal(body.wiki_pages, 0);
  assert.deepEqual(body.imports, []);
  assert.doesNotMatch(server.log(), /번들 샘플을 가져옵니다|imported the sample wiki/);

  const inFlight = fetch(`${server.url}/ready`);
  while (!ollama.paths.includes('GET /api/tags')) await sleep(20);
  server.child.kill('SIGINT');
  const ready = await inFlight;
  assert.equal(ready.status, 200);
  assert.equal(((await ready.json()) as { llm: { models: { present: boolean }[] } }).llm.models[0]?.present, true);
  assert.equal(await server.exited, 0, server.log());
  // Closed for new connections once it stopped.
  await assert.rejects(fetch(`${server.url}/health`));
});
