/**
 * The Korean tokenizer for lexical search. The same function turns chunk text into indexed
 * terms at import time and a question into query terms, so both sides always agree.
 *
 * Term scheme (every term is a valid PostgreSQL tsvector lexeme: no spaces, quotes,
 * backslashes or colons; the prefixes keep the three kinds from ever colliding):
 *   서울, galaxy, s24, 2024년, 2024, 3.5%   word terms: stems, Latin words, numbers with units
 *   _서울, _울특                              Hangul character bigrams of each Hangul word
 *   =서울특별시                               a whole title (titleTerms) or a candidate span of
 *                                             query words that could be one (queries only)
 */
import {
  HANGUL_FIRST,
  HANGUL_LAST,
  isBareSuffix,
  isHangulSyllable,
  QUESTION_WORDS,
  stemEnd,
  stripSuffixes,
} from './korean.js';

export const BIGRAM_PREFIX = '_';
export const TITLE_PREFIX = '=';

export interface TokenizeOptions {
  /** 'query' drops question words and adds whole-title candidates (=…) for spans of words. */
  kind?: 'document' | 'query';
}

/** Longer words are kept only as bigrams: they are URLs, chemical names or scanner noise. */
export const MAX_WORD = 40;
/** Longest run of query words tried as a whole title (삼성 갤럭시 노트 5 is four). */
const MAX_TITLE_SPAN = 4;
/** CJK Unified Ideographs (Hanja): the block, not the compatibility ideographs of U+F900. */
export const CJK_FIRST = 0x4e00;
export const CJK_LAST = 0x9fff;

const enum C {
  Sep,
  Hangul,
  Digit,
  Latin,
  Other,
}

// One lookup per UTF-16 unit beats regex classes on 50M characters. Astral characters
// (emoji, rare CJK) fall on surrogates and are treated as separators.
const CLASS = new Uint8Array(0x10000);
{
  const letter = /[\p{L}\p{M}]/u;
  const latin = /[\p{Script=Latin}]/u;
  for (let c = 0; c < 0x10000; c++) {
    if (c >= 0xd800 && c <= 0xdfff) continue;
    if (isHangulSyllable(c)) CLASS[c] = C.Hangul;
    // Lone jamo are typing noise (ㅋㅋ, ㅠㅠ), not words.
    else if (
      (c >= 0x1100 && c <= 0x11ff) ||
      (c >= 0x3130 && c <= 0x318f) ||
      (c >= 0xa960 && c <= 0xa97f) ||
      (c >= 0xd7b0 && c <= 0xd7ff)
    )
      continue;
    else if (c >= 0x30 && c <= 0x39) CLASS[c] = C.Digit;
    else {
      const ch = String.fromCharCode(c);
      if (latin.test(ch)) CLASS[c] = C.Latin;
      else if (letter.test(ch)) CLASS[c] = C.Other;
    }
  }
}

// Word forms repeat heavily in Korean text, so the stem of each Hangul run is memoised.
const stemCache = new Map<string, string>();
function stemOf(run: string): string {
  let stem = stemCache.get(run);
  if (stem === undefined) {
    if (stemCache.size > 500_000) stemCache.clear();
    stem = stripSuffixes(run);
    stemCache.set(run, stem);
  }
  return stem;
}

// Bigram strings are shared too: fewer allocations, and a reused string keeps its hash, which
// makes the caller's own Map/Set lookups of the terms cheaper. Two syllables map to a key below
// 2^27, a small integer for V8; a key built from raw UTF-16 units (up to 2^32) is a heap number,
// and hashing those made this the tokenizer's hottest function.
const SYLLABLES = HANGUL_LAST - HANGUL_FIRST + 1;
const bigramCache = new Map<number, string>();
function pushBigrams(out: string[], run: string): void {
  for (let i = 0; i + 1 < run.length; i++) {
    const a = run.charCodeAt(i) - HANGUL_FIRST;
    const b = run.charCodeAt(i + 1) - HANGUL_FIRST;
    // Runs are Hangul syllables; anything else gets a key above every syllable pair.
    const key =
      a >= 0 && a < SYLLABLES && b >= 0 && b < SYLLABLES
        ? a * SYLLABLES + b
        : SYLLABLES * SYLLABLES + (a + HANGUL_FIRST) * 0x10000 + (b + HANGUL_FIRST);
    let bigram = bigramCache.get(key);
    if (bigram === undefined) {
      if (bigramCache.size > 1_000_000) bigramCache.clear();
      bigram = BIGRAM_PREFIX + run.slice(i, i + 2);
      bigramCache.set(key, bigram);
    }
    out.push(bigram);
  }
}

/** 1,000 → 1000 (thousands separators only); anything else keeps its dots. */
function normaliseNumber(num: string): string[] {
  if (!num.includes(',')) return [num];
  if (/^\d{1,3}(,\d{3})+(\.\d+)?$/.test(num)) return [num.replaceAll(',', '')];
  return num.split(',').filter(Boolean);
}

/**
 * Where the scanner puts the terms it finds. `tokenize` collects them as strings; the index
 * build interns them to integer ids (term-ids.ts) without making a string per occurrence. Both
 * get the same calls in the same order, so both see the same terms.
 */
