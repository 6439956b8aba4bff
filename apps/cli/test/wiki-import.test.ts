import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { describe, test, type TestContext } from 'node:test';
import { loadConfig, openDb } from '@olala/core';
import { BACKENDS, freshDatabaseEnv, tempDir } from '@olala/testing';

const OLALA = path.resolve(import.meta.dirname, '../bin/olala.mjs');

function olala(env: Record<string, string>, ...args: string[]) {
  return spawnSync(process.execPath, [OLALA, ...args], {
    encoding: 'utf8',
    env: { ...process.env, OLALA_DEBUG: '', ...env },
  });
}

/** A wiki of `pages` pages with `per` chunks of about `chars` Hangul characters each. */
function writeWiki(
  dir: string,
  name: string,
  pages: number,
  per: number,
  chars = 40,
): { pages: string; chunks: string } {
  const pagesFile = path.join(dir, `${name}-pages.csv`);
  const chunksFile = path.join(dir, `${name}-chunks.csv`);
  fs.writeFileSync(
    pagesFile,
    `page_id,title,url\n${Array.from({ length: pages }, (_, i) => `${i + 1},"${name} 문서 ${i + 1}",\n`).join('')}`,
  );
  const fd = fs.openSync(chunksFile, 'w');
  fs.writeSync(fd, 'chunk_id,page_id,chunk_idx,content\n');
  const body = '가나다라마바사, "아자차" 카타파하\n'
    .repeat(Math.ceil(chars / 20))
    .slice(0, chars)
    .replaceAll('"', '""');
  let id = 0;
  let buf = '';
  for (let p = 1; p <= pages; p++) {
    for (let i = 0; i < per; i++) {
      buf += `${++id},${p},${i},"${name} ${id} ${body}"\n`;
      if (buf.length > 1 << 20) {
        fs.writeSync(fd, buf);
        buf = '';
      }
    }
  }
  fs.writeSync(fd, buf);
  fs.closeSync(fd);
  return { pages: pagesFile, chunks: chunksFile };
}

async function wikiState(env: Record<string, string>) {
  const db = await openDb(loadConfig(env), { command: 'test check' });
  try {
    const { rows } = await db.query<{ pages: number; chunks: number; digest: string }>(
      `SELECT (SELECT count(*) FROM wiki_pages)::int AS pages, (SELECT count(*) FROM wiki_chunks)::int AS chunks,
              (SELECT md5(string_agg(content, '|' ORDER BY chunk_id)) FROM wiki_chunks) AS digest`,
    );
    const staging = await db.query("SELECT relname FROM pg_class WHERE relname LIKE 'wiki_staging%'");
    return { ...rows[0]!, staging: staging.rows.length };
  } finally {
    await db.close();
  }
}

interface ProgressLine {
  event: string;
  label?: string;
  done?: number;
  total?: number;
}

