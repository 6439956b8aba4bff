import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ErrorResponse, StoredAnalysis } from '@olala/contract';
import { isInHistory, getAnalysis } from '@olala/core/analyses';
import { commonErrors, notFound } from '../errors.js';
import { uuidParams } from '../schemas.js';

const Params = uuidParams('id');

/**
 * `GET /v1/analyses/:id`: a stored run, with its input and full result. Public by design (the id
 * is an unguessable UUID; shared links and the share page read it), except the note the user
 * wrote with the check (`user_request`): only a user with the run in their history reads it.
 */
const analyses: FastifyPluginAsyncTypebox = async (fastify) => {
  fastify.get(
    '/analyses/:id',
    {
      config: { auth: 'optional' },
      schema: {
        tags: ['truth'],
        params: Params,
        response: { 200: StoredAnalysis, 400: ErrorResponse, 401: ErrorResponse, 404: ErrorResponse, ...commonErrors },
      },
    },
    async (request) => {
      const found = await getAnalysis(fastify.db, request.params.id);
      if (!found) throw notFound('analysis', request.params.id);
      if (found.user_request === null) return found;
      const owner = request.user ? await isInHistory(fastify.db, request.user.user_id, found.analysis_id) : false;
      return owner ? found : { ...found, user_request: null };
    },
  );
};

export default analyses;
