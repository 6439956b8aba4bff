import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ErrorResponse, Issue, IssueIdParams, IssuePage, PageQuery } from '@olala/contract';
import { formatIssueSchemaErrors, getPublicIssue, listPublicIssues, todayIssue } from '@olala/core/issues';
import { commonErrors } from '../errors.js';

const NO_ISSUE_TODAY = '오늘의 이슈가 아직 없습니다.';

/** `GET /v1/issues/today`, `GET /v1/issues` (published, newest first, paged) and `GET /v1/issues/:id`. Public. */
const issues: FastifyPluginAsyncTypebox = async (fastify) => {
  fastify.get(
    '/issues/today',
    { schema: { tags: ['issues'], response: { 200: Issue, 404: ErrorResponse, ...commonErrors } } },
    async (_request, reply) => {
      const issue = await todayIssue(fastify.db);
      if (!issue) return reply.code(404).send({ code: 'NOT_FOUND', message: NO_ISSUE_TODAY });
      return issue;
    },
  );

  fastify.get(
    '/issues',
    {
      schemaErrorFormatter: formatIssueSchemaErrors,
      schema: { tags: ['issues'], querystring: PageQuery, response: { 200: IssuePage, 400: ErrorResponse, ...commonErrors } },
    },
    async (request) => listPublicIssues(fastify.db, { limit: request.query.limit ?? 30, before: request.query.before }),
  );

  fastify.get(
    '/issues/:id',
    {
      schemaErrorFormatter: formatIssueSchemaErrors,
      schema: { tags: ['issues'], params: IssueIdParams, response: { 200: Issue, 400: ErrorResponse, 404: ErrorResponse, ...commonErrors } },
    },
    async (request, reply) => {
      const issue = await getPublicIssue(fastify.db, request.params.id);
      if (!issue) return reply.code(404).send({ code: 'NOT_FOUND', message: `이슈를 찾을 수 없습니다: ${request.params.id}` });
      return issue;
    },
  );
};

export default issues;
