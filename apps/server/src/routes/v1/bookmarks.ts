import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { ErrorResponse, HistoryPage, PageQuery } from '@olala/contract';
import { addBookmark, listBookmarks, removeBookmark } from '@olala/core/analyses';
import { currentUser } from '../../plugins/auth.js';
import { commonErrors, notFound } from '../errors.js';
import { AnalysisIdParams } from './history.js';

/**
 * `GET /v1/bookmarks`, `PUT` and `DELETE /v1/bookmarks/:analysisId`; the id names a check or an
 * article run (`article_id`), and both writes are idempotent.
 */
const bookmarks: FastifyPluginAsyncTypebox = async (fastify) => {
  fastify.get(
    '/bookmarks',
    {
      config: { auth: 'required' },
      schema: {
        tags: ['bookmarks'],
        querystring: PageQuery,
        response: { 200: HistoryPage, 400: ErrorResponse, 401: ErrorResponse, ...commonErrors },
      },
    },
    async (request) =>
      listBookmarks(fastify.db, currentUser(request).user_id, {
        limit: request.query.limit ?? 30,
        before: request.query.before,
      }),
  );

  fastify.put(
    '/bookmarks/:analysisId',
    {
      config: { auth: 'required' },
      schema: {
        tags: ['bookmarks'],
        params: AnalysisIdParams,
        response: { 204: Type.Null(), 400: ErrorResponse, 401: ErrorResponse, 404: ErrorResponse, ...commonErrors },
      },
    },
    async (request, reply) => {
      const id = request.params.analysisId.toLowerCase();
      const outcome = await addBookmark(fastify.db, currentUser(request).user_id, id);
      if (outcome === 'not_found') throw notFound('analysis', id);
      return reply.code(204).send(null);
    },
  );

  fastify.delete(
    '/bookmarks/:analysisId',
    {
      config: { auth: 'required' },
      schema: {
        tags: ['bookmarks'],
        params: AnalysisIdParams,
        response: { 204: Type.Null(), 400: ErrorResponse, 401: ErrorResponse, ...commonErrors },
      },
    },
    async (request, reply) => {
      await removeBookmark(fastify.db, currentUser(request).user_id, request.params.analysisId.toLowerCase());
      return reply.code(204).send(null);
    },
  );
};

export default bookmarks;
