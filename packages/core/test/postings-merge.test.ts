import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import type { Worker } from 'node:worker_threads';
import { encodeRows, invertSegment, type PostingField } from '../src/search/postings-builder.js';
import {
  MERGE_READ_BUDGET,
  mergeSegmentFiles,
  readBufferBytes,
  spillFolder,
  type SegmentFile,
} from '../src/search/postings-merge.js';
import { decodePostings, SEGMENT_RESTART } from '../src/search/postings.js';
import { SegmentPool } from '../src/search/postings-pool.js';
import { tempDir } from '@olala/testing';

/** Rows of binary COPY batches (no header), as [field, term, segment, df, postings hex]. */
function parseRows(batches: Uint8Array[]): [string, string, number, number, string][] {
  const rows: [string, string, number, number, string][] = [];
  for (const batch of batches) {
    const b = Buffer.from(batch.buffer, batch.byteOffset, batch.byteLength);
    let o = 0;
    while (o < b.length) {
      assert.equal(b.readInt16BE(o), 5);
      const field = String.fromCharCode(b[o + 6]!);
      const termLength = b.readInt32BE(o + 7);
      const term = b.toString('utf8', o + 11, o + 11 + termLength);
      o += 11 + termLength;
      const segment = b.readInt32BE(o + 4);
      const df = b.readInt32BE(o + 12);
      const n = b.readInt32BE(o + 16);
      rows.push([field, term, segment, df, b.toString('hex', o + 20, o + 20 + n)]);
      o += 20 + n;
    }
  }
  return rows;
}

async function collect(gen: AsyncGenerator<Uint8Array>): Promise<Uint8Array[]> {
  const out: Uint8Array[] = [];
  for await (const b of gen) out.push(Uint8Array.from(b));
  return out;
}

// Hangul, a Hanja of the supplementary planes (a surrogate pair in UTF-16, four bytes in UTF-8)
// and U+FFxx forms: UTF-16 and UTF-8 order these differently, so a merge comparing bytes would
// interleave terms the workers sorted with `<`.
const WORDS = ['서울', '𠀀가', 'ｆｕｌｌ', 'ﾊﾝ', 'galaxy', '2024년', '부산', '𪚥', '대한민국', 'a', 'z'];

function documents(n: number, seed: number): { ids: number[]; texts: string[] } {
  let x = seed;
  const rand = () => ((x = (x * 1103515245 + 12345) % 2 ** 31) / 2 ** 31) as number;
  const ids: number[] = [];
  const texts: string[] = [];
  for (let i = 0; i < n; i++) {
    ids.push(seed * 1000 + i);
    texts.push(
      Array.from({ length: 1 + Math.floor(rand() * 12) }, () => WORDS[Math.floor(rand() * WORDS.length)]).join(' '),
    );
  }
  return { ids, texts };
}

test('segment files merge into one row per term: dfs summed, lists concatenated in segment order after restarts', async (t) => {
  const dir = tempDir(t);
  const files: SegmentFile[] = [];
  const expected = new Map<string, { df: number; postings: [number, number][] }>();
  for (const field of ['c', 't'] as PostingField[]) {
    for (let segment = 0; segment < 7; segment++) {
      // A segment without documents writes no file; segment numbers keep counting.
      if (segment === 3) continue;
      const docs = documents(40 + segment * 10, segment + (field === 't' ? 50 : 1));
      const r = invertSegment({ field, segment, ...docs, sortTerms: true });
      const file = path.join(dir, `${field}-${segment}`);
      fs.writeFileSync(file, r.bytes);
      files.push({ field, segment, file });
      for (const row of parseRows([r.bytes])) {
        const key = `${row[0]}\u0000${row[1]}`;
        const e = expected.get(key) ?? { df: 0, postings: [] };
        e.df += row[3];
        decodePostings(Buffer.from(row[4], 'hex'), (id, w) => e.postings.push([id, w]));
        expected.set(key, e);
      }
    }
  }
  // Files given out of order: the merge orders them by segment.
  files.reverse();
  // Tiny batches: every row ends a batch, and rows are never split across two.
  const batches = await collect(mergeSegmentFiles(files, { restart: true, batchBytes: 1 }));
  const rows = parseRows(batches);
  assert.ok(batches.length === rows.length && rows.length === expected.size);
  const seen = new Set<string>();
  for (const [field, term, segment, df, hex] of rows) {
    const key = `${field}\u0000${term}`;
    assert.ok(!seen.has(key), `one row per term: ${term}`);
    seen.add(key);
    assert.equal(segment, 0);
    assert.equal(df, expected.get(key)!.df);
    const list = Buffer.from(hex, 'hex');
    assert.deepEqual(list.subarray(0, 2), Buffer.from(SEGMENT_RESTART));
    const got: [number, number][] = [];
    decodePostings(list, (id, w) => got.push([id, w]));
    // Segments hold ascending id ranges, so segment order is id order.
    assert.deepEqual(got, expected.get(key)!.postings);
  }
  // In the primary key's order: term ascending by `<`, then field.
  for (let i = 1; i < rows.length; i++) {
    const [a, b] = [rows[i - 1]!, rows[i]!];
    assert.ok(a[1] < b[1] || (a[1] === b[1] && a[0] < b[0]), `${a[1]}/${a[0]} before ${b[1]}/${b[0]}`);
  }
  // Without restarts (one segment per field) a row is the segment's row, segment 0.
  const one = files.filter((f) => f.segment === 0);
  const alone = parseRows(await collect(mergeSegmentFiles(one, { restart: false, batchBytes: 1 << 20 })));
  const original = one
    .flatMap((f) => parseRows([fs.readFileSync(f.file)]))
    .sort((a, b) => (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : a[0] < b[0] ? -1 : 1));
  assert.deepEqual(alone, original);
});

