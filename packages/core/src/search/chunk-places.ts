import type { Queryable } from '../db/types.js';

/**
 * Where every chunk sits — its page and its place in the page — held in typed arrays, one copy
 * per database object, so lexical search's candidates need no statement. On PGlite at the seed's
 * size (883,189 chunks, a 1.25 GB heap) reading a question's 200–330 candidates from
 * wiki_chunks was a heap fetch each, 14–17 ms per search (docs/scaling.md, "Search at the
 * seed's size"); the arrays take about 20 bytes per chunk (17 MB there).
 *
 * They are loaded in the background on a search that finds none for the wiki's current version
 * (that search and the ones during the load read wiki_chunks as before), in slices of the
 * table's blocks, one short statement each, so a search waits for at most one slice. The
 * version is the latest import's id with the lexical index's document-count rows' versions
 * (WIKI_VERSION_SQL): an import and an append write both in the transaction that changes the
 * chunks, and a rebuilt or merged index writes new rows, so chunks changed since the load
 * show as another version and the held places are dropped, never used.
 */
export class ChunkPlaces {
  private constructor(
    readonly version: string,
    /** Chunk ids, ascending. */
    private readonly ids: Float64Array,
    /** Per chunk (in id order): its page's index in `pageIds`. */
    private readonly pageSlot: Int32Array,
    /** Per chunk (in id order): its chunk_idx. */
    private readonly idxs: Int32Array,
    /** Page ids, ascending. */
    private readonly pageIds: Float64Array,
    /** byPage[pageStart[p] .. pageStart[p + 1]) are the chunks (their places in `ids`) of page p. */
    private readonly pageStart: Int32Array,
    private readonly byPage: Int32Array,
    /** How long the load took, from its first statement to the arrays built (benchmarks report it). */
    readonly loadMs: number,
  ) {}

  /**
   * From parallel columns in any order; throws on a repeated chunk id (a torn read). `startedAt`:
   * when the load began (performance.now()), for `loadMs`.
   */
  static build(
    version: string,
    ids: Float64Array,
    pages: Float64Array,
    idxs: Int32Array,
    startedAt = performance.now(),
  ): ChunkPlaces {
    const n = ids.length;
    const sorted = ids.slice().sort();
    for (let i = 1; i < n; i++) if (sorted[i] === sorted[i - 1]) throw new Error(`chunk ${sorted[i]} read twice`);
    const pageIds = unique(pages.slice().sort());
    const pageSlot = new Int32Array(n);
    const idxOf = new Int32Array(n);
    const perPage = new Int32Array(pageIds.length + 1);
    for (let i = 0; i < n; i++) {
      const at = lowerBound(sorted, ids[i]!);
      const slot = lowerBound(pageIds, pages[i]!);
      pageSlot[at] = slot;
      idxOf[at] = idxs[i]!;
      perPage[slot + 1]!++;
    }
    for (let p = 0; p < pageIds.length; p++) perPage[p + 1]! += perPage[p]!;
    const fill = perPage.slice(0, pageIds.length);
    const byPage = new Int32Array(n);
    for (let at = 0; at < n; at++) byPage[fill[pageSlot[at]!]!++] = at;
    return new ChunkPlaces(version, sorted, pageSlot, idxOf, pageIds, perPage, byPage, performance.now() - startedAt);
  }

  get size(): number {
    return this.ids.length;
  }

  /** Bytes the arrays hold. */
  get byteSize(): number {
    return [this.ids, this.pageSlot, this.idxs, this.pageIds, this.pageStart, this.byPage].reduce(
      (a, x) => a + x.byteLength,
      0,
    );
  }

  /**
   * What `SELECT chunk_id, page_id, chunk_idx FROM wiki_chunks WHERE (chunk_id = ANY(chunkIds)
   * OR page_id = ANY(pageIds)) AND (only IS NULL OR page_id = ANY(only))` returns, in no
   * particular order (as the statement's).
   */
  read(
    chunkIds: readonly number[],
    pageIds: readonly number[],
    only?: readonly number[],
  ): { chunk_id: number; page_id: number; chunk_idx: number }[] {
    const keep = only ? new Set(only) : undefined;
    const seen = new Set<number>();
    const rows: { chunk_id: number; page_id: number; chunk_idx: number }[] = [];
    const add = (at: number) => {
      if (seen.has(at)) return;
      seen.add(at);
      const page = this.pageIds[this.pageSlot[at]!]!;
      if (keep && !keep.has(page)) return;
      rows.push({ chunk_id: this.ids[at]!, page_id: page, chunk_idx: this.idxs[at]! });
    };
    for (const id of chunkIds) {
      const at = lowerBound(this.ids, id);
      if (this.ids[at] === id) add(at);
    }
    for (const id of pageIds) {
      const slot = lowerBound(this.pageIds, id);
      if (this.pageIds[slot] !== id) continue;
      for (let k = this.pageStart[slot]!; k < this.pageStart[slot + 1]!; k++) add(this.byPage[k]!);
    }
    return rows;
  }
}

