import { isUtf8 } from 'node:buffer';
import fs from 'node:fs';

/*
 * A byte-level RFC 4180 record scanner. csv-parse (47 MB/s) and papaparse (about 80 MB/s)
 * both decode every field to a JS string, which alone is slower than `psql \copy` loads the
 * same file (75 MB/s on the dev box). The import only has to look inside the small id
 * fields: the long text fields keep their original bytes, because RFC 4180 quoting is
 * exactly PostgreSQL's CSV quoting, so they go to COPY unchanged. Buffer.indexOf (memchr)
 * skips through quoted text, and UTF-8 and NUL checks run natively over whole read blocks.
 */

const QUOTE = 0x22;
const COMMA = 0x2c;
const LF = 0x0a;
const CR = 0x0d;
const MAX_FIELDS = 256;

/** One record, valid only during the callback: field bytes are views into the read buffer. */
export class CsvRecord {
  buf: Buffer = Buffer.alloc(0);
  /** Physical line (1-based) where the record starts. */
  line = 0;
  count = 0;
  /** Raw bytes of the whole record, newline excluded. */
  start = 0;
  end = 0;
  readonly starts = new Int32Array(MAX_FIELDS);
  readonly ends = new Int32Array(MAX_FIELDS);
  /** Bit 1: the field was quoted. Bit 2: it contains "" escapes. */
  readonly flags = new Uint8Array(MAX_FIELDS);
  /** Set when the record has bytes that are not UTF-8 or a NUL byte: the line and reason. */
  problem: { line: number; reason: string } | undefined;

  quoted(i: number): boolean {
    return (this.flags[i]! & 1) !== 0;
  }

  length(i: number): number {
    return this.ends[i]! - this.starts[i]!;
  }

  /** The field as a string (invalid UTF-8 becomes U+FFFD); for small fields and error reports. */
  text(i: number): string {
    const s = this.buf.toString('utf8', this.starts[i], this.ends[i]);
    return this.flags[i]! & 2 ? s.replaceAll('""', '"') : s;
  }

  /** The record as it was in the file, for the rejects file. */
  rawText(): string {
    return this.buf.toString('utf8', this.start, this.end).replaceAll('\0', '\uFFFD');
  }
}

export interface ScanOptions {
  file: string;
  /** Called for each record except empty lines; the first one is the header. */
  onRecord(record: CsvRecord): void;
  /** A record whose quoting is broken; scanning resumes on the next line. */
  onMalformed(line: number, reason: string, raw: string): void;
  signal?: AbortSignal;
  /** A record longer than this is taken for an unclosed quote rather than buffered forever. */
  maxRecordBytes?: number;
  readSize?: number;
}

export class CsvSyntaxError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    reason: string,
  ) {
    super(`${file}:${line}: ${reason}`);
    this.name = 'CsvSyntaxError';
  }
}

const NEED_MORE = -1;

/**
 * Streams `file` record by record through `onRecord`, yielding the bytes read so far after
 * each read block. Memory stays at one read block plus the longest record.
 */
