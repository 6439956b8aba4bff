import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fakeChatServer, jsonReply, tempDir, type FakeChatRequest } from '@olala/testing';
import { olala, OLALA, STACK } from './run-olala.js';

const MARS = '화성은 태양계의 4번째 행성이다. 화성의 표면은 산화철 때문에 붉은 색을 띤다. 화성에는 올림푸스 산이 있다.';
const SEOUL = '서울특별시는 대한민국의 수도이다. 서울의 인구는 약 940만 명이다. 한강이 서울을 가로질러 흐른다.';
const YI = '이순신은 조선 중기의 무신이다. 임진왜란 때 수군을 이끌고 한산도 대첩에서 왜군을 크게 물리쳤다.';
// Search ignores a word found on more than a third of the pages: a set wiki needs a few passages.

const SET = [
  { claim: '화성은 태양계의 4번째 행성이다.', gold: 'TRUE', evidence: MARS },
  { claim: '화성은 태양계의 3번째 행성이다.', gold: 'FALSE', evidence: MARS },
  { claim: '서울특별시는 대한민국의 수도이다.', gold: 'TRUE', evidence: SEOUL },
  { claim: '이순신은 고려의 왕이었다.', gold: false, evidence: YI },
];

interface Report {
  set: string;
  items: number;
  models: string;
  wiki: string;
  resumed: number;
  computed: number;
  remaining: number;
  n: number;
  labels: Record<string, number>;
  per_label: Record<'TRUE' | 'FALSE' | 'UNVERIFIED', { gold: number; predicted: number }>;
  decided: number;
  evidence_items: number;
  reliability: { count: number }[];
  latency_p50_ms: number | null;
}

function setup(t: Parameters<typeof tempDir>[0], items: readonly object[]) {
  const dir = tempDir(t, 'olala-eval-test-');
  const file = path.join(dir, 'set.jsonl');
  fs.writeFileSync(file, items.map((i) => JSON.stringify(i)).join('\n') + '\n');
  // The configured database is never opened with --wiki-from-set; point it at the temp folder anyway.
  const env = {
    OLALA_DATA_DIR: path.join(dir, 'data'),
    DATABASE_URL: '',
    OLLAMA_URL: '',
    SLM1_MODEL: '',
    SLM2_MODEL: '',
    JUDGE_MODEL: '',
    EMBED_MODEL: '',
  };
  return { dir, file, out: path.join(dir, 'state.jsonl'), env };
}

