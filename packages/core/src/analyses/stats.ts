import {
  STAGE_NAMES,
  VERDICT_LABELS,
  type AdminAnalysis,
  type AdminAnalysisPage,
  type AdminStats,
  type StageStat,
  type VerdictLabel,
} from '@olala/contract';
import { decodePageCursor, encodePageCursor } from '../db/page-cursor.js';
import type { Queryable } from '../db/types.js';
import { UserError } from '../errors.js';

/**
 * What the admin dashboard shows, computed from the `analyses` table on demand. Nothing here is
 * kept in process memory (the predecessor's metrics were), so every server process answers the
 * same and a restart loses nothing.
 *
 * Latency and stage figures count complete runs only: a cancelled run's time is how long the
 * client waited before leaving, and its aborted stages are not failures of the pipeline.
 */

/** The dashboard's days are days in Korea, whatever time zone the server or database runs in. */
export const STATS_TIME_ZONE = 'Asia/Seoul';

export interface StatsOptions {
  /** Today and the `days - 1` days before it (Korean days). */
  days: number;
  /** Pins the clock in tests. */
  now?: Date;
  /** How many risk flags to list. */
  topFlags?: number;
}

/** `YYYY-MM-DD` of `date` in Korea. */
export function seoulDay(date: Date): string {
  // en-CA formats as YYYY-MM-DD.
  return new Intl.DateTimeFormat('en-CA', {
    timeZone: STATS_TIME_ZONE,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(date);
}

/** The `days` Korean days ending with today's, oldest first. */
export function seoulDays(now: Date, days: number): string[] {
  const today = seoulDay(now);
  const out: string[] = [];
  for (let i = days - 1; i >= 0; i--) {
    // Noon UTC of a calendar date never crosses a day boundary when shifted by whole days.
    const d = new Date(`${today}T12:00:00Z`);
    d.setUTCDate(d.getUTCDate() - i);
    out.push(d.toISOString().slice(0, 10));
  }
  return out;
}

const num = (v: number | string | null): number | null => (v === null ? null : Number(v));
const round1 = (v: number | null) => (v === null ? null : Math.round(v * 10) / 10);

export async function analysisStats(db: Queryable, options: StatsOptions): Promise<AdminStats> {
  if (!Number.isInteger(options.days) || options.days < 1 || options.days > 90)
    throw new UserError(`days: 1에서 90 사이의 정수여야 합니다: ${options.days}`);
  const now = options.now ?? new Date();
  const dayList = seoulDays(now, options.days);
  const first = dayList[0]!;
  // The window is [midnight of the first day in Korea, now]; the bounds are computed in SQL so
  // that both back ends agree on the zone's rules.
  const window = [first, STATS_TIME_ZONE, now.toISOString()];
  const inWindow = `created_at >= ($1::date::timestamp AT TIME ZONE $2) AND created_at <= $3::timestamptz`;

  const [totals, stages, perDay, flags] = await Promise.all([
    db.query<{
      runs: number;
      complete: number;
      cancelled: number;
      streamed: number;
      degraded: number;
      p50: number | string | null;
      p95: number | string | null;
    }>(
      `SELECT count(*)::int AS runs,
              count(*) FILTER (WHERE status = 'complete')::int AS complete,
              count(*) FILTER (WHERE status = 'cancelled')::int AS cancelled,
              count(*) FILTER (WHERE streamed)::int AS streamed,
              count(*) FILTER (WHERE status = 'complete' AND NOT cacheable)::int AS degraded,
              percentile_cont(0.5) WITHIN GROUP (ORDER BY latency_ms) FILTER (WHERE status = 'complete') AS p50,
              percentile_cont(0.95) WITHIN GROUP (ORDER BY latency_ms) FILTER (WHERE status = 'complete') AS p95
         FROM analyses WHERE ${inWindow}`,
      window,
    ),
    db.query<{
      stage: string;
      runs: number;
      skipped: number;
      failed: number;
      timeout: number;
      p50: number | string | null;
      p95: number | string | null;
    }>(
      `SELECT s->>'stage' AS stage,
              count(*) FILTER (WHERE s->>'status' <> 'skipped')::int AS runs,
              count(*) FILTER (WHERE s->>'status' = 'skipped')::int AS skipped,
              count(*) FILTER (WHERE s->>'status' = 'failed')::int AS failed,
              count(*) FILTER (WHERE s->>'status' = 'timeout')::int AS timeout,
              percentile_cont(0.5) WITHIN GROUP (ORDER BY (s->>'ms')::float8) FILTER (WHERE s->>'status' <> 'skipped') AS p50,
              percentile_cont(0.95) WITHIN GROUP (ORDER BY (s->>'ms')::float8) FILTER (WHERE s->>'status' <> 'skipped') AS p95
         FROM analyses, jsonb_array_elements(CASE WHEN jsonb_typeof(result->'stages') = 'array' THEN result->'stages' ELSE '[]'::jsonb END) AS s
        WHERE ${inWindow} AND status = 'complete'
        GROUP BY 1`,
      window,
    ),
    db.query<{ day: string; label: VerdictLabel; runs: number; cancelled: number }>(
      `SELECT to_char(created_at AT TIME ZONE $2, 'YYYY-MM-DD') AS day, label,
              count(*)::int AS runs, count(*) FILTER (WHERE status = 'cancelled')::int AS cancelled
         FROM analyses WHERE ${inWindow}
        GROUP BY 1, 2`,
      window,
    ),
    db.query<{ flag: string; count: number }>(
      `SELECT f AS flag, count(*)::int AS count
         FROM analyses, jsonb_array_elements_text(CASE WHEN jsonb_typeof(result->'risk_flags') = 'array' THEN result->'risk_flags' ELSE '[]'::jsonb END) AS f
        WHERE ${inWindow}
        GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT $4`,
      [...window, options.topFlags ?? 10],
    ),
  ]);

  const t = totals.rows[0]!;
  const byStage = new Map(stages.rows.map((r) => [r.stage, r]));
  // The pipeline's order first, then any name an older or newer release stored.
  const names = [
    ...STAGE_NAMES,
    ...[...byStage.keys()].filter((s) => !(STAGE_NAMES as readonly string[]).includes(s)).sort(),
  ];
  const stageStats: StageStat[] = names
    .filter((s) => byStage.has(s))
    .map((s) => {
      const r = byStage.get(s)!;
      const errors = r.failed + r.timeout;
      return {
        stage: s,
        runs: r.runs,
        skipped: r.skipped,
        failed: r.failed,
        timeout: r.timeout,
        error_rate: r.runs > 0 ? errors / r.runs : 0,
        p50_ms: round1(num(r.p50)),
        p95_ms: round1(num(r.p95)),
      };
    });

  const emptyLabels = () => Object.fromEntries(VERDICT_LABELS.map((l) => [l, 0])) as Record<VerdictLabel, number>;
  const days = new Map(dayList.map((day) => [day, { day, runs: 0, cancelled: 0, labels: emptyLabels() }]));
  for (const r of perDay.rows) {
    const d = days.get(r.day);
    // A run stamped after `now` by a skewed clock, or on a day outside the list, is not drawn.
    if (!d) continue;
    d.runs += r.runs;
    d.cancelled += r.cancelled;
    d.labels[r.label] += r.runs - r.cancelled;
  }

  return {
    days: options.days,
    time_zone: STATS_TIME_ZONE,
    from_day: first,
    to_day: dayList.at(-1)!,
    generated_at: now.toISOString(),
    runs: t.runs,
    complete: t.complete,
    cancelled: t.cancelled,
    streamed: t.streamed,
    degraded: t.degraded,
    latency: { p50_ms: round1(num(t.p50)), p95_ms: round1(num(t.p95)) },
    stages: stageStats,
    per_day: [...days.values()],
    top_flags: flags.rows,
  };
}

export interface RecentOptions {
  limit: number;
  /** The `next_before` of the previous page. */
  before?: string;
}

type RecentRow = {
  analysis_id: string;
  created_at: Date | string;
  claim: string;
  label: VerdictLabel;
  confidence: number | string;
  risk_flags: unknown;
  latency_ms: number;
  streamed: boolean;
  status: 'complete' | 'cancelled';
  cursor_micros: string;
};

/** The newest analyses first, every user's (the admin's list), paged like History. */
export async function listRecentAnalyses(db: Queryable, options: RecentOptions): Promise<AdminAnalysisPage> {
  const cursor = options.before ? decodePageCursor(options.before) : undefined;
  const { rows } = await db.query<RecentRow>(
    `SELECT analysis_id::text AS analysis_id, created_at, claim, label, confidence, result->'risk_flags' AS risk_flags,
            latency_ms, streamed, status, (extract(epoch FROM created_at) * 1000000)::bigint::text AS cursor_micros
       FROM analyses
      WHERE $1::bigint IS NULL OR (created_at, analysis_id) < (timestamptz 'epoch' + $1::bigint * interval '1 microsecond', $2::uuid)
      ORDER BY created_at DESC, analysis_id DESC
      LIMIT $3`,
    [cursor?.micros ?? null, cursor?.id ?? null, options.limit + 1],
  );
  const more = rows.length > options.limit;
  const page = more ? rows.slice(0, options.limit) : rows;
  const items = page.map((r): AdminAnalysis => ({
    analysis_id: r.analysis_id,
    created_at: new Date(r.created_at).toISOString(),
    claim: r.claim,
    label: r.label,
    confidence: Number(r.confidence),
    risk_flags: Array.isArray(r.risk_flags) ? r.risk_flags.filter((f): f is string => typeof f === 'string') : [],
    latency_ms: r.latency_ms,
    streamed: r.streamed,
    status: r.status,
  }));
  const last = page.at(-1);
  return more && last
    ? { items, next_before: encodePageCursor({ micros: last.cursor_micros, id: last.analysis_id }) }
    : { items };
}
