import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ErrorResponse, WikiSearchRequest, WikiSearchResponse } from '@olala/contract';
import { EmbeddingsUnavailableError, searchWiki, type WikiSearchDeps } from '@olala/core/search/wiki-search';
import { commonErrors } from '../../errors.js';

export interface WikiSearchRouteOptions {
  /** How the search reaches vector search; tests pass a fake. */
  deps?: (fastify: Parameters<FastifyPluginAsyncTypebox>[0]) => WikiSearchDeps;
}

/** `POST /api/wiki/search`: lexical or hybrid search over the wiki, with the context for the model. */
const search: FastifyPluginAsyncTypebox<WikiSearchRouteOptions> = async (fastify, opts) => {
  const deps: WikiSearchDeps = opts.deps?.(fastify) ?? { embedModel: fastify.config.embedModel };
  fastify.post(
    '/search',
    {
      schema: {
        tags: ['wiki'],
        body: WikiSearchRequest,
        response: { 200: WikiSearchResponse, 400: ErrorResponse, 409: ErrorResponse, 413: ErrorResponse, 415: ErrorResponse, ...commonErrors },
      },
    },
    async (request, reply) => {
      try {
        return await searchWiki(fastify.db, request.body, deps);
      } catch (err) {
        // The request is fine; the wiki is not ready for that mode yet.
        if (err instanceof EmbeddingsUnavailableError) return reply.code(409).send({ code: err.code, message: err.message });
        throw err;
      }
    },
  );
};

export default search;
