/**
 * Score accumulator of one query: document id → (score, bit mask of matched terms), an
 * open-addressing hash table over typed arrays. On a million-chunk wiki a query touches up to
 * a million postings; a JS Map of chunk ids (above 2^31, so boxed doubles) spent most of the
 * query's time hashing them.
 */
export class ScoreTable {
  private keys: Float64Array;
  private scores: Float64Array;
  private masks: Uint32Array;
  /**
   * Per slot 0 when empty, else 1‥255 from the high bits of its key's hash. A probe compares keys
   * only where the tag matches: on a large wiki most postings of a question's common terms miss
   * (their document is not held), and reading the 8-byte keys of the slots they pass (megabytes,
   * out of cache) cost more than the rest of the probe. Slots are those `used` flags gave, so the
   * table's order, and top()'s ties, are unchanged.
   */
  private tags: Uint8Array;
  private mask: number;
  size = 0;

  constructor(capacity = 1 << 16) {
    const n = 1 << Math.ceil(Math.log2(Math.max(16, capacity)));
    this.keys = new Float64Array(n);
    this.scores = new Float64Array(n);
    this.masks = new Uint32Array(n);
    this.tags = new Uint8Array(n);
    this.mask = n - 1;
  }

  private slot(id: number): number {
    const h = hashOf(id);
    const tag = tagOf(h);
    let i = h & this.mask;
    for (let t = this.tags[i]!; t !== 0 && (t !== tag || this.keys[i] !== id); t = this.tags[i]!)
      i = (i + 1) & this.mask;
    return i;
  }

  /** Adds to a document's score and mask; a new document only when `insert` is true. */
  add(id: number, score: number, bit: number, insert: boolean): void {
    const i = this.slot(id);
    if (this.tags[i]) {
      this.scores[i]! += score;
      this.masks[i]! |= bit;
      return;
    }
    if (!insert) return;
    this.tags[i] = tagOf(hashOf(id));
    this.keys[i] = id;
    this.scores[i] = score;
    this.masks[i] = bit;
    if (++this.size * 2 > this.mask) this.grow();
  }

  /**
   * Adds a whole packed posting list (postings.ts): `values[w]` is what a posting of weight byte
   * w adds. The decoding is inlined here because this loop is most of a query's own CPU: a
   * callback per posting, different for every term, is a call V8 does not inline.
   */
  addList(bytes: Uint8Array, values: Float64Array, bit: number, insert: boolean): void {
    let o = 0;
    let id = 0;
    while (o < bytes.length) {
      let b = bytes[o++]!;
      let delta = b & 0x7f;
      for (let shift = 128; b & 0x80; shift *= 128) {
        b = bytes[o++]!;
        delta += (b & 0x7f) * shift;
      }
      const w = bytes[o++]!;
      // The restart record (delta 0, weight 0): the next delta counts from 0.
      if (w === 0) id = 0;
      else this.add((id += delta), values[w]!, bit, insert);
    }
  }

  get(id: number): number | undefined {
    const i = this.slot(id);
    return this.tags[i] ? this.scores[i] : undefined;
  }

  maskOf(id: number): number {
    const i = this.slot(id);
    return this.tags[i] ? this.masks[i]! : 0;
  }

  /** Same argument order as Map#forEach. */
  forEach(visit: (score: number, id: number) => void): void {
    for (let i = 0; i <= this.mask; i++) if (this.tags[i]) visit(this.scores[i]!, this.keys[i]!);
  }

  /**
   * Keys of the k largest scores, best first: a bounded min-heap over the slots, in slot order, so
   * no full sort per query. Inlined rather than through forEach: a query's table holds tens of
   * thousands of documents, and a callback per document was most of the ranking's time.
   */
  top(k: number): number[] {
    const ids = new Float64Array(k);
    const vals = new Float64Array(k);
    let n = 0;
    const swap = (a: number, b: number) => {
      const id = ids[a]!;
      ids[a] = ids[b]!;
      ids[b] = id;
      const v = vals[a]!;
      vals[a] = vals[b]!;
      vals[b] = v;
    };
    for (let s = 0; s <= this.mask; s++) {
      if (!this.tags[s]) continue;
      const v = this.scores[s]!;
      if (n < k) {
        ids[n] = this.keys[s]!;
        vals[n] = v;
        for (let i = n++; i > 0;) {
          const parent = (i - 1) >> 1;
          if (vals[parent]! <= vals[i]!) break;
          swap(i, parent);
          i = parent;
        }
      } else if (v > vals[0]!) {
        ids[0] = this.keys[s]!;
        vals[0] = v;
        for (let i = 0; ;) {
          const l = 2 * i + 1;
          const r = l + 1;
          let m = i;
          if (l < k && vals[l]! < vals[m]!) m = l;
          if (r < k && vals[r]! < vals[m]!) m = r;
          if (m === i) break;
          swap(i, m);
          i = m;
        }
      }
    }
    // A stable sort of the heap's order: equal scores keep it.
    return Array.from({ length: n }, (_, i) => i)
      .sort((a, b) => vals[b]! - vals[a]!)
      .map((i) => ids[i]!);
  }

  /** The largest score of a key not in `except`, 0 when there is none. */
  maxExcept(except: ReadonlySet<number>): number {
    let best = 0;
    for (let s = 0; s <= this.mask; s++)
      if (this.tags[s] && this.scores[s]! > best && !except.has(this.keys[s]!)) best = this.scores[s]!;
    return best;
  }

  private grow(): void {
    const { keys, scores, masks, tags } = this;
    const n = (this.mask + 1) * 2;
    this.keys = new Float64Array(n);
    this.scores = new Float64Array(n);
    this.masks = new Uint32Array(n);
    this.tags = new Uint8Array(n);
    this.mask = n - 1;
    for (let i = 0; i < tags.length; i++) {
      if (!tags[i]) continue;
      const j = this.slot(keys[i]!);
      this.tags[j] = tags[i]!;
      this.keys[j] = keys[i]!;
      this.scores[j] = scores[i]!;
      this.masks[j] = masks[i]!;
    }
  }
}

/** A chunk id's hash. Ids are below 2^53: both 32-bit halves are mixed. */
function hashOf(id: number): number {
  const lo = id >>> 0;
  const hi = (id / 4294967296) >>> 0;
  const h = Math.imul(lo ^ Math.imul(hi, 0x85ebca6b), 0x9e3779b1);
  return h ^ (h >>> 15);
}

/** A slot's tag (never 0, which marks an empty slot): bits the slot's index does not use below 2^24 slots. */
function tagOf(h: number): number {
  return h >>> 24 || 1;
}
