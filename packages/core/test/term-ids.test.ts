import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import {
  addFrequencies,
  documentFrequencies,
  documentLengths,
  DOC_COUNT_TERM,
  encodeRows,
  invertSegment,
  SegmentInverter,
  sortedOrder,
  TextPack,
  type PostingRow,
} from '../src/search/postings-builder.js';
import { encodePostings, quantiseWeight } from '../src/search/postings.js';
import { SegmentPool } from '../src/search/postings-pool.js';
import { TermIds } from '../src/search/term-ids.js';
import { titleTerms, tokenize } from '../src/search/tokenizer.js';

/** What the index build's id path makes of a text, as strings. */
function viaIds(vocab: TermIds, text: string, field: 'c' | 't'): string[] {
  vocab.document(text, field);
  return Array.from(vocab.ids.subarray(0, vocab.length), (id) => vocab.termOf(id));
}

const TRICKY = [
  '대한민국(大韓民國)의 수도는 서울特別市이다. 漢字만 있는 文章.',
  'Samsung Galaxy S24를 2024년 1월 17일에 공개했다; galaxy의 가격은 1,234,567원(약 3.5%)이다.',
  '1,2,3위와 10.5km, 3%의, 6조원, 2024년대, v2.0.1, 1.2.3.4, ,5, 5,, 12,34',
  '이모지 😀가 들어간 문장 👍🏽 그리고 𠀀𠀁 같은 확장 한자와 🇰🇷 국기',
  '줄 바꿈\r\n윈도우식\r\n\r\n문단과\r탭\t구분',
  'ㅋㅋㅋ ㅠㅠ 낱자 ᄀᄂ 호환 자모',
  `${'가나다라마바사아자차카타파하'.repeat(12)}은 ${'abcdefghij'.repeat(6)} ${'1234567890'.repeat(6)}원`,
  'Ｆｕｌｌｗｉｄｔｈ ＡＢＣ １２３ ﾊﾝｶｸ 카나 Ⅻ ﬁ ligature',
  'Ελληνικά Русский العربية עברית हिन्दी ไทย 日本語のテキスト',
  "O'Brien's e-mail: a.b@example.com https://ko.wikipedia.org/wiki?curid=5 #태그 @사용자",
  '학생들에게는 교과서를 나누어 주었다. 기록했다 기록되었다 고양이는',
  // Numbers the build reads as slices of the text (no thousands separator): a unit that is only
  // a particle (5의), a unit cut to its stem (3위의), %, a Latin unit, a unit or a number at
  // the 40-unit bound and past it, a number at the very end.
  '5의 3위의 100%의 10.5km를 0.5배로 2024년대에는 v2.0.1을 x86 3d 10ㅋ 7',
  `${'1'.repeat(39)}원 ${'1'.repeat(38)}원을 ${'1'.repeat(40)} ${'1'.repeat(41)}원 1${'가'.repeat(45)} 12${'가'.repeat(38)}`,
  '1,234.5원 1.234,5원 1,2,3위의 0,5% 2,000km를 12',
  '',
  '   ',
  '서울',
];

test('the id path gives the same terms as tokenize and titleTerms, tricky text included', () => {
  const vocab = new TermIds();
  for (const text of TRICKY) {
    assert.deepEqual(viaIds(vocab, text, 'c'), tokenize(text), text);
    assert.deepEqual(viaIds(vocab, text, 't'), titleTerms(text), text);
    // Seen a second time, from the vocabulary's tables rather than learnt.
    assert.deepEqual(viaIds(vocab, text, 'c'), tokenize(text), text);
  }
});

test('the id path gives the same terms as tokenize on the whole sample wiki, across a vocabulary restart', () => {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../sample/wiki');
  const chunks = parse(fs.readFileSync(path.join(root, 'wiki_chunks.csv')), { columns: true }) as { content: string }[];
  // Small enough to start again several times within the sample.
  const vocab = new TermIds(5_000);
  let restarts = 0;
  let terms = 0;
  for (const c of chunks) {
    if (vocab.bound()) restarts++;
    const got = viaIds(vocab, c.content, 'c');
    terms += got.length;
    assert.deepEqual(got, tokenize(c.content));
  }
  assert.ok(restarts >= 3, `restarts: ${restarts}`);
  assert.ok(terms > 700_000, `terms: ${terms}`);
});

