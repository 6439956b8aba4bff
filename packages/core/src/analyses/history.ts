import type { AnalysisSummary, ArticleListItem, ArticleSummary, HistoryItem, HistoryPage } from '@olala/contract';
import { truncate } from '@olala/contract/text-tools';
import { ident, type Queryable } from '../db/types.js';
import { decodePageCursor, encodePageCursor } from '../db/page-cursor.js';

/**
 * Each user's History (every check they made, cache hits included, and every article they had
 * checked) and Bookmarks. Both are lists of references — to `analyses` (history, bookmarks) and
 * to `articles` (article_history, article_bookmarks) — read together, newest first, paged with
 * an opaque cursor.
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
  const { rows } = await db.query('SELECT 1 FROM history WHERE user_id = $1 AND analysis_id = $2', [
    userId,
    analysisId,
  ]);
  return rows.length > 0;
}

/** Adds an article run to the user's history (or moves it to the top), like `recordHistory`. */
export async function recordArticleHistory(db: Queryable, userId: string, articleId: string): Promise<void> {
  await db.query(
    `INSERT INTO article_history (user_id, article_id) VALUES ($1, $2)
     ON CONFLICT (user_id, article_id) DO UPDATE SET created_at = excluded.created_at`,
    [userId, articleId],
  );
}

/**
 * Removes one entry from one user's history — a check or an article run, whichever the id
 * names (both are random UUIDs); the run stays (it may be in others' lists).
 */
export async function removeFromHistory(db: Queryable, userId: string, id: string): Promise<boolean> {
  const a = await db.query('DELETE FROM history WHERE user_id = $1 AND analysis_id = $2', [userId, id]);
  const b = await db.query('DELETE FROM article_history WHERE user_id = $1 AND article_id = $2', [userId, id]);
  return a.rowCount + b.rowCount > 0;
}

/** A check or an article run; `not_found` when there is no such run; bookmarking twice is not an error. */
export async function addBookmark(
  db: Queryable,
  userId: string,
  id: string,
): Promise<'added' | 'exists' | 'not_found'> {
  for (const [list, runs, key] of [
    ['bookmarks', 'analyses', 'analysis_id'],
    ['article_bookmarks', 'articles', 'article_id'],
  ] as const) {
    const { rowCount } = await db.query(
      `INSERT INTO ${ident(list)} (user_id, ${ident(key)})
       SELECT $1, ${ident(key)} FROM ${ident(runs)} WHERE ${ident(key)} = $2
       ON CONFLICT (user_id, ${ident(key)}) DO NOTHING`,
      [userId, id],
    );
    if (rowCount > 0) return 'added';
    const { rows } = await db.query(`SELECT 1 FROM ${ident(runs)} WHERE ${ident(key)} = $1`, [id]);
    if (rows.length > 0) return 'exists';
  }
  return 'not_found';
}

export async function removeBookmark(db: Queryable, userId: string, id: string): Promise<boolean> {
  const a = await db.query('DELETE FROM bookmarks WHERE user_id = $1 AND analysis_id = $2', [userId, id]);
  const b = await db.query('DELETE FROM article_bookmarks WHERE user_id = $1 AND article_id = $2', [userId, id]);
  return a.rowCount + b.rowCount > 0;
}

export interface PageOptions {
  limit: number;
  /** The `next_before` of the previous page. */
  before?: string;
}

type Row = {
  kind: 'truth' | 'article';
  id: string;
  created_at: Date | string;
  input_type: string;
  bookmarked_at: Date | string | null;
  cursor_micros: string;
  // Checks:
  input_payload: string | null;
  claim: string | null;
  label: AnalysisSummary['label'] | null;
  confidence: number | string | null;
  headline: string | null;
  // Article runs:
  title: string | null;
  text_start: string | null;
  url: string | null;
  summary: ArticleSummary | string | null;
};

/** The tables of each list: checks and article runs are listed together, by when they were added. */
const LISTS = {
  history: { checks: 'history', articles: 'article_history' },
  bookmarks: { checks: 'bookmarks', articles: 'article_bookmarks' },
} as const;

/** A text pasted without a headline is named by its first line. */
const TITLE_CHARS = 80;
const articleTitle = (title: string, textStart: string) =>
  title.trim() || truncate(textStart.trim().split('\n')[0]?.trim() ?? '', TITLE_CHARS);

