import type { Session } from '../db/types.js';
import { quantiseWeight } from './postings.js';
import { titleTerms, tokenize } from './tokenizer.js';

/**
 * Which collection a posting list indexes: chunk text (documents = chunks) or page titles
 * (documents = pages). Stored in the `field` column of the postings table.
 */
export type PostingField = 'c' | 't';

/**
 * The row with the empty term holds a segment's document count in `df`: the tokenizer never
 * emits an empty term, and keeping it in the same table lets an import swap one table.
 */
export const DOC_COUNT_TERM = '';

/**
 * The row of an appended segment that lists the documents it replaced or removed: their
 * postings in earlier segments are dead. The tokenizer never emits '-' (a separator).
 */
export const TOMBSTONE_TERM = '-';

/**
 * Segment 0's row with this term holds the average document length a build weighed its field
 * with, in thousandths, in `df`: an append weighs its postings with it rather than tokenizing a
 * sample of the live wiki again (seconds, whatever the append's size). Merges keep it, as they
 * sum one row. The tokenizer never emits '#'.
 */
export const AVG_LENGTH_TERM = '#';

/** Columns of the postings table in the order the encoded COPY rows carry them. */
export const POSTING_COLUMNS = ['field', 'term', 'segment', 'df', 'postings'];

/**
 * Documents per segment. A segment is a fixed run of documents in id order, so the index is
 * the same whichever worker builds which segment, and a segment's memory is bounded: about
 * 270 postings per chunk of the Korean Wikipedia, 12 bytes each while it is built.
 */
export const SEGMENT_DOCS = 32_768;

export interface BuildStats {
  documents: number;
  postings: number;
  segments: number;
}

function grow(a: Int32Array<ArrayBuffer>, min: number): Int32Array<ArrayBuffer> {
  const next = new Int32Array(Math.max(a.length * 2, min));
  next.set(a);
  return next;
}

/** Big-endian binary COPY rows written straight into one growing byte array. */
export class RowBytes {
  buf: Buffer;
  pos = 0;
  constructor(size = 1 << 20) {
    this.buf = Buffer.allocUnsafe(size);
  }
  reserve(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    const next = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.pos + n));
    this.buf.copy(next, 0, 0, this.pos);
    this.buf = next;
  }
  int16(v: number): void {
    this.buf.writeInt16BE(v, this.pos);
    this.pos += 2;
  }
  int32(v: number): void {
    this.buf.writeInt32BE(v, this.pos);
    this.pos += 4;
  }
  /** A row's first four columns; the caller writes the postings column. */
  head(field: PostingField, term: string, segment: number, df: number): void {
    this.reserve(2 + 5 + 4 + term.length * 3 + 16 + 4);
    this.int16(5);
    this.int32(1);
    this.buf[this.pos++] = field.charCodeAt(0);
    const lengthAt = this.pos;
    this.pos += 4;
    const n = this.buf.write(term, this.pos, 'utf8');
    this.buf.writeInt32BE(n, lengthAt);
    this.pos += n;
    this.int32(4);
    this.int32(segment);
    this.int32(4);
    this.int32(df);
  }
}

export type PostingRow = {
  field: PostingField;
  term: string;
  segment: number;
  df: number;
  postings: Uint8Array;
};

/** Rows of the postings table as binary COPY rows (no header or trailer). */
export function encodeRows(rows: Iterable<PostingRow>): Uint8Array {
  const out = new RowBytes();
  for (const r of rows) {
    out.head(r.field, r.term, r.segment, r.df);
    out.reserve(4 + r.postings.byteLength);
    out.int32(r.postings.byteLength);
    out.buf.set(r.postings, out.pos);
    out.pos += r.postings.byteLength;
  }
  return out.buf.subarray(0, out.pos);
}

/**
 * Inverts documents into the posting lists of one segment, in flat typed arrays: each
 * (term, document) pair is one entry, and the segment is encoded by a counting sort on term
 * id, so no per-term or per-document objects are allocated. Pure: workers run it too.
 */
