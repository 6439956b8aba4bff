import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ErrorResponse, WikiPage, WikiPageParams, WikiPageQuery } from '@olala/contract';
import { getWikiPage } from '@olala/core/search';
import { commonErrors, notFound } from '../../errors.js';

/** `GET /api/wiki/pages/:id`: a whole page, for the app to show a cited source. */
const pages: FastifyPluginAsyncTypebox = async (fastify) => {
  fastify.get(
    '/pages/:id',
    {
      schema: {
        tags: ['wiki'],
        params: WikiPageParams,
        querystring: WikiPageQuery,
        response: { 200: WikiPage, 400: ErrorResponse, 404: ErrorResponse, ...commonErrors },
      },
    },
    async (request) => {
      const { id } = request.params;
      const { chunk } = request.query;
      const page = await getWikiPage(fastify.readDb, id);
      if (!page) throw notFound('wiki_page', String(id));
      if (chunk === undefined) return page;
      if (!page.chunks.some((c) => c.chunk_id === chunk)) throw notFound('wiki_chunk', `${id}/${chunk}`);
      return { ...page, focus_chunk_id: chunk };
    },
  );
};

export default pages;
