import { HANGUL_FIRST, HANGUL_LAST, stemEnd } from './korean.js';
import {
  BIGRAM_PREFIX,
  HASH_START,
  hashUnit,
  MAX_WORD,
  normaliseText,
  scanTerms,
  titleTerms,
  type TermSink,
} from './tokenizer.js';

/**
 * Sequences of UTF-16 units → records, looked up straight from a slice of a larger string: open
 * addressing over a hash of the units. A `Map<string, …>` would need a string per lookup, and on
 * the index build that string (one per term occurrence, 18 M per 50,000 chunks) and its hashing
 * were most of the tokenizer's time. A slot holds the hash beside the record's place, and a
 * record holds the length, the units and what the caller keeps with them in one run of `data`:
 * a lookup touches two places in memory, where one array per field (hashes, lengths, starts,
 * units, then the caller's own per-id arrays) missed the cache on each of them.
 */
export class SpanTable {
  /** Two ints per slot: the key's hash, and 1 + where its record starts in `data` (0: empty). */
  private slots = new Int32Array(1 << 17);
  /** Records: the key's length, its units, then the `extra` ints the caller asked for. */
  data = new Int32Array(1 << 18);
  private used = 0;
  /** The hash of the key `find` last missed: `insert` files the key under it. */
  private missed = 0;
  size = 0;

  /** Where the record of text[start, end) starts in `data`, or, when it is absent, ~(the slot for `insert`). */
  find(text: string, start: number, end: number): number {
    let hash = HASH_START;
    for (let i = start; i < end; i++) hash = hashUnit(hash, text.charCodeAt(i));
    return this.findHashed(text, start, end, hash);
  }

  /** `find`, given the units' hash (hashUnit from HASH_START): the scanner's, for a Hangul run. */
  findHashed(text: string, start: number, end: number, hash: number): number {
    const h = hash ^ (hash >>> 15);
    const { slots, data } = this;
    const mask = (slots.length >> 1) - 1;
    const len = end - start;
    for (let slot = h & mask; ; slot = (slot + 1) & mask) {
      const ref = slots[2 * slot + 1]!;
      if (ref === 0) {
        this.missed = h;
        return ~slot;
      }
      if (slots[2 * slot] !== h || data[ref - 1] !== len) continue;
      let k = 0;
      while (k < len && data[ref + k] === text.charCodeAt(start + k)) k++;
      if (k === len) return ref - 1;
    }
  }

  /**
   * Adds text[start, end), which `find` just missed (its answer is `missed`), with `extra` ints
   * after its units for the caller to fill; returns where its record starts in `data`.
   */
  insert(missed: number, text: string, start: number, end: number, extra: number): number {
    const len = end - start;
    const at = this.used;
    if (at + 1 + len + extra > this.data.length) this.data = grow(this.data, at + 1 + len + extra);
    const data = this.data;
    data[at] = len;
    for (let k = 0; k < len; k++) data[at + 1 + k] = text.charCodeAt(start + k);
    this.used = at + 1 + len + extra;
    const slot = ~missed;
    this.slots[2 * slot] = this.missed;
    this.slots[2 * slot + 1] = at + 1;
    // At most half full, so probes stay short.
    if (++this.size > this.slots.length >> 2) this.rehash();
    return at;
  }

  /** The id of text[start, end) (its one extra int), adding it as the next id (`size`) when it is new. */
  id(text: string, start: number, end: number): number {
    const found = this.find(text, start, end);
    if (found >= 0) return this.data[found + 1 + end - start]!;
    const id = this.size;
    const at = this.insert(found, text, start, end, 1);
    this.data[at + 1 + end - start] = id;
    return id;
  }