test('a term comes back from its packed units as the string it was, whatever its units', () => {
  const vocab = new TermIds();
  // Odd and even lengths (units are packed two to an int), lone and paired surrogates, U+0000
  // and U+FFFF, and keys longer than one fromCharCode call takes.
  const terms = [
    '',
    'a',
    'ab',
    'abc',
    '가',
    '가나',
    '\ud800',
    'x\udfff',
    '😀',
    '\u0000\uffff',
    'ㄱ'.repeat(4096),
    'z'.repeat(9001),
  ];
  const ids = terms.map((t) => vocab.idOf(t));
  assert.deepEqual(ids, Array.from(terms.keys()));
  // Asked again, after the tables grew past their first size, the same ids and strings.
  for (let i = 0; i < 200_000; i++) vocab.idOf(`t${i}`);
  assert.deepEqual(
    terms.map((t) => vocab.idOf(t)),
    ids,
  );
  assert.deepEqual(
    ids.map((id) => vocab.termOf(id)),
    terms,
  );
  assert.equal(vocab.termOf(vocab.idOf('t199999')), 't199999');
  assert.equal(vocab.size, terms.length + 200_000);
});

test('sortedOrder sorts as the < of strings does, astral characters and prefixes included', () => {
  const alphabet = ['a', 'b', '_', '=', '가', '힣', '\uffff', '\ue000', '😀', '𠀀', '1', 'Z'];
  let seed = 7;
  const random = () => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return seed / 2 ** 32;
  };
  const set = new Set<string>();
  while (set.size < 5000) {
    let s = '';
    const n = 1 + Math.floor(random() * 7);
    for (let i = 0; i < n; i++) s += alphabet[Math.floor(random() * alphabet.length)];
    set.add(s);
  }
  const terms = [...set];
  const expected = Array.from(terms.keys()).sort((a, b) => (terms[a]! < terms[b]! ? -1 : 1));
  assert.deepEqual(Array.from(sortedOrder(terms)), expected);
  assert.deepEqual(Array.from(sortedOrder([])), []);
  assert.deepEqual(Array.from(sortedOrder(['b', 'a', 'ab', 'a\u0001'])), [1, 3, 2, 0]);
});

test('a segment encodes what a plain inversion of tokenize gives, document ids in any order', () => {
  const texts = TRICKY.concat(TRICKY.map((t) => t.split(' ').reverse().join(' ')));
  // Descending ids beyond 2^31: each posting list must still come out ascending.
  const ids = texts.map((_, i) => 1_000_000_000_000 - i * 7);
  const got = invertSegment({ field: 'c', segment: 3, ids, texts: [...texts], sortTerms: true, avgLength: 20 });

  const lists = new Map<string, { id: number; weight: number }[]>();
  let documents = 0;
  for (let i = 0; i < ids.length; i++) {
    const terms = tokenize(texts[i]!);
    if (terms.length > 0) documents++;
    const tf = new Map<string, number>();
    for (const t of terms) tf.set(t, (tf.get(t) ?? 0) + 1);
    for (const [t, n] of tf) {
      const list = lists.get(t) ?? [];
      list.push({ id: ids[i]!, weight: quantiseWeight(n, terms.length, 20) });
      lists.set(t, list);
    }
  }
  const rows: PostingRow[] = [
    { field: 'c', term: DOC_COUNT_TERM, segment: 3, df: documents, postings: new Uint8Array(0) },
  ];
  for (const term of [...lists.keys()].sort((a, b) => (a < b ? -1 : 1))) {
    const list = lists.get(term)!.sort((a, b) => a.id - b.id);
    rows.push({
      field: 'c',
      term,
      segment: 3,
      df: list.length,
      postings: encodePostings(
        list.map((p) => p.id),
        list.map((p) => p.weight),
      ),
    });
  }
  assert.deepEqual(Buffer.from(got.bytes), Buffer.from(encodeRows(rows)));
  assert.equal(got.offered, texts.length);
  assert.equal(got.documents, documents);

  // Terms given as strings (PostingsBuilder's way) encode the same.
  const inverter = new SegmentInverter(new TermIds(), 4);
  for (let i = 0; i < ids.length; i++) inverter.add(ids[i]!, tokenize(texts[i]!));
  assert.deepEqual(Buffer.from(inverter.encode('c', 3, true, 20)), Buffer.from(got.bytes));
});

