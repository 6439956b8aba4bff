import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fp from 'fastify-plugin';
import fastifyStatic from '@fastify/static';

export const WEB_DIR = fileURLToPath(new URL('../../../web/', import.meta.url));

/** Paths that belong to the server: never answered with the app's page. */
const SERVER_PATHS = ['/api', '/v1', '/truth', '/health', '/ready', '/r'];

const isServerPath = (pathname: string) => SERVER_PATHS.some((p) => pathname === p || pathname.startsWith(`${p}/`));

const PLACEHOLDER = `<!doctype html>
<html lang="ko"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>OLaLA</title></head>
<body style="font-family: system-ui, sans-serif; text-align: center; padding: 3rem 1rem">
<h1>OLaLA</h1><p>가짜뉴스 검증 서비스</p><p>앱이 아직 빌드되지 않았습니다. <code>node scripts/build-web.mjs</code> 또는 <code>npm start</code>로 빌드하세요.</p>
</body></html>`;

/**
 * Serves the web app's build (`apps/web/dist`): hashed assets cached for a year, everything else
 * revalidated (the page and `sw.js` must update with a new build). Any other GET that asks for
 * HTML and is not a server path gets the app's page, whose router shows the screen (`/history`,
 * `/wiki/19`); other unknown paths reach the app's JSON 404. Without a build, `/` says how to make one.
 */
export default fp(
  async (fastify, opts: { webDir?: string }) => {
    const webDir = opts.webDir ?? WEB_DIR;
    const dist = path.join(webDir, 'dist');
    if (!fs.existsSync(path.join(dist, 'index.html'))) {
      fastify.get('/', (_request, reply) => reply.type('text/html; charset=utf-8').send(PLACEHOLDER));
      return;
    }
    await fastify.register(fastifyStatic, {
      root: dist,
      // One route per file of the build, so the catch-all below is ours.
      wildcard: false,
      cacheControl: false,
      setHeaders: (reply, filePath) => {
        const hashed = filePath.split(path.sep).includes('assets');
        reply.header('cache-control', hashed ? 'public, max-age=31536000, immutable' : 'no-cache');
        // The icons are the share page's og:image: other sites' pages (messengers' web clients) may show them.
        if (!hashed && /\.(png|svg)$/.test(filePath)) reply.header('cross-origin-resource-policy', 'cross-origin');
      },
    });
    fastify.get('/*', (request, reply) => {
      const pathname = request.url.split('?')[0]!;
      const wantsHtml = (request.headers.accept ?? '').includes('text/html');
      // A missing file (an old build's script) is a 404, not the page.
      const looksLikeFile = /\.[a-z0-9]+$/i.test(pathname);
      if (isServerPath(pathname) || !wantsHtml || looksLikeFile) return reply.callNotFound();
      return reply.sendFile('index.html');
    });
  },
  { name: 'static' },
);
