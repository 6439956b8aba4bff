import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { UsageError } from '../bench/lib/cli.js';
import {
  baselineMode,
  parseBaselinesFlag,
  readRecordedBaselines,
  recordedReports,
  RECORDED_BASELINES_FILE,
  withRun,
  writeRecordedBaselines,
  type RecordedBaselines,
  type RecordedMethod,
} from '../bench/lib/recorded-baselines.js';

const KOWIKI = { pages: 23996, chunks: 89509 };

function method(name: string, recordedAt: string, r1 = 0.2): RecordedMethod {
  return {
    method: name,
    description: `${name} search`,
    korquad_r1: r1,
    korquad_r10: 0.5,
    korquad_all_r1: null,
    korquad_all_r10: null,
    miracl_ndcg10: 0.3,
    miracl_r10: 0.35,
    miracl_r100: 0.6,
    p50_ms: 800,
    p95_ms: 7000,
    mean_ms: 1200,
    index_s: 33,
    recorded_at: recordedAt,
  };
}

function tempFile(t: { after: (fn: () => void) => void }, text?: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'olala-baselines-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const file = path.join(dir, 'retrieval-baselines.json');
  if (text !== undefined) fs.writeFileSync(file, text);
  return file;
}

const recorded: RecordedBaselines = {
  pglite: {
    corpus: KOWIKI,
    methods: [method('predecessor-or', '2026-11-26T10:00:00Z'), method('predecessor-and', '2026-11-20T10:00:00Z')],
  },
};
const defaults = { recorded, backend: 'pglite' as const, corpus: KOWIKI, predecessorAll: false, maxQuestions: 0 };

test('--baselines takes recorded or run, and nothing else', () => {
  assert.equal(parseBaselinesFlag(undefined), undefined);
  assert.equal(parseBaselinesFlag('recorded'), 'recorded');
  assert.equal(parseBaselinesFlag('run'), 'run');
  assert.throws(
    () => parseBaselinesFlag('record'),
    (err: Error) =>
      err instanceof UsageError && /--baselines: expected "recorded" or "run", got "record"/.test(err.message),
  );
});

test('without the flag, recorded figures are used when they are of this back end and corpus', () => {
  assert.equal(baselineMode(undefined, defaults).mode, 'recorded');
  assert.match(baselineMode(undefined, defaults).why, /predecessor-or 2026-11-26/);
  // Each reason to measure again.
  assert.deepEqual(baselineMode(undefined, { ...defaults, recorded: undefined }), {
    mode: 'run',
    why: 'no pglite figures in retrieval-baselines.json',
  });
  assert.equal(baselineMode(undefined, { ...defaults, backend: 'postgres' }).mode, 'run');
  assert.match(
    baselineMode(undefined, { ...defaults, corpus: { pages: 10, chunks: 20 } }).why,
    /another corpus \(23996 pages, 89509 chunks\)/,
  );
  assert.equal(baselineMode(undefined, { ...defaults, predecessorAll: true }).mode, 'run');
  assert.equal(baselineMode(undefined, { ...defaults, maxQuestions: 50 }).mode, 'run');
});

test('--baselines recorded refuses a record that does not fit; --baselines run always measures', () => {
  assert.equal(baselineMode('recorded', defaults).mode, 'recorded');
  assert.throws(
    () => baselineMode('recorded', { ...defaults, backend: 'postgres' }),
    (err: Error) => err instanceof UsageError && /no postgres figures.*--baselines run/.test(err.message),
  );
  assert.throws(() => baselineMode('recorded', { ...defaults, maxQuestions: 5 }), UsageError);
  assert.deepEqual(baselineMode('run', defaults), { mode: 'run', why: '--baselines run' });
});