const records = (out: string) =>
  fs
    .readFileSync(out, 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((l) => JSON.parse(l) as { i: number; label: string });

test('olala eval --wiki-from-set (no LLM): counts the set, and a second run resumes instead of recomputing', async (t) => {
  const { file, out, env } = setup(t, SET);
  const first = await olala(env, 'eval', file, '--wiki-from-set', '--out', out, '--json', '--max-items', '2');
  assert.equal(first.status, 0, first.stderr);
  const a = JSON.parse(first.stdout) as Report;
  assert.equal(a.models, 'rules');
  assert.equal(a.wiki, 'set');
  assert.deepEqual([a.items, a.n, a.computed, a.resumed, a.remaining], [4, 2, 2, 0, 2]);
  assert.deepEqual(
    records(out).map((r) => r.i),
    [0, 1],
  );
  // Progress goes to stderr as JSON lines, stdout holds only the report.
  assert.match(first.stderr, /"event":"done","label":"eval"/);

  const second = await olala(env, 'eval', file, '--wiki-from-set', '--out', out, '--json');
  assert.equal(second.status, 0, second.stderr);
  const b = JSON.parse(second.stdout) as Report;
  assert.deepEqual([b.n, b.computed, b.resumed, b.remaining], [4, 2, 2, 0]);
  assert.deepEqual(
    records(out).map((r) => r.i),
    [0, 1, 2, 3],
  );
  assert.deepEqual(Object.fromEntries(Object.entries(b.per_label).map(([l, f]) => [l, f.gold])), {
    TRUE: 2,
    FALSE: 2,
    UNVERIFIED: 0,
  });
  assert.equal(
    Object.values(b.labels).reduce((s, n) => s + n, 0),
    4,
  );
  assert.equal(b.evidence_items, 4);
  assert.equal(
    b.reliability.reduce((s, bin) => s + bin.count, 0),
    b.decided,
  );
  assert.equal(typeof b.latency_p50_ms, 'number');

  // Everything done: nothing runs again, the state file is unchanged, and the text report reads it.
  const before = fs.readFileSync(out, 'utf8');
  const third = await olala(env, 'eval', file, '--wiki-from-set', '--out', out);
  assert.equal(third.status, 0, third.stderr);
  assert.equal(fs.readFileSync(out, 'utf8'), before);
  assert.match(third.stdout, /^set: set \(4 items; 0 run now, 4 from /m);
  assert.match(third.stdout, /^unsafe rate \(gold FALSE answered TRUE\): /m);
  assert.match(third.stdout, /^evidence hit: .+ \(4 items name a passage\)$/m);

  // Another set in the same state file is refused rather than mixed in.
  fs.appendFileSync(file, `${JSON.stringify({ claim: '한강은 서울을 흐른다.', gold: 'TRUE' })}\n`);
  const other = await olala(env, 'eval', file, '--wiki-from-set', '--out', out);
  assert.equal(other.status, 2);
  assert.match(other.stderr, /holds results of another run \(fingerprint: /);
});

test('olala eval refuses an invalid set with file:line: field: reason, before opening any database', async (t) => {
  const { file, out, env } = setup(t, [
    SET[0]!,
    { claim: '화성은 행성이다.', gold: 'sometimes' },
    { claim: 3, gold: 'TRUE' },
  ]);
  const run = await olala(env, 'eval', file, '--wiki-from-set', '--out', out);
  assert.equal(run.status, 2);
  assert.match(
    run.stderr,
    new RegExp(
      `${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:2: gold: expected TRUE, FALSE, UNVERIFIED, true or false, got "sometimes"`,
    ),
  );
  assert.match(run.stderr, /set\.jsonl:3: claim: expected a string/);
  assert.doesNotMatch(run.stderr, STACK);
  assert.equal(fs.existsSync(out), false);

  const unknown = await olala(env, 'eval', '--set', 'nope');
  assert.equal(unknown.status, 2);
  assert.match(unknown.stderr, /--set: unknown set "nope" \(bundled: klue-wiki, boolq-dev\)/);
});

/** The evidence block of a verifier prompt that holds `needle`: `[ev_xxxxxxxx] …`. */
function evidenceWith(prompt: string, needle: string): string | undefined {
  return prompt
    .split(/\n(?=\[ev_)/)
    .find((b) => b.includes(needle))
    ?.match(/^\[(ev_[0-9a-f]{8})\]/)?.[1];
}

test('olala eval uses the configured models: the fake LLM is asked, and its citation decides the verdict', async (t) => {
  const quote = '화성의 표면은 산화철 때문에 붉은 색을 띤다';
  const fake = await fakeChatServer(t, (req: FakeChatRequest) => {
    const id = evidenceWith(req.user, quote);
    const supporter = req.user.includes('뒷받침하는 근거를 찾는 검증자');
    const citations = supporter && id ? [{ evid_id: id, quote, stance: 'support' }] : [];
    return jsonReply({
      stance: citations.length ? 'TRUE' : 'UNVERIFIED',
      confidence: 0.9,
      reasoning_bullets: ['근거를 읽었습니다.'],
      citations,
      weak_points: [],
      followup_queries: [],
    });
  });
  const { file, out, env } = setup(t, [
    { claim: '화성의 표면은 붉은 색을 띤다고 알려져 있다.', gold: 'TRUE', evidence: MARS },
    SET[2]!,
    SET[3]!,
  ]);
  const run = await olala(
    { ...env, OLLAMA_URL: fake.url, SLM2_MODEL: 'eval-verifier:1b', LLM_MAX_RETRIES: '0' },
    'eval',
    file,
    '--wiki-from-set',
    '--out',
    out,
    '--json',
  );
  assert.equal(run.status, 0, run.stderr);
  const report = JSON.parse(run.stdout) as Report;
  assert.equal(report.models, 'verify=ollama/eval-verifier:1b');
  assert.ok(fake.requests.length >= 2, 'both verifiers asked the fake');
  assert.ok(fake.requests.every((r) => r.model === 'eval-verifier:1b'));
  // Only the Mars prompt holds the quote the fake cites: that item alone is TRUE.
  assert.deepEqual(
    records(out).map((r) => r.label),
    ['TRUE', 'UNVERIFIED', 'UNVERIFIED'],
  );
});

test('Ctrl-C stops olala eval after the claim in flight: the report so far, exit 130, every answer kept in the state file', async (t) => {
  const dir = tempDir(t, 'olala-eval-test-');
  const out = path.join(dir, 'state.jsonl');
  const child = spawn(
    process.execPath,
    [OLALA, 'eval', '--set', 'klue-wiki', '--wiki-from-set', '--out', out, '--json'],
    {
      env: {
        ...process.env,
        OLALA_DEBUG: '',
        OLALA_DATA_DIR: path.join(dir, 'data'),
        DATABASE_URL: '',
        OLLAMA_URL: '',
        SLM1_MODEL: '',
        SLM2_MODEL: '',
        JUDGE_MODEL: '',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  // Interrupt once the first claims are answered (a progress line past 0), whatever the machine's speed.
  // A child that ends before that fails the test with what it said (once it exited unexplained in CI).
  await new Promise<void>((resolve, reject) => {
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      stderr += d;
      if (/"done":[1-9]/.test(stderr)) resolve();
    });
    child.on('close', (code, signal) =>
      reject(new Error(`olala eval ended (${code ?? signal}) before answering a claim:\n${stderr}\n${stdout}`)),
    );
  });
  child.kill('SIGINT');
  assert.equal(await exited, 130, stderr);
  const report = JSON.parse(stdout) as Report & { stopped: boolean };
  assert.equal(report.stopped, true);
  assert.ok(report.remaining > 0 && report.n < 200, `stopped early: ${report.n} answered`);
  assert.equal(records(out).length, report.n);
  assert.match(stderr, /stopping after the item in flight/);
});
