import type {
  ArticleCheckRequest,
  ArticleCheckResponse,
  ArticleClaim,
  ArticleSkipped,
  ArticleSummary,
  ErrorResponse,
  ModelInfo,
  OcrView,
  TruthCheckResponse,
} from '@olala/contract';
import { recordArticleHistory } from '../analyses/history.js';
import { analysesInsert, saveAnalysis, type NewAnalysis } from '../analyses/store.js';
import type { Db, Queryable } from '../db/types.js';

export interface NewArticle {
  response: ArticleCheckResponse;
  input_type: ArticleCheckRequest['input_type'];
  streamed: boolean;
  /** Whose History gets the run (signed-in requests); a cancelled run joins none. */
  userId?: string;
  /**
   * The claims' runs not stored yet (`claimGroup`'s `keepRuns`: no one heard of a claim before
   * the article ended), stored in the article's own statement.
   */
  runs?: readonly NewAnalysis[];
}

/** A claim whose check answered but whose run could not be stored: read back, it has no result. */
export const CLAIM_NOT_STORED: ErrorResponse = {
  code: 'NOT_STORED',
  message: '이 주장의 검증 결과를 저장하지 못해 다시 불러올 수 없습니다.',
};

/** The run a claim's stored entry refers to: none when its check could not store it. */
const storedRun = (c: ArticleClaim) =>
  c.result && !c.result.risk_flags.includes('PERSISTENCE_FAILED') ? c.result.analysis_id : null;

/**
 * The article, its claims and its History entry. The claims' results are not copied: each is
 * the `analyses` row its check stored (or was served from), referenced by id. A claim whose row
 * is missing is stored with `CLAIM_NOT_STORED` instead of a reference to nothing, which would
 * refuse the whole article. The article, its claims and the runs it carries are one statement
 * (all or nothing, one round trip whatever the article's length); a History entry joins them in
 * a transaction. When that statement fails, each run is stored alone (so one that cannot be fails
 * by itself, as in `saveAnalyses`), a claim whose run was not stored says so, and the article is
 * tried once more without them.
 */
export async function saveArticle(db: Db, a: NewArticle): Promise<void> {
  const runs = a.runs ?? [];
  try {
    await storeArticle(db, a, runs);
  } catch (err) {
    if (runs.length === 0) throw err;
    const stored = await Promise.allSettled(runs.map((run) => saveAnalysis(db, run)));
    stored.forEach((outcome, i) => {
      const result = runs[i]!.result;
      if (outcome.status === 'rejected') result.risk_flags = [...result.risk_flags, 'PERSISTENCE_FAILED'];
    });
    await storeArticle(db, a, []);
  }
}

async function storeArticle(db: Db, a: NewArticle, runs: readonly NewAnalysis[]): Promise<void> {
  const history = a.userId && a.response.status === 'complete' ? a.userId : undefined;
  if (!history) return insertArticle(db, a.response, a, runs);
  await db.transaction(async (tx) => {
    await insertArticle(tx, a.response, a, runs);
    await recordArticleHistory(tx, history, a.response.article_id);
  });
}