test('a row longer than the read buffer is read whole', async (t) => {
  const dir = tempDir(t);
  const n = 300_000;
  const ids = Array.from({ length: n }, (_, i) => i * 1000 + 7);
  const r = invertSegment({ field: 'c', segment: 0, ids, texts: ids.map(() => '서울'), sortTerms: true });
  assert.ok(r.bytes.byteLength > 1 << 20);
  const file = path.join(dir, 'c-0');
  fs.writeFileSync(file, r.bytes);
  const rows = parseRows(
    await collect(mergeSegmentFiles([{ field: 'c', segment: 0, file }], { restart: false, batchBytes: 1 << 20 })),
  );
  let count = 0;
  for (const row of rows) if (row[1] === '서울') decodePostings(Buffer.from(row[4], 'hex'), () => count++);
  assert.equal(count, n);
});

test("a merge's read buffers stay within one budget however many files it reads, and the bytes do not depend on them", async (t) => {
  // A build has one file per segment part: the seed's size is ~80, a larger wiki more.
  for (const files of [1, 8, 80, 500]) {
    const each = readBufferBytes(files);
    assert.ok(each >= 64 << 10, `${files} files: ${each} bytes each`);
    assert.ok(each * files <= Math.max(MERGE_READ_BUDGET, files * (64 << 10)), `${files} files: ${each} bytes each`);
  }
  assert.ok(readBufferBytes(500) < readBufferBytes(8));
  const dir = tempDir(t);
  const files: SegmentFile[] = [];
  for (let segment = 0; segment < 4; segment++) {
    const r = invertSegment({ field: 'c', segment, ...documents(60, segment + 3), sortTerms: true });
    const file = path.join(dir, `c-${segment}`);
    fs.writeFileSync(file, r.bytes);
    files.push({ field: 'c', segment, file });
  }
  const merge = (readBytes?: number) =>
    collect(mergeSegmentFiles(files, { restart: true, batchBytes: 1 << 20, readBytes })).then((b) => Buffer.concat(b));
  const expected = await merge();
  // Buffers shorter than a row: every row is read through a refill or a grown buffer.
  for (const readBytes of [16, 100]) assert.ok(expected.equals(await merge(readBytes)), `${readBytes}-byte reads`);
});

test('workers write their segment files and merge them as this thread does; the merge stops the idle workers', async (t) => {
  const dir = tempDir(t);
  const pool = new SegmentPool(3);
  try {
    const files: SegmentFile[] = [];
    const results = await Promise.all(
      [0, 1, 2, 3].map((segment) =>
        pool.run({
          field: 'c',
          segment,
          ...documents(50, segment + 9),
          sortTerms: true,
          avgLength: 6,
          file: path.join(dir, `c-${segment}`),
        }),
      ),
    );
    for (const r of results) {
      assert.equal(r.bytes.byteLength, 0);
      files.push({ field: 'c', segment: r.segment, file: r.file! });
    }
    const o = { restart: true, batchBytes: 256 };
    const expected = Buffer.concat(await collect(mergeSegmentFiles(files, o)));
    assert.ok(expected.byteLength > 1024);
    const counted = { rows: 0 };
    // The two workers left idle stop as the merge starts: their exit does not fail it.
    assert.deepEqual(Buffer.concat(await collect(pool.merge(files, { ...o, counted }))), expected);
    assert.equal(counted.rows, parseRows([expected]).length);
  } finally {
    await pool.close();
  }
});

test('an idle worker ends by itself when stopped (exit code 0), a busy one is terminated (an aborted build)', async (t) => {
  const dir = tempDir(t);
  const exitCodes = (pool: SegmentPool) => {
    const codes: number[] = [];
    for (const w of (pool as unknown as { all: Worker[] }).all) w.on('exit', (code) => codes.push(code));
    return codes;
  };
  const job = (segment: number, n: number) => ({
    field: 'c' as const,
    segment,
    ...documents(n, segment + 3),
    sortTerms: true,
    avgLength: 6,
    file: path.join(dir, `c-${segment}-${n}`),
  });

  const idle = new SegmentPool(2);
  const idleCodes = exitCodes(idle);
  await Promise.all([idle.run(job(0, 200)), idle.run(job(1, 200))]);
  await idle.close();
  assert.deepEqual(idleCodes, [0, 0]);

  const busy = new SegmentPool(1);
  const busyCodes = exitCodes(busy);
  const running = assert.rejects(busy.run(job(2, 200_000)), /closed/);
  await busy.close();
  await running;
  assert.deepEqual(busyCodes, [1]);
});