  private rehash(): void {
    const old = this.slots;
    const slots = new Int32Array(old.length * 2);
    const mask = (slots.length >> 1) - 1;
    for (let s = 0; s < old.length; s += 2) {
      if (old[s + 1] === 0) continue;
      let slot = old[s]! & mask;
      while (slots[2 * slot + 1] !== 0) slot = (slot + 1) & mask;
      slots[2 * slot] = old[s]!;
      slots[2 * slot + 1] = old[s + 1]!;
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
 * syllables, without making its string (a new word form's bigrams are mostly known ones). Key
 * and value side by side, so a lookup touches one place in memory.
 */
class IntTable {
  /** Two ints per slot: key + 1 (0: empty), value. */
  private slots = new Int32Array(1 << 17);
  private size = 0;

  /** The value of `key`, or -1. */
  get(key: number): number {
    const { slots } = this;
    const mask = (slots.length >> 1) - 1;
    for (let slot = mix(key) & mask; ; slot = (slot + 1) & mask) {
      const k = slots[2 * slot]!;
      if (k === 0) return -1;
      if (k === key + 1) return slots[2 * slot + 1]!;
    }
  }

  /** Adds `key` (not present) with `value`. */
  set(key: number, value: number): void {
    // At most half full, so probes stay short.
    if ((this.size + 1) * 4 > this.slots.length) this.resize();
    const { slots } = this;
    const mask = (slots.length >> 1) - 1;
    let slot = mix(key) & mask;
    while (slots[2 * slot] !== 0) slot = (slot + 1) & mask;
    slots[2 * slot] = key + 1;
    slots[2 * slot + 1] = value;
    this.size++;
  }

  private resize(): void {
    const old = this.slots;
    this.slots = new Int32Array(old.length * 2);
    this.size = 0;
    for (let s = 0; s < old.length; s += 2) if (old[s] !== 0) this.set(old[s]! - 1, old[s + 1]!);
  }
}

/** A key's bits spread over the low ones a slot is taken from (Fibonacci hashing, folded). */
function mix(key: number): number {
  const h = Math.imul(key, 0x9e3779b1);
  return h ^ (h >>> 16);
}

const SYLLABLES = HANGUL_LAST - HANGUL_FIRST + 1;

/**
 * Beyond this many distinct terms, or this many distinct Hangul runs, a vocabulary starts
 * again at the next job, so a worker's memory stays flat however large the wiki. Bounded
 * apart: kowiki (89,509 chunks) holds 885,512 terms but 1,160,421 runs, and a vocabulary there
 * is ~182 MB. Each bound is ~1.7 times kowiki's count, so the benchmark's corpus (repeated
 * kowiki pages) never starts again, while a vocabulary with a longer tail stays below ~330 MB
 * a worker (measured with kowiki's words shifted into new ones: 1.5 M terms and 2 M runs plus
 * what one job adds before the next bound() call), where one bound of 4 M on either let it
 * reach ~840 MB (docs/scaling.md, "Peak memory").
 */
const MAX_TERMS = 1_500_000;
const MAX_RUNS = 2_000_000;

/**
 * The tokenizer's terms of documents as integer ids, for the index build: the scanner's calls
 * (tokenizer.ts) land here instead of in arrays of strings. Each Hangul run keeps its terms'
 * ids (a run's stem and bigrams depend on the run alone), so a repeated word costs one table
 * lookup; a term becomes a string once, when it is first seen. `terms[id]` is the term.
 */
export class TermIds implements TermSink {
  terms: string[] = [];
  private table = new SpanTable();
  /** Hangul runs; a run's record carries, after its units, the count of its term ids and the ids. */
  private runs = new SpanTable();
  /** Syllable pair → the id of its bigram term. */
  private bigrams = new IntTable();
  /** The current document's term ids, in order, repeats kept: `ids[0 … length)`. */
  ids = new Int32Array(1 << 12);
  length = 0;

  constructor(
    private readonly maxTerms = MAX_TERMS,
    private readonly maxRuns = MAX_RUNS,
  ) {}

  /** Distinct Hangul runs learnt (each keeps its terms' ids). */
  get runCount(): number {
    return this.runs.size;
  }

  /**
   * Starts a new vocabulary when this one has grown past either bound: ids from before are
   * void. Called between jobs, so a job may take it past its bounds by the terms it adds.
   */
  bound(): boolean {
    if (this.terms.length < this.maxTerms && this.runs.size < this.maxRuns) return false;
    this.terms = [];
    this.table = new SpanTable();
    this.runs = new SpanTable();
    this.bigrams = new IntTable();
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

  slice(text: string, start: number, end: number): void {
    this.span(text, start, end);
  }

  span(text: string, start: number, end: number): void {
    const id = this.table.id(text, start, end);
    if (id === this.terms.length) this.terms.push(text.slice(start, end));
    this.push(id);
  }

  hangul(text: string, start: number, end: number, hash: number): void {
    let at = this.runs.findHashed(text, start, end, hash);
    if (at < 0) at = this.learn(at, text, start, end);
    const data = this.runs.data;
    const from = at + 1 + end - start;
    const count = data[from]!;
    if (this.length + count > this.ids.length) this.ids = grow(this.ids, this.length + count);
    const ids = this.ids;
    let n = this.length;
    for (let k = from + 1; k <= from + count; k++) ids[n++] = data[k]!;
    this.length = n;
  }

  /**
   * Files a new run (`missed`: what runs.find answered) with the ids of its terms, as
   * `hangulTerms` gives them (its stem, then the bigrams of the stem and the syllable after the
   * cut), read from the text without a string per term: a stem is a prefix of its run, and a
   * bigram is found by its two syllables. Returns where the run's record starts.
   */
  private learn(missed: number, text: string, start: number, end: number): number {
    const len = end - start;
    const stem = stemEnd(text, start, end) - start;
    const word = stem > 0 ? stem : len;
    const bigramsOf = stem > 0 && stem < len ? stem + 1 : word;
    const count = (word <= MAX_WORD ? 1 : 0) + Math.max(0, bigramsOf - 1);
    const at = this.runs.insert(missed, text, start, end, 1 + count);
    // The terms' table and the bigrams' are others: nothing below moves the runs' data.
    const data = this.runs.data;
    let o = at + 1 + len;
    data[o++] = count;
    if (word <= MAX_WORD) {
      const id = this.table.id(text, start, start + word);
      if (id === this.terms.length) this.terms.push(text.slice(start, start + word));
      data[o++] = id;
    }
    for (let i = start; i + 1 < start + bigramsOf; i++) {
      // Runs are Hangul syllables, so a pair's key is below 2^27.
      const key = (text.charCodeAt(i) - HANGUL_FIRST) * SYLLABLES + (text.charCodeAt(i + 1) - HANGUL_FIRST);
      let id = this.bigrams.get(key);
      if (id < 0) {
        id = this.idOf(BIGRAM_PREFIX + text.slice(i, i + 2));
        this.bigrams.set(key, id);
      }
      data[o++] = id;
    }
    return at;
  }
}
