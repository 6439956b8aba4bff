/**
 * Posting lists of the lexical index, packed into bytea: for each document in ascending id
 * order, the id as a varint delta from the previous one, then one byte of BM25 term weight.
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
    visit(id, bytes[o++]!);
  }
}

/** Reads the varint at `o`: [value, offset after it]. */
function readVarint(bytes: Uint8Array, o: number): [number, number] {
  let value = 0;
  let shift = 1;
  let b: number;
  do {
    b = bytes[o++]!;
    value += (b & 0x7f) * shift;
    shift *= 128;
  } while (b & 0x80);
  return [value, o];
}

function writeVarint(out: Uint8Array, o: number, value: number): number {
  while (value >= 0x80) {
    out[o++] = (value % 128) + 0x80;
    value = Math.floor(value / 128);
  }
  out[o++] = value;
  return o;
}

/**
 * Joins the lists of one term's segments, in segment order, into one list. Segments cover
 * ascending id ranges, so only the first delta of each later list changes (from its absolute id
 * to the gap after the previous list's last id); the rest, weights included, is copied as bytes,
 * so scores are exactly those of the separate lists.
 */
export function concatPostings(lists: readonly Uint8Array[]): Uint8Array {
  if (lists.length === 1) return lists[0]!;
  let total = 0;
  for (const l of lists) total += l.length + 9;
  const out = new Uint8Array(total);
  let o = 0;
  let last = 0;
  let first = true;
  for (const list of lists) {
    if (list.length === 0) continue;
    const [head, rest] = readVarint(list, 0);
    if (!first && head <= last) throw new Error(`posting lists overlap: id ${head} after ${last}`);
    o = writeVarint(out, o, head - last);
    out.set(list.subarray(rest), o);
    o += list.length - rest;
    // The new last id: the head plus every later delta of this list.
    last = head;
    for (let p = rest + 1; p < list.length; ) {
      const [delta, next] = readVarint(list, p);
      last += delta;
      p = next + 1;
    }
    first = false;
  }
  return out.subarray(0, o);
}
