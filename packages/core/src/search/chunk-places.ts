import type { Queryable } from '../db/types.js';
import { eachHeapSlice, HeldPerVersion } from './held-per-version.js';
import { lowerBound, sortedDistinct } from './sorted-arrays.js';

/**
 * Where every chunk sits — its page and its place in the page — held in typed arrays, one copy
 * per database object, so lexical search's candidates need no statement. On PGlite at the seed's
 * size (883,189 chunks, a 1.25 GB heap) reading a question's 200–330 candidates from
 * wiki_chunks was a heap fetch each, 14–17 ms per search (docs/scaling.md, "Search at the
 * seed's size"); the arrays take about 20 bytes per chunk (17 MB there).
 *
 * They are held per wiki version (HeldPerVersion, `heldChunkPlaces`): a search that finds none for
 * the version it read reads wiki_chunks as before while they load in the background.
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
    const pageIds = sortedDistinct(pages.slice());
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

/**
 * Chunks' places aggregated into one bytea, 20 bytes a chunk (chunk_id and page_id as int8,
 * chunk_idx as int4), in the order the rows come. On PGlite a row of three fields costs more to
 * receive than to find: every field is copied into a buffer of its own, decoded and set on a row
 * object (an article's 321 candidates' places: 2.4 CPU-ms as rows, 1.0 packed; bench/README.md,
 * "Articles").
 */
export const PACKED_PLACES_SQL =
  "string_agg(int8send(chunk_id) || int8send(page_id) || int4send(chunk_idx), ''::bytea)";

/** Each place `packed` (PACKED_PLACES_SQL) holds, in its order. */
export function eachPackedPlace(
  packed: Uint8Array,
  fn: (chunkId: number, pageId: number, chunkIdx: number) => void,
): void {
  const view = new DataView(packed.buffer, packed.byteOffset, packed.byteLength);
  for (let o = 0; o + 20 <= packed.byteLength; o += 20)
    // int8send is big-endian; ids are below 2^53, so two halves make the number exactly.
    fn(
      view.getInt32(o) * 2 ** 32 + view.getUint32(o + 4),
      view.getInt32(o + 8) * 2 ** 32 + view.getUint32(o + 12),
      view.getInt32(o + 16),
    );
}

/** Every chunk's place for the wiki at a version, loaded and held as HeldPerVersion does. */
export const heldChunkPlaces = new HeldPerVersion(loadPlaces);

/** Every chunk's place, the three columns sent packed, a slice of the heap per statement. */
async function loadPlaces(db: Queryable, version: string): Promise<ChunkPlaces> {
  const started = performance.now();
  let ids = new Float64Array(1 << 16);
  let pages = new Float64Array(1 << 16);
  let idxs = new Int32Array(1 << 16);
  let n = 0;
  await eachHeapSlice<{ places: Uint8Array | null }>(
    db,
    'wiki_chunks',
    `SELECT ${PACKED_PLACES_SQL} AS places FROM wiki_chunks WHERE ctid >= $1::tid AND ctid < $2::tid`,
    [],
    (row) => {
      const bytes = row?.places;
      if (!bytes) return;
      const count = bytes.byteLength / 20;
      if (n + count > ids.length) {
        const grown = Math.max(2 * ids.length, n + count);
        ids = grownTo(ids, grown);
        pages = grownTo(pages, grown);
        idxs = grownTo(idxs, grown);
      }
      eachPackedPlace(bytes, (id, page, idx) => {
        ids[n] = id;
        pages[n] = page;
        idxs[n++] = idx;
      });
    },
  );
  return ChunkPlaces.build(version, ids.subarray(0, n), pages.subarray(0, n), idxs.subarray(0, n), started);
}

function grownTo<T extends Float64Array | Int32Array>(a: T, length: number): T {
  const b = new (a.constructor as new (n: number) => T)(length);
  b.set(a);
  return b;
}
