import { Type, type Static } from 'typebox';
import { Line } from './text.js';
import { VERDICT_LABELS } from './truth.js';

/**
 * The admin dashboard's own routes (admins only): figures computed from the stored analyses,
 * the newest analyses of every user, and the reported chat messages. Wiki status, issues and
 * hiding a chat message have their own routes (`/api/wiki/status`, `/v1/admin/issues…`,
 * `/v1/admin/chat/messages/:id/hide`).
 */

/** `GET /v1/admin/stats?days=7`: today in Korea and the days before it. */
export const AdminStatsQuery = Type.Object({
  days: Type.Optional(Type.Integer({ minimum: 1, maximum: 90, default: 7 })),
});
export type AdminStatsQuery = Static<typeof AdminStatsQuery>;

const Ms = Type.Union([Type.Number(), Type.Null()]);

/** One pipeline stage over the window's complete runs; `skipped` entries have no timing. */
export const StageStat = Type.Object({
  stage: Type.String(),
  /** Runs in which the stage ran (not skipped). */
  runs: Type.Integer({ minimum: 0 }),
  skipped: Type.Integer({ minimum: 0 }),
  failed: Type.Integer({ minimum: 0 }),
  timeout: Type.Integer({ minimum: 0 }),
  /** (failed + timeout) / runs; 0 with no runs. */
  error_rate: Type.Number({ minimum: 0, maximum: 1 }),
  /** Continuous percentiles (PostgreSQL's percentile_cont); null with no runs. */
  p50_ms: Ms,
  p95_ms: Ms,
});
export type StageStat = Static<typeof StageStat>;

const LabelCounts = Type.Object(
  Object.fromEntries(VERDICT_LABELS.map((l) => [l, Type.Integer({ minimum: 0 })])) as Record<
    (typeof VERDICT_LABELS)[number],
    ReturnType<typeof Type.Integer>
  >,
);

export const AdminStatsDay = Type.Object({
  /** `YYYY-MM-DD` in Korea. */
  day: Type.String(),
  /** Every stored run of the day, cancelled ones included. */
  runs: Type.Integer({ minimum: 0 }),
  cancelled: Type.Integer({ minimum: 0 }),
  /** Verdicts of the day's complete runs. */
  labels: LabelCounts,
});
export type AdminStatsDay = Static<typeof AdminStatsDay>;

export const AdminStats = Type.Object({
  days: Type.Integer(),
  time_zone: Type.String(),
  from_day: Type.String(),
  to_day: Type.String(),
  generated_at: Type.String({ format: 'date-time' }),
  /**
   * Stored runs in the window. Answers served from the result cache are not stored again, so
   * they are not counted here (`/metrics` counts them per process: `olala_verdicts_total{cached="true"}`).
   */
  runs: Type.Integer({ minimum: 0 }),
  complete: Type.Integer({ minimum: 0 }),
  /** The client left before the end. */
  cancelled: Type.Integer({ minimum: 0 }),
  /** Asked over the streaming routes. */
  streamed: Type.Integer({ minimum: 0 }),
  /** Complete but built from a failed or timed-out stage: stored, never served from the cache. */
  degraded: Type.Integer({ minimum: 0 }),
  /** Whole-run latency of complete runs. */
  latency: Type.Object({ p50_ms: Ms, p95_ms: Ms }),
  /** In pipeline order. */
  stages: Type.Array(StageStat),
  /** Oldest first, one entry per day of the window (zeros included). */
  per_day: Type.Array(AdminStatsDay),
  /** Most frequent first. */
  top_flags: Type.Array(Type.Object({ flag: Type.String(), count: Type.Integer({ minimum: 1 }) })),
});
export type AdminStats = Static<typeof AdminStats>;

/** `GET /v1/admin/analyses?limit&before`. */
export const AdminAnalysesQuery = Type.Object({
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 30 })),
  /** The `next_before` of the previous page. */
  before: Type.Optional(Line({ maxLength: 100 })),
});
export type AdminAnalysesQuery = Static<typeof AdminAnalysesQuery>;

export const AdminAnalysis = Type.Object({
  analysis_id: Type.String(),
  created_at: Type.String({ format: 'date-time' }),
  claim: Type.String(),
  label: Type.Enum([...VERDICT_LABELS]),
  confidence: Type.Number(),
  risk_flags: Type.Array(Type.String()),
  latency_ms: Type.Integer(),
  streamed: Type.Boolean(),
  status: Type.Enum(['complete', 'cancelled']),
});
export type AdminAnalysis = Static<typeof AdminAnalysis>;

export const AdminAnalysisPage = Type.Object({
  items: Type.Array(AdminAnalysis),
  next_before: Type.Optional(Type.String()),
});
export type AdminAnalysisPage = Static<typeof AdminAnalysisPage>;

/** `GET /v1/admin/chat/reports?status=open&limit=50`: reported messages, latest report first. */
export const AdminChatReportsQuery = Type.Object({
  /** `open`: still visible (default); `hidden`: already hidden; `all`. */
  status: Type.Optional(Type.Enum(['open', 'hidden', 'all'], { default: 'open' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
});
export type AdminChatReportsQuery = Static<typeof AdminChatReportsQuery>;

export const AdminChatReport = Type.Object({
  /** The message's id: hide it with `POST /v1/admin/chat/messages/:id/hide`. */
  messageId: Type.String(),
  issueId: Type.String(),
  issueTitle: Type.String(),
  /** null for 올라's own messages. */
  authorId: Type.Union([Type.String(), Type.Null()]),
  author: Type.String(),
  content: Type.String(),
  createdAt: Type.String({ format: 'date-time' }),
  hidden: Type.Boolean(),
  reportCount: Type.Integer({ minimum: 1 }),
  lastReportedAt: Type.String({ format: 'date-time' }),
  /** The non-empty reasons given, newest first (at most five). */
  reasons: Type.Array(Type.String()),
});
export type AdminChatReport = Static<typeof AdminChatReport>;

export const AdminChatReportList = Type.Object({ items: Type.Array(AdminChatReport) });
export type AdminChatReportList = Static<typeof AdminChatReportList>;
