import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, test, type TestContext } from 'node:test';
import { loadConfig, openDb } from '@olala/core';
import { BACKENDS, freshDatabaseEnv, tempDir } from '@olala/testing';
import { fakeEmbedServer, type FakeEmbed, type FakeEmbedOptions } from '@olala/testing/fake-embed';
import { olala, OLALA, STACK } from './run-olala.js';

const MODEL = 'nomic-embed-text';

/** `n` chunks with distinct texts, ids 1…n, three to a page; `mark` puts BAD into some. */
async function seed(env: Record<string, string>, n: number, mark: number[] = []): Promise<void> {
  const db = await openDb(loadConfig(env), { command: 'test seed' });
  try {
    await db.query('INSERT INTO wiki_pages (page_id, title) SELECT p, $1 || p FROM generate_series(1, $2::int) p', [
      '문서 ',
      Math.ceil(n / 3),
    ]);
    await db.query(
      `INSERT INTO wiki_chunks (chunk_id, page_id, chunk_idx, content, content_hash)
       SELECT i, (i - 1) / 3 + 1, (i - 1) % 3, t, md5(t)
         FROM generate_series(1, $1::int) i, LATERAL (SELECT '청크 ' || i || CASE WHEN i = ANY($2::int[]) THEN ' BAD' ELSE '' END AS t) x`,
      [n, mark],
    );
  } finally {
    await db.close();
  }
}

async function embeddedIds(env: Record<string, string>): Promise<number[]> {
  const db = await openDb(loadConfig(env), { command: 'test check' });
  try {
    const { rows } = await db.query<{ chunk_id: number }>(
      'SELECT chunk_id FROM wiki_embeddings WHERE model = $1 ORDER BY chunk_id',
      [MODEL],
    );
    return rows.map((r) => r.chunk_id);
  } finally {
    await db.close();
  }
}

async function setup(t: TestContext, n: number, fakeOptions: FakeEmbedOptions = {}, mark: number[] = []) {
  const db = await freshDatabaseEnv(t, 'pglite');
  await seed(db, n, mark);
  const fake = await fakeEmbedServer(t, { dims: 16, ...fakeOptions });
  return { env: { ...db, OLLAMA_URL: fake.url, EMBED_MODEL: MODEL }, fake };
}