test('a segment sorted into parts as it grows encodes the same bytes as one sorted whole', () => {
  // Documents without terms fall between parts too; ids descend in the second run.
  const texts = [...TRICKY, '', ...TRICKY.slice().reverse(), '...', ...TRICKY];
  for (const order of [1, -1]) {
    const ids = texts.map((_, i) => 5_000_000_000 + order * i * 3);
    for (const lastIds of [false, true]) {
      const whole = new SegmentInverter(new TermIds(), 4);
      for (let i = 0; i < ids.length; i++) whole.addText(ids[i]!, texts[i]!, 'c');
      const expected = Buffer.from(whole.encode('c', 2, true, 20, lastIds));
      for (const docs of [1, 3, 7]) {
        const parted = new SegmentInverter(new TermIds(), 4, { docs, avgLength: 20 });
        for (let i = 0; i < ids.length; i++) parted.addText(ids[i]!, texts[i]!, 'c');
        assert.equal(parted.entries, whole.entries);
        assert.deepEqual(Buffer.from(parted.encode('c', 2, true, undefined, lastIds)), expected, `${order} ${docs}`);
      }
    }
  }
  // The parts' weights are fixed when they are sorted: encode must not be asked for others.
  const parted = new SegmentInverter(new TermIds(), 4, { docs: 2, avgLength: 20 });
  for (let i = 0; i < 5; i++) parted.addText(i, TRICKY[i]!, 'c');
  assert.throws(() => parted.encode('c', 0, true, 21), /average length of 20, not 21/);
  // The build's jobs are parted (PART_DOCS) and give what an inverter of one part gives.
  const job = {
    field: 'c' as const,
    segment: 1,
    ids: texts.map((_, i) => i + 1),
    texts,
    sortTerms: true,
    avgLength: 20,
  };
  const one = new SegmentInverter(new TermIds());
  job.ids.forEach((id, i) => one.addText(id, texts[i]!, 'c'));
  assert.deepEqual(Buffer.from(invertSegment({ ...job }).bytes), Buffer.from(one.encode('c', 1, true, 20)));
});

