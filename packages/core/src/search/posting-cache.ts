import { LRUCache } from 'lru-cache';
import type { Queryable } from '../db/types.js';
import { eachHeapSlice, HeldPerVersion } from './held-per-version.js';
import { lowerBound, sortedDistinct } from './sorted-arrays.js';
import { TITLE_PREFIX } from './tokenizer.js';

/**
 * Posting lists this process read recently, per database, up to a byte budget (the least
 * recently used go first). The common terms of Korean questions (Hangul bigrams of everyday
 * words, 있다, 이) recur in most queries and have the longest lists: on a large wiki reading
 * them again for every query is most of its cost, and it grows with the wiki.
 *
 * An entry holds a term's rows (one per segment) each with its row version, the table's oid and
 * the row's xmin. Every rebuild, append and merge writes new rows (a new table or new row
 * versions), so the search tells the database which versions it holds and gets back only the
 * lists of the others: a changed index never serves an old list.
 */
export interface CachedRow {
  segment: number;
  version: string;
  postings: Uint8Array;
}

export class PostingCache {
  private readonly lru: LRUCache<string, CachedRow[]>;

  constructor(readonly maxBytes: number) {
    // lru-cache skips (and drops any older value of) an entry above maxEntrySize, which defaults
    // to maxSize: a list larger than the whole budget is never held. Its sizes must be positive.
    this.lru = new LRUCache({ maxSize: maxBytes, sizeCalculation: (rows) => Math.max(1, sizeOf(rows)) });
  }

  get byteSize(): number {
    return this.lru.calculatedSize;
  }

  /** The rows held for `key`, marked as just used. */
  get(key: string): CachedRow[] | undefined {
    return this.lru.get(key);
  }

  set(key: string, rows: CachedRow[]): void {
    this.lru.set(key, rows);
  }
}

function sizeOf(rows: readonly CachedRow[]): number {
  return rows.reduce((a, r) => a + r.postings.byteLength, 0);
}

/**
 * 192 MB. At the seed's size (883,189 chunks, a 1 GB index) the 213 MIRACL-ko dev questions'
 * scored lists are 119 MB, the longest under 1 MB: with 64 MB held, the least recently used went
 * before a question came back to them, and a question still read ~570 KB of lists on a second
 * pass (docs/scaling.md, "Seed-size run"). A budget, not an allocation: a small wiki holds less.
 */
export const POSTING_CACHE_BYTES = 192 * 2 ** 20;

// One per database object: two databases (the tests' throwaway ones) may hold rows of the same
// oid and xmin with different contents.
const caches = new WeakMap<Queryable, PostingCache>();

export function postingCacheOf(db: Queryable): PostingCache {
  let cache = caches.get(db);
  if (!cache) caches.set(db, (cache = new PostingCache(POSTING_CACHE_BYTES)));
  return cache;
}

/**
 * Which whole-title terms (=서울특별시) the index holds at one wiki version, as 32-bit hashes:
 * a question's terms include every run of up to MAX_TITLE_SPAN words as a candidate title, and
 * few of them name a page. Sent to the posting lists' statement they are index probes that find
 * nothing: half of an article's ~150 terms on the BoolQ wiki (bench/README.md, "Articles").
 * A hash that two terms share only lets a term through that finds no row, as before; 4 bytes a
 * title, so it is held on every wiki.
 *
 * Held per wiki version (HeldPerVersion, `heldTitleTerms`). A search uses the latest set before it
 * knows the version its statement will read, so it checks the version that statement returns and,
 * if another, reads again with every term: a rebuilt, appended or merged index is never searched
 * with an old set.
 */
export class TitleTerms {
  constructor(
    readonly version: string,
    /** Ascending, distinct. */
    private readonly hashes: Uint32Array,
  ) {}

  static of(version: string, terms: Iterable<string>): TitleTerms {
    const hashes: number[] = [];
    for (const term of terms) hashes.push(termHash(term));
    return TitleTerms.fromHashes(version, hashes);
  }

  static fromHashes(version: string, hashes: readonly number[]): TitleTerms {
    return new TitleTerms(version, sortedDistinct(Uint32Array.from(hashes)));
  }

  get size(): number {
    return this.hashes.length;
  }

  /** False only when no row of the index at `version` has `term`. */
  mayHave(term: string): boolean {
    const h = termHash(term);
    return this.hashes[lowerBound(this.hashes, h)] === h;
  }
}

/** FNV-1a over the UTF-16 code units. */
function termHash(term: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < term.length; i++) h = Math.imul(h ^ term.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** The title terms of the wiki at a version, loaded and held as HeldPerVersion does. */
export const heldTitleTerms = new HeldPerVersion(loadTitleTerms);

/**
 * Every whole-title term of wiki_postings, whatever its field, a slice of the heap per statement:
 * the primary key's order is the database's collation, in which the terms starting with TITLE_PREFIX
 * need not be one range. Terms hold no whitespace (the tokenizer splits there), so one text of
 * them joined by newlines comes back per slice.
 */
async function loadTitleTerms(db: Queryable, version: string): Promise<TitleTerms> {
  const hashes: number[] = [];
  await eachHeapSlice<{ terms: string | null }>(
    db,
    'wiki_postings',
    `SELECT string_agg(term, E'\\n') AS terms FROM wiki_postings
      WHERE ctid >= $1::tid AND ctid < $2::tid AND starts_with(term, $3)`,
    [TITLE_PREFIX],
    (row) => {
      for (const term of row?.terms?.split('\n') ?? []) hashes.push(termHash(term));
    },
  );
  return TitleTerms.fromHashes(version, hashes);
}
