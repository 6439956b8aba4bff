import type { Queryable, Row } from '../db/types.js';

/**
 * The wiki's version as one short text: the latest import's id and the versions (table oid and
 * xmin) of the lexical index's document-count rows (term '', one per field and segment), hashed.
 * A SQL expression, so lexical search reads it in the statement it already sends. An import and
 * an append write both in the transaction that changes the chunks, and a rebuilt or merged index
 * writes new rows, so anything read from the wiki since shows as another version.
 */
export const WIKI_VERSION_SQL = `(SELECT md5((SELECT coalesce(max(import_id), 0) FROM wiki_imports)::text || '/' ||
          coalesce(string_agg(field::text || segment::text || ':' || tableoid::text || ':' || xmin::text, ','
                              ORDER BY field, segment), ''))
     FROM wiki_postings WHERE term = '')`;

/** After a failed load, searches go without the held value for this long before one tries again. */
const RETRY_MS = 60_000;
/** 512 blocks (4 MB of heap, ~2,800 chunks at the seed's size): what a search may wait behind. */
const SLICE_BLOCKS = 512;

interface Slot<T> {
  value?: T;
  loading?: Promise<void>;
  failedAt?: number;
}

/**
 * Something read from the whole wiki that lets searches skip work (chunk-places.ts, the title
 * terms of posting-cache.ts), held per database object — two databases (the tests' throwaway
 * ones) may hold the same ids — and per wiki version.
 *
 * A search that finds none for the version it read starts a load in the background and goes on
 * without; the load reads the heap in slices (`eachHeapSlice`), so a search waits behind at most
 * one slice, and its value is kept only if the wiki is still at that version after the last
 * slice: a change in between would have changed it. Another version's value is dropped at once,
 * never used.
 */
export class HeldPerVersion<T extends { readonly version: string }> {
  private readonly slots = new WeakMap<Queryable, Slot<T>>();

  constructor(private readonly load: (db: Queryable, version: string) => Promise<T>) {}

  /** The value for `version`, or undefined while none is held — then a load starts unless one runs (or failed within RETRY_MS). */
  at(db: Queryable, version: string, now = Date.now()): T | undefined {
    const slot = this.slotOf(db);
    if (slot.value?.version === version) return slot.value;
    slot.value = undefined;
    if (slot.loading || (slot.failedAt !== undefined && now - slot.failedAt < RETRY_MS)) return undefined;
    slot.loading = this.loadChecked(db, version).then(
      (value) => {
        if (value) slot.value = value;
        slot.failedAt = undefined;
      },
      () => {
        slot.failedAt = Date.now();
      },
    );
    void slot.loading.finally(() => {
      slot.loading = undefined;
    });
    return undefined;
  }

  /** The latest value held, of whatever version (the caller checks it against what it reads). */
  latest(db: Queryable): T | undefined {
    return this.slotOf(db).value;
  }

  /** Waits for a running load; the value held afterwards (tests and benchmarks). */
  async settled(db: Queryable): Promise<T | undefined> {
    const slot = this.slotOf(db);
    while (slot.loading) await slot.loading;
    return slot.value;
  }

  private slotOf(db: Queryable): Slot<T> {
    let slot = this.slots.get(db);
    if (!slot) this.slots.set(db, (slot = {}));
    return slot;
  }

  private async loadChecked(db: Queryable, version: string): Promise<T | undefined> {
    const value = await this.load(db, version);
    const { rows } = await db.query<{ version: string | null }>(`SELECT ${WIKI_VERSION_SQL} AS version`);
    return rows[0]?.version === version ? value : undefined;
  }
}

/**
 * Runs `statement` over `table`'s heap a slice of SLICE_BLOCKS blocks at a time (a TID range
 * scan: the heap in order, one short statement each) and hands each slice's first row to `each`.
 * The statement takes the slice's first and end TIDs as $1::tid and $2::tid, then `params`.
 */
export async function eachHeapSlice<R extends Row>(
  db: Queryable,
  table: 'wiki_chunks' | 'wiki_postings',
  statement: string,
  params: readonly unknown[],
  each: (row: R | undefined) => void,
): Promise<void> {
  const { rows: size } = await db.query<{ blocks: number }>(
    `SELECT (pg_relation_size($1::regclass) / current_setting('block_size')::int)::int AS blocks`,
    [table],
  );
  for (let b = 0; b < size[0]!.blocks; b += SLICE_BLOCKS) {
    const { rows } = await db.query<R>(statement, [`(${b},0)`, `(${b + SLICE_BLOCKS},0)`, ...params]);
    each(rows[0]);
  }
}
