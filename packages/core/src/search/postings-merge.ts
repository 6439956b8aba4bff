import fs from 'node:fs';
import path from 'node:path';
import { LAST_ID_COLUMNS, RowBytes, type PostingField } from './postings-builder.js';
import { SEGMENT_RESTART } from './postings.js';

/**
 * Bytes of read buffer for all the files of one merge together: a build's files are one per
 * segment part, so their count grows with the wiki (at the seed's size ~80), and a fixed 1 MB
 * each made the merge's memory grow with it. Each file gets its share, within the two bounds.
 */
export const MERGE_READ_BUDGET = 32 << 20;
const MAX_READ_BYTES = 1 << 20;
/** Reads below this cost more in calls than they save in memory. */
const MIN_READ_BYTES = 64 << 10;

/** Bytes read from each of `files` segment files at a time; a longer row grows its reader's buffer. */
export function readBufferBytes(files: number): number {
  return Math.max(MIN_READ_BYTES, Math.min(MAX_READ_BYTES, Math.floor(MERGE_READ_BUDGET / Math.max(1, files))));
}

/**
 * One segment file (binary COPY rows of postings-builder's encode, terms ascending by `<`)
 * read row by row. The row's term and list are offsets into `buf`, valid until the next
 * `next()`: the merge compares and copies them as bytes, so no string or view is made per row
 * (they were a fifth of the merge's time). A part file's rows also carry their list's last
 * document id (`lastId`).
 */
class SegmentReader {
  buf: Buffer;
  private start = 0;
  private end = 0;
  private eof = false;
  private readonly fd: number;
  /** No row left. */
  done = false;
  termStart = 0;
  termEnd = 0;
  /**
   * The term holds a byte of U+E000 or above (a lead byte 0xEE–0xF4), where UTF-8's byte order
   * and `<` (UTF-16 units) part: a character beyond U+FFFF is a surrogate pair, below U+E000 in
   * UTF-16 but above it in UTF-8. Such a comparison falls back to the decoded strings.
   */
  special = false;
  df = 0;
  postingsStart = 0;
  postingsEnd = 0;
  lastId = 0;

  constructor(
    file: string,
    readonly field: PostingField,
    readonly segment: number,
    /** Order of the file by field and segment: the tie-break between readers holding the same term. */
    readonly rank: number,
    readBytes: number,
  ) {
    this.buf = Buffer.allocUnsafe(readBytes);
    this.fd = fs.openSync(file, 'r');
  }

  /** The term as a string (the rare comparisons that bytes cannot decide). */
  get term(): string {
    return this.buf.toString('utf8', this.termStart, this.termEnd);
  }

  get postingsLength(): number {
    return this.postingsEnd - this.postingsStart;
  }

  /** Has at least `n` unread bytes in the buffer, unless the file ends first. */
  private fill(n: number): boolean {
    while (this.end - this.start < n) {
      if (this.eof) return false;
      if (this.start > 0) {
        this.buf.copy(this.buf, 0, this.start, this.end);
        this.end -= this.start;
        this.start = 0;
      }
      if (n > this.buf.length) {
        const grown = Buffer.allocUnsafe(Math.max(n, this.buf.length * 2));
        this.buf.copy(grown, 0, 0, this.end);
        this.buf = grown;
      }
      const got = fs.readSync(this.fd, this.buf, this.end, this.buf.length - this.end, null);
      if (got === 0) this.eof = true;
      this.end += got;
    }
    return true;
  }

  /** Moves to the next row; false (and `done`) at the end of the file. */
  next(): boolean {
    // Row: int16 column count, then (int32 length, bytes) per column: field, term, segment, df, postings.
    if (!this.fill(11)) {
      if (this.end > this.start) throw new Error('a segment file ends inside a row');
      this.done = true;
      return false;
    }
    const termLength = this.buf.readInt32BE(this.start + 7);
    const head = 11 + termLength + 16;
    if (!this.fill(head + 4)) throw new Error('a segment file ends inside a row');
    const postingsLength = this.buf.readInt32BE(this.start + head);
    const withLastId = this.buf.readInt16BE(this.start) === LAST_ID_COLUMNS;
    const end = head + 4 + postingsLength + (withLastId ? 12 : 0);
    if (!this.fill(end)) throw new Error('a segment file ends inside a row');
    const b = this.buf;
    const at = this.start;
    this.termStart = at + 11;
    this.termEnd = at + 11 + termLength;
    let special = false;
    for (let i = this.termStart; i < this.termEnd; i++) if (b[i]! >= 0xee) special = true;
    this.special = special;
    this.df = b.readInt32BE(at + head - 4);
    this.postingsStart = at + head + 4;
    this.postingsEnd = at + head + 4 + postingsLength;
    this.lastId = withLastId ? b.readDoubleBE(at + end - 8) : 0;
    this.start = at + end;
    return true;
  }

