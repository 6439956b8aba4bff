import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { ErrorResponse, HistoryPage, PageQuery } from '@olala/contract';
import { listHistory, removeFromHistory } from '@olala/core/analyses';
import { currentUser } from '../../plugins/auth.js';
import { commonErrors } from '../errors.js';
import { uuidParams } from '../schemas.js';

export const AnalysisIdParams = uuidParams('analysisId');

/**
 * `GET /v1/history` (single checks, `kind: "truth"`, and article runs, `kind: "article"`; newest
 * first, paged) and `DELETE /v1/history/:analysisId`, whose id may name either.
 */
const history: FastifyPluginAsyncTypebox = async (fastify) => {
  fastify.get(
    '/history',
    {
      config: { auth: 'required' },
      schema: {
        tags: ['history'],
        querystring: PageQuery,
        response: { 200: HistoryPage, 400: ErrorResponse, 401: ErrorResponse, ...commonErrors },
      },
    },
    async (request) =>
      listHistory(fastify.db, currentUser(request).user_id, {
        limit: request.query.limit ?? 30,
        before: request.query.before,
      }),
  );

  fastify.delete(
    '/history/:analysisId',
    {
      config: { auth: 'required' },
      schema: {
        tags: ['history'],
        params: AnalysisIdParams,
        response: { 204: Type.Null(), 400: ErrorResponse, 401: ErrorResponse, ...commonErrors },
      },
    },
    // Idempotent: an app replaying a deletion made offline gets the same answer twice.
    async (request, reply) => {
      await removeFromHistory(fastify.db, currentUser(request).user_id, request.params.analysisId.toLowerCase());
      return reply.code(204).send(null);
    },
  );
};

export default history;
