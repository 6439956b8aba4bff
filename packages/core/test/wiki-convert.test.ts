import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test, type TestContext } from 'node:test';
import { parse } from 'csv-parse/sync';
import { UserError } from '@olala/core';
import { chunkText, convertWikiExtractor, CHUNK_ID_STRIDE, type ConvertOptions } from '../src/wiki/convert.js';
import { sharedDataDir } from '@olala/testing';

const KOWIKI = path.join(sharedDataDir(), 'kowiki');

function tmpDir(t: TestContext): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'olala-convert-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** One WikiExtractor doc block, with the title repeated as its first line like the real dumps. */
function doc(id: number, title: string, body: string[]): string {
  const attr = title.replace(/&/g, '&amp;').replace(/"/g, '&quot;');
  return [
    `<doc id="${id}" url="https://ko.wikipedia.org/wiki?curid=${id}" title="${attr}">`,
    title,
    '',
    ...body,
    '</doc>',
    '',
  ].join('\n');
}

function write(dir: string, rel: string, text: string): string {
  const file = path.join(dir, rel);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
  return file;
}

type Row = Record<string, string>;

async function convert(t: TestContext, from: string[], options: Partial<ConvertOptions> = {}) {
  const outDir = path.join(tmpDir(t), 'out');
  const result = await convertWikiExtractor({ from, outDir, ...options });
  const read = (file: string) => parse(fs.readFileSync(file), { columns: true, bom: false }) as Row[];
  return { result, outDir, pages: read(result.pagesFile), chunks: read(result.chunksFile) };
}

// Sentences of known length, so chunk boundaries can be predicted.
const s = (n: number, mark = '가') => `${mark.repeat(n - 2)}다.`;

test('paragraphs are packed into chunks while they fit, and a long paragraph starts its own chunk', () => {
  const p1 = s(40);
  const p2 = s(40, '나');
  const p3 = s(30, '라');
  // p1 + "\n" + p2 = 81 fits in 100; adding p3 (81 + 1 + 30 = 112) does not.
  assert.deepEqual(chunkText([p1, p2, p3], 100), [`${p1}\n${p2}`, p3]);
  // Exactly at the limit still fits.
  const p4 = s(59, '마');
  assert.deepEqual(chunkText([p1, p4], 100), [`${p1}\n${p4}`]);
  assert.deepEqual(chunkText([p1, s(60, '마')], 100), [p1, s(60, '마')]);
});

test('a section heading stays with the text that follows it; trailing headings are dropped', () => {
  const intro = s(70);
  const body = s(50, '나');
  const chunks = chunkText([intro, '생애.', '어린 시절.', body, '같이 보기.', '각주.'], 100);
  // The headings do not fit after the intro, so they open the next chunk together with their text.
  assert.deepEqual(chunks, [intro, `생애.\n어린 시절.\n${body}`]);
  for (const c of chunks) assert.ok(!/^(생애|어린 시절|같이 보기|각주)\.$/m.test(c.split('\n').at(-1) ?? ''), c);
  // A heading before a paragraph too long for one chunk leads its first piece.
  const long = Array.from({ length: 6 }, (_, i) => s(40, '가나다라마바'[i])).join(' ');
  const split = chunkText([intro, '역사.', long], 100);
  assert.equal(split[0], intro);
  assert.match(split[1] ?? '', /^역사\.\n가+다\. 나+다\.$/);
  assert.ok(split.every((c) => c.length <= 100));
});

test('a paragraph longer than maxChars is split at sentence ends, then hard-split', () => {
  const sentences = ['가', '나', '다', '라', '마'].map((m) => s(45, m));
  const para = `${sentences.join(' ')} ${'하'.repeat(250)}`;
  const chunks = chunkText([para], 100);
  assert.ok(
    chunks.every((c) => c.length <= 100),
    chunks.map((c) => c.length).join(','),
  );
  // Two 45-character sentences plus a space fit (91); a third would not.
  assert.deepEqual(chunks.slice(0, 3), [
    `${sentences[0]} ${sentences[1]}`,
    `${sentences[2]} ${sentences[3]}`,
    sentences[4],
  ]);
  // The unbreakable run is cut into 100 + 100 + 50; no text is lost.
  assert.deepEqual(
    chunks.slice(3).map((c) => c.length),
    [100, 100, 50],
  );
  assert.equal(chunks.join(' ').replace(/\s+/g, ''), para.replace(/\s+/g, ''));
  // Question and exclamation marks end sentences too; a hard cut prefers the last space.
  assert.deepEqual(chunkText([`${'가'.repeat(60)}? ${'나'.repeat(60)}!`], 100), [
    `${'가'.repeat(60)}?`,
    `${'나'.repeat(60)}!`,
  ]);
  assert.deepEqual(chunkText([`${'가'.repeat(70)} ${'나'.repeat(70)}`], 100), ['가'.repeat(70), '나'.repeat(70)]);
});

test('converts docs to pages and chunks, dropping the title line and skipping stubs and redirects', async (t) => {
  const dir = tmpDir(t);
  const file = write(
    dir,
    'wiki_00',
    doc(10, '지구', ['지구는 태양계의 세 번째 행성이다.', '구조.', '지구의 내부는 지각, 맨틀, 핵으로 이루어져 있다.']) +
      doc(11, '빈 문서', []) +
      doc(12, '짧은 문서', ['짧은 글이다.']) +
      doc(13, '넘겨주기 문서', ['#넘겨주기 [[지구]] 라는 문서로 연결되는 넘겨주기 문서']) +
      doc(14, '달', [
        '달은 지구의 유일한 자연 위성이다. 지구에서 가장 가까운 천체이다.',
        '<document>처럼 보이는 줄도 본문이다.',
      ]),
  );
  const { result, pages, chunks } = await convert(t, [file]);
  assert.deepEqual(
    { pages: result.pages, chunks: result.chunks, stubs: result.skippedStubs, redirects: result.skippedRedirects },
    { pages: 2, chunks: 2, stubs: 2, redirects: 1 },
  );
  assert.deepEqual(pages, [
    { page_id: '10', title: '지구', url: 'https://ko.wikipedia.org/wiki?curid=10' },
    { page_id: '14', title: '달', url: 'https://ko.wikipedia.org/wiki?curid=14' },
  ]);
  assert.deepEqual(chunks[0], {
    chunk_id: String(10 * CHUNK_ID_STRIDE),
    page_id: '10',
    chunk_idx: '0',
    content: '지구는 태양계의 세 번째 행성이다.\n구조.\n지구의 내부는 지각, 맨틀, 핵으로 이루어져 있다.',
  });
  assert.equal(
    chunks[1]?.content,
    '달은 지구의 유일한 자연 위성이다. 지구에서 가장 가까운 천체이다.\n<document>처럼 보이는 줄도 본문이다.',
  );
  // minChars is configurable: with 5 the short doc is kept.
  const lenient = await convert(t, [file], { minChars: 5 });
  assert.equal(lenient.result.pages, 3);
  assert.equal(lenient.result.skippedStubs, 1);
});

test('commas, quotes and newlines survive the CSV round trip', async (t) => {
  const dir = tmpDir(t);
  const title = '"Hello, World!" 프로그램';
  const body = [
    '"Hello, World!"는 화면에 "Hello, World!"를 출력하는 프로그램이다.',
    '작은따옴표 \' 와 쉼표, 그리고 "큰따옴표"가 섞인 문단이다.',
  ];
  const file = write(dir, 'wiki_00', doc(30109, title, body));
  const { pages, chunks, result } = await convert(t, [file]);
  assert.equal(pages[0]?.title, title);
  assert.equal(chunks[0]?.content, body.join('\n'));
  const raw = fs.readFileSync(result.pagesFile, 'utf8');
  assert.match(raw, /^page_id,title,url\n30109,"""Hello, World!"" 프로그램",https:/);
});

test('folders are walked recursively in sorted order and chunk ids are deterministic', async (t) => {
  const dir = tmpDir(t);
  const text = (n: number) => Array.from({ length: n }, (_, i) => s(300, '가나다라마'[i % 5]));
  write(dir, 'AB/wiki_00', doc(300, '셋째', text(1)));
  write(dir, 'AA/wiki_01', doc(200, '둘째', text(3)));
  write(dir, 'AA/wiki_00', doc(100, '첫째', text(5)));
  write(dir, '.DS_Store', 'not a wiki file');
  const first = await convert(t, [dir]);
  assert.deepEqual(
    first.pages.map((p) => p.page_id),
    ['100', '200', '300'],
  );
  // 300-character paragraphs: two fit in 800, so 5 paragraphs make 3 chunks.
  assert.deepEqual(
    first.chunks.map((c) => c.chunk_id),
    ['10000000', '10000001', '10000002', '20000000', '20000001', '30000000'],
  );
  const again = await convert(t, [dir]);
  assert.equal(fs.readFileSync(again.result.chunksFile, 'utf8'), fs.readFileSync(first.result.chunksFile, 'utf8'));
  // A page gets the same ids when converted on its own.
  const alone = await convert(t, [path.join(dir, 'AA/wiki_01')]);
  assert.deepEqual(
    alone.chunks,
    first.chunks.filter((c) => c.page_id === '200'),
  );
});

test('malformed input is reported as file:line and leaves no output behind', async (t) => {
  const dir = tmpDir(t);
  const outDir = path.join(dir, 'out');
  const cases: [string, string, RegExp][] = [
    [
      'unclosed',
      `${doc(1, '하나', ['첫 문서의 본문이 여기에 있다.'])}<doc id="2" url="u" title="둘">\n둘\n본문이 끝나지 않는다.\n`,
      /unclosed:6: <doc id="2"> has no closing <\/doc> before the end of the file/,
    ],
    [
      'unclosed-next',
      `<doc id="1" url="u" title="하나">\n하나\n<doc id="2" url="u" title="둘">\n</doc>\n`,
      /unclosed-next:1: <doc id="1"> has no closing <\/doc> before the next <doc> at line 3/,
    ],
    ['no-id', `${doc(1, '하나', ['본문'])}\n<doc url="u" title="둘">\n둘\n</doc>\n`, /no-id:7: <doc> without an id/],
    ['broken-tag', `<doc id="1" url="u" title="하나"\n하나\n</doc>\n`, /broken-tag:1: malformed <doc> tag/],
    ['stray', `\n\n텍스트\n`, /stray:3: text outside a <doc>/],
    ['close', `</doc>\n`, /close:1: <\/doc> without an opening <doc>/],
    [
      'dup',
      doc(5, '가', ['같은 아이디를 가진 첫 문서이다.']) + doc(5, '나', ['같은 아이디를 가진 둘째 문서이다.']),
      /dup:6: page id 5 appears twice/,
    ],
  ];
  for (const [name, text, message] of cases) {
    const file = write(dir, name, text);
    await assert.rejects(convertWikiExtractor({ from: [file], outDir }), (err: Error) => {
      assert.ok(err instanceof UserError, `${name}: ${err.message}`);
      assert.match(
        err.message,
        /^convert stopped, no CSV written: no bad docs are allowed \(see --max-errors\)\. First errors:\n/,
      );
      assert.match(err.message, message);
      assert.ok(err.message.includes(`\n  ${file}:`), err.message);
      return true;
    });
  }
  const bad = write(dir, 'bad-utf8', '');
  fs.writeFileSync(
    bad,
    Buffer.concat([
      Buffer.from('<doc id="1" url="u" title="하나">\n본문'),
      Buffer.from([0xff, 0x0a]),
      Buffer.from('</doc>\n'),
    ]),
  );
  await assert.rejects(convertWikiExtractor({ from: [bad], outDir }), /bad-utf8:2: invalid UTF-8/);
  await assert.rejects(
    convertWikiExtractor({ from: [path.join(dir, 'missing')], outDir }),
    /missing: no such file or folder/,
  );
  await assert.rejects(
    convertWikiExtractor({ from: [dir], outDir, maxChars: 10 }),
    /maxChars must be an integer of at least 100/,
  );
  await assert.rejects(
    convertWikiExtractor({ from: [bad], outDir: path.join(bad, 'out') }),
    /bad-utf8\/out: cannot create the output folder/,
  );
  assert.deepEqual(fs.readdirSync(outDir), []);
});

/** A doc block written as-is: the title attribute is not escaped and not repeated in the text. */
function rawDoc(id: number, titleAttr: string | undefined, body: string[]): string {
  const title = titleAttr === undefined ? '' : ` title="${titleAttr}"`;
  return [`<doc id="${id}" url="https://ko.wikipedia.org/wiki?curid=${id}"${title}>`, ...body, '</doc>', ''].join('\n');
}

test('docs with a blank title (empty, a BOM, zero-width characters, whitespace, none) are skipped, counted and named', async (t) => {
  const dir = tmpDir(t);
  const body = ['제목이 없는 문서에도 본문이 조금 있을 수 있다. 그래도 건너뛴다.'];
  // 446888 is the doc that stopped the 2022 dump: a lone U+FEFF title and no text.
  const file = write(
    dir,
    'AD/wiki_26',
    doc(1, '지구', ['지구는 태양계의 세 번째 행성이다. 생명체가 사는 유일한 행성이다.']) + // lines 1-5
      rawDoc(446888, '\uFEFF', []) + // line 6
      rawDoc(3, '', body) + // line 8
      rawDoc(4, '\u200B\u200C\u200D\u2060', body) + // line 11
      rawDoc(5, ' \t\u00A0\u3000', body) + // line 14
      rawDoc(6, '&#8203;&#xFEFF;', body) + // line 17: escaped, blank once unescaped
      rawDoc(7, undefined, body) + // line 20
      doc(8, '달', ['달은 지구의 유일한 자연 위성이다. 지구에서 가장 가까운 천체이다.']),
  );
  const { result, pages } = await convert(t, [dir]);
  assert.deepEqual(
    pages.map((p) => p.title),
    ['지구', '달'],
  );
  assert.equal(result.skippedUntitled, 6);
  assert.equal(result.skippedStubs, 0);
  assert.deepEqual(result.untitled, [
    { file, line: 6, pageId: 446888 },
    { file, line: 8, pageId: 3 },
    { file, line: 11, pageId: 4 },
    { file, line: 14, pageId: 5 },
    { file, line: 17, pageId: 6 },
    { file, line: 20, pageId: 7 },
  ]);
  assert.equal(result.errors, 0);
  // A title with visible text around invisible characters is a title.
  const kept = write(
    dir,
    'kept',
    rawDoc(9, '\uFEFF서울\u200B', ['서울특별시는 대한민국의 수도이며 가장 큰 도시이다.']),
  );
  assert.equal((await convert(t, [kept])).result.pages, 1);
});

test('with --max-errors, bad docs are skipped, counted and written to the rejects file; one more stops the run', async (t) => {
  const dir = tmpDir(t);
  const text =
    doc(1, '지구', ['지구는 태양계의 세 번째 행성이다. 생명체가 사는 유일한 행성이다.']) + // lines 1-5
    '<doc id="2" url="u" title="깨진 태그"\n깨진 태그\n이 본문은 깨진 태그의 것이라 함께 버려진다.\n</doc>\n' + // lines 6-9
    doc(3, '달', ['달은 지구의 유일한 자연 위성이다. 지구에서 가장 가까운 천체이다.']) + // lines 10-14
    '<doc id="4" url="u" title="깨진 글자">\n깨진 글자\n'; // lines 15-16, then a bad line 17
  const file = write(dir, 'wiki_00', '');
  fs.writeFileSync(
    file,
    Buffer.concat([
      Buffer.from(text),
      Buffer.from([0xed, 0xa0, 0x80, 0x0a]),
      Buffer.from('</doc>\n'),
      Buffer.from(doc(5, '화성', ['화성은 태양계의 네 번째 행성이다. 붉은 행성이라고도 불린다.'])),
    ]),
  );
  const rejectsFile = path.join(dir, 'rejects.csv');
  const { result, pages } = await convert(t, [file], { maxErrors: 2, rejectsFile });
  assert.deepEqual(
    pages.map((p) => p.page_id),
    ['1', '3', '5'],
  );
  assert.equal(result.errors, 2);
  assert.equal(result.rejectsFile, rejectsFile);
  const rejects = parse(fs.readFileSync(rejectsFile), { columns: true }) as Row[];
  assert.deepEqual(
    rejects.map((r) => [r.file, r.line, r.reason, r.record]),
    [
      [
        file,
        '6',
        'malformed <doc> tag (expected <doc id="…" url="…" title="…">)',
        '<doc id="2" url="u" title="깨진 태그"',
      ],
      [file, '17', 'invalid UTF-8', '<doc id="4" url="u" title="깨진 글자">'],
    ],
  );

  const outDir = path.join(dir, 'out-strict');
  await assert.rejects(
    convertWikiExtractor({ from: [file], outDir, maxErrors: 1, rejectsFile: path.join(dir, 'rejects-1.csv') }),
    (err: Error) => {
      assert.ok(err instanceof UserError);
      assert.equal(
        err.message,
        `convert stopped, no CSV written: more than --max-errors 1 bad docs. First errors:\n` +
          `  ${file}:6: malformed <doc> tag (expected <doc id="…" url="…" title="…">)\n` +
          `  ${file}:17: invalid UTF-8\n` +
          `rejected docs so far are in ${path.join(dir, 'rejects-1.csv')}`,
      );
      return true;
    },
  );
  assert.deepEqual(fs.readdirSync(outDir), []);
});

test('the kowiki corpus converts to about 23,996 pages and 89,145 chunks of at most 800 characters', async (t) => {
  assert.ok(
    fs.existsSync(path.join(KOWIKI, 'AA')) && fs.existsSync(path.join(KOWIKI, 'extra')),
    `the kowiki corpus is missing: expected ${KOWIKI}/AA and ${KOWIKI}/extra (see ../shared/data/README.md)`,
  );
  const outDir = tmpDir(t);
  const result = await convertWikiExtractor({ from: [path.join(KOWIKI, 'AA'), path.join(KOWIKI, 'extra')], outDir });
  const within = (actual: number, expected: number) => Math.abs(actual - expected) <= expected * 0.01;
  assert.ok(within(result.pages, 23_996), `pages: ${result.pages}, expected 23,996 ± 1%`);
  assert.ok(within(result.chunks, 89_145), `chunks: ${result.chunks}, expected 89,145 ± 1%`);
  assert.ok(
    result.skippedStubs + result.skippedRedirects > 9_000,
    `skipped: ${result.skippedStubs} + ${result.skippedRedirects}`,
  );

  let rows = 0;
  let longest = 0;
  const { parse: parseStream } = await import('csv-parse');
  for await (const row of fs.createReadStream(result.chunksFile).pipe(parseStream({ columns: true }))) {
    rows++;
    longest = Math.max(longest, (row as Row).content?.length ?? 0);
  }
  assert.equal(rows, result.chunks);
  assert.ok(longest <= 800, `longest chunk: ${longest} characters`);
  assert.ok(longest > 700, `longest chunk: ${longest} characters (chunks should fill up)`);
});