  close(): void {
    fs.closeSync(this.fd);
  }
}

/** The order of two readers' terms by `<` (UTF-16 units): negative, 0 or positive. */
function compareTerms(a: SegmentReader, b: SegmentReader): number {
  const x = a.buf;
  const y = b.buf;
  const la = a.termEnd - a.termStart;
  const lb = b.termEnd - b.termStart;
  const n = la < lb ? la : lb;
  for (let i = a.termStart, j = b.termStart, k = 0; k < n; i++, j++, k++) {
    if (x[i] !== y[j]) {
      if (a.special || b.special) return a.term < b.term ? -1 : 1;
      return x[i]! - y[j]!;
    }
  }
  return la - lb;
}

/** `a` comes out before `b`: a smaller term, or the same in an earlier file; a finished reader last. */
function before(a: SegmentReader, b: SegmentReader): boolean {
  if (a.done) return false;
  if (b.done) return true;
  const c = compareTerms(a, b);
  return c < 0 || (c === 0 && a.rank < b.rank);
}

/**
 * A tournament tree of losers over the readers: the reader whose row comes next is `winner`,
 * and after it moves on one match per level finds the next (a binary heap's pop and push took
 * about twice the comparisons).
 */
class LoserTree {
  /** Internal nodes 1 … k-1: the reader that lost the match there. */
  private readonly losers: Int32Array;
  winner = 0;

  constructor(private readonly readers: readonly SegmentReader[]) {
    const k = readers.length;
    this.losers = new Int32Array(Math.max(1, k));
    // Winners of each node, leaves at k … 2k-1, played bottom up.
    const wins = new Int32Array(2 * k);
    for (let i = 0; i < k; i++) wins[k + i] = i;
    for (let node = k - 1; node >= 1; node--) {
      const a = wins[2 * node]!;
      const b = wins[2 * node + 1]!;
      const aFirst = before(readers[a]!, readers[b]!);
      wins[node] = aFirst ? a : b;
      this.losers[node] = aFirst ? b : a;
    }
    this.winner = k > 1 ? wins[1]! : 0;
  }

  /** Plays the winner's new row (or its end) up the tree. */
  replay(): void {
    const { readers, losers } = this;
    let cur = this.winner;
    for (let node = (cur + readers.length) >> 1; node >= 1; node >>= 1) {
      const l = losers[node]!;
      if (before(readers[l]!, readers[cur]!)) {
        losers[node] = cur;
        cur = l;
      }
    }
    this.winner = cur;
  }
}

export interface SegmentFile {
  field: PostingField;
  /** Segment number, ascending within a field. */
  segment: number;
  /**
   * Which part of its segment the file holds (0 when the segment is one file): a segment's
   * documents may be inverted as several jobs, in id order, whose files carry last ids.
   */
  part?: number;
  file: string;
}

/** Lists up to this many bytes are copied byte by byte. */
const SHORT_COPY = 64;

/** The varint at bytes[from …) (a list's first id, postings.ts): its value and length. */
function firstVarint(bytes: Uint8Array, from: number, to: number): [number, number] {
  let value = 0;
  let scale = 1;
  for (let i = from; i < to; i++) {
    const b = bytes[i]!;
    value += (b & 0x7f) * scale;
    if (b < 0x80) return [value, i + 1 - from];
    scale *= 128;
  }
  throw new Error('a posting list ends inside its first id');
}

/** The reader's term is the bytes out[at, at + length). */
function sameTerm(r: SegmentReader, out: Buffer, at: number, length: number): boolean {
  if (r.termEnd - r.termStart !== length) return false;
  const b = r.buf;
  for (let i = r.termStart, j = at; j < at + length; i++, j++) if (b[i] !== out[j]) return false;
  return true;
}

/**
 * Merges segment files into one row per term and field, segment 0, as binary COPY rows in
 * batches of about `batchBytes` (whole rows). A term's df is the sum of its segments', its list
 * the segments' lists in segment order, each after a restart record (postings.ts) when
 * `restart` is set — the rows the database's `string_agg` merge wrote before, byte for byte,
 * but each posting is read once and written to the database once. The parts of one segment
 * join into the list one job would have written: a part's first id, delta-coded from 0, is
 * coded again from the previous part's last id, so how a segment was split among workers
 * changes no byte. Memory: one batch, and one read buffer per file (`readBytes`, default
 * readBufferBytes: their sum stays within MERGE_READ_BUDGET however many files there are).
 * `counted.rows` counts the rows written.
 */