test("a segment's rows flushed a few bytes at a time, or written to a job's file, are the rows it returns", () => {
  const texts = [...TRICKY, ...TRICKY];
  const ids = texts.map((_, i) => 7 + i);
  const returned = new SegmentInverter(new TermIds(), 4, { docs: 5, avgLength: 20 });
  const flushed = new SegmentInverter(new TermIds(), 4, { docs: 5, avgLength: 20 });
  for (let i = 0; i < ids.length; i++) {
    returned.addText(ids[i]!, texts[i]!, 'c');
    flushed.addText(ids[i]!, texts[i]!, 'c');
  }
  const expected = Buffer.from(returned.encode('c', 4, true, 20, true));
  const pieces: Buffer[] = [];
  const rest = flushed.encode('c', 4, true, 20, true, (rows) => pieces.push(Buffer.from(rows)), 64);
  assert.equal(rest.byteLength, 0);
  assert.ok(pieces.length > 10, `pieces: ${pieces.length}`);
  assert.deepEqual(Buffer.concat(pieces), expected);

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'olala-segment-file-'));
  try {
    const job = { field: 'c' as const, segment: 4, ids, texts, sortTerms: true, avgLength: 20, lastIds: true };
    const file = path.join(dir, 'c-4-0');
    const got = invertSegment({ ...job, texts: [...texts], file });
    assert.equal(got.file, file);
    assert.equal(got.bytes.byteLength, 0);
    assert.deepEqual(fs.readFileSync(file), expected);
    assert.deepEqual(Buffer.from(invertSegment({ ...job, texts: [...texts] }).bytes), expected);
    // A job whose documents have no terms writes no file.
    const none = invertSegment({ ...job, texts: ['', '...'], ids: [1, 2], file: path.join(dir, 'none') });
    assert.equal(none.file, undefined);
    assert.equal(fs.existsSync(path.join(dir, 'none')), false);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('texts packed into one buffer of UTF-16 units invert as the strings do, here and on a worker', async () => {
  // A lone surrogate and an empty text among them; a pack started small grows across several texts.
  const texts = [...TRICKY, 'a\uD800b 서울\uDC00', '', ...TRICKY.slice(0, 3)];
  const ids = texts.map((_, i) => 100 + i);
  const pack = new TextPack(8);
  pack.add('버려질 글');
  pack.take();
  for (const text of texts) pack.add(text);
  assert.equal(pack.length, texts.length);
  const packed = pack.take();
  assert.equal(pack.length, 0);
  assert.equal(packed.ends[packed.ends.length - 1], texts.join('').length);
  const job = { field: 'c' as const, segment: 2, ids, sortTerms: true, avgLength: 20 };
  const expected = Buffer.from(invertSegment({ ...job, texts: [...texts] }).bytes);
  const viaPack = { ...job, texts: [], packed };
  assert.deepEqual(Buffer.from(invertSegment(viaPack).bytes), expected);
  assert.equal(viaPack.packed, undefined, 'the job lets go of its units');
  const pool = new SegmentPool(2);
  try {
    for (const text of texts) pack.add(text);
    const sent = pack.take();
    assert.deepEqual(Buffer.from((await pool.run({ ...job, texts: [], packed: sent })).bytes), expected);
    assert.equal(sent.units.byteLength, 0, 'moved to the worker, not copied');
  } finally {
    await pool.close();
  }
});

test("the build's average-length sample counts the terms tokenize and titleTerms give, on this thread and split among workers", async () => {
  // Repeated, so texts seen before come from the vocabulary's tables; in order, whatever worker counted them.
  const texts = [...TRICKY, ...TRICKY.slice().reverse(), ...TRICKY];
  for (const field of ['c', 't'] as const) {
    const expected = texts.map((t) => (field === 'c' ? tokenize(t) : titleTerms(t)).length);
    assert.ok(expected.some((n) => n > 50) && expected.includes(0));
    assert.deepEqual(Array.from(documentLengths(field, texts)), expected, field);
    const pool = new SegmentPool(2);
    try {
      assert.deepEqual(Array.from(await pool.lengths(field, texts)), expected, `${field} on workers`);
    } finally {
      await pool.close();
    }
  }
});

test("an append's take-back counts, per term, the texts tokenize and titleTerms give it in", () => {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../sample/wiki');
  const chunks = parse(fs.readFileSync(path.join(root, 'wiki_chunks.csv')), { columns: true }) as { content: string }[];
  const texts = [...TRICKY, ...chunks.slice(0, 300).map((c) => c.content)];
  for (const [field, terms] of [
    ['c', tokenize],
    ['t', titleTerms],
  ] as const) {
    const expected = new Map<string, number>();
    let withTerms = 0;
    for (const text of texts) {
      const seen = new Set(terms(text));
      if (seen.size > 0) withTerms++;
      for (const term of seen) expected.set(term, (expected.get(term) ?? 0) + 1);
    }
    // Two batches into one map, as an append reads them.
    const df = new Map<string, number>();
    const half = Math.floor(texts.length / 2);
    const indexed =
      addFrequencies(documentFrequencies(field, texts.slice(0, half)), df) +
      addFrequencies(documentFrequencies(field, texts.slice(half)), df);
    assert.equal(indexed, withTerms, field);
    assert.deepEqual(df, expected, field);
  }
});

test('segments come out byte for byte the same on this thread and on one or two workers, vocabularies kept between jobs', async () => {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../sample/wiki');
  const chunks = parse(fs.readFileSync(path.join(root, 'wiki_chunks.csv')), { columns: true }) as {
    chunk_id: string;
    content: string;
  }[];
  const rows = [...chunks, ...TRICKY.map((content, i) => ({ chunk_id: String(9_000_000 + i), content }))];
  // Jobs of 250 documents: a worker meets most runs again in its later jobs, from its vocabulary.
  const jobs = [];
  for (let i = 0; i < rows.length; i += 250) {
    const part = rows.slice(i, i + 250);
    jobs.push({
      field: 'c' as const,
      segment: i / 250,
      ids: part.map((r) => Number(r.chunk_id)),
      texts: part.map((r) => r.content),
      sortTerms: true,
      avgLength: 300,
      lastIds: true,
    });
  }
  const built: Buffer[] = [];
  for (const workers of [0, 1, 2]) {
    const pool = new SegmentPool(workers);
    try {
      const results = await Promise.all(jobs.map((job) => pool.run(job)));
      built.push(Buffer.concat(results.map((r) => r.bytes)));
    } finally {
      await pool.close();
    }
  }
  assert.ok(built[0]!.length > 1_000_000, `bytes: ${built[0]!.length}`);
  assert.deepEqual(built[1], built[0]);
  assert.deepEqual(built[2], built[0]);
});

test('a vocabulary starts again past its bound on terms or past its bound on Hangul runs, each on its own', () => {
  const texts = TRICKY.concat('학생은 학생이 학생을 학생의 학생도 학생만', 'alpha beta gamma delta epsilon');
  const learn = (vocab: TermIds) => {
    for (const text of texts) vocab.document(text, 'c');
    return vocab;
  };
  const all = learn(new TermIds(Infinity, Infinity));
  const terms = all.size;
  const runs = all.runCount;
  assert.ok(terms > 100 && runs > 20 && terms !== runs, `terms ${terms}, runs ${runs}`);
  assert.equal(all.bound(), false);
  // Each count reaching its bound with the other below its own.
  assert.equal(learn(new TermIds(terms + 1, runs + 1)).bound(), false);
  const byTerms = learn(new TermIds(terms, runs + 1));
  assert.equal(byTerms.bound(), true);
  assert.deepEqual([byTerms.size, byTerms.runCount], [0, 0]);
  const byRuns = learn(new TermIds(terms + 1, runs));
  assert.equal(byRuns.bound(), true);
  assert.deepEqual([byRuns.size, byRuns.runCount], [0, 0]);
  // Started again, it gives the same terms.
  assert.deepEqual(viaIds(byRuns, texts[0]!, 'c'), tokenize(texts[0]!));
});

test('segments come out byte for byte the same whether the vocabulary started again between them or not', () => {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../sample/wiki');
  const chunks = parse(fs.readFileSync(path.join(root, 'wiki_chunks.csv')), { columns: true }) as {
    chunk_id: string;
    content: string;
  }[];
  const segments = (vocab: TermIds) => {
    const out: Buffer[] = [];
    let restarts = 0;
    for (let i = 0; i < chunks.length; i += 250) {
      const before = vocab.size;
      const inverter = new SegmentInverter(vocab);
      if (before > 0 && vocab.size === 0) restarts++;
      for (const c of chunks.slice(i, i + 250)) inverter.addText(Number(c.chunk_id), c.content, 'c');
      out.push(Buffer.from(inverter.encode('c', i / 250, true, 300, true)));
    }
    return { out, restarts };
  };
  const kept = segments(new TermIds(Infinity, Infinity));
  assert.equal(kept.restarts, 0);
  assert.ok(kept.out.length >= 8, `segments: ${kept.out.length}`);
  for (const [maxTerms, maxRuns] of [
    [8_000, Infinity],
    [Infinity, 6_000],
  ]) {
    const bounded = segments(new TermIds(maxTerms, maxRuns));
    assert.ok(bounded.restarts >= 2, `restarts at ${maxTerms} terms / ${maxRuns} runs: ${bounded.restarts}`);
    assert.deepEqual(bounded.out, kept.out);
  }
});

test('a segment job gives up its texts once tokenized, and an inverter encodes once', async () => {
  const texts = TRICKY.slice(0, 4);
  const given = [...texts];
  const job = { field: 'c' as const, segment: 0, ids: [1, 2, 3, 4], texts: given, sortTerms: true };
  const got = invertSegment(job);
  assert.ok(got.bytes.byteLength > 0);
  assert.deepEqual(job.texts, []);
  assert.deepEqual(given, [], 'the array given is emptied, not only let go');
  // The pool on this thread gives invertSegment a copy, as a worker gets one.
  const kept = { ...job, texts };
  const pool = new SegmentPool(0);
  assert.deepEqual(Buffer.from((await pool.run(kept)).bytes), Buffer.from(got.bytes));
  assert.equal(kept.texts, texts);
  assert.deepEqual(texts, TRICKY.slice(0, 4));
  const inverter = new SegmentInverter(new TermIds());
  inverter.addText(1, texts[0]!, 'c');
  inverter.encode('c', 0);
  assert.throws(() => inverter.encode('c', 0), /encoded once/);
});
