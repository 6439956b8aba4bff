import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ErrorResponse, WikiPage, WikiPageParams, WikiPageQuery } from '@olala/contract';
import { getWikiPage } from '@olala/core/search';
import { commonErrors, formatSchemaErrors } from '../../errors.js';

/** `GET /api/wiki/pages/:id`: a whole page, for the app to show a cited source. */
const pages: FastifyPluginAsyncTypebox = async (fastify) => {
  fastify.get(
    '/pages/:id',
    {
      schemaErrorFormatter: formatSchemaErrors,
      schema: {
        tags: ['wiki'],
        params: WikiPageParams,
        querystring: WikiPageQuery,
        response: { 200: WikiPage, 400: ErrorResponse, 404: ErrorResponse, ...commonErrors },
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      const { chunk } = request.query;
      const page = await getWikiPage(fastify.readDb, id);
      if (!page) return reply.code(404).send({ code: 'NOT_FOUND', message: `위키 문서 ${id}을(를) 찾을 수 없습니다.` });
      if (chunk === undefined) return page;
      if (!page.chunks.some((c) => c.chunk_id === chunk)) {
        return reply.code(404).send({ code: 'NOT_FOUND', message: `위키 문서 ${id}에 조각 ${chunk}이(가) 없습니다.` });
      }
      return { ...page, focus_chunk_id: chunk };
    },
  );
};

export default pages;
