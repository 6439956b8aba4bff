import type { CsvRecord } from './csv.js';

/**
 * Accumulates COPY (FORMAT csv) rows into buffers of about `target` bytes; a row is never
 * split between two batches, because the embedded back end runs each batch as its own COPY.
 */
export class CopyWriter {
  private buf: Buffer;
  private pos = 0;
  private rowStart = 0;
  rows = 0;

  constructor(private readonly target: number) {
    this.buf = Buffer.allocUnsafe(target + 64 * 1024);
  }

  private ensure(extra: number): void {
    if (this.pos + extra <= this.buf.length) return;
    const bigger = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.pos + extra));
    this.buf.copy(bigger, 0, 0, this.pos);
    this.buf = bigger;
  }

  /** Plain ASCII that needs no quoting: digits, commas. */
  ascii(s: string): this {
    this.ensure(s.length);
    this.pos += this.buf.write(s, this.pos, 'latin1');
    return this;
  }

  comma(): this {
    this.ensure(1);
    this.buf[this.pos++] = 0x2c;
    return this;
  }

  /** A field's bytes as they were in the input, without quotes. */
  bytes(src: Buffer, start: number, end: number): this {
    this.ensure(end - start);
    this.pos += src.copy(this.buf, this.pos, start, end);
    return this;
  }

  /**
   * A text field of the input, quoted. A quoted input field keeps its "" escapes as is (the
   * same escaping COPY reads); an unquoted one has no quote inside, or the scanner had refused it.
   */
  quotedField(rec: CsvRecord, i: number): this {
    this.ensure(rec.length(i) + 2);
    this.buf[this.pos++] = 0x22;
    this.pos += rec.buf.copy(this.buf, this.pos, rec.starts[i], rec.ends[i]);
    this.buf[this.pos++] = 0x22;
    return this;
  }

  /** A string computed here (not from the input), quoted for COPY. */
  quotedText(s: string): this {
    const q = `"${s.includes('"') ? s.replaceAll('"', '""') : s}"`;
    this.ensure(Buffer.byteLength(q));
    this.pos += this.buf.write(q, this.pos, 'utf8');
    return this;
  }

  endRow(): void {
    this.ensure(1);
    this.buf[this.pos++] = 0x0a;
    this.rowStart = this.pos;
    this.rows++;
  }

  get full(): boolean {
    return this.pos >= this.target;
  }

  /** Hands over the finished rows and starts a new buffer. */
  take(): Buffer | undefined {
    if (this.rowStart === 0) return undefined;
    const out = this.buf.subarray(0, this.rowStart);
    const rest = this.pos - this.rowStart;
    const next = Buffer.allocUnsafe(Math.max(this.target + 64 * 1024, rest));
    this.buf.copy(next, 0, this.rowStart, this.pos);
    this.buf = next;
    this.pos = rest;
    this.rowStart = 0;
    return out;
  }
}

const MAX_SAFE = Number.MAX_SAFE_INTEGER;

/** A non-negative decimal integer field, or a reason why not. */
export function intField(rec: CsvRecord, i: number, name: string, min: number, max = MAX_SAFE): number | string {
  const b = rec.buf;
  const s = rec.starts[i]!;
  const e = rec.ends[i]!;
  if (e === s) return `${name} is empty`;
  const negative = b[s] === 0x2d && e > s + 1;
  let v = 0;
  for (let k = negative ? s + 1 : s; k < e; k++) {
    const d = b[k]! - 48;
    if (d < 0 || d > 9) return `${name} is not an integer: "${rec.text(i).slice(0, 40)}"`;
    v = v * 10 + d;
  }
  if (negative) v = -v;
  if (v > max) return `${name} ${rec.text(i)} is out of range (at most ${max})`;
  if (v < min) return `${name} must be ${min === 1 ? 'a positive integer' : `at least ${min}`}, got ${v}`;
  return v;
}

/** Column positions found by header name. */
export interface PageColumns {
  page_id: number;
  title: number;
  url: number | undefined;
  /** Optional: 1/true removes the page and its chunks (--append); 0/false or empty keeps it. */
  deleted?: number | undefined;
}

export interface ChunkColumns {
  chunk_id: number;
  page_id: number;
  chunk_idx: number;
  content: number;
}

/** Staging table layouts: `line` first, then what the COPY rows below carry, in order. */
export const PAGE_STAGING = [
  ['line', 'integer NOT NULL'],
  ['page_id', 'bigint NOT NULL'],
  ['title', 'text NOT NULL'],
  ['url', 'text'],
  ['deleted', 'boolean NOT NULL'],
] as const;

export const CHUNK_STAGING = [
  ['line', 'integer NOT NULL'],
  ['chunk_id', 'bigint NOT NULL'],
  ['page_id', 'bigint NOT NULL'],
  ['chunk_idx', 'integer NOT NULL'],
  ['content', 'text NOT NULL'],
] as const;

/** Writes one page as a COPY row of PAGE_STAGING, or returns why the record is rejected. */
export function pageCopyRow(rec: CsvRecord, cols: PageColumns, out: CopyWriter): string | undefined {
  const pageId = intField(rec, cols.page_id, 'page_id', 1);
  if (typeof pageId === 'string') return pageId;
  let deleted = false;
  if (cols.deleted !== undefined) {
    const flag = rec.text(cols.deleted).trim().toLowerCase();
    if (flag === '1' || flag === 'true') deleted = true;
    else if (flag !== '' && flag !== '0' && flag !== 'false')
      return `deleted must be 1, true, 0, false or empty, got "${flag.slice(0, 20)}"`;
  }
  if (!deleted && rec.text(cols.title).trim() === '') return 'title is empty';
  out
    .ascii(`${rec.line},`)
    .bytes(rec.buf, rec.starts[cols.page_id]!, rec.ends[cols.page_id]!)
    .comma()
    .quotedField(rec, cols.title)
    .comma();
  // An empty unquoted CSV field is NULL for COPY: no url.
  if (cols.url !== undefined && rec.length(cols.url) > 0) out.quotedField(rec, cols.url);
  out.comma().ascii(deleted ? 't' : 'f');
  out.endRow();
  return undefined;
}

/**
 * Writes one chunk as a COPY row of CHUNK_STAGING, or returns why the record is rejected.
 * A column computed per chunk (say a tokenized text) goes here and in CHUNK_STAGING.
 */
export function chunkCopyRow(rec: CsvRecord, cols: ChunkColumns, out: CopyWriter): string | undefined {
  const chunkId = intField(rec, cols.chunk_id, 'chunk_id', 1);
  if (typeof chunkId === 'string') return chunkId;
  const pageId = intField(rec, cols.page_id, 'page_id', 1);
  if (typeof pageId === 'string') return pageId;
  const idx = intField(rec, cols.chunk_idx, 'chunk_idx', 0, 2_147_483_647);
  if (typeof idx === 'string') return idx;
  out
    .ascii(`${rec.line},`)
    .bytes(rec.buf, rec.starts[cols.chunk_id]!, rec.ends[cols.chunk_id]!)
    .comma()
    .bytes(rec.buf, rec.starts[cols.page_id]!, rec.ends[cols.page_id]!)
    .comma()
    .bytes(rec.buf, rec.starts[cols.chunk_idx]!, rec.ends[cols.chunk_idx]!)
    .comma()
    .quotedField(rec, cols.content)
    .endRow();
  return undefined;
}
