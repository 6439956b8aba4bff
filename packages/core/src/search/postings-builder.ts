import fs from 'node:fs';
import type { Session } from '../db/types.js';
import { quantiseWeight } from './postings.js';
import { grow, TermIds } from './term-ids.js';

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
 * Columns of a row in a build's part file: the table's five, then the last document id of the
 * row's list, so the merge can join parts of one segment into the list one job would have
 * written (postings-merge.ts). Never COPYed: the merge writes five.
 */
export const LAST_ID_COLUMNS = 6;

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

/** Big-endian binary COPY rows written straight into one growing byte array. */
export class RowBytes {
  buf: Buffer;
  pos = 0;
  /**
   * `exact`: `size` holds all that will be written (a segment's rows, counted first), so nothing
   * grows it; `reserve`'s worst cases would double it for the last rows.
   */
  constructor(
    size = 1 << 20,
    private readonly exact = false,
  ) {
    // Never from Node's shared pool (a small exact size would be): a worker transfers the buffer.
    this.buf = Buffer.allocUnsafeSlow(size);
  }
  reserve(n: number): void {
    if (this.exact || this.pos + n <= this.buf.length) return;
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
  /** An 8-byte column holding a document id (below 2^53) as a big-endian double. */
  lastId(id: number): void {
    this.reserve(12);
    this.int32(8);
    this.buf.writeDoubleBE(id, this.pos);
    this.pos += 8;
  }
  /**
   * A row's first four columns; the caller writes the postings column (and, in a build's part
   * files, the list's last document id: `columns` 6, see LAST_ID_COLUMNS). The term is a string,
   * or UTF-8 bytes term[from, to) (the merge copies them from a segment file's read buffer: no
   * view made per row). df is the row's last 4 bytes.
   */
  head(
    field: PostingField,
    term: string | Uint8Array,
    segment: number,
    df: number,
    columns = 5,
    from = 0,
    to = term.length,
  ): void {
    const text = typeof term === 'string';
    this.reserve(2 + 5 + 4 + (text ? term.length * 3 : to - from) + 16 + 4);
    this.int16(columns);
    this.int32(1);
    this.buf[this.pos++] = field.charCodeAt(0);
    const lengthAt = this.pos;
    this.pos += 4;
    let n = to - from;
    if (text) n = this.buf.write(term, this.pos, 'utf8');
    else for (let i = 0, o = this.pos; i < n; i++, o++) this.buf[o] = term[from + i]!;
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
 * Walks binary COPY rows of five columns as `encodeRows` writes them (int16 column count, then
 * int32 length and bytes per column: field, term, segment, df, postings), calling `row` with
 * where each row's term lies and where its df's int32 is, from the lengths alone.
 */
export function forEachRow(b: Buffer, row: (termStart: number, termEnd: number, dfAt: number) => void): void {
  for (let at = 0; at < b.length;) {
    const termEnd = at + 11 + b.readInt32BE(at + 7);
    row(at + 11, termEnd, termEnd + 12);
    at = termEnd + 20 + b.readInt32BE(termEnd + 16);
  }
}

/** How many rows `bytes` (as `encodeRows` writes them) holds. */
export function countRows(bytes: Uint8Array): number {
  let n = 0;
  forEachRow(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), () => n++);
  return n;
}

/** Postings [from, to) of one term (documents and weights) put in ascending document id. */
function sortById(postDoc: PartDocs, postWeight: Uint8Array, from: number, to: number, docIds: number[]): void {
  const slots = Array.from({ length: to - from }, (_, i) => from + i).sort(
    (a, b) => docIds[postDoc[a]!]! - docIds[postDoc[b]!]!,
  );
  const docs = slots.map((k) => postDoc[k]!);
  const weights = slots.map((k) => postWeight[k]!);
  postDoc.set(docs, from);
  postWeight.set(weights, from);
}

/** A part's documents, as indexes from the part's first: two bytes each while they fit. */
type PartDocs = Uint16Array<ArrayBuffer> | Int32Array<ArrayBuffer>;

/**
 * Documents of a segment inverted together before their entries are sorted into a part (see
 * SegmentInverter). A quarter of a segment of 32,768: a job's entry arrays are then those of
 * a 50,000-chunk wiki's jobs (8,192 documents) whatever the wiki's size.
 */
export const PART_DOCS = 8_192;

/**
 * Some documents' postings sorted by term: the postings of segment term t are [start[t],
 * start[t + 1]) for t below `terms` (the segment's term count when the part was sealed; later
 * terms have none here), each a document (an index from `docStart`) and its weight.
 */
interface Part {
  docStart: number;
  terms: number;
  start: Int32Array<ArrayBuffer>;
  doc: PartDocs;
  weight: Uint8Array<ArrayBuffer>;
}

/**
 * Rows a job writes to its file at a time (SegmentJob.file): a whole segment's rows were up to
 * 64 MB on the worker, then on the calling thread until written.
 */
const FLUSH_BYTES = 4 << 20;

/** Most terms a segment may hold: sortedOrder packs an index into 21 bits. */
const MAX_SEGMENT_TERMS = 1 << 21;

/**
 * Indexes of `terms` (distinct, no U+0000) in the order of `<` (UTF-16 units), the order the
 * merge of segment files relies on. A comparator sort of half a million strings was a fifth of
 * a segment's time; this is an MSD radix sort two units at a time, each level a native sort of
 * numbers (the two units, then the index) over one group of terms that share a prefix.
 */
export function sortedOrder(terms: readonly string[]): Int32Array {
  if (terms.length > MAX_SEGMENT_TERMS) throw new Error(`a segment of more than ${MAX_SEGMENT_TERMS} terms`);
  const order = new Int32Array(terms.length);
  for (let i = 0; i < order.length; i++) order[i] = i;
  // Groups still to sort: [from, to, depth in units].
  const stack: number[] = [0, order.length, 0];
  while (stack.length > 0) {
    const depth = stack.pop()!;
    const to = stack.pop()!;
    const from = stack.pop()!;
    const keys = new Float64Array(to - from);
    for (let i = from; i < to; i++) {
      const term = terms[order[i]!]!;
      const hi = depth < term.length ? term.charCodeAt(depth) : 0;
      const lo = depth + 1 < term.length ? term.charCodeAt(depth + 1) : 0;
      keys[i - from] = (hi * 0x10000 + lo) * MAX_SEGMENT_TERMS + order[i]!;
    }
    keys.sort();
    let groupStart = from;
    let groupKey = -1;
    for (let i = from; i <= to; i++) {
      const key = i < to ? Math.floor(keys[i - from]! / MAX_SEGMENT_TERMS) : -2;
      if (i < to) order[i] = keys[i - from]! - key * MAX_SEGMENT_TERMS;
      if (key === groupKey) continue;
      // Terms that share these two units and go on are sorted by the next two. (Two terms
      // that ended here with the same key would be one term, which a segment holds once.)
      if (i - groupStart > 1) stack.push(groupStart, i, depth + 2);
      groupStart = i;
      groupKey = key;
    }
  }
  return order;
}

/**
 * Inverts documents into the posting lists of one segment, in flat typed arrays: each
 * (term, document) pair is one entry, and entries are sorted by term with a counting sort,
 * so no per-term or per-document objects are allocated. Terms are ids of a vocabulary
 * (term-ids.ts) that a worker keeps from one segment to the next. Pure: workers run it too.
 *
 * When the weights' average length is known from the start (`parts`), every `parts.docs`
 * documents the entries (12 bytes each, and room for as many again) are sorted into a part of
 * 3 bytes a posting, and the same entry arrays take the next documents; encode writes each
 * term's list from the parts in turn. A segment's memory then follows its postings at 3 bytes
 * where it followed them at 12 to 24 (a job of 32,768 chunks held ~110 MB of entries, four
 * times a 50,000-chunk wiki's jobs of 8,192), at no extra pass: a posting is sorted once either way.
 */
export class SegmentInverter {
  /** Per vocabulary id: 1 + its index among this segment's terms, 0 when unused so far. */
  private localOf: Int32Array<ArrayBuffer>;
  /** Per segment term: its vocabulary id, the last document that used it and that document's entry. */
  private globalOf = new Int32Array(1 << 16);
  private lastDoc = new Int32Array(1 << 16);
  private lastEntry = new Int32Array(1 << 16);
  private termCount = 0;
  /** Per entry of the documents since the last part: segment term, document index in the segment, term frequency. */
  private entryTerm: Int32Array<ArrayBuffer>;
  private entryDoc: Int32Array<ArrayBuffer>;
  private entryTf: Int32Array<ArrayBuffer>;
  private partEntries = 0;
  private sealed = 0;
  private parts: Part[] = [];
  /** The first document not yet in a part. */
  private partStart = 0;
  private docIds: number[] = [];
  private docLengths: number[] = [];
  private ascending = true;
  /** Documents offered, with or without terms: segments are cut on this count. */
  offered = 0;
  private encoded = false;

  /**
   * `capacity`: the entries to make room for at once (growing by doubling copies them all);
   * `partPlan`: documents per part and the average length the weights use (encode's).
   */
  constructor(
    readonly vocab = new TermIds(),
    capacity = 1 << 20,
    private readonly partPlan?: { docs: number; avgLength: number },
  ) {
    vocab.bound();
    this.entryTerm = new Int32Array(capacity);
    this.entryDoc = new Int32Array(capacity);
    this.entryTf = new Int32Array(capacity);
    this.localOf = new Int32Array(Math.max(1 << 16, vocab.size));
  }

  get documents(): number {
    return this.docIds.length;
  }

  /** Postings so far (term, document pairs). */
  get entries(): number {
    return this.sealed + this.partEntries;
  }

  /** A document's text, tokenized as its field is (tokenize, or titleTerms for titles). */
  addText(docId: number, text: string, field: PostingField): void {
    this.vocab.document(text, field);
    this.addIds(docId, this.vocab.ids, this.vocab.length);
  }

  /** `terms` with repeats: their counts are the term frequencies. */
  add(docId: number, terms: readonly string[]): void {
    const ids = new Int32Array(terms.length);
    for (let k = 0; k < terms.length; k++) ids[k] = this.vocab.idOf(terms[k]!);
    this.addIds(docId, ids, ids.length);
  }

  /** Vocabulary ids ids[0 … n), repeats kept. */
  private addIds(docId: number, ids: Int32Array, n: number): void {
    this.offered++;
    if (n === 0) return;
    if (this.partPlan && this.docIds.length - this.partStart >= this.partPlan.docs) this.seal(this.partPlan.avgLength);
    const doc = this.docIds.length;
    if (doc > 0 && docId <= this.docIds[doc - 1]!) this.ascending = false;
    this.docIds.push(docId);
    this.docLengths.push(n);
    if (this.partEntries + n > this.entryTerm.length) {
      const need = this.partEntries + n;
      this.entryTerm = grow(this.entryTerm, need);
      this.entryDoc = grow(this.entryDoc, need);
      this.entryTf = grow(this.entryTf, need);
    }
    if (this.localOf.length < this.vocab.size) this.localOf = grow(this.localOf, this.vocab.size);
    const { localOf, entryTerm, entryDoc, entryTf } = this;
    let entries = this.partEntries;
    for (let k = 0; k < n; k++) {
      const g = ids[k]!;
      let t = localOf[g]! - 1;
      if (t < 0) {
        t = this.termCount++;
        localOf[g] = t + 1;
        if (t >= this.globalOf.length) {
          this.globalOf = grow(this.globalOf, t + 1);
          this.lastDoc = grow(this.lastDoc, t + 1);
          this.lastEntry = grow(this.lastEntry, t + 1);
        }
        this.globalOf[t] = g;
        this.lastDoc[t] = -1;
      }
      if (this.lastDoc[t] === doc) {
        entryTf[this.lastEntry[t]!]!++;
      } else {
        this.lastDoc[t] = doc;
        this.lastEntry[t] = entries;
        entryTerm[entries] = t;
        entryDoc[entries] = doc;
        entryTf[entries] = 1;
        entries++;
      }
    }
    this.partEntries = entries;
  }

  /**
   * The segment as binary COPY rows of the postings table (no header or trailer): the
   * document count row, then one row per term with its packed list (postings.ts format).
   * `avgLength` is the whole field's (average-length.ts), so a posting's weight does not depend
   * on which segment it falls in; without it, this segment's own average. With `flush`, the rows
   * go to it about `flushBytes` at a time, and what is returned is empty.
   */
  encode(
    field: PostingField,
    segment: number,
    sortTerms = false,
    avgLength?: number,
    lastIds = false,
    flush?: (rows: Uint8Array) => void,
    flushBytes = FLUSH_BYTES,
  ): Uint8Array {
    if (this.encoded) throw new Error('a segment is encoded once: its entries are released on the way');
    this.encoded = true;
    const { docIds, docLengths, termCount } = this;
    if (docIds.length === 0) return new Uint8Array(0);
    avgLength ??= this.partPlan?.avgLength ?? docLengths.reduce((a, b) => a + b, 0) / docLengths.length;
    if (this.parts.length > 0 && avgLength !== this.partPlan!.avgLength)
      throw new Error(`parts were weighed with an average length of ${this.partPlan!.avgLength}, not ${avgLength}`);
    const terms: string[] = new Array<string>(termCount);
    for (let t = 0; t < termCount; t++) terms[t] = this.vocab.termOf(this.globalOf[t]!);
    this.seal(avgLength);
    // Entries are not added again (and their arrays are the largest thing here).
    this.entryTerm = this.entryDoc = this.entryTf = new Int32Array(0);
    const parts = this.ascending ? this.parts : [this.unsorted()];

    const columns = lastIds ? LAST_ID_COLUMNS : 5;
    const perRow = 2 + 4 + 1 + 4 + 4 + 4 + 4 + 4 + 4 + (lastIds ? 12 : 0);
    const df = new Int32Array(termCount);
    if (flush) for (const p of parts) for (let t = 0; t < p.terms; t++) df[t]! += p.start[t + 1]! - p.start[t]!;
    // Returned rows: their exact size, so the buffer is allocated once: grown by doubling it left
    // the smaller ones behind on the way (63 MB for a job of 32,768 chunks), at the moment a
    // worker holds the most. A pass over postings that are in memory order. Rows given to
    // `flush` (about `flushBytes` at a time) need neither.
    let size = perRow;
    for (let t = 0; t < (flush ? 0 : termCount); t++) {
      let prev = 0;
      let n = 0;
      for (const { docStart, terms: partTerms, start, doc } of parts) {
        if (t >= partTerms) continue;
        const to = start[t + 1]!;
        n += to - start[t]!;
        for (let k = start[t]!; k < to; k++) {
          const id = docIds[docStart + doc[k]!]!;
          size += varintBytes(id - prev);
          prev = id;
        }
      }
      df[t] = n;
      size += perRow + Buffer.byteLength(terms[t]!, 'utf8') + n;
    }
    // Rounded up to a power of two, as doubling left it: sizes that recur from job to job let the
    // allocator reuse a freed buffer, where exact ones (different each job) raised peak RSS by
    // ~50 MB at 50,000 chunks (bench:scale, 4 runs each); the unwritten tail is never touched.
    const out = flush ? new RowBytes(2 * flushBytes) : new RowBytes(2 ** Math.ceil(Math.log2(size)), true);
    out.head(field, DOC_COUNT_TERM, segment, docIds.length, columns);
    out.int32(0);
    if (lastIds) out.lastId(0);
    // Rows in term order when they go into an indexed table (an append: the primary key's pages
    // are then filled in sequence rather than at random) or into a segment file that the build
    // merges with the others (postings-merge.ts compares terms with the same `<`).
    const termOrder = sortTerms ? sortedOrder(terms) : undefined;
    for (let k0 = 0; k0 < termCount; k0++) {
      const t = termOrder ? termOrder[k0]! : k0;
      out.head(field, terms[t]!, segment, df[t]!, columns);
      // Worst case per posting: an 8-byte varint (ids below 2^53) plus the weight byte.
      out.reserve(4 + df[t]! * 9);
      const lengthAt = out.pos;
      out.pos += 4;
      const buf = out.buf;
      let o = out.pos;
      let prev = 0;
      for (const { docStart, terms: partTerms, start, doc, weight } of parts) {
        if (t >= partTerms) continue;
        const to = start[t + 1]!;
        for (let k = start[t]!; k < to; k++) {
          const id = docIds[docStart + doc[k]!]!;
          let delta = id - prev;
          prev = id;
          // Ids may exceed 2^31 (page_id × 100000 + chunk_idx): arithmetic down to 2^31, then bit
          // operators, which are exact below it and much cheaper than a float division per byte.
          while (delta >= 0x80000000) {
            buf[o++] = (delta % 128) + 0x80;
            delta = Math.floor(delta / 128);
          }
          while (delta >= 0x80) {
            buf[o++] = (delta & 0x7f) | 0x80;
            delta >>>= 7;
          }
          buf[o++] = delta;
          buf[o++] = weight[k]!;
        }
      }
      buf.writeInt32BE(o - out.pos, lengthAt);
      out.pos = o;
      if (lastIds) out.lastId(prev);
      if (flush && out.pos >= flushBytes) {
        flush(out.buf.subarray(0, out.pos));
        out.pos = 0;
      }
    }
    if (flush) {
      if (out.pos > 0) flush(out.buf.subarray(0, out.pos));
      return new Uint8Array(0);
    }
    if (out.pos !== size) throw new Error(`a segment's rows took ${out.pos} bytes, ${size} expected`);
    return out.buf.subarray(0, out.pos);
  }

  /**
   * The entries since the last part sorted into a part (a counting sort by term; within a term
   * they stay in document order), each posting's document and weight (which depends only on tf
   * and the document's length) moved to its place at once, so the writing reads memory in
   * sequence: reading them through a permutation missed the cache on nearly every posting.
   */
  private seal(avgLength: number): void {
    const { docLengths, partEntries: entries, entryTerm, entryDoc, entryTf, termCount, partStart } = this;
    const docs = this.docIds.length - partStart;
    if (docs === 0) return;
    const start = new Int32Array(termCount + 1);
    for (let e = 0; e < entries; e++) start[entryTerm[e]! + 1]!++;
    for (let t = 0; t < termCount; t++) start[t + 1]! += start[t]!;
    const fill = start.slice(0, termCount);
    const doc: PartDocs = docs <= 0x10000 ? new Uint16Array(entries) : new Int32Array(entries);
    const weight = new Uint8Array(entries);
    // Most postings have tf 1, whose weight depends on the document alone: computed once per document.
    const once = new Uint8Array(docs);
    for (let d = 0; d < docs; d++) once[d] = quantiseWeight(1, docLengths[partStart + d]!, avgLength);
    for (let e = 0; e < entries; e++) {
      const at = fill[entryTerm[e]!]!++;
      const d = entryDoc[e]! - partStart;
      const tf = entryTf[e]!;
      doc[at] = d;
      weight[at] = tf === 1 ? once[d]! : quantiseWeight(tf, docLengths[partStart + d]!, avgLength);
    }
    this.parts.push({ docStart: partStart, terms: termCount, start, doc, weight });
    this.sealed += entries;
    this.partEntries = 0;
    this.partStart = this.docIds.length;
  }

  /**
   * The parts as one, each term's postings in ascending document id (documents added out of id
   * order: PostingsBuilder's callers may; the build's reading in id order never does).
   */
  private unsorted(): Part {
    const { termCount, docIds } = this;
    const start = new Int32Array(termCount + 1);
    for (const p of this.parts) for (let t = 0; t < p.terms; t++) start[t + 1]! += p.start[t + 1]! - p.start[t]!;
    for (let t = 0; t < termCount; t++) start[t + 1]! += start[t]!;
    const doc = new Int32Array(this.sealed);
    const weight = new Uint8Array(this.sealed);
    for (let t = 0; t < termCount; t++) {
      let at = start[t]!;
      for (const p of this.parts) {
        if (t >= p.terms) continue;
        for (let k = p.start[t]!; k < p.start[t + 1]!; k++, at++) {
          doc[at] = p.docStart + p.doc[k]!;
          weight[at] = p.weight[k]!;
        }
      }
      sortById(doc, weight, start[t]!, at, docIds);
    }
    this.parts = [];
    return { docStart: 0, terms: termCount, start, doc, weight };
  }
}

/** Bytes of `n` (a document id delta, below 2^53) as the postings' varint. */
function varintBytes(n: number): number {
  let bytes = 1;
  while (n >= 0x80) {
    n = Math.floor(n / 128);
    bytes++;
  }
  return bytes;
}

/** Texts as one run of UTF-16 units (text i ends at unit ends[i]), which a worker is handed without a copy. */
export interface PackedTexts {
  units: Uint8Array;
  ends: Int32Array;
}

/**
 * Texts packed as they are read (PackedTexts). Sent as strings, a job's texts (~37 MB at
 * 32,768 chunks) were copied into the worker's heap, and there and on the reading thread they
 * outlived the job as garbage until a full collection: at 883,189 chunks the process's RSS rose
 * by hundreds of MB between collections. Packed, a text read is garbage while young, and the
 * units move to the worker (transferred) and are freed with the job.
 */
export class TextPack {
  private buf: Buffer;
  private used = 0;
  private ends: number[] = [];

  constructor(private bytes = 1 << 20) {
    this.buf = Buffer.allocUnsafeSlow(bytes);
  }

  get length(): number {
    return this.ends.length;
  }

  add(text: string): void {
    const need = this.used + 2 * text.length;
    if (need > this.buf.length) {
      const next = Buffer.allocUnsafeSlow(Math.max(need, Math.ceil(this.buf.length * 1.5)));
      this.buf.copy(next, 0, 0, this.used);
      this.buf = next;
    }
    // UTF-16 units as they are, lone surrogates too (toString('utf16le') gives them back).
    this.used += this.buf.write(text, this.used, 'utf16le');
    this.ends.push(this.used / 2);
  }

  /** The texts so far; the next ones start a new buffer, sized as this one ended. */
  take(): PackedTexts {
    const packed = {
      units: new Uint8Array(this.buf.buffer, this.buf.byteOffset, this.used),
      ends: Int32Array.from(this.ends),
    };
    this.bytes = Math.max(this.bytes, this.used + (this.used >> 4));
    this.buf = Buffer.allocUnsafeSlow(this.bytes);
    this.used = 0;
    this.ends = [];
    return packed;
  }
}

/** One segment's documents, as the build sends them to a worker. */
export interface SegmentJob {
  field: PostingField;
  segment: number;
  ids: number[];
  /** The texts, or none when they are `packed`. */
  texts: string[];
  packed?: PackedTexts;
  /** Rows in term order (for an indexed table or the build's merge of segment files). */
  sortTerms?: boolean;
  /** The field's average document length (average-length.ts); default the segment's own. */
  avgLength?: number;
  /**
   * Rows carry their list's last document id (LAST_ID_COLUMNS): the job is one part of a
   * segment, in a file the build's merge joins with the segment's other parts.
   */
  lastIds?: boolean;
  /** A file to write the rows into (a build's segment file), a few MB at a time, instead of returning them. */
  file?: string;
}

export interface SegmentResult {
  segment: number;
  /** Binary COPY rows (no header or trailer); empty when no document had a term, or when they went to the job's file. */
  bytes: Uint8Array;
  /** The job's file, when rows were written into it. */
  file?: string;
  /** Documents offered, documents with terms, postings. */
  offered: number;
  documents: number;
  postings: number;
}

/** The vocabulary of this thread's segments: most terms of one segment recur in the next. */
let vocab: TermIds | undefined;

/** A job's texts tokenized into an inverter (a function of its own: no reference to the texts outlives it). */
function tokenizeJob(job: SegmentJob): SegmentInverter {
  vocab ??= new TermIds();
  const { packed } = job;
  const units = packed && Buffer.from(packed.units.buffer, packed.units.byteOffset, packed.units.byteLength);
  const end = (i: number) => (packed ? packed.ends[i]! : 0);
  const length = (i: number) => (packed ? end(i) - (i > 0 ? end(i - 1) : 0) : job.texts[i]!.length);
  // The entry arrays hold one part at a time: room for the longest part's text.
  let chars = 0;
  for (let i = 0; i < job.ids.length; i += PART_DOCS) {
    let part = 0;
    for (let k = i; k < Math.min(i + PART_DOCS, job.ids.length); k++) part += length(k);
    chars = Math.max(chars, part);
  }
  // Distinct terms per document come to about 0.45 per character of Korean Wikipedia text.
  const inverter = new SegmentInverter(
    vocab,
    Math.max(1024, Math.ceil(chars / 2)),
    job.avgLength === undefined ? undefined : { docs: PART_DOCS, avgLength: job.avgLength },
  );
  // Each text is let go once tokenized: on a worker this job is the only holder of its copy (~37
  // MB at 32,768 chunks), which would otherwise stay while the parts grow and through the
  // encoding, a worker's peak.
  const { texts } = job;
  for (let i = 0; i < job.ids.length; i++) {
    if (units) {
      inverter.addText(job.ids[i]!, units.toString('utf16le', 2 * (i > 0 ? end(i - 1) : 0), 2 * end(i)), job.field);
      continue;
    }
    inverter.addText(job.ids[i]!, texts[i]!, job.field);
    texts[i] = '';
  }
  texts.length = 0;
  job.packed = undefined;
  return inverter;
}

/**
 * Tokenizes and inverts one segment: the whole of a worker's job. Takes the job's texts: the
 * array is left empty, each text dropped as it is tokenized.
 */
export function invertSegment(job: SegmentJob): SegmentResult {
  const inverter = tokenizeJob(job);
  job.texts = [];
  let fd: number | undefined;
  const flush = job.file
    ? (rows: Uint8Array) => {
        fd ??= fs.openSync(job.file!, 'w');
        for (let at = 0; at < rows.byteLength;) at += fs.writeSync(fd, rows, at);
      }
    : undefined;
  let bytes: Uint8Array;
  try {
    bytes = inverter.encode(job.field, job.segment, job.sortTerms, job.avgLength, job.lastIds, flush);
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
  return {
    segment: job.segment,
    bytes,
    file: fd !== undefined ? job.file : undefined,
    offered: inverter.offered,
    documents: inverter.documents,
    postings: inverter.entries,
  };
}

/**
 * The number of terms of each text, as `tokenize` (field c) or `titleTerms` (field t) would
 * count them, through this thread's vocabulary: the build's average-length sample, which the
 * workers then meet again as known runs in the segments.
 */
export function documentLengths(field: PostingField, texts: readonly string[]): Int32Array<ArrayBuffer> {
  vocab ??= new TermIds();
  vocab.bound();
  const lengths = new Int32Array(texts.length);
  for (let i = 0; i < texts.length; i++) {
    vocab.document(texts[i]!, field);
    lengths[i] = vocab.length;
  }
  return lengths;
}

/** The number of texts each term occurs in (`df[i]` for `terms[i]`), and how many texts have a term. */
export interface TermFrequencies {
  terms: string[];
  df: Int32Array<ArrayBuffer>;
  indexed: number;
}

/**
 * Counts, per term of this thread's vocabulary, the texts it occurs in: flat arrays indexed by
 * term id, reused from call to call (a `Map` per term occurrence was most of an append's
 * take-back), with a stamp per text so a term counts once per text.
 */
class TextCounts {
  private count = new Int32Array(1 << 16);
  private seen = new Int32Array(1 << 16);
  private stamp = 0;
  /** Ids counted so far, in the order first met: `touched[0 … size)`. */
  private touched = new Int32Array(1 << 12);
  private size = 0;
  indexed = 0;

  /** One text whose term ids (repeats kept) are ids[0 … n), of a vocabulary of `terms` terms. */
  add(ids: Int32Array, n: number, terms: number): void {
    if (n > 0) this.indexed++;
    if (this.count.length < terms) {
      this.count = grow(this.count, terms);
      this.seen = grow(this.seen, terms);
    }
    const { count, seen } = this;
    const stamp = ++this.stamp;
    for (let k = 0; k < n; k++) {
      const id = ids[k]!;
      if (seen[id] === stamp) continue;
      seen[id] = stamp;
      if (count[id] === 0) {
        if (this.size === this.touched.length) this.touched = grow(this.touched, this.size + 1);
        this.touched[this.size++] = id;
      }
      count[id]!++;
    }
  }

  /** What was counted, by term; the counts start again from zero. */
  take(vocab: TermIds): TermFrequencies {
    const terms: string[] = new Array<string>(this.size);
    const df = new Int32Array(this.size);
    for (let j = 0; j < this.size; j++) {
      const id = this.touched[j]!;
      df[j] = this.count[id]!;
      this.count[id] = 0;
      terms[j] = vocab.termOf(id);
    }
    const indexed = this.indexed;
    this.size = 0;
    this.indexed = 0;
    return { terms, df, indexed };
  }
}

let textCounts: TextCounts | undefined;

/**
 * Lets go of this thread's vocabulary and counts (one worker's is ~115 MB at 883,189 chunks),
 * once no more text is to be tokenized here: the build's merge runs on a worker that held one.
 */
export function forgetVocabulary(): void {
  vocab = undefined;
  textCounts = undefined;
}

/**
 * The number of texts each term occurs in, as `tokenize` (field c) or `titleTerms` (field t)
 * gives the terms, through this thread's vocabulary. What an append takes back of the text it
 * replaces: the vocabulary it learns is the one the append's new text then meets on the same
 * thread (mostly the same words), where strings and a Set per text were learnt and thrown away.
 */
export function documentFrequencies(field: PostingField, texts: readonly string[]): TermFrequencies {
  vocab ??= new TermIds();
  vocab.bound();
  textCounts ??= new TextCounts();
  for (const text of texts) {
    vocab.document(text, field);
    textCounts.add(vocab.ids, vocab.length, vocab.size);
  }
  return textCounts.take(vocab);
}

/** Adds `f` to `df` (term → texts); returns how many texts of `f` have a term. */
export function addFrequencies(f: TermFrequencies, df: Map<string, number>): number {
  for (let i = 0; i < f.terms.length; i++) df.set(f.terms[i]!, (df.get(f.terms[i]!) ?? 0) + f.df[i]!);
  return f.indexed;
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