/** The first index whose value is not below `x` (`a.length` when none). */
function lowerBound(a: Float64Array, x: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function unique(sorted: Float64Array): Float64Array {
  let k = 0;
  for (let i = 0; i < sorted.length; i++) if (i === 0 || sorted[i] !== sorted[k - 1]) sorted[k++] = sorted[i]!;
  return sorted.slice(0, k);
}

/**
 * The wiki's version as one short text: the latest import's id and the versions (table oid and
 * xmin) of the lexical index's document-count rows (term '', one per field and segment), hashed.
 * A SQL expression, so lexical search reads it in the statement it already sends.
 */
export const WIKI_VERSION_SQL = `(SELECT md5((SELECT coalesce(max(import_id), 0) FROM wiki_imports)::text || '/' ||
          coalesce(string_agg(field::text || segment::text || ':' || tableoid::text || ':' || xmin::text, ','
                              ORDER BY field, segment), ''))
     FROM wiki_postings WHERE term = '')`;

/** 512 blocks (4 MB of heap, ~2,800 chunks at the seed's size): what a search may wait behind. */
const SLICE_BLOCKS = 512;
/** After a failed load, searches read wiki_chunks for this long before one tries again. */
const RETRY_MS = 60_000;

interface Held {
  places?: ChunkPlaces;
  loading?: Promise<void>;
  failedAt?: number;
}

// One per database object, as the posting cache: two databases may hold the same ids.
const held = new WeakMap<Queryable, Held>();

function heldOf(db: Queryable): Held {
  let h = held.get(db);
  if (!h) held.set(db, (h = {}));
  return h;
}

/**
 * The places for the wiki at `version`, or undefined while they are not held — then a load
 * starts in the background unless one is running (or failed within RETRY_MS), and the caller
 * reads wiki_chunks.
 */
export function chunkPlacesAt(db: Queryable, version: string, now = Date.now()): ChunkPlaces | undefined {
  const h = heldOf(db);
  if (h.places?.version === version) return h.places;
  // Another version's places are never right again: let their memory go now.
  h.places = undefined;
  if (h.loading || (h.failedAt !== undefined && now - h.failedAt < RETRY_MS)) return undefined;
  h.loading = loadPlaces(db, version).then(
    (places) => {
      if (places) h.places = places;
      h.failedAt = undefined;
    },
    () => {
      h.failedAt = Date.now();
    },
  );
  void h.loading.finally(() => {
    h.loading = undefined;
  });
  return undefined;
}

/** Waits for a running load; the places held afterwards (tests and benchmarks). */
export async function heldChunkPlaces(db: Queryable): Promise<ChunkPlaces | undefined> {
  const h = heldOf(db);
  while (h.loading) await h.loading;
  return h.places;
}

/**
 * Reads every chunk's place, a slice of the table's blocks per statement (a TID range scan:
 * the heap in order, nothing but the three columns sent, packed), and keeps them only if the
 * wiki is still at `version` after the last slice: a change in between would have changed it.
 */
async function loadPlaces(db: Queryable, version: string): Promise<ChunkPlaces | undefined> {
  const started = performance.now();
  const { rows: size } = await db.query<{ blocks: number }>(
    `SELECT (pg_relation_size('wiki_chunks') / current_setting('block_size')::int)::int AS blocks`,
  );
  const blocks = size[0]!.blocks;
  let ids = new Float64Array(1 << 16);
  let pages = new Float64Array(1 << 16);
  let idxs = new Int32Array(1 << 16);
  let n = 0;
  for (let b = 0; b < blocks; b += SLICE_BLOCKS) {
    const { rows } = await db.query<{ places: Uint8Array | null }>(
      `SELECT string_agg(int8send(chunk_id) || int8send(page_id) || int4send(chunk_idx), ''::bytea) AS places
         FROM wiki_chunks WHERE ctid >= $1::tid AND ctid < $2::tid`,
      [`(${b},0)`, `(${b + SLICE_BLOCKS},0)`],
    );
    const bytes = rows[0]?.places;
    if (!bytes) continue;
    const count = bytes.byteLength / 20;
    if (n + count > ids.length) {
      const grown = Math.max(2 * ids.length, n + count);
      ids = grownTo(ids, grown);
      pages = grownTo(pages, grown);
      idxs = grownTo(idxs, grown);
    }
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    for (let o = 0; o < bytes.byteLength; o += 20, n++) {
      // int8send is big-endian; ids are below 2^53, so two halves make the number exactly.
      ids[n] = view.getInt32(o) * 2 ** 32 + view.getUint32(o + 4);
      pages[n] = view.getInt32(o + 8) * 2 ** 32 + view.getUint32(o + 12);
      idxs[n] = view.getInt32(o + 16);
    }
  }
  const { rows: now } = await db.query<{ version: string | null }>(`SELECT ${WIKI_VERSION_SQL} AS version`);
  if (now[0]?.version !== version) return undefined;
  return ChunkPlaces.build(version, ids.subarray(0, n), pages.subarray(0, n), idxs.subarray(0, n), started);
}

function grownTo<T extends Float64Array | Int32Array>(a: T, length: number): T {
  const b = new (a.constructor as new (n: number) => T)(length);
  b.set(a);
  return b;
}
