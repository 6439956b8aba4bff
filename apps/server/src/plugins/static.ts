import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fp from 'fastify-plugin';
import fastifyStatic from '@fastify/static';

export const WEB_DIR = fileURLToPath(new URL('../../../web/', import.meta.url));

/**
 * Serves the web app: its build (`apps/web/dist`) once there is one, else the placeholder
 * page `apps/web/index.html` alone (the rest of that folder is source, not for the public).
 */
export default fp(
  async (fastify, opts: { webDir?: string }) => {
    const webDir = opts.webDir ?? WEB_DIR;
    const dist = path.join(webDir, 'dist');
    if (fs.existsSync(path.join(dist, 'index.html'))) {
      await fastify.register(fastifyStatic, { root: dist });
      return;
    }
    await fastify.register(fastifyStatic, { root: webDir, serve: false });
    fastify.get('/', (_request, reply) => reply.type('text/html; charset=utf-8').sendFile('index.html'));
  },
  { name: 'static' },
);
