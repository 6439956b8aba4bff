import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test, type TestContext } from 'node:test';
import { parse } from 'csv-parse/sync';

const OLALA = path.resolve(import.meta.dirname, '../bin/olala.mjs');

function olala(...args: string[]) {
  return spawnSync(process.execPath, [OLALA, ...args], { encoding: 'utf8', env: { ...process.env, OLALA_DEBUG: '' } });
}

function fixture(t: TestContext): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'olala-cli-convert-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const doc = (id: number, title: string, body: string[]) =>
    [
      `<doc id="${id}" url="https://ko.wikipedia.org/wiki?curid=${id}" title="${title}">`,
      title,
      '',
      ...body,
      '</doc>',
      '',
    ].join('\n');
  fs.mkdirSync(path.join(dir, 'text', 'AA'), { recursive: true });
  fs.writeFileSync(
    path.join(dir, 'text', 'AA', 'wiki_00'),
    doc(249, '대한민국', [
      '대한민국은 동아시아의 한반도 남부에 있는 민주공화국이다.',
      '역사.',
      `${'가'.repeat(58)}다. ${'나'.repeat(58)}다.`,
    ]) + doc(250, '빈 문서', []),
  );
  fs.writeFileSync(
    path.join(dir, 'text', 'AA', 'wiki_01'),
    doc(259, '서울특별시', ['서울특별시는 대한민국의 수도이다, 그리고 "최대 도시"이다.']),
  );
  return dir;
}

test('olala wiki convert writes both CSV files and prints the counts', (t) => {
  const dir = fixture(t);
  const out = path.join(dir, 'csv');
  const res = olala('wiki', 'convert', '--from', path.join(dir, 'text'), '--out', out, '--max-chars', '100');
  assert.equal(res.status, 0, res.stderr);
  assert.match(res.stdout, /^wiki_pages: 2 \(/m);
  assert.match(res.stdout, /^wiki_chunks: 4 \(/m);
  assert.match(res.stdout, /^skipped_stubs: 1$/m);
  // Not a terminal, so progress comes as JSON lines on stderr.
  const events = res.stderr
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { event: string; rows?: number });
  assert.equal(events.at(-1)?.event, 'done');
  assert.equal(events.at(-1)?.rows, 2);

  const pages = parse(fs.readFileSync(path.join(out, 'wiki_pages.csv')), { columns: true }) as Record<string, string>[];
  assert.deepEqual(
    pages.map((p) => p.title),
    ['대한민국', '서울특별시'],
  );
  const chunks = parse(fs.readFileSync(path.join(out, 'wiki_chunks.csv')), { columns: true }) as Record<
    string,
    string
  >[];
  // The 121-character paragraph is cut at its sentence end; its heading leads the first piece.
  assert.deepEqual(
    chunks.map((c) => [c.chunk_id, c.chunk_idx, c.content]),
    [
      ['24900000', '0', '대한민국은 동아시아의 한반도 남부에 있는 민주공화국이다.'],
      ['24900001', '1', `역사.\n${'가'.repeat(58)}다.`],
      ['24900002', '2', `${'나'.repeat(58)}다.`],
      ['25900000', '0', '서울특별시는 대한민국의 수도이다, 그리고 "최대 도시"이다.'],
    ],
  );
});

test('olala wiki convert: a missing --from path, an unknown flag and a malformed file exit 2 without a stack trace', (t) => {
  const dir = fixture(t);
  const missing = path.join(dir, 'no-such-folder');
  const res = olala('wiki', 'convert', '--from', missing, '--out', path.join(dir, 'csv'));
  assert.equal(res.status, 2);
  assert.equal(res.stderr.trim(), `error: --from: no such file or folder: ${missing}`);

  const unknown = olala('wiki', 'convert', '--from', dir, '--out', path.join(dir, 'csv'), '--chunk-size', '5');
  assert.equal(unknown.status, 2);
  assert.match(unknown.stderr, /unknown option '--chunk-size'/);
  assert.match(unknown.stderr, /Usage: olala wiki convert/);

  const bad = path.join(dir, 'bad');
  fs.writeFileSync(bad, '<doc id="1" url="u" title="하나">\n하나\n본문이 닫히지 않았다.\n');
  const malformed = olala('wiki', 'convert', '--from', bad, '--out', path.join(dir, 'csv'));
  assert.equal(malformed.status, 2);
  assert.match(
    malformed.stderr,
    /error: convert stopped, no CSV written: no bad docs are allowed \(see --max-errors\)/,
  );
  assert.match(malformed.stderr, new RegExp(`\n  ${bad}:1: <doc id="1"> has no closing </doc>`));
  for (const r of [res, unknown, malformed]) assert.doesNotMatch(r.stderr, /\n\s+at /);
  assert.equal(fs.existsSync(path.join(dir, 'csv', 'wiki_chunks.csv')), false);
});

/** A dump folder with the 2022 dump's untitled doc (a lone BOM), a broken <doc> tag and two good docs. */
function oddDump(t: TestContext): { dir: string; file: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'olala-cli-convert-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const file = path.join(dir, 'text', 'AD', 'wiki_26');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(
    file,
    [
      '<doc id="446887" url="https://ko.wikipedia.org/wiki?curid=446887" title="금성">', // 1
      '금성',
      '금성은 태양계의 두 번째 행성이다. 지구에서 가장 밝게 보이는 행성이다.',
      '</doc>',
      '<doc id="446888" url="https://ko.wikipedia.org/wiki?curid=446888" title="\uFEFF">', // 5
      '</doc>',
      '<doc id="446889" url="https://ko.wikipedia.org/wiki?curid=446889" title="\u200B ">', // 7
      '</doc>',
      '<doc id="446890" url="u" title="깨진 태그"', // 9: no closing >
      '깨진 태그의 본문이다.',
      '</doc>',
      '<doc id="446891" url="https://ko.wikipedia.org/wiki?curid=446891" title="화성">', // 12
      '화성',
      '화성은 태양계의 네 번째 행성이다. 붉은 행성이라고도 불린다.',
      '</doc>',
      '',
    ].join('\n'),
  );
  return { dir, file };
}