test('recorded reports say where their figures come from, and follow --no-and', () => {
  const both = recordedReports(recorded, 'pglite', ['predecessor-or', 'predecessor-and']);
  assert.deepEqual(
    both.map((r) => [r.method, r.source, r.korquad_r1]),
    [
      ['predecessor-or', 'recorded 2026-11-26 (bench/retrieval-baselines.json)', 0.2],
      ['predecessor-and', 'recorded 2026-11-20 (bench/retrieval-baselines.json)', 0.2],
    ],
  );
  assert.deepEqual(
    recordedReports(recorded, 'pglite', ['predecessor-or']).map((r) => r.method),
    ['predecessor-or'],
  );
  const noted: RecordedBaselines = {
    pglite: {
      corpus: KOWIKI,
      methods: [{ ...method('predecessor-or', '2026-11-26T00:00:00Z'), recorded_note: 'copied from the README' }],
    },
  };
  assert.equal(
    recordedReports(noted, 'pglite', ['predecessor-or'])[0]!.source,
    'recorded 2026-11-26 (bench/retrieval-baselines.json; copied from the README)',
  );
  assert.deepEqual(recordedReports(recorded, 'postgres', ['predecessor-or']), []);
});

test('a run replaces what it measured, keeps what it skipped on the same corpus, and reads back', (t) => {
  const file = tempFile(t);
  assert.equal(readRecordedBaselines(file), undefined, 'no file: nothing recorded');
  const run = { corpus: KOWIKI, methods: [method('predecessor-or', '2026-12-02T12:00:00Z', 0.18)] };
  const next = withRun(recorded, 'pglite', run);
  writeRecordedBaselines(next, file);
  const back = readRecordedBaselines(file)!;
  assert.deepEqual(
    back.pglite!.methods.map((m) => [m.method, m.recorded_at, m.korquad_r1]),
    [
      ['predecessor-or', '2026-12-02T12:00:00Z', 0.18],
      ['predecessor-and', '2026-11-20T10:00:00Z', 0.2],
    ],
  );
  // Another corpus: the earlier methods are not kept beside the new figures.
  const other = withRun(recorded, 'pglite', { corpus: { pages: 5, chunks: 9 }, methods: run.methods });
  assert.deepEqual(
    other.pglite!.methods.map((m) => m.method),
    ['predecessor-or'],
  );
  // The other back end's entry is left alone.
  assert.deepEqual(withRun(recorded, 'postgres', run).pglite, recorded.pglite);
});

test('a malformed record is an error naming the file and the field', (t) => {
  assert.throws(() => readRecordedBaselines(tempFile(t, '{ not json')), /retrieval-baselines\.json: not JSON/);
  assert.throws(
    () => readRecordedBaselines(tempFile(t, JSON.stringify({ sqlite: recorded.pglite }))),
    /sqlite: expected "pglite" or "postgres"/,
  );
  const bad = {
    pglite: { corpus: KOWIKI, methods: [{ ...method('predecessor-or', '2026-11-26'), korquad_r1: '0.2' }] },
  };
  assert.throws(
    () => readRecordedBaselines(tempFile(t, JSON.stringify(bad))),
    /pglite\.methods\[0\]\.korquad_r1: expected a number/,
  );
  const undated = { pglite: { corpus: KOWIKI, methods: [{ ...method('predecessor-or', 'yesterday') }] } };
  assert.throws(() => readRecordedBaselines(tempFile(t, JSON.stringify(undated))), /recorded_at: expected an ISO date/);
  assert.throws(
    () =>
      readRecordedBaselines(tempFile(t, JSON.stringify({ pglite: { corpus: { pages: 0, chunks: 1 }, methods: [] } }))),
    /pglite\.corpus/,
  );
});

test('the committed record is readable and holds the predecessor on the kowiki corpus', () => {
  const committed = readRecordedBaselines(RECORDED_BASELINES_FILE)!;
  assert.deepEqual(committed.pglite?.corpus, KOWIKI);
  assert.equal(baselineMode(undefined, { ...defaults, recorded: committed }).mode, 'recorded');
  assert.ok(committed.pglite!.methods.some((m) => m.method === 'predecessor-or'));
});
