import type { FastifyPluginAsync } from 'fastify';

/**
 * The phone's share sheet posts a shared image to `/share-target` (the manifest's `share_target`),
 * which the app's service worker answers. Before the worker is active (the first visit, or a
 * browser that dropped it) the post reaches us instead: send the person to the verify screen with
 * the share marker, where the app says the share did not arrive and offers to pick the image,
 * rather than a 404. The body is never read — images are not kept on the server.
 */
const shareTarget: FastifyPluginAsync = async (fastify) => {
  // Accept the share sheet's form without parsing it: the answer does not depend on it.
  fastify.addContentTypeParser(
    ['multipart/form-data', 'application/x-www-form-urlencoded'],
    (_request, _payload, done) => done(null),
  );
  fastify.post('/share-target', async (_request, reply) =>
    reply.header('connection', 'close').redirect('/?shared=1', 303),
  );
};

export default shareTarget;
