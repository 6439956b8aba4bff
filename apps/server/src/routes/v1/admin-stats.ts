import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  AdminAnalysesQuery,
  AdminAnalysisPage,
  AdminChatReportList,
  AdminChatReportsQuery,
  AdminStats,
  AdminStatsQuery,
  ErrorResponse,
  OLALA_BOT,
  type AdminChatReport,
} from '@olala/contract';
import type { Queryable } from '@olala/core';
import { analysisStats, listRecentAnalyses } from '@olala/core/analyses';
import { commonErrors } from '../errors.js';

const adminErrors = { 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, ...commonErrors } as const;
const adminRoute = { config: { auth: 'admin' as const } };

type ReportRow = {
  message_id: string | number;
  issue_id: string;
  issue_title: string;
  user_id: string | null;
  nickname: string | null;
  content: string;
  created_at: Date | string;
  hidden: boolean;
  report_count: number;
  last_reported_at: Date | string;
  reasons: string[] | null;
};

/**
 * Reported chat messages, one row per message with its report count. The chat's own store
 * (packages/core/src/chat) has no admin listing; this reads its tables directly.
 */
async function listChatReports(
  db: Queryable,
  options: { status: 'open' | 'hidden' | 'all'; limit: number },
): Promise<AdminChatReport[]> {
  const { rows } = await db.query<ReportRow>(
    `SELECT m.message_id, m.issue_id::text AS issue_id, i.title AS issue_title, m.user_id::text AS user_id, u.nickname,
            m.content, m.created_at, m.hidden_at IS NOT NULL AS hidden,
            r.report_count, r.last_reported_at, r.reasons
       FROM (SELECT message_id, count(*)::int AS report_count, max(created_at) AS last_reported_at,
                    (array_agg(reason ORDER BY created_at DESC) FILTER (WHERE reason <> ''))[1:5] AS reasons
               FROM chat_reports GROUP BY message_id) r
       JOIN chat_messages m ON m.message_id = r.message_id
       JOIN issues i ON i.issue_id = m.issue_id
       LEFT JOIN users u ON u.user_id = m.user_id
      WHERE $1 = 'all' OR ($1 = 'hidden') = (m.hidden_at IS NOT NULL)
      ORDER BY r.last_reported_at DESC, m.message_id DESC
      LIMIT $2`,
    [options.status, options.limit],
  );
  return rows.map((r) => ({
    messageId: String(r.message_id),
    issueId: r.issue_id,
    issueTitle: r.issue_title,
    authorId: r.user_id,
    author: r.user_id === null ? OLALA_BOT.username : (r.nickname ?? ''),
    content: r.content,
    createdAt: new Date(r.created_at).toISOString(),
    hidden: r.hidden,
    reportCount: r.report_count,
    lastReportedAt: new Date(r.last_reported_at).toISOString(),
    reasons: r.reasons ?? [],
  }));
}

/**
 * The admin dashboard's routes: `GET /v1/admin/stats`, `/v1/admin/analyses` and
 * `/v1/admin/chat/reports`. Every one requires an admin's token (401 without a valid one, 403
 * for other users) and is never cached by a proxy.
 */
const adminStats: FastifyPluginAsyncTypebox = async (fastify) => {
  fastify.get(
    '/admin/stats',
    {
      ...adminRoute,
      schema: { tags: ['admin'], querystring: AdminStatsQuery, response: { 200: AdminStats, ...adminErrors } },
    },
    async (request, reply) =>
      reply
        .header('cache-control', 'no-store')
        .send(await analysisStats(fastify.db, { days: request.query.days ?? 7 })),
  );

  fastify.get(
    '/admin/analyses',
    {
      ...adminRoute,
      schema: {
        tags: ['admin'],
        querystring: AdminAnalysesQuery,
        response: { 200: AdminAnalysisPage, ...adminErrors },
      },
    },
    async (request, reply) =>
      reply
        .header('cache-control', 'no-store')
        .send(await listRecentAnalyses(fastify.db, { limit: request.query.limit ?? 30, before: request.query.before })),
  );

  fastify.get(
    '/admin/chat/reports',
    {
      ...adminRoute,
      schema: {
        tags: ['admin', 'chat'],
        querystring: AdminChatReportsQuery,
        response: { 200: AdminChatReportList, ...adminErrors },
      },
    },
    async (request, reply) =>
      reply.header('cache-control', 'no-store').send({
        items: await listChatReports(fastify.db, {
          status: request.query.status ?? 'open',
          limit: request.query.limit ?? 50,
        }),
      }),
  );
};

export default adminStats;
