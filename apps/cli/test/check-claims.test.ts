import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { test, type TestContext } from 'node:test';
import Fastify from 'fastify';
import { importWiki, loadConfig, openDb, type Db } from '@olala/core';
import app, { serverOptions } from '@olala/server';
import { freshDatabaseEnv, tempDir } from '@olala/testing';
import { OLALA, olala, STACK } from './run-olala.js';

const SAMPLE = path.resolve(import.meta.dirname, '../../../sample/wiki');

async function importSample(db: Db): Promise<void> {
  await importWiki(db, {
    pagesFile: path.join(SAMPLE, 'wiki_pages.csv'),
    chunksFile: path.join(SAMPLE, 'wiki_chunks.csv'),
    mode: 'replace',
  });
}

/** A fresh PostgreSQL database holding the sample wiki (PostgreSQL: a killed client leaves nothing to recover). */
async function sampleEnv(t: TestContext): Promise<Record<string, string>> {
  const env = await freshDatabaseEnv(t, 'postgres');
  const db = await openDb(loadConfig(env), { command: 'test' });
  try {
    await importSample(db);
  } finally {
    await db.close();
  }
  return env;
}

const idsOf = (file: string) =>
  fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => (JSON.parse(l) as { id: string }).id);

test('a run killed with SIGKILL mid-way resumes: nothing written is lost or checked twice, and a cut last line is dropped', async (t) => {
  const env = await sampleEnv(t);
  const dir = tempDir(t);
  const input = path.join(dir, 'claims.jsonl');
  const out = path.join(dir, 'results.jsonl');
  const ids = Array.from({ length: 24 }, (_, i) => `c${i + 1}`);
  fs.writeFileSync(
    input,
    ids.map((id, i) => JSON.stringify({ id, claim: `화성은 태양계의 ${i + 1}번째 행성이다.` })).join('\n') + '\n',
  );

  const child = spawn(process.execPath, [OLALA, 'check-claims', input, '--out', out, '--concurrency', '1'], {
    env: { ...process.env, OLALA_DEBUG: '', ...env },
    stdio: 'ignore',
  });
  const exited = new Promise((resolve) => child.on('exit', resolve));
  const lines = () => (fs.existsSync(out) ? fs.readFileSync(out, 'utf8').split('\n').length - 1 : 0);
  for (let i = 0; i < 6000 && lines() < 3 && child.exitCode === null; i++) await sleep(20);
  child.kill('SIGKILL');
  await exited;
  const before = fs.readFileSync(out, 'utf8');
  const kept = idsOf(out);
  assert.ok(kept.length >= 3 && kept.length < ids.length, `killed after ${kept.length} claims`);

  // What a kill during a write leaves: half a line at the end.
  fs.appendFileSync(out, '{"id":"c24","result":{"analysis_id":"');
  const resumed = await olala(env, 'check-claims', input, '--out', out, '--json');
  assert.equal(resumed.status, 0, resumed.stderr);
  assert.doesNotMatch(resumed.stderr, STACK);
  const summary = JSON.parse(resumed.stdout) as { checked: number; skipped: number; failed: number };
  assert.deepEqual([summary.skipped, summary.checked, summary.failed], [kept.length, ids.length - kept.length, 0]);

  const after = fs.readFileSync(out, 'utf8');
  assert.ok(after.startsWith(before), 'the lines written before the kill are unchanged');
  const all = idsOf(out);
  assert.equal(new Set(all).size, all.length, 'no claim was answered twice');
  assert.deepEqual([...all].sort(), [...ids].sort());
  for (const line of after.trim().split('\n')) {
    const { result } = JSON.parse(line) as { result: { label: string; analysis_id: string } };
    assert.ok(result.label && result.analysis_id, line.slice(0, 80));
  }
  // The progress went to stderr as JSON lines with claims/s.
  assert.match(resumed.stderr, /"event":"done","label":"check-claims".*"rate_claims_s"/);

  const again = await olala(env, 'check-claims', input, '--out', out);
  assert.equal(again.status, 0, again.stderr);
  assert.match(again.stdout, /^checked 0 claims \(none\); 24 already in /);
});