/** Starts `olala wiki embed …` and resolves `ready` once the fake has answered `requests` requests. */
function startEmbed(env: Record<string, string>, fake: FakeEmbed, requests: number, ...args: string[]) {
  const child = spawn(process.execPath, [OLALA, 'wiki', 'embed', '--json', ...args], {
    env: { ...process.env, OLALA_DEBUG: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  let stdout = '';
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  let finished = false;
  void exited.then(() => (finished = true));
  const ready = (async () => {
    while (fake.requests.length < requests) {
      if (finished) throw new Error(`the run ended before ${requests} requests:\n${stderr}`);
      await new Promise((r) => setTimeout(r, 10));
    }
  })();
  return { child, ready, exited, output: () => ({ stdout, stderr }) };
}

const sentTexts = (fake: FakeEmbed, from = 0) =>
  fake.requests
    .slice(from)
    .filter((r) => r.status === 200)
    .flatMap((r) => r.input)
    .filter((s) => s !== 'olala embedding probe');

for (const backend of BACKENDS) {
  describe(`olala wiki embed (${backend})`, () => {
    if (backend === 'postgres') {
      test('refuses plainly on a server without pgvector, for embed and for the vector index', async (t) => {
        const env = { ...(await freshDatabaseEnv(t, backend)), OLLAMA_URL: 'http://127.0.0.1:9', EMBED_MODEL: MODEL };
        for (const args of [
          ['wiki', 'embed'],
          ['wiki', 'index', '--model', MODEL],
        ]) {
          const res = await olala(env, ...args);
          assert.equal(res.status, 2, res.stderr);
          assert.match(
            res.stderr,
            /error: (embedding|a vector index) needs the pgvector extension, which this PostgreSQL server \(postgres:\/\/.*\) does not have; install pgvector on the server, or use the embedded database/,
          );
          assert.doesNotMatch(res.stderr, STACK);
        }
      });
      return;
    }

    test('embeds everything with JSON progress, then builds the vector index that status reports', async (t) => {
      const { env, fake } = await setup(t, 30);
      const badFlag = await olala(env, 'wiki', 'embed', '--batch', '0');
      assert.equal(badFlag.status, 2);
      assert.match(badFlag.stderr, /option '--batch <n>' argument '0' is invalid\. expected a positive integer/);
      const noModel = await olala({ ...env, EMBED_MODEL: '' }, 'wiki', 'embed');
      assert.equal(noModel.status, 2);
      assert.match(noModel.stderr, /error: no embedding model: set EMBED_MODEL or pass --model/);
      const noIndex = await olala(env, 'wiki', 'index', '--model', MODEL);
      assert.equal(noIndex.status, 2);
      assert.match(noIndex.stderr, /model nomic-embed-text has no embeddings yet/);
      for (const res of [badFlag, noModel, noIndex]) assert.doesNotMatch(res.stderr, STACK);
      assert.equal(fake.requests.length, 0);

      const res = await olala(env, 'wiki', 'embed', '--batch', '7', '--json');
      assert.equal(res.status, 0, res.stderr);
      const result = JSON.parse(res.stdout) as Record<string, unknown>;
      assert.deepEqual(
        [result.model, result.embedded, result.failed, result.remaining, result.stopped, result.dims],
        [MODEL, 30, 0, 0, 'done', 16],
      );
      const events = res.stderr
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as { event: string; done?: number; total?: number; elapsed_s?: number });
      const done = events.find((e) => e.event === 'done');
      assert.deepEqual([done?.done, done?.total], [30, 30]);
      assert.deepEqual(
        fake.requests.map((r) => r.input.length),
        [1, 7, 7, 7, 7, 2],
      );

      const index = await olala(env, 'wiki', 'index', '--model', MODEL);
      assert.equal(index.status, 0, index.stderr);
      assert.match(
        index.stdout,
        /^vector index wiki_embeddings_hnsw_nomic_embed_text: 30 embeddings of 16 dims in \d+\.\d s\n$/,
      );
      const status = await olala(env, 'wiki', 'status', '--json');
      assert.equal(status.status, 0, status.stderr);
      assert.deepEqual((JSON.parse(status.stdout) as { embeddings: unknown[] }).embeddings, [
        { model: MODEL, embedded: 30, missing: 0, coverage_pct: 100, index: 'ready' },
      ]);
    });

    test('bad chunks are reported on stderr and in the failures file, the rest embedded, exit 2', async (t) => {
      const { env } = await setup(t, 20, { reject: (s) => s.endsWith('BAD') }, [4, 13]);
      const failures = path.join(tempDir(t), 'failures.jsonl');
      const res = await olala(env, 'wiki', 'embed', '--batch', '8', '--concurrency', '2', '--failures', failures);
      assert.equal(res.status, 2, res.stderr);
      assert.match(
        res.stderr,
        /^failed chunk 4: http:\/\/127\.0\.0\.1:\d+\/api\/embed: HTTP 500: failed to embed: input rejected$/m,
      );
      assert.match(res.stderr, /^failed chunk 13: /m);
      assert.match(res.stderr, /2 chunks failed and were skipped; the next run tries them again/);
      assert.match(res.stdout, /^model: nomic-embed-text\nembedded: 18\nfailed: 2\nremaining: 2\n/);
      const lines = fs
        .readFileSync(failures, 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as { event: string; model: string; chunk_id: number });
      assert.deepEqual(lines.map((l) => [l.event, l.model, l.chunk_id]).sort(), [
        ['failed', MODEL, 13],
        ['failed', MODEL, 4],
      ]);
      assert.deepEqual(
        await embeddedIds(env),
        Array.from({ length: 20 }, (_, i) => i + 1).filter((id) => id !== 4 && id !== 13),
      );
    });

    test('kill -9 mid-run loses at most the round in flight; the next run embeds exactly what is missing', async (t) => {
      const { env, fake } = await setup(t, 200, { delayMs: 20 });
      const run = startEmbed(env, fake, 12, '--batch', '4');
      await run.ready;
      run.child.kill('SIGKILL');
      assert.equal((await run.exited).signal, 'SIGKILL');
      const before = await embeddedIds(env);
      assert.ok(before.length >= 40 && before.length < 200, `${before.length} stored before the kill`);
      assert.deepEqual(
        before,
        Array.from({ length: before.length }, (_, i) => i + 1),
        'stored in chunk_id order, whole rounds',
      );

      const sent = fake.requests.length;
      const res = await olala(env, 'wiki', 'embed', '--batch', '16', '--json');
      assert.equal(res.status, 0, res.stderr);
      assert.equal((JSON.parse(res.stdout) as { embedded: number }).embedded, 200 - before.length);
      const texts = sentTexts(fake, sent);
      assert.equal(texts.length, 200 - before.length, 'each missing chunk sent once');
      assert.deepEqual(
        texts,
        Array.from({ length: 200 - before.length }, (_, i) => `청크 ${before.length + i + 1}`),
      );
      assert.deepEqual(
        await embeddedIds(env),
        Array.from({ length: 200 }, (_, i) => i + 1),
      );
    });

    test('SIGTERM stops after the batches in flight with exit 130; a stop file stops with exit 0; both resume', async (t) => {
      const { env, fake } = await setup(t, 120, { delayMs: 20 });
      const term = startEmbed(env, fake, 6, '--batch', '5');
      await term.ready;
      term.child.kill('SIGTERM');
      const { code } = await term.exited;
      assert.equal(code, 130, term.output().stderr);
      assert.match(term.output().stderr, /stopping after the batches in flight; run again to resume/);
      const stopped = JSON.parse(term.output().stdout) as { embedded: number; stopped: string };
      assert.equal(stopped.stopped, 'signal');
      const afterTerm = await embeddedIds(env);
      assert.equal(afterTerm.length, stopped.embedded, 'what was embedded was stored');
      assert.ok(
        afterTerm.length > 0 && afterTerm.length < 120 && afterTerm.length % 5 === 0,
        `${afterTerm.length} stored`,
      );

      const stopFile = path.join(tempDir(t), 'stop');
      const from = fake.requests.length;
      const stop = startEmbed(env, fake, from + 4, '--batch', '5', '--stop-file', stopFile);
      await stop.ready;
      fs.writeFileSync(stopFile, '');
      assert.equal((await stop.exited).code, 0, stop.output().stderr);
      const afterStop = await embeddedIds(env);
      assert.ok(afterStop.length > afterTerm.length && afterStop.length < 120, `${afterStop.length} stored`);
      const idle = await olala(env, 'wiki', 'embed', '--stop-file', stopFile);
      assert.equal(idle.status, 0);
      assert.match(idle.stderr, new RegExp(`stopped: ${stopFile} exists; remove it and run again to resume`));
      assert.match(idle.stdout, /embedded: 0\n/);

      fs.rmSync(stopFile);
      const limited = await olala(env, 'wiki', 'embed', '--max-chunks', '10', '--stop-file', stopFile);
      assert.equal(limited.status, 0, limited.stderr);
      assert.match(limited.stdout, /embedded: 10\n/);
      assert.match(limited.stderr, /stopped after --max-chunks 10; run again to continue/);
      const rest = await olala(env, 'wiki', 'embed', '--json');
      assert.equal(rest.status, 0, rest.stderr);
      assert.equal((JSON.parse(rest.stdout) as { embedded: number }).embedded, 120 - afterStop.length - 10);
      assert.deepEqual(
        await embeddedIds(env),
        Array.from({ length: 120 }, (_, i) => i + 1),
      );
      const all = sentTexts(fake);
      assert.equal(all.length, new Set(all).size, 'no chunk was embedded twice over all the runs');
    });
  });
}
