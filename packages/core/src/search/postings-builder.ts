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

/**
 * Inverts documents into posting lists, one segment at a time: when the segment holds
 * `maxPostings` it is written out and memory starts over, so indexing a corpus of any size
 * needs the same memory. Queries read every segment of a term.
 */
export class PostingsBuilder {
  private terms = new Map<string, number[]>();
  private docIds: number[] = [];
  private docLengths: number[] = [];
  private postings = 0;
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
    const tf = new Map<string, number>();
    for (const t of terms) tf.set(t, (tf.get(t) ?? 0) + 1);
    for (const [term, n] of tf) {
      const list = this.terms.get(term);
      if (list) list.push(doc, n);
      else this.terms.set(term, [doc, n]);
    }
    this.postings += tf.size;
    this.stats.documents++;
    if (this.postings >= this.maxPostings) await this.flush();
  }

  async finish(): Promise<BuildStats> {
    await this.flush();
    return { ...this.stats };
  }

  private async flush(): Promise<void> {
    if (this.docIds.length === 0) return;
    const { docIds, docLengths, terms, field } = this;
    const segment = this.segment++;
    const avgLength = docLengths.reduce((a, b) => a + b, 0) / docLengths.length;
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
      for (const [term, list] of terms) {
        const n = list.length / 2;
        let order = Array.from({ length: n }, (_, i) => i);
        if (!ascending) order = order.sort((a, b) => docIds[list[2 * a]!]! - docIds[list[2 * b]!]!);
        const ids = order.map((i) => docIds[list[2 * i]!]!);
        const weights = order.map((i) => quantiseWeight(list[2 * i + 1]!, docLengths[list[2 * i]!]!, avgLength));
        writer.addRow([
          { type: 'text', value: field },
          { type: 'text', value: term },
          { type: 'int4', value: segment },
          { type: 'int4', value: n },
          { type: 'bytea', value: encodePostings(ids, weights) },
        ]);
        if (writer.byteLength > 8 << 20) yield writer.take();
      }
      if (writer.rowCount > 0) yield writer.take();
    };
    await this.session.copyIn({ table: this.table, columns: ['field', 'term', 'segment', 'df', 'postings'], format: 'binary', batches: rows() });
    this.stats.postings += this.postings;
    this.stats.segments++;
    this.terms = new Map();
    this.docIds = [];
    this.docLengths = [];
    this.postings = 0;
  }
}