export interface TermSink {
  /** A term that is not a slice of the text (a normalised number, a number with its unit). */
  term(term: string): void;
  /** The main term of a word, for whole-title spans; only `tokenize` keeps them. */
  word(word: string): void;
  /** A Latin or other-script word: text[start, end), at most MAX_WORD long. */
  span(text: string, start: number, end: number): void;
  /**
   * A Hangul run that is a word of its own: text[start, end), all Hangul syllables; `hash` is
   * its units' hash (hashUnit from HASH_START), taken while the scanner read them.
   */
  hangul(text: string, start: number, end: number, hash: number): void;
  /**
   * A term that is text[start, end) and not a word of its own (a number, a number with its
   * unit). A sink that has it keeps no words (the index build): a number without thousands
   * separators then comes as slices, without a string; other sinks get `term` and `word`.
   */
  slice?(text: string, start: number, end: number): void;
}

/**
 * FNV-1a over UTF-16 units, a step per unit: the scanner hashes a Hangul run while it reads it,
 * so the build's run table (term-ids.ts) does not walk the run a second time for its hash.
 */
export const HASH_START = 0x811c9dc5;
export function hashUnit(hash: number, unit: number): number {
  return Math.imul(hash ^ unit, 0x01000193);
}

/** Terms and words as strings: what `tokenize` returns. */
class Collect implements TermSink {
  readonly terms: string[] = [];
  readonly words: string[] = [];
  constructor(private readonly kind: 'document' | 'query') {}
  term(term: string): void {
    this.terms.push(term);
  }
  word(word: string): void {
    this.words.push(word);
  }
  span(text: string, start: number, end: number): void {
    const word = text.slice(start, end);
    this.terms.push(word);
    this.words.push(word);
  }
  hangul(text: string, start: number, end: number): void {
    const word = hangulTerms(this.terms, text.slice(start, end), this.kind);
    if (word !== undefined) this.words.push(word);
  }
}

// Characters that NFKC and lower-casing leave as they are whatever surrounds them: unchanged on
// their own, and neither a mark nor a jamo, the only characters that compose with the one before
// (a syllable and a final jamo make one syllable). A text made of them alone is its own normal
// form; most chunks are, and the two ICU passes over them were 5 % of the index build. Tested one
// by one below U+3400 (checking all 65,536 took 80 ms at every start); Hangul syllables and CJK
// ideographs are stable as a whole (tokenizer.test.ts); anything else takes the ICU passes.
const STABLE = new Uint8Array(0x10000);
{
  const mark = /\p{M}/u;
  for (let c = 0; c < 0x3400; c++) {
    if (c >= 0x1100 && c <= 0x11ff) continue;
    const ch = String.fromCharCode(c);
    if (!mark.test(ch) && ch.normalize('NFKC').toLowerCase() === ch) STABLE[c] = 1;
  }
  STABLE.fill(1, HANGUL_FIRST, HANGUL_LAST + 1);
  STABLE.fill(1, CJK_FIRST, CJK_LAST + 1);
}

/** Lower-cased NFKC: the text every term is read from. */
export function normaliseText(input: string): string {
  let upper = false;
  for (let i = 0; i < input.length; i++) {
    const c = input.charCodeAt(i);
    if (STABLE[c] === 1) continue;
    // A-Z are their own NFKC and compose with nothing: lower-casing alone normalises them.
    if (c >= 0x41 && c <= 0x5a) upper = true;
    else return input.normalize('NFKC').toLowerCase();
  }
  return upper ? input.toLowerCase() : input;
}

/**
 * Reads the terms of `text` (already `normaliseText`d) into `sink`, in order. One loop over
 * UTF-16 units with a class table: no string is made here except for numbers.
 */
export function scanTerms(text: string, sink: TermSink): void {
  const n = text.length;
  let i = 0;
  // A Hangul run straight after a number or a Latin word in the same word is a unit
  // (2024년, 6조원) or a particle (Galaxy의) rather than a word of its own.
  let prevEnd = -1;
  let prevClass = C.Sep;
  while (i < n) {
    const cls = CLASS[text.charCodeAt(i)] as C;
    if (cls === C.Sep) {
      i++;
      continue;
    }
    const start = i;
    const attached = prevEnd === start ? prevClass : C.Sep;
    if (cls === C.Hangul) {
      let hash = HASH_START;
      for (let c = text.charCodeAt(i); i < n && CLASS[c] === C.Hangul; c = text.charCodeAt(++i))
        hash = hashUnit(hash, c);
      // The unit/particle after a number was consumed with the number itself; after a
      // Latin word a bare particle is dropped and anything else is a word of its own.
      if ((attached !== C.Latin && attached !== C.Digit) || !isBareSuffix(text.slice(start, i)))
        sink.hangul(text, start, i, hash);
    } else if (cls === C.Digit) {
      i = emitNumber(text, start, sink);
    } else if (cls === C.Latin) {
      while (i < n) {
        const c = CLASS[text.charCodeAt(i)];
        if (c !== C.Latin && c !== C.Digit) break;
        i++;
      }
      if (i - start <= MAX_WORD) sink.span(text, start, i);
    } else {
      while (i < n && CLASS[text.charCodeAt(i)] === C.Other) i++;
      if (i - start <= MAX_WORD) sink.span(text, start, i);
    }
    prevEnd = i;
    prevClass = cls;
  }
}