export class SegmentInverter {
  private termIds = new Map<string, number>();
  private terms: string[] = [];
  /** Per term: the last document that used it and that document's entry, to count tf. */
  private lastDoc = new Int32Array(1 << 16);
  private lastEntry = new Int32Array(1 << 16);
  /** Per entry: term id, document index in the segment, term frequency. */
  private entryTerm = new Int32Array(1 << 20);
  private entryDoc = new Int32Array(1 << 20);
  private entryTf = new Int32Array(1 << 20);
  entries = 0;
  private docIds: number[] = [];
  private docLengths: number[] = [];
  /** Documents offered, with or without terms: segments are cut on this count. */
  offered = 0;

  get documents(): number {
    return this.docIds.length;
  }

  /** `terms` with repeats: their counts are the term frequencies. */
  add(docId: number, terms: readonly string[]): void {
    this.offered++;
    if (terms.length === 0) return;
    const doc = this.docIds.length;
    this.docIds.push(docId);
    this.docLengths.push(terms.length);
    const { termIds } = this;
    if (this.entries + terms.length > this.entryTerm.length) {
      const need = this.entries + terms.length;
      this.entryTerm = grow(this.entryTerm, need);
      this.entryDoc = grow(this.entryDoc, need);
      this.entryTf = grow(this.entryTf, need);
    }
    const { entryTerm, entryDoc, entryTf } = this;
    let entries = this.entries;
    for (let k = 0; k < terms.length; k++) {
      const term = terms[k]!;
      let id = termIds.get(term);
      if (id === undefined) {
        id = this.terms.length;
        termIds.set(term, id);
        this.terms.push(term);
        if (id >= this.lastDoc.length) {
          this.lastDoc = grow(this.lastDoc, id + 1);
          this.lastEntry = grow(this.lastEntry, id + 1);
        }
        this.lastDoc[id] = -1;
      }
      if (this.lastDoc[id] === doc) {
        entryTf[this.lastEntry[id]!]!++;
      } else {
        this.lastDoc[id] = doc;
        this.lastEntry[id] = entries;
        entryTerm[entries] = id;
        entryDoc[entries] = doc;
        entryTf[entries] = 1;
        entries++;
      }
    }
    this.entries = entries;
  }

  /**
   * The segment as binary COPY rows of the postings table (no header or trailer): the
   * document count row, then one row per term with its packed list (postings.ts format).
   * `avgLength` is the whole field's (average-length.ts), so a posting's weight does not depend
   * on which segment it falls in; without it, this segment's own average.
   */
  encode(field: PostingField, segment: number, sortTerms = false, avgLength?: number): Uint8Array {
    const { docIds, docLengths, terms, entries, entryTerm, entryDoc, entryTf } = this;
    const out = new RowBytes();
    if (docIds.length === 0) return out.buf.subarray(0, 0);
    avgLength ??= docLengths.reduce((a, b) => a + b, 0) / docLengths.length;

    // Counting sort of entries by term; within a term they stay in document order.
    const start = new Int32Array(terms.length + 1);
    for (let e = 0; e < entries; e++) start[entryTerm[e]! + 1]!++;
    for (let t = 0; t < terms.length; t++) start[t + 1]! += start[t]!;
    const order = new Int32Array(entries);
    const fill = start.slice(0, terms.length);
    for (let e = 0; e < entries; e++) order[fill[entryTerm[e]!]!++] = e;
    const ascending = docIds.every((id, i) => i === 0 || id > docIds[i - 1]!);
    // Weights depend only on (tf, document length): computed once per entry here.
    const weight = new Uint8Array(entries);
    for (let e = 0; e < entries; e++) weight[e] = quantiseWeight(entryTf[e]!, docLengths[entryDoc[e]!]!, avgLength);

    out.head(field, DOC_COUNT_TERM, segment, docIds.length);
    out.int32(0);
    // Rows in term order when they go into an indexed table (an append: the primary key's pages
    // are then filled in sequence rather than at random) or into a segment file that the build
    // merges with the others (postings-merge.ts compares terms with the same `<`).
    const termOrder = sortTerms ? Array.from(terms.keys()).sort((a, b) => (terms[a]! < terms[b]! ? -1 : 1)) : undefined;
    for (let k0 = 0; k0 < terms.length; k0++) {
      const t = termOrder ? termOrder[k0]! : k0;
      const from = start[t]!;
      const to = start[t + 1]!;
      let slots: ArrayLike<number> = order.subarray(from, to);
      if (!ascending) slots = Array.from(slots).sort((a, b) => docIds[entryDoc[a]!]! - docIds[entryDoc[b]!]!);
      out.head(field, terms[t]!, segment, to - from);
      // Worst case per posting: an 8-byte varint (ids below 2^53) plus the weight byte.
      out.reserve(4 + (to - from) * 9);
      const lengthAt = out.pos;
      out.pos += 4;
      const buf = out.buf;
      let o = out.pos;
      let prev = 0;
      for (let k = 0; k < slots.length; k++) {
        const e = slots[k]!;
        const id = docIds[entryDoc[e]!]!;
        let delta = id - prev;
        prev = id;
        // Arithmetic, not bit operators: ids may exceed 2^31 (page_id × 100000 + chunk_idx).
        while (delta >= 0x80) {
          buf[o++] = (delta % 128) + 0x80;
          delta = Math.floor(delta / 128);
        }
        buf[o++] = delta;
        buf[o++] = weight[e]!;
      }
      buf.writeInt32BE(o - out.pos, lengthAt);
      out.pos = o;
    }
    return out.buf.subarray(0, out.pos);
  }
}

