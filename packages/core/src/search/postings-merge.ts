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
 * read row by row. `postings` views the read buffer: valid until the next `next()`. A part
 * file's rows also carry their list's last document id (`lastId`).
 */
class SegmentReader {
  private buf: Buffer;
  private start = 0;
  private end = 0;
  private eof = false;
  private readonly fd: number;
  term = '';
  df = 0;
  postings: Uint8Array = new Uint8Array(0);
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

  /** Moves to the next row; false at the end of the file. */
  next(): boolean {
    // Row: int16 column count, then (int32 length, bytes) per column: field, term, segment, df, postings.
    if (!this.fill(11)) {
      if (this.end > this.start) throw new Error('a segment file ends inside a row');
      return false;
    }
    const b = this.buf;
    const termLength = b.readInt32BE(this.start + 7);
    const head = 11 + termLength + 16;
    if (!this.fill(head + 4)) throw new Error('a segment file ends inside a row');
    const postingsLength = this.buf.readInt32BE(this.start + head);
    const withLastId = this.buf.readInt16BE(this.start) === LAST_ID_COLUMNS;
    const end = head + 4 + postingsLength + (withLastId ? 12 : 0);
    if (!this.fill(end)) throw new Error('a segment file ends inside a row');
    const at = this.start;
    this.term = this.buf.toString('utf8', at + 11, at + 11 + termLength);
    this.df = this.buf.readInt32BE(at + head - 4);
    this.postings = this.buf.subarray(at + head + 4, at + head + 4 + postingsLength);
    this.lastId = withLastId ? this.buf.readDoubleBE(at + end - 8) : 0;
    this.start = at + end;
    return true;
  }

  close(): void {
    fs.closeSync(this.fd);
  }
}

function before(a: SegmentReader, b: SegmentReader): boolean {
  return a.term < b.term || (a.term === b.term && a.rank < b.rank);
}

/** A binary min-heap of readers on (term, segment order). */
class ReaderHeap {
  readonly items: SegmentReader[] = [];
  get size(): number {
    return this.items.length;
  }
  push(r: SegmentReader): void {
    const h = this.items;
    h.push(r);
    let i = h.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(h[i]!, h[parent]!)) break;
      [h[i], h[parent]] = [h[parent]!, h[i]!];
      i = parent;
    }
  }
  pop(): SegmentReader {
    const h = this.items;
    const top = h[0]!;
    const last = h.pop()!;
    if (h.length > 0) {
      h[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && before(h[l]!, h[m]!)) m = l;
        if (r < h.length && before(h[r]!, h[m]!)) m = r;
        if (m === i) break;
        [h[i], h[m]] = [h[m]!, h[i]!];
        i = m;
      }
    }
    return top;
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

/** The varint at the start of `bytes` (a list's first id, postings.ts): its value and length. */
function firstVarint(bytes: Uint8Array): [number, number] {
  let value = 0;
  let scale = 1;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    value += (b & 0x7f) * scale;
    if (b < 0x80) return [value, i + 1];
    scale *= 128;
  }
  throw new Error('a posting list ends inside its first id');
}

function varintLength(v: number): number {
  let n = 1;
  while (v >= 0x80) {
    v = Math.floor(v / 128);
    n++;
  }
  return n;
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
  // Per reader of a group: the leading bytes of its list to drop and the delta written in their place (-1: none).
  let skip = new Int32Array(64);
  let delta = new Float64Array(64);
  try {
    for (const [i, f] of ranked.entries()) readers.push(new SegmentReader(f.file, f.field, f.segment, i, readBytes));
    const heap = new ReaderHeap();
    for (const r of readers) if (r.next()) heap.push(r);
    const group: SegmentReader[] = [];
    while (heap.size > 0) {
      group.length = 0;
      const first = heap.pop();
      group.push(first);
      while (heap.size > 0 && heap.items[0]!.term === first.term && heap.items[0]!.field === first.field)
        group.push(heap.pop());
      let df = 0;
      let length = 0;
      if (group.length > skip.length) {
        skip = new Int32Array(group.length * 2);
        delta = new Float64Array(group.length * 2);
      }
      let segment = -1;
      let last = -1;
      for (let k = 0; k < group.length; k++) {
        const r = group[k]!;
        df += r.df;
        skip[k] = 0;
        delta[k] = -1;
        if (r.segment !== segment) {
          segment = r.segment;
          last = -1;
          if (o.restart) length += SEGMENT_RESTART.byteLength;
        }
        if (r.postings.byteLength === 0) continue;
        length += r.postings.byteLength;
        if (last >= 0) {
          const [id, n] = firstVarint(r.postings);
          if (id <= last) throw new Error('the parts of a segment overlap');
          skip[k] = n;
          delta[k] = id - last;
          length += varintLength(id - last) - n;
        }
        last = r.lastId;
      }
      out.head(first.field, first.term, 0, df);
      if (o.counted) o.counted.rows++;
      out.reserve(4 + length);
      out.int32(length);
      segment = -1;
      for (let k = 0; k < group.length; k++) {
        const r = group[k]!;
        if (r.segment !== segment) {
          segment = r.segment;
          if (o.restart) {
            out.buf.set(SEGMENT_RESTART, out.pos);
            out.pos += SEGMENT_RESTART.byteLength;
          }
        }
        let d = delta[k]!;
        if (d >= 0) {
          while (d >= 0x80) {
            out.buf[out.pos++] = (d % 128) + 0x80;
            d = Math.floor(d / 128);
          }
          out.buf[out.pos++] = d;
        }
        out.buf.set(skip[k]! > 0 ? r.postings.subarray(skip[k]) : r.postings, out.pos);
        out.pos += r.postings.byteLength - skip[k]!;
      }
      for (const r of group) if (r.next()) heap.push(r);
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
