/**
 * Combining the lexical and the vector ranking of chunks. Two methods, chosen per request, so the
 * retrieval benchmark can measure both on the same corpus and we keep the better one:
 *
 *   rrf       Reciprocal Rank Fusion: Σ weight / (k + rank). Ignores score scales entirely.
 *   weighted  α · lexical/max(lexical) + (1 − α) · min-max(similarity) over each list.
 *
 * Lexical search is the relevance gate of the whole search (it decides "nothing matches"), so
 * a chunk that only the vector search found — nothing of the question's words in it or its
 * title among the lexical candidates — counts at `vectorOnlyWeight` of its score. Nearest
 * neighbours always exist, even for a question the wiki knows nothing about; this keeps such a
 * neighbour from outranking a chunk that actually contains what was asked.
 */

export type FusionMethod = 'rrf' | 'weighted';

export interface FusionOptions {
  method?: FusionMethod;
  /** RRF's rank offset: larger flattens the difference between the top ranks. */
  rrfK?: number;
  /** Weighted fusion: share of the lexical score (the rest is the vector similarity). */
  alpha?: number;
  /** Multiplier of a chunk absent from the lexical candidates. */
  vectorOnlyWeight?: number;
}

export const FUSION_DEFAULTS: Required<FusionOptions> = { method: 'rrf', rrfK: 60, alpha: 0.6, vectorOnlyWeight: 0.5 };

export interface LexicalRanked {
  chunkId: number;
  pageId: number;
  score: number;
  coverage: number;
}

export interface VectorRanked {
  chunkId: number;
  pageId: number;
  /** Cosine distance, 0 (same direction) to 2. */
  distance: number;
}

export interface FusedChunk {
  chunkId: number;
  pageId: number;
  /** Lexical score, 0 when only the vector search found the chunk. */
  lexical: number;
  /** Cosine similarity, when the vector search found the chunk. */
  vector?: number;
  coverage: number;
  final: number;
}

function byFinal(a: FusedChunk, b: FusedChunk): number {
  // Ties go to the chunk lexical search found, then to the lower id so results are stable.
  return b.final - a.final || b.lexical - a.lexical || a.chunkId - b.chunkId;
}

/** Lexical ranking alone; `lexical` must be best first. */
export function lexicalOnly(lexical: readonly LexicalRanked[]): FusedChunk[] {
  return lexical.map((c) => ({
    chunkId: c.chunkId,
    pageId: c.pageId,
    lexical: c.score,
    coverage: c.coverage,
    final: c.score,
  }));
}

/**
 * Vector ranking alone (similarity is the final score), with lexical scores and coverage
 * attached where lexical search found the chunk too.
 */
export function vectorOnly(vector: readonly VectorRanked[], lexical: readonly LexicalRanked[] = []): FusedChunk[] {
  const lex = new Map(lexical.map((c) => [c.chunkId, c]));
  return vector
    .map((v) => {
      const l = lex.get(v.chunkId);
      const similarity = 1 - v.distance;
      return {
        chunkId: v.chunkId,
        pageId: v.pageId,
        lexical: l?.score ?? 0,
        vector: similarity,
        coverage: l?.coverage ?? 0,
        final: similarity,
      };
    })
    .sort(byFinal);
}

/** Both rankings combined; each input must be best first. Returns the union, best first. */
export function fuse(
  lexical: readonly LexicalRanked[],
  vector: readonly VectorRanked[],
  options: FusionOptions = {},
): FusedChunk[] {
  const opts = { ...FUSION_DEFAULTS, ...options };
  const merged = new Map<number, FusedChunk & { lexRank?: number; vecRank?: number }>();
  lexical.forEach((c, i) => {
    merged.set(c.chunkId, {
      chunkId: c.chunkId,
      pageId: c.pageId,
      lexical: c.score,
      coverage: c.coverage,
      final: 0,
      lexRank: i + 1,
    });
  });
  vector.forEach((v, i) => {
    const entry = merged.get(v.chunkId) ?? { chunkId: v.chunkId, pageId: v.pageId, lexical: 0, coverage: 0, final: 0 };
    entry.vector = 1 - v.distance;
    entry.vecRank = i + 1;
    merged.set(v.chunkId, entry);
  });

  const maxLex = Math.max(0, ...lexical.map((c) => c.score));
  const sims = vector.map((v) => 1 - v.distance);
  const maxSim = Math.max(...sims);
  const minSim = Math.min(...sims);

  const out: FusedChunk[] = [];
  for (const e of merged.values()) {
    let final: number;
    if (opts.method === 'rrf') {
      final = (e.lexRank ? 1 / (opts.rrfK + e.lexRank) : 0) + (e.vecRank ? 1 / (opts.rrfK + e.vecRank) : 0);
    } else {
      const lex = maxLex > 0 ? e.lexical / maxLex : 0;
      // A single vector hit, or all at the same distance, has nothing to normalise against.
      const vec = e.vector === undefined ? 0 : maxSim > minSim ? (e.vector - minSim) / (maxSim - minSim) : 1;
      final = opts.alpha * lex + (1 - opts.alpha) * vec;
    }
    if (!e.lexRank) final *= opts.vectorOnlyWeight;
    const chunk: FusedChunk = { chunkId: e.chunkId, pageId: e.pageId, lexical: e.lexical, coverage: e.coverage, final };
    if (e.vector !== undefined) chunk.vector = e.vector;
    out.push(chunk);
  }
  return out.sort(byFinal);
}
