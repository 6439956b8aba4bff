/**
 * Posting lists of the lexical index, packed into bytea: for each document in ascending id
 * order, the id as a varint delta from the previous one, then one byte of BM25 term weight
 * (1‥255). A record of delta 0 and weight 0 (never a posting) is a restart: the next delta
 * counts from 0 again. Merging a term's segments is then plain concatenation, each segment's
 * list after a restart (`SEGMENT_RESTART`), which the database does without decoding anything.
 * Packing keeps the table an order of magnitude smaller than int arrays, loads by binary
 * COPY, and decodes in microseconds at query time.
 */

/** BM25 parameters; the term-frequency part of the score is precomputed into each posting. */
export const K1 = 1.2;
export const B = 0.75;

/** The BM25 term-frequency component, quantised to 1‥255 (0 would mean "absent"). */
export function quantiseWeight(tf: number, docLength: number, avgDocLength: number): number {
  const norm = 1 - B + (B * docLength) / Math.max(avgDocLength, 1);
  const w = (tf * (K1 + 1)) / (tf + K1 * norm);
  return Math.max(1, Math.min(255, Math.round((w / (K1 + 1)) * 255)));
}

/** Inverse of quantiseWeight's scaling: the weight's value in BM25 units. */
export function weightValue(q: number): number {
  return (q / 255) * (K1 + 1);
}

export function encodePostings(ids: readonly number[], weights: readonly number[]): Uint8Array {
  // Worst case per posting: an 8-byte varint (ids below 2^53) plus the weight byte. A typed
  // array silently drops writes past its end, so the bound must be real, not typical.
  const out = new Uint8Array(ids.length * 9);
  let o = 0;
  let prev = 0;
  for (let i = 0; i < ids.length; i++) {
    let delta = ids[i]! - prev;
    if (delta <= 0 && i > 0) throw new Error('posting ids must be strictly ascending');
    prev = ids[i]!;
    // Arithmetic, not bit operators: ids may exceed 2^31 (page_id × 100000 + chunk_idx).
    while (delta >= 0x80) {
      out[o++] = (delta % 128) + 0x80;
      delta = Math.floor(delta / 128);
    }
    out[o++] = delta;
    out[o++] = weights[i]!;
  }
  return out.subarray(0, o);
}

/** The restart record: delta 0, weight 0. */
export const SEGMENT_RESTART = Uint8Array.of(0, 0);

/** Calls `visit(id, weight)` for every posting, in id order. */
export function decodePostings(bytes: Uint8Array, visit: (id: number, weight: number) => void): void {
  let o = 0;
  let id = 0;
  while (o < bytes.length) {
    let delta = 0;
    let shift = 1;
    let b: number;
    do {
      b = bytes[o++]!;
      delta += (b & 0x7f) * shift;
      shift *= 128;
    } while (b & 0x80);
    id += delta;
    const w = bytes[o++]!;
    if (w === 0) id = 0;
    else visit(id, w);
  }
}