test('olala wiki convert skips docs without a title and names them in the summary', (t) => {
  const { dir, file } = oddDump(t);
  const rejects = path.join(dir, 'rejects.csv');
  const res = olala(
    'wiki',
    'convert',
    '--from',
    path.join(dir, 'text'),
    '--out',
    path.join(dir, 'csv'),
    '--max-errors',
    '1',
    '--rejects',
    rejects,
  );
  assert.equal(res.status, 0, res.stderr);
  assert.match(res.stdout, /^wiki_pages: 2 \(/m);
  assert.match(res.stdout, /^errors: 1 \(/m);
  const summary = res.stdout.slice(res.stdout.indexOf('skipped_untitled:'));
  assert.equal(summary, `skipped_untitled: 2\n  ${file}:5: <doc id="446888">\n  ${file}:7: <doc id="446889">\n`);
  assert.match(res.stdout, new RegExp(`^errors: 1 \\(listed in ${rejects}\\)$`, 'm'));
  const rows = parse(fs.readFileSync(rejects), { columns: true }) as Record<string, string>[];
  assert.deepEqual(
    rows.map((r) => [r.file, r.line]),
    [[file, '9']],
  );
  const pages = parse(fs.readFileSync(path.join(dir, 'csv', 'wiki_pages.csv')), { columns: true }) as Record<
    string,
    string
  >[];
  assert.deepEqual(
    pages.map((p) => p.title),
    ['금성', '화성'],
  );
});

test('olala wiki convert: more bad docs than --max-errors exits 2 with the first errors and writes no CSV', (t) => {
  const { dir, file } = oddDump(t);
  const res = olala('wiki', 'convert', '--from', path.join(dir, 'text'), '--out', path.join(dir, 'csv'));
  assert.equal(res.status, 2);
  assert.equal(
    res.stderr
      .split('\n')
      .filter((l) => !l.startsWith('{'))
      .join('\n')
      .trim(),
    `error: convert stopped, no CSV written: no bad docs are allowed (see --max-errors). First errors:\n` +
      `  ${file}:9: malformed <doc> tag (expected <doc id="…" url="…" title="…">)`,
  );
  assert.deepEqual(fs.readdirSync(path.join(dir, 'csv')), []);
  const negative = olala(
    'wiki',
    'convert',
    '--from',
    path.join(dir, 'text'),
    '--out',
    path.join(dir, 'csv'),
    '--max-errors',
    '-1',
  );
  assert.equal(negative.status, 2);
  assert.match(negative.stderr, /--max-errors/);
});
