import { BinaryCopyWriter } from '../db/binary-copy.js';
import type { Session } from '../db/types.js';
import { encodePostings, quantiseWeight } from './postings.js';

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

export interface BuildStats {
  documents: number;
  postings: number;
  segments: number;
}

/** A growable Int32Array: postings are tens of millions of numbers, too many for JS arrays. */
class IntBuffer {
  data: Int32Array;
  length = 0;
  constructor(capacity = 1 << 16) {
    this.data = new Int32Array(capacity);
  }
  push(v: number): void {
    if (this.length === this.data.length) {
      const next = new Int32Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = v;
  }
  /** Makes index i addressable, filling with `fill`. */
  ensure(i: number, fill: number): void {
    while (i >= this.data.length) {
      const next = new Int32Array(this.data.length * 2).fill(fill);
      next.set(this.data);
      this.data = next;
    }
    if (i >= this.length) {
      this.data.fill(fill, this.length, i + 1);
      this.length = i + 1;
    }
  }
}

/**
 * Inverts documents into posting lists, one segment at a time: when the segment holds
 * `maxPostings` it is written out and memory starts over, so indexing a corpus of any size
 * needs the same memory. Queries read every segment of a term.
 *
 * Each (term, document) pair is one entry in flat typed arrays; a segment is written by a
 * counting sort on term id, so no per-term or per-document objects are allocated.
 */
export class PostingsBuilder {
  private termIds = new Map<string, number>();
  private terms: string[] = [];
  /** Per term: the last document that used it and that document's entry, to count tf. */
  private lastDoc = new IntBuffer();
  private lastEntry = new IntBuffer();
  /** Per entry: term id, document index in the segment, term frequency. */
  private entryTerm = new IntBuffer(1 << 20);
  private entryDoc = new IntBuffer(1 << 20);
  private entryTf = new IntBuffer(1 << 20);
  private docIds: number[] = [];
  private docLengths: number[] = [];
  private segment = 0;
  private readonly stats: BuildStats = { documents: 0, postings: 0, segments: 0 };

  constructor(
    private readonly session: Session,
    private readonly table: string,
    private readonly field: PostingField,
    private readonly maxPostings = 12_000_000,
  ) {}

  /** `terms` with repeats: their counts are the term frequencies. */
  async add(docId: number, terms: readonly string[]): Promise<void> {
    if (terms.length === 0) return;
    const doc = this.docIds.length;
    this.docIds.push(docId);
    this.docLengths.push(terms.length);
    for (const term of terms) {
      let id = this.termIds.get(term);
      if (id === undefined) {
        id = this.terms.length;
        this.termIds.set(term, id);
        this.terms.push(term);
        this.lastDoc.ensure(id, -1);
        this.lastEntry.ensure(id, -1);
      }
      if (this.lastDoc.data[id] === doc) {
        this.entryTf.data[this.lastEntry.data[id]!]!++;
      } else {
        this.lastDoc.data[id] = doc;
        this.lastEntry.data[id] = this.entryTerm.length;
        this.entryTerm.push(id);
        this.entryDoc.push(doc);
        this.entryTf.push(1);
      }
    }
    this.stats.documents++;
    if (this.entryTerm.length >= this.maxPostings) await this.flush();
  }

  async finish(): Promise<BuildStats> {
    await this.flush();
    return { ...this.stats };
  }

  private async flush(): Promise<void> {
    if (this.docIds.length === 0) return;
    const { docIds, docLengths, terms, field } = this;
    const entries = this.entryTerm.length;
    const entryTerm = this.entryTerm.data;
    const entryDoc = this.entryDoc.data;
    const entryTf = this.entryTf.data;
    const segment = this.segment++;
    const avgLength = docLengths.reduce((a, b) => a + b, 0) / docLengths.length;

    // Counting sort of entries by term; within a term they stay in document order.
    const start = new Int32Array(terms.length + 1);
    for (let e = 0; e < entries; e++) start[entryTerm[e]! + 1]!++;
    for (let t = 0; t < terms.length; t++) start[t + 1]! += start[t]!;
    const order = new Int32Array(entries);
    const fill = start.slice(0, terms.length);
    for (let e = 0; e < entries; e++) order[fill[entryTerm[e]!]!++] = e;
    const ascending = docIds.every((id, i) => i === 0 || id > docIds[i - 1]!);

    const rows = async function* () {
      const writer = new BinaryCopyWriter();
      writer.addRow([
        { type: 'text', value: field },
        { type: 'text', value: DOC_COUNT_TERM },
        { type: 'int4', value: segment },
        { type: 'int4', value: docIds.length },
        { type: 'bytea', value: new Uint8Array(0) },
      ]);
      for (let t = 0; t < terms.length; t++) {
        let slots = Array.from(order.subarray(start[t]!, start[t + 1]!));
        if (!ascending) slots = slots.sort((a, b) => docIds[entryDoc[a]!]! - docIds[entryDoc[b]!]!);
        const ids = slots.map((e) => docIds[entryDoc[e]!]!);
        const weights = slots.map((e) => quantiseWeight(entryTf[e]!, docLengths[entryDoc[e]!]!, avgLength));
        writer.addRow([
          { type: 'text', value: field },
          { type: 'text', value: terms[t]! },
          { type: 'int4', value: segment },
          { type: 'int4', value: slots.length },
          { type: 'bytea', value: encodePostings(ids, weights) },
        ]);
        if (writer.byteLength > 8 << 20) yield writer.take();
      }
      if (writer.rowCount > 0) yield writer.take();
    };
    await this.session.copyIn({ table: this.table, columns: ['field', 'term', 'segment', 'df', 'postings'], format: 'binary', batches: rows() });
    this.stats.postings += entries;
    this.stats.segments++;
    this.termIds = new Map();
    this.terms = [];
    this.lastDoc = new IntBuffer();
    this.lastEntry = new IntBuffer();
    this.entryTerm.length = 0;
    this.entryDoc.length = 0;
    this.entryTf.length = 0;
    this.docIds = [];
    this.docLengths = [];
  }
}
