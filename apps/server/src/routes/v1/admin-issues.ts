import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import {
  AdminIssue,
  AdminIssuePage,
  CreateIssueRequest,
  ErrorResponse,
  FactCheckIssueRequest,
  PageQuery,
  PublishIssueRequest,
  UpdateIssueRequest,
} from '@olala/contract';
import {
  assertNotBlank,
  createIssue,
  deleteIssue,
  factCheckIssue,
  getAdminIssue,
  listAdminIssues,
  publishIssue,
  unpublishIssue,
  updateIssue,
} from '@olala/core/issues';
import { commonErrors, found, notFound } from '../errors.js';
import { optionalBody, uuidParams } from '../schemas.js';

/** A fact-check is a verification run: the same budget as the truth-check routes. */
const FACT_CHECK_RATE_LIMIT = { max: 30, timeWindow: '1 minute' };

const authErrors = {
  400: ErrorResponse,
  401: ErrorResponse,
  403: ErrorResponse,
  404: ErrorResponse,
  ...commonErrors,
} as const;
const adminRoute = { config: { auth: 'admin' as const } };
const IssueIdParams = uuidParams('id');

/**
 * The admin API of daily issues under `/v1/admin/issues`: list (drafts too), create, edit,
 * publish (now or scheduled), unpublish, delete, and fact-check the main claim. Every route
 * requires an admin's token (401 without a valid one, 403 for other users).
 */
const adminIssues: FastifyPluginAsyncTypebox = async (fastify) => {
  fastify.get(
    '/admin/issues',
    {
      ...adminRoute,
      schema: { tags: ['admin'], querystring: PageQuery, response: { 200: AdminIssuePage, ...authErrors } },
    },
    async (request) => listAdminIssues(fastify.db, { limit: request.query.limit ?? 30, before: request.query.before }),
  );

  fastify.get(
    '/admin/issues/:id',
    { ...adminRoute, schema: { tags: ['admin'], params: IssueIdParams, response: { 200: AdminIssue, ...authErrors } } },
    async (request) => found(await getAdminIssue(fastify.db, request.params.id), 'issue', request.params.id),
  );

  fastify.post(
    '/admin/issues',
    {
      ...adminRoute,
      schema: { tags: ['admin'], body: CreateIssueRequest, response: { 201: AdminIssue, ...authErrors } },
    },
    async (request, reply) => {
      assertNotBlank(request.body);
      return reply.code(201).send(await createIssue(fastify.db, request.body));
    },
  );

  fastify.patch(
    '/admin/issues/:id',
    {
      ...adminRoute,
      schema: {
        tags: ['admin'],
        params: IssueIdParams,
        body: UpdateIssueRequest,
        response: { 200: AdminIssue, ...authErrors },
      },
    },
    async (request) => {
      assertNotBlank(request.body);
      return found(await updateIssue(fastify.db, request.params.id, request.body), 'issue', request.params.id);
    },
  );

  fastify.post(
    '/admin/issues/:id/publish',
    {
      ...adminRoute,
      ...optionalBody,
      schema: {
        tags: ['admin'],
        params: IssueIdParams,
        body: PublishIssueRequest,
        response: { 200: AdminIssue, ...authErrors },
      },
    },
    async (request) =>
      found(await publishIssue(fastify.db, request.params.id, { at: request.body.at }), 'issue', request.params.id),
  );

  fastify.post(
    '/admin/issues/:id/unpublish',
    { ...adminRoute, schema: { tags: ['admin'], params: IssueIdParams, response: { 200: AdminIssue, ...authErrors } } },
    async (request) => found(await unpublishIssue(fastify.db, request.params.id), 'issue', request.params.id),
  );

  fastify.delete(
    '/admin/issues/:id',
    {
      ...adminRoute,
      schema: { tags: ['admin'], params: IssueIdParams, response: { 204: Type.Null(), ...authErrors } },
    },
    async (request, reply) => {
      if (!(await deleteIssue(fastify.db, request.params.id))) throw notFound('issue', request.params.id);
      return reply.code(204).send(null);
    },
  );

  fastify.post(
    '/admin/issues/:id/fact-check',
    {
      ...adminRoute,
      ...optionalBody,
      config: { ...adminRoute.config, rateLimit: FACT_CHECK_RATE_LIMIT },
      schema: {
        tags: ['admin'],
        params: IssueIdParams,
        body: FactCheckIssueRequest,
        response: { 200: AdminIssue, 503: ErrorResponse, ...authErrors },
      },
    },
    async (request) => {
      const claim = request.body.claim;
      if (claim !== undefined) assertNotBlank({ claim });
      const issue = await factCheckIssue(fastify.db, fastify.truth, request.params.id, claim, {
        log: request.log,
        userId: request.user?.user_id,
      });
      return found(issue, 'issue', request.params.id);
    },
  );
};

export default adminIssues;