export async function* scanCsv(options: ScanOptions): AsyncGenerator<number> {
  const maxRecord = options.maxRecordBytes ?? 64 * 1024 * 1024;
  const rec = new CsvRecord();
  let line = 1;
  let carry: Buffer | undefined;
  let consumed = 0;
  let first = true;

  const stream = fs.createReadStream(options.file, { highWaterMark: options.readSize ?? 1024 * 1024 });
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      options.signal?.throwIfAborted();
      let buf = carry ? Buffer.concat([carry, chunk]) : chunk;
      if (first) {
        first = false;
        if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) buf = buf.subarray(3);
      }
      const p = scanBlock(buf, false);
      carry = p < buf.length ? buf.subarray(p) : undefined;
      if (carry && carry.length > maxRecord) {
        throw new CsvSyntaxError(options.file, line, `record longer than ${maxRecord >> 20} MB (unclosed quote?)`);
      }
      consumed += chunk.length;
      yield consumed;
    }
    if (carry) scanBlock(carry, true);
  } finally {
    stream.destroy();
  }

  /** Scans the complete records of `b`, returning where the first incomplete one starts. */
  function scanBlock(b: Buffer, eof: boolean): number {
    const n = b.length;
    // "\n" is never inside a multi-byte character, so everything up to the last one can be
    // checked in one native call; only blocks that fail are checked record by record.
    const lastLf = eof ? n : b.lastIndexOf(LF) + 1;
    const utf8Ok = lastLf > 0 && isUtf8(b.subarray(0, lastLf)) ? lastLf : 0;
    const nul = b.indexOf(0);
    const nulFree = nul === -1 ? n : nul;
    let p = 0;
    while (p < n) {
      const next = parseRecord(b, p, n, eof);
      if (next === NEED_MORE) break;
      p = next;
    }
    return p;

    function parseRecord(b: Buffer, p: number, n: number, eof: boolean): number {
      let count = 0;
      let newlines = 0;
      let i = p;
      for (;;) {
        if (count === MAX_FIELDS) return malformed(p, i, newlines, `more than ${MAX_FIELDS} fields`);
        if (i < n && b[i] === QUOTE) {
          let q = i + 1;
          let flags = 1;
          let close: number;
          for (;;) {
            const j = b.indexOf(QUOTE, q);
            if (j === -1) {
              if (!eof) return NEED_MORE;
              throw new CsvSyntaxError(options.file, line + newlines, 'unclosed quoted field');
            }
            if (j + 1 === n && !eof) return NEED_MORE;
            if (b[j + 1] === QUOTE) {
              flags = 3;
              q = j + 2;
              continue;
            }
            close = j;
            break;
          }
          for (let k = b.indexOf(LF, i + 1); k !== -1 && k < close; k = b.indexOf(LF, k + 1)) newlines++;
          rec.starts[count] = i + 1;
          rec.ends[count] = close;
          rec.flags[count] = flags;
          count++;
          i = close + 1;
          if (i === n) {
            if (!eof) return NEED_MORE;
            return finish(p, n, n, count, newlines);
          }
          const c = b[i];
          if (c === COMMA) {
            i++;
            continue;
          }
          if (c === LF) return finish(p, i, i + 1, count, newlines);
          if (c === CR) {
            if (i + 1 === n && !eof) return NEED_MORE;
            if (i + 1 === n) return finish(p, i, n, count, newlines);
            if (b[i + 1] === LF) return finish(p, i, i + 2, count, newlines);
          }
          return malformed(p, i, newlines, 'unexpected character after a closing quote');
        }
        let j = i;
        while (j < n) {
          const c = b[j];
          if (c === COMMA || c === LF) break;
          if (c === QUOTE) return malformed(p, j, newlines, 'quote inside an unquoted field');
          j++;
        }
        if (j === n && !eof) return NEED_MORE;
        const endsLine = j === n || b[j] === LF;
        rec.starts[count] = i;
        rec.ends[count] = endsLine && j > i && b[j - 1] === CR ? j - 1 : j;
        rec.flags[count] = 0;
        count++;
        if (!endsLine) {
          i = j + 1;
          continue;
        }
        return finish(p, rec.ends[count - 1]!, Math.min(j + 1, n), count, newlines);
      }
    }

    function finish(start: number, end: number, next: number, count: number, newlines: number): number {
      const startLine = line;
      line += newlines + 1;
      if (count === 1 && end === start) return next; // empty line
      rec.buf = b;
      rec.line = startLine;
      rec.count = count;
      rec.start = start;
      rec.end = end;
      rec.problem = undefined;
      if (end > utf8Ok && !isUtf8(b.subarray(start, end))) {
        rec.problem = { line: startLine + badLineOffset(b, start, end, (s) => !isUtf8(s)), reason: 'invalid UTF-8' };
      } else if (end > nulFree && b.subarray(start, end).indexOf(0) !== -1) {
        rec.problem = {
          line: startLine + badLineOffset(b, start, end, (s) => s.indexOf(0) !== -1),
          reason: 'NUL byte',
        };
      }
      options.onRecord(rec);
      return next;
    }

    /** Skips the rest of the physical line of a record whose quoting is broken. */
    function malformed(start: number, at: number, newlines: number, reason: string): number {
      const lf = b.indexOf(LF, at);
      if (lf === -1 && !eof) return NEED_MORE;
      const end = lf === -1 ? n : lf;
      const errLine = line + newlines;
      line = errLine + 1;
      options.onMalformed(errLine, reason, b.toString('utf8', start, end));
      return lf === -1 ? n : lf + 1;
    }
  }
}

/** Which physical line of a multi-line record holds the bad bytes (0 = its first line). */
function badLineOffset(b: Buffer, start: number, end: number, bad: (s: Buffer) => boolean): number {
  let offset = 0;
  let s = start;
  while (s < end) {
    const lf = b.indexOf(LF, s);
    const e = lf === -1 || lf > end ? end : lf;
    if (bad(b.subarray(s, e))) return offset;
    offset++;
    s = e + 1;
  }
  return 0;
}