/** One segment's documents, as the build sends them to a worker. */
export interface SegmentJob {
  field: PostingField;
  segment: number;
  ids: number[];
  texts: string[];
  /** Rows in term order (for an indexed table or the build's merge of segment files). */
  sortTerms?: boolean;
  /** The field's average document length (average-length.ts); default the segment's own. */
  avgLength?: number;
}

export interface SegmentResult {
  segment: number;
  /** Binary COPY rows (no header or trailer); empty when no document had a term. */
  bytes: Uint8Array;
  /** Documents offered, documents with terms, postings. */
  offered: number;
  documents: number;
  postings: number;
}

/** Tokenizes and inverts one segment: the whole of a worker's job. */
export function invertSegment(job: SegmentJob): SegmentResult {
  const inverter = new SegmentInverter();
  const terms = job.field === 'c' ? tokenize : titleTerms;
  for (let i = 0; i < job.ids.length; i++) inverter.add(job.ids[i]!, terms(job.texts[i]!));
  return {
    segment: job.segment,
    bytes: inverter.encode(job.field, job.segment, job.sortTerms, job.avgLength),
    offered: inverter.offered,
    documents: inverter.documents,
    postings: inverter.entries,
  };
}

/** Writes encoded segment rows with binary COPY (the fastest bulk path on both back ends). */
export async function copySegment(session: Session, table: string, bytes: Uint8Array): Promise<void> {
  if (bytes.byteLength === 0) return;
  await session.copyIn({
    table,
    columns: POSTING_COLUMNS,
    format: 'binary',
    batches: (async function* () {
      yield bytes;
    })(),
  });
}

/**
 * Inverts documents on this thread and writes a segment every `maxDocs` documents, so any
 * number of documents needs the same memory. Queries read every segment of a term; the build
 * (lexical-index.ts) runs the same segments in worker threads.
 */
export class PostingsBuilder {
  private inverter = new SegmentInverter();
  private segment: number;
  private readonly stats: BuildStats = { documents: 0, postings: 0, segments: 0 };

  constructor(
    private readonly session: Session,
    private readonly table: string,
    private readonly field: PostingField,
    private readonly maxDocs = SEGMENT_DOCS,
    firstSegment = 0,
    private readonly avgLength?: number,
  ) {
    this.segment = firstSegment;
  }

  /** `terms` with repeats: their counts are the term frequencies. */
  async add(docId: number, terms: readonly string[]): Promise<void> {
    this.inverter.add(docId, terms);
    if (this.inverter.offered >= this.maxDocs) await this.flush();
  }

  async finish(): Promise<BuildStats> {
    await this.flush();
    return { ...this.stats };
  }

  private async flush(): Promise<void> {
    const inverter = this.inverter;
    this.inverter = new SegmentInverter();
    const segment = this.segment++;
    if (inverter.documents === 0) return;
    await copySegment(this.session, this.table, inverter.encode(this.field, segment, false, this.avgLength));
    this.stats.documents += inverter.documents;
    this.stats.postings += inverter.entries;
    this.stats.segments++;
  }
}
