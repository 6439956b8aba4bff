import { stripSuffixes } from './korean.js';
import { hangulTerms, normaliseText, scanTerms, titleTerms, type TermSink } from './tokenizer.js';

/**
 * Sequences of UTF-16 units → dense ids (0, 1, 2, …), looked up straight from a slice of a
 * larger string: open addressing over a hash of the units, the keys kept in one Uint16Array.
 * A `Map<string, …>` would need a string per lookup, and on the index build that string (one
 * per term occurrence, 18 M per 50,000 chunks) and its hashing were most of the tokenizer's time.
 */
export class SpanTable {
  /** id + 1 per slot; 0 is empty. */
  private slots = new Int32Array(1 << 16);
  private units = new Uint16Array(1 << 20);
  private used = 0;
  private starts = new Int32Array(1 << 14);
  private lengths = new Int32Array(1 << 14);
  private hashes = new Int32Array(1 << 14);
  size = 0;

  /** The id of text[start, end), adding it as the next id when it is new. */
  id(text: string, start: number, end: number): number {
    let h = 0x811c9dc5;
    for (let i = start; i < end; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
    h ^= h >>> 15;
    const mask = this.slots.length - 1;
    const len = end - start;
    for (let slot = h & mask; ; slot = (slot + 1) & mask) {
      const v = this.slots[slot]!;
      if (v === 0) return this.add(slot, h, text, start, len);
      const id = v - 1;
      if (this.hashes[id] !== h || this.lengths[id] !== len) continue;
      const at = this.starts[id]!;
      let k = 0;
      while (k < len && this.units[at + k] === text.charCodeAt(start + k)) k++;
      if (k === len) return id;
    }
  }

  private add(slot: number, h: number, text: string, start: number, len: number): number {
    const id = this.size++;
    if (id === this.starts.length) {
      this.starts = grow(this.starts, id + 1);
      this.lengths = grow(this.lengths, id + 1);
      this.hashes = grow(this.hashes, id + 1);
    }
    if (this.used + len > this.units.length) {
      const next = new Uint16Array(Math.max(this.units.length * 2, this.used + len));
      next.set(this.units.subarray(0, this.used));
      this.units = next;
    }
    for (let k = 0; k < len; k++) this.units[this.used + k] = text.charCodeAt(start + k);
    this.starts[id] = this.used;
    this.lengths[id] = len;
    this.hashes[id] = h;
    this.used += len;
    this.slots[slot] = id + 1;
    // At most half full, so probes stay short.
    if (this.size * 2 > this.slots.length) this.rehash();
    return id;
  }

  private rehash(): void {
    const slots = new Int32Array(this.slots.length * 2);
    const mask = slots.length - 1;
    for (let id = 0; id < this.size; id++) {
      let slot = this.hashes[id]! & mask;
      while (slots[slot] !== 0) slot = (slot + 1) & mask;
      slots[slot] = id + 1;
    }
    this.slots = slots;
  }
}

/** `a` copied into a new array of at least `min` (at least twice as long). */
export function grow(a: Int32Array<ArrayBuffer>, min: number): Int32Array<ArrayBuffer> {
  const next = new Int32Array(Math.max(a.length * 2, min));
  next.set(a);
  return next;
}

/**
 * Beyond this many distinct terms (or Hangul runs) a vocabulary starts again at the next
 * segment, so a worker's memory stays flat however large the wiki (about 100 bytes per term).
 */
const MAX_TERMS = 4_000_000;

/**
 * The tokenizer's terms of documents as integer ids, for the index build: the scanner's calls
 * (tokenizer.ts) land here instead of in arrays of strings. Each Hangul run keeps its terms'
 * ids (a run's stem and bigrams depend on the run alone), so a repeated word costs one table
 * lookup; a term becomes a string once, when it is first seen. `terms[id]` is the term.
 */
export class TermIds implements TermSink {
  terms: string[] = [];
  private table = new SpanTable();
  private runs = new SpanTable();
  /** Per run id: where its term ids start in `pool`, and how many. */
  private runAt = new Int32Array(1 << 14);
  private runCount = new Int32Array(1 << 14);
  private pool = new Int32Array(1 << 18);
  private pooled = 0;
  private scratch: string[] = [];
  /** The current document's term ids, in order, repeats kept: `ids[0 … length)`. */
  ids = new Int32Array(1 << 12);
  length = 0;

  constructor(private readonly maxTerms = MAX_TERMS) {}

  /** Starts a new vocabulary when this one has grown past its bound: ids from before are void. */
  bound(): boolean {
    if (this.terms.length < this.maxTerms && this.runs.size < this.maxTerms) return false;
    this.terms = [];
    this.table = new SpanTable();
    this.runs = new SpanTable();
    this.pooled = 0;
    return true;
  }

  /** The terms of a document, as `tokenize` (field c) or `titleTerms` (field t) gives them. */
  document(text: string, field: 'c' | 't'): void {
    this.length = 0;
    if (field === 't') {
      for (const term of titleTerms(text)) this.term(term);
      return;
    }
    scanTerms(normaliseText(text), this);
  }

  /** The id of a term given as a string. */
  idOf(term: string): number {
    const id = this.table.id(term, 0, term.length);
    if (id === this.terms.length) this.terms.push(term);
    return id;
  }

  private push(id: number): void {
    if (this.length === this.ids.length) this.ids = grow(this.ids, this.length + 1);
    this.ids[this.length++] = id;
  }

  term(term: string): void {
    this.push(this.idOf(term));
  }

  word(): void {}

  span(text: string, start: number, end: number): void {
    const id = this.table.id(text, start, end);
    if (id === this.terms.length) this.terms.push(text.slice(start, end));
    this.push(id);
  }

  hangul(text: string, start: number, end: number): void {
    const known = this.runs.size;
    const run = this.runs.id(text, start, end);
    if (run === known) this.learn(run, text.slice(start, end));
    const at = this.runAt[run]!;
    const count = this.runCount[run]!;
    if (this.length + count > this.ids.length) this.ids = grow(this.ids, this.length + count);
    for (let k = 0; k < count; k++) this.ids[this.length + k] = this.pool[at + k]!;
    this.length += count;
  }

  private learn(run: number, text: string): void {
    const terms = this.scratch;
    terms.length = 0;
    hangulTerms(terms, text, 'document', stripSuffixes(text));
    if (run >= this.runAt.length) {
      this.runAt = grow(this.runAt, run + 1);
      this.runCount = grow(this.runCount, run + 1);
    }
    if (this.pooled + terms.length > this.pool.length) this.pool = grow(this.pool, this.pooled + terms.length);
    this.runAt[run] = this.pooled;
    this.runCount[run] = terms.length;
    for (const term of terms) this.pool[this.pooled++] = this.idOf(term);
  }
}
