import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { ErrorResponse, StoredAnalysis } from '@olala/contract';
import { isInHistory } from '@olala/core/analyses';
import { getAnalysis } from '@olala/core/analyses';
import { commonErrors, formatSchemaErrors } from '../errors.js';

const Params = Type.Object({
  id: Type.String({ pattern: '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$' }),
});

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
      schemaErrorFormatter: formatSchemaErrors,
      schema: { tags: ['truth'], params: Params, response: { 200: StoredAnalysis, 400: ErrorResponse, 401: ErrorResponse, 404: ErrorResponse, ...commonErrors } },
    },
    async (request, reply) => {
      const found = await getAnalysis(fastify.db, request.params.id);
      if (!found) return reply.code(404).send({ code: 'NOT_FOUND', message: `검증 기록을 찾을 수 없습니다: ${request.params.id}` });
      if (found.user_request === null) return found;
      const owner = request.user ? await isInHistory(fastify.db, request.user.user_id, found.analysis_id) : false;
      return owner ? found : { ...found, user_request: null };
    },
  );
};

export default analyses;
