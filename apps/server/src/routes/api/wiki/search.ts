import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ErrorResponse, WikiSearchRequest, WikiSearchResponse } from '@olala/contract';
import { EmbeddingsUnavailableError, searchWiki } from '@olala/core/search';
import { commonErrors, formatSchemaErrors } from '../../errors.js';

/** `POST /api/wiki/search`: lexical or hybrid search over the wiki, with the context for the model. */
const search: FastifyPluginAsyncTypebox = async (fastify) => {
  // The pipeline's search settings, metrics included.
  const deps = fastify.truth.deps.wiki;
  fastify.post(
    '/search',
    {
      schemaErrorFormatter: formatSchemaErrors,
      schema: {
        tags: ['wiki'],
        body: WikiSearchRequest,
        response: { 200: WikiSearchResponse, 400: ErrorResponse, 409: ErrorResponse, 413: ErrorResponse, 415: ErrorResponse, 503: ErrorResponse, ...commonErrors },
      },
    },
    async (request, reply) => {
      try {
        return await searchWiki(request.body, deps);
      } catch (err) {
        // The request is fine; the wiki (409) or the embedding endpoint (503) is not ready for that mode.
        if (err instanceof EmbeddingsUnavailableError) return reply.code(err.status).send({ code: err.code, message: err.message });
        throw err;
      }
    },
  );
};

export default search;