/**
 * One page of `list` ('history' or 'bookmarks'), checks and article runs together, ordered by
 * when the row was added. An entry's `created_at` is the run's own; a bookmark's
 * `bookmarked_at` is when it was saved. Both halves take the cursor and the limit, so each
 * reads only its own index's first rows.
 */
async function listPage(
  db: Queryable,
  list: keyof typeof LISTS,
  userId: string,
  options: PageOptions,
): Promise<HistoryPage> {
  const cursor = options.before ? decodePageCursor(options.before) : undefined;
  const checks = ident(LISTS[list].checks);
  const articles = ident(LISTS[list].articles);
  const after = (key: string) =>
    `($2::bigint IS NULL OR (l.created_at, l.${key}) < (timestamptz 'epoch' + $2::bigint * interval '1 microsecond', $3::uuid))`;
  const { rows } = await db.query<Row>(
    `SELECT kind, id::text AS id, created_at, input_type, bookmarked_at,
            (extract(epoch FROM listed_at) * 1000000)::bigint::text AS cursor_micros,
            input_payload, claim, label, confidence, headline, title, text_start, url, summary
       FROM ((SELECT 'truth' AS kind, a.analysis_id AS id, l.created_at AS listed_at, a.created_at, a.input_type, b.created_at AS bookmarked_at,
                     a.input_payload, a.claim, a.label, (a.result->>'confidence')::float8 AS confidence, a.result->>'headline' AS headline,
                     NULL::text AS title, NULL::text AS text_start, NULL::text AS url, NULL::jsonb AS summary
                FROM ${checks} l
                JOIN analyses a ON a.analysis_id = l.analysis_id
                LEFT JOIN bookmarks b ON b.user_id = l.user_id AND b.analysis_id = l.analysis_id
               WHERE l.user_id = $1 AND ${after('analysis_id')}
               ORDER BY l.created_at DESC, l.analysis_id DESC
               LIMIT $4)
             UNION ALL
             (SELECT 'article', r.article_id, l.created_at, r.created_at, r.input_type, b.created_at,
                     NULL, NULL, NULL, NULL, NULL,
                     r.title, left(r.text, $5), r.url, r.summary
                FROM ${articles} l
                JOIN articles r ON r.article_id = l.article_id
                LEFT JOIN article_bookmarks b ON b.user_id = l.user_id AND b.article_id = l.article_id
               WHERE l.user_id = $1 AND ${after('article_id')}
               ORDER BY l.created_at DESC, l.article_id DESC
               LIMIT $4)) entries
      ORDER BY listed_at DESC, id DESC
      LIMIT $4`,
    [userId, cursor?.micros ?? null, cursor?.id ?? null, options.limit + 1, TITLE_CHARS * 2],
  );
  const more = rows.length > options.limit;
  const page = more ? rows.slice(0, options.limit) : rows;
  const items = page.map((r): HistoryItem => {
    const common = {
      created_at: new Date(r.created_at).toISOString(),
      bookmarked: r.bookmarked_at !== null,
      ...(list === 'bookmarks' && r.bookmarked_at !== null
        ? { bookmarked_at: new Date(r.bookmarked_at).toISOString() }
        : {}),
    };
    if (r.kind === 'article') {
      const summary = typeof r.summary === 'string' ? (JSON.parse(r.summary) as ArticleSummary) : r.summary!;
      return {
        kind: 'article',
        article_id: r.id,
        input_type: r.input_type as ArticleListItem['input_type'],
        title: articleTitle(r.title ?? '', r.text_start ?? ''),
        url: r.url,
        counts: summary.counts,
        failed: summary.failed,
        ...common,
      };
    }
    return {
      kind: 'truth',
      analysis_id: r.id,
      input_type: r.input_type,
      input_payload: r.input_payload ?? '',
      claim: r.claim ?? '',
      label: r.label!,
      confidence: Number(r.confidence),
      headline: r.headline ?? '',
      ...common,
    };
  });
  const last = page.at(-1);
  return more && last
    ? { items, next_before: encodePageCursor({ micros: last.cursor_micros, id: last.id }) }
    : { items };
}

export const listHistory = (db: Queryable, userId: string, options: PageOptions) =>
  listPage(db, 'history', userId, options);
export const listBookmarks = (db: Queryable, userId: string, options: PageOptions) =>
  listPage(db, 'bookmarks', userId, options);