export async function* mergeSegmentFiles(
  files: readonly SegmentFile[],
  o: { restart: boolean; batchBytes: number; counted?: { rows: number }; readBytes?: number },
): AsyncGenerator<Uint8Array> {
  const readBytes = o.readBytes ?? readBufferBytes(files.length);
  let out = new RowBytes(o.batchBytes + (1 << 20));
  // Ranked by field, then segment: ties on a term pop in segment order, field c before t, so
  // rows come out in the primary key's order (term, field), which the index build after the
  // COPY then finds already sorted (the order of a C collation, but for terms with characters
  // beyond U+FFFF, which `<` puts before U+E000–U+FFFF).
  const ranked = [...files].sort((a, b) =>
    a.field < b.field ? -1 : a.field > b.field ? 1 : a.segment - b.segment || (a.part ?? 0) - (b.part ?? 0),
  );
  const readers: SegmentReader[] = [];
  try {
    for (const [i, f] of ranked.entries()) readers.push(new SegmentReader(f.file, f.field, f.segment, i, readBytes));
    if (readers.length === 0) return;
    for (const r of readers) r.next();
    const tree = new LoserTree(readers);
    for (let first = readers[tree.winner]!; !first.done; first = readers[tree.winner]!) {
      // The row's head with df 0 and no length yet, both written once the term's rows are read:
      // each row of the term is copied out, then its reader moves on.
      const field = first.field;
      const termLength = first.termEnd - first.termStart;
      out.head(field, first.buf, 0, 0, 5, first.termStart, first.termEnd);
      const dfAt = out.pos - 4;
      const termAt = dfAt - 12 - termLength;
      out.reserve(4);
      const lengthAt = out.pos;
      out.pos += 4;
      if (o.counted) o.counted.rows++;
      let df = 0;
      let segment = -1;
      let last = -1;
      let r = first;
      do {
        df += r.df;
        if (r.segment !== segment) {
          segment = r.segment;
          last = -1;
          if (o.restart) {
            out.reserve(SEGMENT_RESTART.byteLength);
            out.buf.set(SEGMENT_RESTART, out.pos);
            out.pos += SEGMENT_RESTART.byteLength;
          }
        }
        if (r.postingsLength > 0) {
          // Worst case: the list, and its first id coded again as a longer varint.
          out.reserve(r.postingsLength + 8);
          let from = r.postingsStart;
          if (last >= 0) {
            // A later part of the same segment: its first id, delta-coded from 0, is coded from the part before's last id.
            const [id, n] = firstVarint(r.buf, r.postingsStart, r.postingsEnd);
            if (id <= last) throw new Error('the parts of a segment overlap');
            from += n;
            let d = id - last;
            while (d >= 0x80) {
              out.buf[out.pos++] = (d % 128) + 0x80;
              d = Math.floor(d / 128);
            }
            out.buf[out.pos++] = d;
          }
          const length = r.postingsEnd - from;
          if (length > SHORT_COPY) out.pos += r.buf.copy(out.buf, out.pos, from, r.postingsEnd);
          else {
            // Most lists are a few bytes (a term in one or two documents of a segment or part),
            // where Buffer#copy's own cost was about a fifth of the merge's time.
            const src = r.buf;
            const dst = out.buf;
            for (let i = 0, o = out.pos; i < length; i++, o++) dst[o] = src[from + i]!;
            out.pos += length;
          }
          last = r.lastId;
        }
        r.next();
        tree.replay();
        r = readers[tree.winner]!;
      } while (!r.done && r.field === field && sameTerm(r, out.buf, termAt, termLength));
      out.buf.writeInt32BE(df, dfAt);
      out.buf.writeInt32BE(out.pos - lengthAt - 4, lengthAt);
      if (out.pos >= o.batchBytes) {
        yield out.buf.subarray(0, out.pos);
        out = new RowBytes(o.batchBytes + (1 << 20));
      }
    }
  } finally {
    for (const r of readers) r.close();
  }
  if (out.pos > 0) yield out.buf.subarray(0, out.pos);
}

const SPILL_PREFIX = 'olala-index-';

/**
 * A fresh folder for one build's segment files, named after this process so a later build can
 * remove what a killed one left (a folder whose process is gone).
 */
export function spillFolder(parent: string): string {
  for (const name of safeList(parent)) {
    const m = name.startsWith(SPILL_PREFIX) ? /^(\d+)-/.exec(name.slice(SPILL_PREFIX.length)) : null;
    if (m && !alive(Number(m[1]))) fs.rmSync(path.join(parent, name), { recursive: true, force: true });
  }
  return fs.mkdtempSync(path.join(parent, `${SPILL_PREFIX}${process.pid}-`));
}

function safeList(dir: string): string[] {
  try {
    return fs.readdirSync(dir);
  } catch {
    return [];
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