test('invalid input lines are reported as FILE:LINE: reason and nothing is checked, unless --skip-invalid', async (t) => {
  const env = await sampleEnv(t);
  const dir = tempDir(t);
  const input = path.join(dir, 'claims.jsonl');
  const out = path.join(dir, 'results.jsonl');
  fs.writeFileSync(
    input,
    [
      JSON.stringify({ id: 'a', claim: '화성은 태양계의 4번째 행성이다.' }),
      '{"id": "b", "claim": ',
      JSON.stringify({ id: 'c' }),
      '',
      JSON.stringify({ id: 'a', claim: '금성은 행성이다.' }),
      JSON.stringify({ id: 'd', url: 'ftp://example.com/x' }),
      JSON.stringify({ id: 'e', claim: '지구는 행성이다.', lang: 'ko' }),
      JSON.stringify({ id: 'f', url: 'https://example.com/news/1' }).replace('"f"', '"f\\t"'),
    ].join('\n') + '\n',
  );
  const refused = await olala(env, 'check-claims', input, '--out', out);
  assert.equal(refused.status, 2, refused.stderr);
  assert.doesNotMatch(refused.stderr, STACK);
  const where = (line: number) => `${input}:${line}: `;
  assert.ok(refused.stderr.includes(`${where(2)}not JSON`), refused.stderr);
  assert.ok(refused.stderr.includes(`${where(3)}give exactly one of "claim" and "url"`), refused.stderr);
  assert.ok(refused.stderr.includes(`${where(5)}id "a" repeats line 1`), refused.stderr);
  assert.ok(refused.stderr.includes(`${where(6)}"url" must be an http(s) URL`), refused.stderr);
  assert.ok(refused.stderr.includes(`${where(7)}unknown field "lang"`), refused.stderr);
  assert.ok(refused.stderr.includes(`${where(8)}"id" must not hold control characters`), refused.stderr);
  assert.doesNotMatch(refused.stderr, /:1: |:4: /);
  assert.match(refused.stderr, /error: 6 invalid lines in .*; nothing was checked \(fix them, or pass --skip-invalid/);
  assert.equal(fs.existsSync(out), false);

  const skipped = await olala(env, 'check-claims', input, '--out', out, '--skip-invalid');
  assert.equal(skipped.status, 0, skipped.stderr);
  assert.ok(skipped.stderr.includes(`${where(2)}not JSON`));
  assert.deepEqual(idsOf(out), ['a']);
});

test('olala keys create, list and revoke; check-claims through a server with the key, waiting out its budget, and refused once it is revoked', async (t) => {
  const env = await sampleEnv(t);
  const created = await olala(env, 'keys', 'create', '--name', '뉴스룸 CMS', '--rate', '6/min');
  assert.equal(created.status, 0, created.stderr);
  const key = created.stdout.trim();
  assert.match(key, /^olk_[A-Za-z0-9_-]{43}$/);
  const prefix = key.slice(0, 12);
  assert.match(created.stderr, new RegExp(`prefix ${prefix}, 6 claims per minute`));
  assert.match(created.stderr, /shown only this once/);

  const list = await olala(env, 'keys', 'list');
  assert.equal(list.status, 0, list.stderr);
  const row = list.stdout
    .split('\n')
    .find((l) => l.startsWith(prefix))!
    .split('\t');
  assert.deepEqual([row[1], row[2], row[5]], ['뉴스룸 CMS', '6', '-']);
  assert.ok(!list.stdout.includes(key.slice(12)), 'the list never shows the key');
  assert.equal((await olala(env, 'keys', 'create', '--name', 'x', '--rate', '0')).status, 2);

  const config = loadConfig({ ...env, LOG_LEVEL: 'silent' });
  const server = Fastify(serverOptions(config));
  await server.register(app, { config });
  t.after(() => server.close());
  const base = await server.listen({ host: '127.0.0.1', port: 0 });

  const dir = tempDir(t);
  const input = path.join(dir, 'claims.jsonl');
  const out = path.join(dir, 'results.jsonl');
  // Seven claims on a budget of six a minute: the seventh waits for the key's next unit.
  fs.writeFileSync(
    input,
    Array.from({ length: 7 }, (_, i) =>
      JSON.stringify({ id: `s${i}`, claim: `금성은 태양계의 ${i + 1}번째 행성이다.` }),
    ).join('\n') + '\n',
  );
  const run = await olala(env, 'check-claims', input, '--out', out, '--server', base, '--key', key, '--json');
  assert.equal(run.status, 0, run.stderr);
  assert.deepEqual(idsOf(out).sort(), ['s0', 's1', 's2', 's3', 's4', 's5', 's6']);
  assert.equal((JSON.parse(run.stdout) as { checked: number }).checked, 7);

  const revoked = await olala(env, 'keys', 'revoke', prefix);
  assert.equal(revoked.status, 0, revoked.stderr);
  assert.match(revoked.stdout, new RegExp(`^revoked API key ${prefix} \\("뉴스룸 CMS"\\)`));
  fs.appendFileSync(input, JSON.stringify({ id: 'later', claim: '지구는 태양계의 3번째 행성이다.' }) + '\n');
  const refused = await olala(env, 'check-claims', input, '--out', out, '--server', base, '--key', key);
  assert.equal(refused.status, 2, refused.stderr);
  assert.match(refused.stderr, /HTTP 401: API 키가 폐기되었습니다/);
  assert.doesNotMatch(refused.stderr, STACK);
  assert.equal((await olala(env, 'keys', 'revoke', 'olk_nothere1')).status, 2);
});