function scan(input: string, kind: 'document' | 'query'): Collect {
  const sink = new Collect(kind);
  scanTerms(normaliseText(input), sink);
  return sink;
}

/**
 * Pushes the terms of a Hangul run that is a word of its own (its stem, then bigrams) onto
 * `terms`; returns its word for whole-title spans, undefined when a query drops it. The same
 * run always gives the same terms in a document; the index build reads them per run from the
 * text without strings (TermIds in term-ids.ts), tested equal to these.
 */
function hangulTerms(terms: string[], run: string, kind: 'document' | 'query'): string | undefined {
  const stem = stemOf(run);
  const word = stem.length > 0 ? stem : run;
  if (kind === 'query' && QUESTION_WORDS.has(word)) return undefined;
  if (word.length <= MAX_WORD) terms.push(word);
  // The bigram across the cut (서울|은 → _울은) is kept: where a rule wrongly cut a noun
  // (고속도|로) it restores the lost bigram, and it measurably helps ranking (bench).
  pushBigrams(terms, stem.length > 0 && stem.length < run.length ? run.slice(0, stem.length + 1) : word);
  return word;
}

/**
 * Reads a number at `start` (digits with inner , or .), then an optional % or unit: the
 * Hangul run that follows (minus its particles) or a Latin unit. Emits number+unit and the
 * bare number, and returns where scanning continues.
 */
function emitNumber(text: string, start: number, sink: TermSink): number {
  const n = text.length;
  let i = start;
  let commas = false;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (CLASS[c] === C.Digit) i++;
    else if ((c === 0x2c || c === 0x2e) && CLASS[text.charCodeAt(i + 1)] === C.Digit && i > start) {
      if (c === 0x2c) commas = true;
      i++;
    } else break;
  }
  const numEnd = i;
  // The unit is text[numEnd, unitEnd): a Hangul run less its particles, so it may be empty.
  let unitEnd = i;
  if (text.charCodeAt(i) === 0x25) {
    unitEnd = ++i;
  } else if (CLASS[text.charCodeAt(i)] === C.Hangul) {
    const unitStart = i;
    while (i < n && CLASS[text.charCodeAt(i)] === C.Hangul) i++;
    unitEnd = stemEnd(text, unitStart, i, 0);
  } else if (CLASS[text.charCodeAt(i)] === C.Latin) {
    while (i < n && CLASS[text.charCodeAt(i)] === C.Latin) i++;
    unitEnd = i;
  }
  if (!commas && sink.slice) {
    // One number, so both of its terms are slices of the text (the branch below, without strings).
    if (unitEnd > numEnd && unitEnd - start <= MAX_WORD) sink.slice(text, start, unitEnd);
    if (numEnd - start <= MAX_WORD) sink.slice(text, start, numEnd);
    return i;
  }
  const nums = normaliseNumber(text.slice(start, numEnd));
  const unit = text.slice(numEnd, unitEnd);
  for (let k = 0; k < nums.length; k++) {
    const num = nums[k] as string;
    // The unit belongs to the last number of a list such as 1,2,3위.
    const withUnit = k === nums.length - 1 && unit ? num + unit : '';
    if (withUnit && withUnit.length <= MAX_WORD) sink.term(withUnit);
    if (num.length <= MAX_WORD) sink.term(num);
    sink.word(withUnit || num);
  }
  return i;
}

/** Search terms of a chunk text or a question, in order, duplicates kept. */
export function tokenize(text: string, options: TokenizeOptions = {}): string[] {
  const kind = options.kind ?? 'document';
  const { terms, words } = scan(text, kind);
  if (kind === 'query') {
    for (let i = 0; i < words.length; i++) {
      let span = '';
      for (let j = i; j < words.length && j < i + MAX_TITLE_SPAN; j++) {
        span += words[j];
        terms.push(TITLE_PREFIX + span);
      }
    }
  }
  return terms;
}

/** The title without a trailing disambiguation: 김정남 (김정일의 아들) → 김정남. */
export function titleEntity(title: string): string {
  const { words } = scan(title.replace(/\s*\([^()]*\)\s*$/, ''), 'document');
  return words.length > 0 ? TITLE_PREFIX + words.join('') : '';
}

/**
 * Terms of a page title: its words and bigrams like any text, plus the whole title as one
 * entity term (=…) that a query matches only when it names the page exactly.
 */
export function titleTerms(title: string): string[] {
  const terms = tokenize(title);
  const entity = titleEntity(title);
  if (entity) terms.push(entity);
  return terms;
}

export function isBigram(term: string): boolean {
  return term.startsWith(BIGRAM_PREFIX);
}

export function isTitleTerm(term: string): boolean {
  return term.startsWith(TITLE_PREFIX);
}