test("a build's spill folder removes the folders of builds whose process is gone", (t) => {
  const parent = tempDir(t);
  // A pid above the kernel's pid_max is never alive.
  const dead = path.join(parent, 'olala-index-99999999-abc');
  fs.mkdirSync(dead);
  fs.writeFileSync(path.join(dead, 'c-0'), 'x');
  const mine = spillFolder(parent);
  const again = spillFolder(parent);
  assert.ok(!fs.existsSync(dead));
  // A live build's folder (this process's) stays.
  assert.ok(fs.existsSync(mine) && fs.existsSync(again) && mine !== again);
});

test('a segment inverted as several parts merges to the same bytes as the segment in one job', async (t) => {
  const dir = tempDir(t);
  // Ids past 2^31 and gaps of every varint length: a part's first id is coded again from the last.
  const whole: SegmentFile[] = [];
  const split: SegmentFile[] = [];
  for (const field of ['c', 't'] as PostingField[]) {
    for (let segment = 0; segment < 3; segment++) {
      const docs = documents(90, segment + (field === 't' ? 20 : 1));
      let id = 3_000_000_000 + segment * 100_000_000;
      docs.ids = docs.ids.map((_, i) => (id += i % 7 === 0 ? 40_000 + i : 1 + (i % 3) * 100));
      // A copy: invertSegment empties the texts it is given, and the parts below read them again.
      const r = invertSegment({ field, segment, ...docs, texts: [...docs.texts], sortTerms: true, avgLength: 6 });
      const file = path.join(dir, `${field}-${segment}`);
      fs.writeFileSync(file, r.bytes);
      whole.push({ field, segment, file });
      // Uneven cuts, one part of a single document; the parts' files are given out of order.
      const cuts = [0, 1, 30, 31, 77, 90];
      for (let part = 0; part + 1 < cuts.length; part++) {
        const [from, to] = [cuts[part]!, cuts[part + 1]!];
        const p = invertSegment({
          field,
          segment,
          ids: docs.ids.slice(from, to),
          texts: docs.texts.slice(from, to),
          sortTerms: true,
          avgLength: 6,
          lastIds: true,
        });
        const partFile = path.join(dir, `${field}-${segment}-${part}`);
        fs.writeFileSync(partFile, p.bytes);
        split.unshift({ field, segment, part, file: partFile });
      }
    }
  }
  for (const restart of [true, false]) {
    const files = restart ? whole : whole.filter((f) => f.segment === 0);
    const parts = restart ? split : split.filter((f) => f.segment === 0);
    const expected = Buffer.concat(await collect(mergeSegmentFiles(files, { restart, batchBytes: 1 << 20 })));
    const got = Buffer.concat(await collect(mergeSegmentFiles(parts, { restart, batchBytes: 1 << 20 })));
    assert.ok(expected.length > 1000);
    assert.ok(expected.equals(got), `restart ${restart}: the same bytes`);
  }
});

test('terms beyond U+FFFF and from U+E000 merge in the order of `<`, where UTF-8 bytes would put them the other way', async (t) => {
  // The merge compares terms as UTF-8 bytes but for these: U+E000–U+FFFF sorts after a surrogate
  // pair by `<`, and before the four bytes of a character beyond U+FFFF.
  const terms = ['a', '가', '가나', '\uE000', '\uE000a', '\uFFFD', '𠀀', '𠀀가', '𪚥', 'ｚ', '힣'].sort((a, b) =>
    a < b ? -1 : a > b ? 1 : 0,
  );
  assert.ok(terms.indexOf('𠀀') < terms.indexOf('\uE000'));
  const dir = tempDir(t);
  const files: SegmentFile[] = [];
  for (let segment = 0; segment < 3; segment++) {
    // Each segment holds every other term, from a different start, one posting each (document segment + 1, weight 9).
    const rows = terms
      .filter((_, i) => (i + segment) % 2 === 0)
      .map((term) => ({ field: 'c' as const, term, segment, df: 1, postings: Uint8Array.of(segment + 1, 9) }));
    const file = path.join(dir, `c-${segment}`);
    fs.writeFileSync(file, encodeRows(rows));
    files.push({ field: 'c', segment, file });
  }
  const rows = parseRows(await collect(mergeSegmentFiles(files, { restart: true, batchBytes: 1 << 20 })));
  assert.deepEqual(
    rows.map((r) => r[1]),
    terms,
  );
  for (const [, term, , df, hex] of rows) {
    const i = terms.indexOf(term);
    const segments = [0, 1, 2].filter((s) => (i + s) % 2 === 0);
    assert.equal(df, segments.length, term);
    assert.equal(hex, segments.map((s) => `0000${Buffer.of(s + 1, 9).toString('hex')}`).join(''), term);
  }
});
