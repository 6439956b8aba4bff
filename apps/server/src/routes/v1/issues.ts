import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ErrorResponse, Issue, IssuePage, PageQuery } from '@olala/contract';
import { getPublicIssue, listPublicIssues, todayIssue } from '@olala/core/issues';
import { commonErrors, notFound } from '../errors.js';
import { uuidParams } from '../schemas.js';

/** `GET /v1/issues/today`, `GET /v1/issues` (published, newest first, paged) and `GET /v1/issues/:id`. Public. */
const issues: FastifyPluginAsyncTypebox = async (fastify) => {
  fastify.get(
    '/issues/today',
    { schema: { tags: ['issues'], response: { 200: Issue, 404: ErrorResponse, ...commonErrors } } },
    async () => {
      const issue = await todayIssue(fastify.db);
      if (!issue) throw notFound('today_issue');
      return issue;
    },
  );

  fastify.get(
    '/issues',
    {
      schema: {
        tags: ['issues'],
        querystring: PageQuery,
        response: { 200: IssuePage, 400: ErrorResponse, ...commonErrors },
      },
    },
    async (request) => listPublicIssues(fastify.db, { limit: request.query.limit ?? 30, before: request.query.before }),
  );

  fastify.get(
    '/issues/:id',
    {
      schema: {
        tags: ['issues'],
        params: uuidParams('id'),
        response: { 200: Issue, 400: ErrorResponse, 404: ErrorResponse, ...commonErrors },
      },
    },
    async (request) => {
      const issue = await getPublicIssue(fastify.db, request.params.id);
      if (!issue) throw notFound('issue', request.params.id);
      return issue;
    },
  );
};

export default issues;