/** Starts an import and resolves once its JSON progress shows the chunks file half-loaded. */
function startImport(env: Record<string, string>, files: { pages: string; chunks: string }) {
  const child = spawn(
    process.execPath,
    [OLALA, 'wiki', 'import', '--pages', files.pages, '--chunks', files.chunks, '--json'],
    {
      env: { ...process.env, OLALA_DEBUG: '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stderr = '';
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  const loading = new Promise<ProgressLine>((resolve, reject) => {
    createInterface({ input: child.stderr }).on('line', (line) => {
      stderr += `${line}\n`;
      if (!line.startsWith('{')) return;
      const p = JSON.parse(line) as ProgressLine;
      if (p.event === 'progress' && p.label === 'chunks' && p.done! > 0 && p.done! < p.total!) resolve(p);
    });
    void exited.then(() => reject(new Error(`the import ended before loading was seen:\n${stderr}`)));
  });
  return { child, loading, exited, stderr: () => stderr };
}

test('olala wiki import rejects unknown flags and missing files with usage, exit 2, no stack trace', async (t: TestContext) => {
  const env = { OLALA_DATA_DIR: tempDir(t) };
  const unknown = olala(env, 'wiki', 'import', '--pages', 'p.csv', '--chunks', 'c.csv', '--bogus');
  assert.equal(unknown.status, 2);
  assert.match(unknown.stderr, /unknown option '--bogus'/);
  assert.match(unknown.stderr, /Usage: olala wiki import/);
  const missingFlag = olala(env, 'wiki', 'import', '--pages', 'p.csv');
  assert.equal(missingFlag.status, 2);
  assert.match(missingFlag.stderr, /required option '--chunks <file>'/);
  const badNumber = olala(env, 'wiki', 'import', '--pages', 'p.csv', '--chunks', 'c.csv', '--max-errors', 'lots');
  assert.equal(badNumber.status, 2);
  assert.match(badNumber.stderr, /--max-errors.*expected a non-negative integer/);
  const missing = olala(
    env,
    'wiki',
    'import',
    '--pages',
    path.join(env.OLALA_DATA_DIR, 'nope.csv'),
    '--chunks',
    'c.csv',
  );
  assert.equal(missing.status, 2);
  assert.match(missing.stderr, /--pages .*nope\.csv: no such file/);
  for (const res of [unknown, missingFlag, badNumber, missing]) assert.doesNotMatch(res.stderr, /\n\s+at /);
});

for (const backend of BACKENDS) {
  describe(`olala wiki import (${backend})`, () => {
    test('imports, prints the counts, reports errors as file:line and writes rejects', async (t: TestContext) => {
      const env = await freshDatabaseEnv(t, backend);
      const dir = tempDir(t);
      const files = writeWiki(dir, 'ok', 30, 4);
      const res = olala(env, 'wiki', 'import', '--pages', files.pages, '--chunks', files.chunks);
      assert.equal(res.status, 0, res.stderr);
      assert.equal(res.stdout, 'wiki_pages: 30\nwiki_chunks: 120\n');
      const events = res.stderr
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .map((l) => JSON.parse(l) as ProgressLine);
      assert.deepEqual(
        events.filter((e) => e.event === 'done').map((e) => e.label),
        ['pages', 'chunks', 'lexical index'],
      );

      const lines = fs.readFileSync(files.chunks, 'utf8').split('\n').length - 1;
      fs.appendFileSync(files.chunks, '121,99,0,고아\n122,1,x,나쁜 번호\n');
      const bad = olala(env, 'wiki', 'import', '--pages', files.pages, '--chunks', files.chunks);
      assert.equal(bad.status, 2);
      assert.match(bad.stderr, new RegExp(`${files.chunks}:${lines + 2}: chunk_idx is not an integer`));
      assert.doesNotMatch(bad.stderr, /\n\s+at /);

      const rejects = path.join(dir, 'rejects.csv');
      const json = olala(
        env,
        'wiki',
        'import',
        '--pages',
        files.pages,
        '--chunks',
        files.chunks,
        '--max-errors',
        '2',
        '--rejects',
        rejects,
        '--json',
      );
      assert.equal(json.status, 0, json.stderr);
      const result = JSON.parse(json.stdout) as Record<string, unknown>;
      assert.deepEqual(
        { pages: result.wiki_pages, chunks: result.wiki_chunks, rejected: result.rejected, file: result.rejectsFile },
        { pages: 30, chunks: 120, rejected: 2, file: rejects },
      );
      assert.deepEqual(
        fs
          .readFileSync(rejects, 'utf8')
          .trimEnd()
          .split('\n')
          .map((l) => l.split(',').slice(1, 3).join(',')),
        [
          'line,reason',
          `${lines + 2},"chunk_idx is not an integer: ""x"""`,
          `${lines + 1},"page_id 99 not found in the pages file"`,
        ],
      );
    });

    test('kill -9 in the middle of COPY leaves the old wiki complete; the next import works', async (t: TestContext) => {
      const env = await freshDatabaseEnv(t, backend);
      const dir = tempDir(t);
      const old = writeWiki(dir, 'old', 50, 4);
      assert.equal(olala(env, 'wiki', 'import', '--pages', old.pages, '--chunks', old.chunks).status, 0);
      const before = await wikiState(env);
      assert.deepEqual({ pages: before.pages, chunks: before.chunks }, { pages: 50, chunks: 200 });

      // About 60 MB of chunks: long enough to be caught loading.
      const big = writeWiki(dir, 'big', 2000, 10, 1000);
      const run = startImport(env, big);
      const seen = await run.loading;
      assert.ok(seen.done! < seen.total!);
      run.child.kill('SIGKILL');
      const { signal } = await run.exited;
      assert.equal(signal, 'SIGKILL', 'the import was still running when killed');

      // On PGlite this also takes over the dead process's lock. The killed run's staging
      // tables are still there; the next import drops them.
      assert.deepEqual(await wikiState(env), { ...before, staging: 2 });
      const next = olala(env, 'wiki', 'import', '--pages', big.pages, '--chunks', big.chunks);
      assert.equal(next.status, 0, next.stderr);
      assert.equal(next.stdout, 'wiki_pages: 2000\nwiki_chunks: 20000\n');
      const after = await wikiState(env);
      assert.deepEqual(
        { pages: after.pages, chunks: after.chunks, staging: after.staging },
        { pages: 2000, chunks: 20000, staging: 0 },
      );
    });

    test('SIGTERM stops the import with exit 130 and the old wiki intact', async (t: TestContext) => {
      const env = await freshDatabaseEnv(t, backend);
      const dir = tempDir(t);
      const old = writeWiki(dir, 'old', 10, 2);
      assert.equal(olala(env, 'wiki', 'import', '--pages', old.pages, '--chunks', old.chunks).status, 0);
      const before = await wikiState(env);
      const run = startImport(env, writeWiki(dir, 'big', 2000, 10, 1000));
      await run.loading;
      run.child.kill('SIGTERM');
      const { code } = await run.exited;
      assert.equal(code, 130, run.stderr());
      assert.match(run.stderr(), /import interrupted; the wiki is unchanged/);
      assert.deepEqual(await wikiState(env), before);
    });
  });
}
