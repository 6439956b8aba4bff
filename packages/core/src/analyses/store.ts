import { createHash } from 'node:crypto';
import type { ModelInfo, StoredAnalysis, TruthCheckResponse } from '@olala/contract';
import type { Queryable } from '../db/types.js';

export interface AnalysisInput {
  input_type: 'text' | 'url' | 'image';
  input_payload: string;
  user_request?: string | null;
}

export interface NewAnalysis extends AnalysisInput {
  input_key: string;
  result: TruthCheckResponse;
  status: 'complete' | 'cancelled';
  streamed: boolean;
  cacheable: boolean;
}

/**
 * The cache key of an input: the same claim typed with other spacing, or the same URL, is the
 * same question; a change of models is not (their answer may differ).
 */
export function inputKey(input: AnalysisInput, models: readonly ModelInfo[]): string {
  const normalise = (s: string | null | undefined) => (s ?? '').normalize('NFC').replace(/\s+/g, ' ').trim();
  const payload = input.input_type === 'url' ? input.input_payload.trim() : normalise(input.input_payload);
  return createHash('sha256')
    .update(
      JSON.stringify([
        input.input_type,
        payload,
        normalise(input.user_request),
        models.map((m) => `${m.provider}/${m.model}`),
      ]),
    )
    .digest('hex');
}

const INSERT_COLUMNS = `analysis_id, created_at, input_type, input_payload, user_request, input_key, claim, label,
       confidence, status, streamed, cacheable, latency_ms, result`;

const values = (a: NewAnalysis) => {
  const r = a.result;
  return [
    r.analysis_id,
    r.created_at,
    a.input_type,
    a.input_payload,
    a.user_request ?? null,
    a.input_key,
    r.claim,
    r.label,
    r.confidence,
    a.status,
    a.streamed,
    a.cacheable,
    Math.round(r.latency_ms),
    JSON.stringify(r),
  ];
};

/**
 * Stores a run. The result (with its model_info and stages) is stored once, in `result`; the
 * searched and counted fields beside it are columns of their own.
 */
export async function saveAnalysis(db: Queryable, a: NewAnalysis): Promise<void> {
  await db.query(
    `INSERT INTO analyses (${INSERT_COLUMNS})
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
    values(a),
  );
}

/**
 * The insert of `runs` as rows of uncast parameters, numbered from `$${first}`, typed by the
 * columns as a single row's are: PGlite took 1.60 CPU-ms for an article's five rows this way
 * against 1.96 through unnest of 14 cast arrays (bench/README.md, "Articles").
 */
export function analysesInsert(runs: readonly NewAnalysis[], first = 1): { sql: string; params: unknown[] } {
  const params = runs.flatMap(values);
  const width = params.length / Math.max(1, runs.length);
  const rows = runs.map(
    (_, r) => `(${Array.from({ length: width }, (_, c) => `$${first + r * width + c}`).join(', ')})`,
  );
  return { sql: `INSERT INTO analyses (${INSERT_COLUMNS}) VALUES ${rows.join(', ')}`, params };
}

/**
 * Several runs in one statement (one round trip, one commit), each row as `saveAnalysis` stores
 * it. The statement is all or nothing, so when it fails each run is stored again alone: a row
 * that cannot be stored fails by itself and the others are kept. A batch is at most 100 runs
 * (1,400 parameters); more than a statement may bind (65,535) are stored one by one.
 */
export async function saveAnalyses(db: Queryable, runs: readonly NewAnalysis[]): Promise<PromiseSettledResult<void>[]> {
  const alone = () => Promise.allSettled(runs.map((a) => saveAnalysis(db, a)));
  if (runs.length < 2) return alone();
  const insert = analysesInsert(runs);
  if (insert.params.length > 65_535) return alone();
  try {
    await db.query(insert.sql, insert.params);
  } catch {
    return alone();
  }
  return runs.map(() => ({ status: 'fulfilled', value: undefined }));
}

type AnalysisRow = {
  analysis_id: string;
  input_type: string;
  input_payload: string;
  user_request: string | null;
  claim: string;
  label: StoredAnalysis['label'];
  streamed: boolean;
  created_at: Date | string;
  result: TruthCheckResponse | string;
};

function toStored(row: AnalysisRow): StoredAnalysis {
  const result = typeof row.result === 'string' ? (JSON.parse(row.result) as TruthCheckResponse) : row.result;
  return {
    analysis_id: row.analysis_id,
    input_type: row.input_type,
    input_payload: row.input_payload,
    user_request: row.user_request,
    claim: row.claim,
    label: row.label,
    streamed: row.streamed,
    created_at: new Date(row.created_at).toISOString(),
    result,
  };
}

const COLUMNS =
  'analysis_id::text AS analysis_id, input_type, input_payload, user_request, claim, label, streamed, created_at, result';

export async function getAnalysis(db: Queryable, id: string): Promise<StoredAnalysis | undefined> {
  const { rows } = await db.query<AnalysisRow>(`SELECT ${COLUMNS} FROM analyses WHERE analysis_id = $1`, [id]);
  return rows[0] && toStored(rows[0]);
}

/** The newest complete, cacheable run of the same input younger than `maxAgeMs`. */
export async function findRecentAnalysis(
  db: Queryable,
  key: string,
  maxAgeMs: number,
  now = new Date(),
): Promise<StoredAnalysis | undefined> {
  const since = new Date(now.getTime() - maxAgeMs).toISOString();
  const { rows } = await db.query<AnalysisRow>(
    `SELECT ${COLUMNS} FROM analyses
      WHERE input_key = $1 AND status = 'complete' AND cacheable AND created_at >= $2
      ORDER BY created_at DESC LIMIT 1`,
    [key, since],
  );
  return rows[0] && toStored(rows[0]);
}
