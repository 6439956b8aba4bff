import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { ErrorResponse, StoredAnalysis } from '@olala/contract';
import { getAnalysis } from '@olala/core/analyses/store';
import { commonErrors, formatSchemaErrors } from '../errors.js';

const Params = Type.Object({
  id: Type.String({ pattern: '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$' }),
});

/** `GET /v1/analyses/:id`: a stored run, with its input and full result. */
const analyses: FastifyPluginAsyncTypebox = async (fastify) => {
  fastify.get(
    '/analyses/:id',
    {
      schemaErrorFormatter: formatSchemaErrors,
      schema: { tags: ['truth'], params: Params, response: { 200: StoredAnalysis, 400: ErrorResponse, 404: ErrorResponse, ...commonErrors } },
    },
    async (request, reply) => {
      const found = await getAnalysis(fastify.db, request.params.id);
      if (!found) return reply.code(404).send({ code: 'NOT_FOUND', message: `검증 기록을 찾을 수 없습니다: ${request.params.id}` });
      return found;
    },
  );
};

export default analyses;
