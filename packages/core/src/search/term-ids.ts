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
 * units, then the caller's own per-id arrays) missed the cache on each of them. The units are
 * packed two to an int (`units` views the same memory): a worker's vocabulary at the seed's size
 * holds ~7 M of them.
 */
export class SpanTable {
  /** Two ints per slot: the key's hash, and 1 + where its record starts in `data` (0: empty). */
  private slots = new Int32Array(1 << 17);
  /** Records: the key's length, its units (two an int), then the `extra` ints the caller asked for. */
  data = new Int32Array(1 << 18);
  /** `data` as UTF-16 units: a record at `at` has its units from 2 × (at + 1). */
  units = new Uint16Array(this.data.buffer);
  private used = 0;
  /** The hash of the key `find` last missed: `insert` files the key under it. */
  private missed = 0;
  size = 0;
  /** Where the record of the key `id` last added starts. */
  last = 0;

  /** Where the record of text[start, end) starts in `data`, or, when it is absent, ~(the slot for `insert`). */
  find(text: string, start: number, end: number): number {
    let hash = HASH_START;
    for (let i = start; i < end; i++) hash = hashUnit(hash, text.charCodeAt(i));
    return this.findHashed(text, start, end, hash);
  }

  /** `find`, given the units' hash (hashUnit from HASH_START): the scanner's, for a Hangul run. */
  findHashed(text: string, start: number, end: number, hash: number): number {
    const h = hash ^ (hash >>> 15);
    const { slots, data, units } = this;
    const mask = (slots.length >> 1) - 1;
    const len = end - start;
    for (let slot = h & mask; ; slot = (slot + 1) & mask) {
      const ref = slots[2 * slot + 1]!;
      if (ref === 0) {
        this.missed = h;
        return ~slot;
      }
      if (slots[2 * slot] !== h || data[ref - 1] !== len) continue;
      const from = 2 * ref;
      let k = 0;
      while (k < len && units[from + k] === text.charCodeAt(start + k)) k++;
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
    const next = extraAt(at, len) + extra;
    if (next > this.data.length) {
      this.data = grow(this.data, next);
      this.units = new Uint16Array(this.data.buffer);
    }
    this.data[at] = len;
    const { units } = this;
    const from = 2 * (at + 1);
    for (let k = 0; k < len; k++) units[from + k] = text.charCodeAt(start + k);
    this.used = next;
    const slot = ~missed;
    this.slots[2 * slot] = this.missed;
    this.slots[2 * slot + 1] = at + 1;
    // At most three quarters full: probes stay short (a slot is 8 bytes, eight to a cache line),
    // and the runs' table at the seed's size (1.16 M) takes 2 M slots, not 4 M (16 MB a worker).
    if (++this.size > (this.slots.length >> 3) * 3) this.rehash();
    return at;
  }

  /** The id of text[start, end) (its one extra int), adding it as the next id (`size`) when it is new. */
  id(text: string, start: number, end: number): number {
    const found = this.find(text, start, end);
    if (found >= 0) return this.data[extraAt(found, end - start)]!;
    const id = this.size;
    const at = this.insert(found, text, start, end, 1);
    this.data[extraAt(at, end - start)] = id;
    this.last = at;
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

/** Where the extra ints of a record at `at` with a key of `len` units start in `data`. */
export function extraAt(at: number, len: number): number {
  return at + 1 + ((len + 1) >> 1);
}

/** The key of the record at `at` as a string. */
export function keyAt(table: SpanTable, at: number): string {
  const from = 2 * (at + 1);
  const len = table.data[at]!;
  const { units } = table;
  // fromCharCode takes its units as arguments: a few thousand at a time stays clear of the stack.
  if (len <= 4096) return String.fromCharCode.apply(null, units.subarray(from, from + len) as unknown as number[]);
  let key = '';
  for (let k = 0; k < len; k += 4096)
    key += String.fromCharCode.apply(
      null,
      units.subarray(from + k, from + Math.min(len, k + 4096)) as unknown as number[],
    );
  return key;
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
 * is ~120 MB of arrays (~182 MB before its units were packed and its strings dropped). Each
 * bound is ~1.7 times kowiki's count, so the benchmark's corpus (repeated kowiki pages) never
 * starts again, while a vocabulary with a longer tail stays below ~180 MB a worker (~330 MB
 * before; measured with kowiki's words shifted into new ones: 1.5 M terms and 2 M runs plus
 * what one job adds before the next bound() call), where one bound of 4 M on either let it
 * reach ~840 MB (docs/scaling.md, "Peak memory").
 */
const MAX_TERMS = 1_500_000;
const MAX_RUNS = 2_000_000;

/**
 * The tokenizer's terms of documents as integer ids, for the index build: the scanner's calls
 * (tokenizer.ts) land here instead of in arrays of strings. Each Hangul run keeps its terms'
 * ids (a run's stem and bigrams depend on the run alone), so a repeated word costs one table
 * lookup. A term is kept as units in the terms' table only, and made a string (`termOf`) when a
 * segment writes its rows: a string per term, kept, was ~35 MB of a worker's ~185 at the seed's size.
 */
export class TermIds implements TermSink {
  private table = new SpanTable();
  /** Per term id: where its record starts in the terms' table. */
  private starts = new Int32Array(1 << 16);
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

  /** Distinct terms learnt: ids are below it. */
  get size(): number {
    return this.table.size;
  }

  /** Distinct Hangul runs learnt (each keeps its terms' ids). */
  get runCount(): number {
    return this.runs.size;
  }

  /** The term of `id`. */
  termOf(id: number): string {
    return keyAt(this.table, this.starts[id]!);
  }

  /**
   * Starts a new vocabulary when this one has grown past either bound: ids from before are
   * void. Called between jobs, so a job may take it past its bounds by the terms it adds.
   */
  bound(): boolean {
    if (this.table.size < this.maxTerms && this.runs.size < this.maxRuns) return false;
    this.table = new SpanTable();
    this.starts = new Int32Array(1 << 16);
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
    return this.intern(term, 0, term.length);
  }

  /** The id of text[start, end), learnt when new. */
  private intern(text: string, start: number, end: number): number {
    const { table } = this;
    const size = table.size;
    const id = table.id(text, start, end);
    if (id === size) {
      if (id === this.starts.length) this.starts = grow(this.starts, id + 1);
      this.starts[id] = table.last;
    }
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
    this.push(this.intern(text, start, end));
  }

  hangul(text: string, start: number, end: number, hash: number): void {
    let at = this.runs.findHashed(text, start, end, hash);
    if (at < 0) at = this.learn(at, text, start, end);
    const data = this.runs.data;
    const from = extraAt(at, end - start);
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
    let o = extraAt(at, len);
    data[o++] = count;
    if (word <= MAX_WORD) data[o++] = this.intern(text, start, start + word);
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
