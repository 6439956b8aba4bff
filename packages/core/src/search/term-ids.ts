import { HANGUL_FIRST, HANGUL_LAST, stemEnd } from './korean.js';
import { BIGRAM_PREFIX, MAX_WORD, normaliseText, scanTerms, titleTerms, type TermSink } from './tokenizer.js';

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
 * Small non-negative integer keys → ids, open addressing: a bigram's id found from its two
 * syllables, without making its string (a new word form's bigrams are mostly known ones).
 */
class IntTable {
  /** key + 1 per slot; 0 is empty. */
  private keys = new Int32Array(1 << 16);
  private values = new Int32Array(1 << 16);
  private size = 0;

  /** The value of `key`, or -1. */
  get(key: number): number {
    const mask = this.keys.length - 1;
    for (let slot = mix(key) & mask; ; slot = (slot + 1) & mask) {
      const k = this.keys[slot]!;
      if (k === 0) return -1;
      if (k === key + 1) return this.values[slot]!;
    }
  }

  /** Adds `key` (not present) with `value`. */
  set(key: number, value: number): void {
    // At most half full, so probes stay short.
    if ((this.size + 1) * 2 > this.keys.length) this.resize();
    const mask = this.keys.length - 1;
    let slot = mix(key) & mask;
    while (this.keys[slot] !== 0) slot = (slot + 1) & mask;
    this.keys[slot] = key + 1;
    this.values[slot] = value;
    this.size++;
  }

  private resize(): void {
    const { keys, values } = this;
    this.keys = new Int32Array(keys.length * 2);
    this.values = new Int32Array(keys.length * 2);
    this.size = 0;
    for (let slot = 0; slot < keys.length; slot++) if (keys[slot] !== 0) this.set(keys[slot]! - 1, values[slot]!);
  }
}

/** A key's bits spread over the low ones a slot is taken from (Fibonacci hashing, folded). */
function mix(key: number): number {
  const h = Math.imul(key, 0x9e3779b1);
  return h ^ (h >>> 16);
}

const SYLLABLES = HANGUL_LAST - HANGUL_FIRST + 1;

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
  /** Syllable pair → the id of its bigram term. */
  private bigrams = new IntTable();
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
    this.bigrams = new IntTable();
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
    if (run === known) this.learn(run, text, start, end);
    const at = this.runAt[run]!;
    const count = this.runCount[run]!;
    if (this.length + count > this.ids.length) this.ids = grow(this.ids, this.length + count);
    for (let k = 0; k < count; k++) this.ids[this.length + k] = this.pool[at + k]!;
    this.length += count;
  }

  /**
   * The term ids of a new run, as `hangulTerms` gives its terms (its stem, then the bigrams of
   * the stem and the syllable after the cut), read from the text without a string per term:
   * a stem is a prefix of its run, and a bigram is found by its two syllables.
   */
  private learn(run: number, text: string, start: number, end: number): void {
    const len = end - start;
    const stem = stemEnd(text, start, end) - start;
    const word = stem > 0 ? stem : len;
    const bigramsOf = stem > 0 && stem < len ? stem + 1 : word;
    const count = (word <= MAX_WORD ? 1 : 0) + Math.max(0, bigramsOf - 1);
    if (run >= this.runAt.length) {
      this.runAt = grow(this.runAt, run + 1);
      this.runCount = grow(this.runCount, run + 1);
    }
    if (this.pooled + count > this.pool.length) this.pool = grow(this.pool, this.pooled + count);
    this.runAt[run] = this.pooled;
    this.runCount[run] = count;
    if (word <= MAX_WORD) {
      const id = this.table.id(text, start, start + word);
      if (id === this.terms.length) this.terms.push(text.slice(start, start + word));
      this.pool[this.pooled++] = id;
    }
    for (let i = start; i + 1 < start + bigramsOf; i++) {
      // Runs are Hangul syllables, so a pair's key is below 2^27.
      const key = (text.charCodeAt(i) - HANGUL_FIRST) * SYLLABLES + (text.charCodeAt(i + 1) - HANGUL_FIRST);
      let id = this.bigrams.get(key);
      if (id < 0) {
        id = this.idOf(BIGRAM_PREFIX + text.slice(i, i + 2));
        this.bigrams.set(key, id);
      }
      this.pool[this.pooled++] = id;
    }
  }
}
