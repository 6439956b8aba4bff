import type { Queryable } from '@olala/core';

/**
 * The predecessor's keyword search, rebuilt as the yardstick for bench/retrieval.ts: a
 * `to_tsvector('simple', content)` GIN on chunk text, queried either with the whole question
 * (`plainto_tsquery`, an AND of its words: what the predecessor shipped) or with an OR of the
 * question's whitespace words (the kinder variant measured in baselines.md), ranked by
 * `ts_rank_cd`. It runs on our own `wiki_chunks` table, in the same database as our search.
 */

export const PREDECESSOR_INDEX = 'bench_wiki_chunks_simple_fts';

/** Builds the predecessor's GIN (and refreshes statistics); returns the seconds it took. */
export async function buildPredecessorIndex(db: Queryable): Promise<number> {
  const started = performance.now();
  await db.exec(`DROP INDEX IF EXISTS ${PREDECESSOR_INDEX}`);
  await db.exec(`CREATE INDEX ${PREDECESSOR_INDEX} ON wiki_chunks USING gin (to_tsvector('simple', content))`);
  await db.exec('ANALYZE wiki_chunks');
  return (performance.now() - started) / 1000;
}

export async function dropPredecessorIndex(db: Queryable): Promise<void> {
  await db.exec(`DROP INDEX IF EXISTS ${PREDECESSOR_INDEX}`);
}

export type PredecessorMode = 'or' | 'and';

/**
 * Whitespace words that the 'simple' parser can turn into at least one lexeme. Pure
 * punctuation ("?", "—") would only make PostgreSQL print a notice and add nothing.
 */
export function queryWords(question: string): string[] {
  return question.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w));
}

/**
 * The SQL and parameters of one predecessor query. The OR variant combines one
 * `plainto_tsquery('simple', $n)` per word with `||`: the SQL text holds only placeholders
 * generated here, every word travels as a parameter.
 */
export function predecessorQuery(
  question: string,
  mode: PredecessorMode,
  limit: number,
): { sql: string; params: unknown[] } | undefined {
  const words = mode === 'and' ? [question] : queryWords(question);
  if (words.length === 0 || (mode === 'and' && queryWords(question).length === 0)) return undefined;
  const tsquery = words.map((_, i) => `plainto_tsquery('simple', $${i + 2})`).join(' || ');
  // The tsvector is recomputed for ranking, as in the predecessor: the GIN only filters.
  const sql = `SELECT chunk_id, page_id
                 FROM wiki_chunks, (SELECT ${tsquery} AS q) AS query
                WHERE to_tsvector('simple', content) @@ query.q
                ORDER BY ts_rank_cd(to_tsvector('simple', content), query.q) DESC, chunk_id
                LIMIT $1`;
  return { sql, params: [limit, ...words] };
}

/** Ranked chunks (page ids, best first) of the predecessor's search for `question`. */
export async function predecessorSearch(
  db: Queryable,
  question: string,
  mode: PredecessorMode,
  limit: number,
): Promise<number[]> {
  const q = predecessorQuery(question, mode, limit);
  if (!q) return [];
  const { rows } = await db.query<{ page_id: number | string }>(q.sql, q.params);
  return rows.map((r) => Number(r.page_id));
}
