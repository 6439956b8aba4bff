import { LRUCache } from 'lru-cache';
import type { Queryable } from '../db/types.js';

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