async function insertArticle(
  db: Queryable,
  r: ArticleCheckResponse,
  a: NewArticle,
  runs: readonly NewAnalysis[],
): Promise<void> {
  const params: unknown[] = [
    r.article_id,
    r.created_at,
    a.input_type,
    r.article.title,
    r.article.url,
    r.article.published_at,
    r.article.text,
    r.status,
    a.streamed,
    r.summary.decomposition,
    Math.round(r.latency_ms),
    JSON.stringify(r.model_info),
    JSON.stringify(r.skipped),
    JSON.stringify(r.summary),
    r.ocr ? JSON.stringify(r.ocr) : null,
  ];
  const article = `INSERT INTO articles (article_id, created_at, input_type, title, url, published_at, text, status, streamed,
       decomposition, latency_ms, model_info, skipped, summary, ocr)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)`;
  if (r.claims.length === 0) {
    await db.query(article, params);
    return;
  }
  // The claims as rows of uncast parameters, typed by their columns (an unnest of nine cast
  // arrays cost PGlite more, as the analyses' insert did: analyses/store.ts). The article's insert
  // is a CTE of the same statement: the claims' foreign key is checked at the statement's end.
  const rows = r.claims.map((c, position) => {
    const error = c.error ?? (c.result && !storedRun(c) ? CLAIM_NOT_STORED : undefined);
    const at = params.length;
    params.push(
      c.id,
      position,
      c.text,
      JSON.stringify(c.spans),
      c.checkworthiness,
      c.type,
      c.main,
      storedRun(c),
      error ? JSON.stringify(error) : null,
    );
    return `($1, ${Array.from({ length: 9 }, (_, i) => `$${at + i + 1}`).join(', ')})`;
  });
  // The runs are a CTE too: the claims' references to them are checked at the statement's end.
  const stored = runs.length > 0 ? analysesInsert(runs, params.length + 1) : undefined;
  if (stored) params.push(...stored.params);
  await db.query(
    `WITH ${stored ? `runs AS (${stored.sql}), ` : ''}article AS (${article})
     INSERT INTO article_claims (article_id, claim_id, position, text, spans, checkworthiness, type, main, analysis_id, error)
     VALUES ${rows.join(', ')}`,
    params,
  );
}

type Json<T> = T | string;
const parsed = <T>(v: Json<T>): T => (typeof v === 'string' ? (JSON.parse(v) as T) : v);
const iso = (v: Date | string | null) => (v === null ? null : new Date(v).toISOString());

interface ArticleRow {
  article_id: string;
  created_at: Date | string;
  title: string;
  url: string | null;
  published_at: Date | string | null;
  text: string;
  status: ArticleCheckResponse['status'];
  latency_ms: number;
  model_info: Json<ModelInfo>;
  skipped: Json<ArticleSkipped[]>;
  summary: Json<ArticleSummary>;
  ocr: Json<OcrView> | null;
}

interface ClaimRow {
  claim_id: string;
  text: string;
  spans: Json<ArticleClaim['spans']>;
  checkworthiness: number;
  type: ArticleClaim['type'];
  main: boolean;
  error: Json<ArticleClaim['error']> | null;
  result: Json<TruthCheckResponse> | null;
}

/** A stored article run as the API returns it, each claim with its check's stored result. */
export async function getArticle(db: Queryable, id: string): Promise<ArticleCheckResponse | undefined> {
  const { rows } = await db.query<ArticleRow & Record<string, unknown>>(
    `SELECT article_id::text AS article_id, created_at, title, url, published_at, text, status, latency_ms, model_info, skipped, summary, ocr
       FROM articles WHERE article_id = $1`,
    [id],
  );
  const a = rows[0];
  if (!a) return undefined;
  const claims = await db.query<ClaimRow & Record<string, unknown>>(
    `SELECT c.claim_id, c.text, c.spans, c.checkworthiness, c.type, c.main, c.error, an.result
       FROM article_claims c LEFT JOIN analyses an ON an.analysis_id = c.analysis_id
      WHERE c.article_id = $1 ORDER BY c.position`,
    [id],
  );
  return {
    article_id: a.article_id,
    created_at: iso(a.created_at)!,
    status: a.status,
    latency_ms: a.latency_ms,
    model_info: parsed(a.model_info),
    article: { title: a.title, url: a.url, published_at: iso(a.published_at), text: a.text },
    claims: claims.rows.map((c) => {
      const error = c.error === null ? undefined : parsed(c.error);
      return {
        id: c.claim_id,
        text: c.text,
        spans: parsed(c.spans),
        checkworthiness: Math.round(c.checkworthiness * 100) / 100,
        type: c.type,
        main: c.main,
        result: c.result === null ? null : parsed(c.result),
        ...(error ? { error } : {}),
      };
    }),
    skipped: parsed(a.skipped),
    summary: parsed(a.summary),
    ...(a.ocr === null ? {} : { ocr: parsed(a.ocr) }),
  };
}
