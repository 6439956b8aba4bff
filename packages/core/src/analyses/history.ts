import type { AnalysisPage, AnalysisSummary } from '@olala/contract';
import type { Queryable } from '../db/types.js';
import { ident } from '../db/types.js';
import { decodePageCursor, encodePageCursor } from '../db/page-cursor.js';

/**
 * Each user's History (every check they made, cache hits included) and Bookmarks. Both are
 * lists of references to `analyses`, newest first, paged with an opaque cursor.
 */

/** Adds a check to the user's history, or moves it to the top when they asked again. */
export async function recordHistory(db: Queryable, userId: string, analysisId: string): Promise<void> {
  await db.query(
    `INSERT INTO history (user_id, analysis_id) VALUES ($1, $2)
     ON CONFLICT (user_id, analysis_id) DO UPDATE SET created_at = excluded.created_at`,
    [userId, analysisId],
  );
}

/** Whether the run is in the user's history: they asked for it (or for the same input, served from the store). */
export async function isInHistory(db: Queryable, userId: string, analysisId: string): Promise<boolean> {
  const { rows } = await db.query('SELECT 1 FROM history WHERE user_id = $1 AND analysis_id = $2', [userId, analysisId]);
  return rows.length > 0;
}

/** Removes one entry from one user's history; the analysis stays (it may be in others' lists). */
export async function removeFromHistory(db: Queryable, userId: string, analysisId: string): Promise<boolean> {
  const { rowCount } = await db.query('DELETE FROM history WHERE user_id = $1 AND analysis_id = $2', [userId, analysisId]);
  return rowCount > 0;
}

/** `not_found` when there is no such analysis; bookmarking twice is not an error. */
export async function addBookmark(db: Queryable, userId: string, analysisId: string): Promise<'added' | 'exists' | 'not_found'> {
  const { rowCount } = await db.query(
    `INSERT INTO bookmarks (user_id, analysis_id)
     SELECT $1, analysis_id FROM analyses WHERE analysis_id = $2
     ON CONFLICT (user_id, analysis_id) DO NOTHING`,
    [userId, analysisId],
  );
  if (rowCount > 0) return 'added';
  const { rows } = await db.query('SELECT 1 FROM analyses WHERE analysis_id = $1', [analysisId]);
  return rows.length > 0 ? 'exists' : 'not_found';
}

export async function removeBookmark(db: Queryable, userId: string, analysisId: string): Promise<boolean> {
  const { rowCount } = await db.query('DELETE FROM bookmarks WHERE user_id = $1 AND analysis_id = $2', [userId, analysisId]);
  return rowCount > 0;
}

export interface PageOptions {
  limit: number;
  /** The `next_before` of the previous page. */
  before?: string;
}

type SummaryRow = {
  analysis_id: string;
  created_at: Date | string;
  input_type: string;
  input_payload: string;
  claim: string;
  label: AnalysisSummary['label'];
  confidence: number | string;
  headline: string | null;
  bookmarked_at: Date | string | null;
  cursor_micros: string;
};

/**
 * One page of `list` ('history' or 'bookmarks'), ordered by when the row was added. The
 * summary's `created_at` is the analysis's own; a bookmark's `bookmarked_at` is when it was saved.
 */
async function listPage(db: Queryable, list: 'history' | 'bookmarks', userId: string, options: PageOptions): Promise<AnalysisPage> {
  const cursor = options.before ? decodePageCursor(options.before) : undefined;
  const t = ident(list);
  const { rows } = await db.query<SummaryRow>(
    `SELECT a.analysis_id::text AS analysis_id, a.created_at, a.input_type, a.input_payload, a.claim, a.label,
            (a.result->>'confidence')::float8 AS confidence, a.result->>'headline' AS headline,
            b.created_at AS bookmarked_at,
            (extract(epoch FROM l.created_at) * 1000000)::bigint::text AS cursor_micros
       FROM ${t} l
       JOIN analyses a ON a.analysis_id = l.analysis_id
       LEFT JOIN bookmarks b ON b.user_id = l.user_id AND b.analysis_id = l.analysis_id
      WHERE l.user_id = $1
        AND ($2::bigint IS NULL OR (l.created_at, l.analysis_id) < (timestamptz 'epoch' + $2::bigint * interval '1 microsecond', $3::uuid))
      ORDER BY l.created_at DESC, l.analysis_id DESC
      LIMIT $4`,
    [userId, cursor?.micros ?? null, cursor?.id ?? null, options.limit + 1],
  );
  const more = rows.length > options.limit;
  const page = more ? rows.slice(0, options.limit) : rows;
  const items = page.map((r): AnalysisSummary => ({
    analysis_id: r.analysis_id,
    created_at: new Date(r.created_at).toISOString(),
    input_type: r.input_type,
    input_payload: r.input_payload,
    claim: r.claim,
    label: r.label,
    confidence: Number(r.confidence),
    headline: r.headline ?? '',
    bookmarked: r.bookmarked_at !== null,
    ...(list === 'bookmarks' && r.bookmarked_at !== null ? { bookmarked_at: new Date(r.bookmarked_at).toISOString() } : {}),
  }));
  const last = page.at(-1);
  return more && last ? { items, next_before: encodePageCursor({ micros: last.cursor_micros, id: last.analysis_id }) } : { items };
}

export const listHistory = (db: Queryable, userId: string, options: PageOptions) => listPage(db, 'history', userId, options);
export const listBookmarks = (db: Queryable, userId: string, options: PageOptions) => listPage(db, 'bookmarks', userId, options);
