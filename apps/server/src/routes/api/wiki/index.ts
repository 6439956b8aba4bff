import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { WikiStatus } from '@olala/contract';
import { wikiStatus } from '@olala/core/wiki';
import { commonErrors } from '../../errors.js';
import pages from './pages.js';
import search from './search.js';

/** `/api/wiki`: the wiki knowledge base. */
const wiki: FastifyPluginAsyncTypebox = async (fastify) => {
  fastify.get('/status', { schema: { tags: ['wiki'], response: { 200: WikiStatus, ...commonErrors } } }, async () =>
    wikiStatus(fastify.readDb, {
      models: fastify.config.embedModel ? [fastify.config.embedModel] : [],
      dataDir: fastify.config.dataDir,
    }),
  );
  await fastify.register(search);
  await fastify.register(pages);
};

export default wiki;
