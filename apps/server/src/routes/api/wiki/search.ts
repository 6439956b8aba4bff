import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ErrorResponse, WikiSearchRequest, WikiSearchResponse } from '@olala/contract';
import { searchWiki } from '@olala/core/search';
import { commonErrors } from '../../errors.js';

/** `POST /api/wiki/search`: lexical or hybrid search over the wiki, with the context for the model. */
const search: FastifyPluginAsyncTypebox = async (fastify) => {
  // The pipeline's search settings, metrics included.
  const deps = fastify.truth.deps.wiki;
  fastify.post(
    '/search',
    {
      schema: {
        tags: ['wiki'],
        body: WikiSearchRequest,
        response: {
          200: WikiSearchResponse,
          400: ErrorResponse,
          409: ErrorResponse,
          413: ErrorResponse,
          415: ErrorResponse,
          503: ErrorResponse,
          ...commonErrors,
        },
      },
    },
    // A mode the wiki (409) or the embedding endpoint (503) cannot serve is EmbeddingsUnavailableError, answered by the error handler.
    async (request) => searchWiki(request.body, deps),
  );
};

export default search;
