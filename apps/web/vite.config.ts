import fs from 'node:fs';
import { createHash } from 'node:crypto';
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { SHARE_TARGET } from './src/features/verify/share-target.js';

/** Paths of the API: the service worker leaves them alone, the dev server proxies them. */
export const API_PREFIXES = ['/api', '/v1', '/truth', '/health', '/ready'];

/**
 * Writes `sw.js` from `sw/sw.js` with the build's own file list, so the worker precaches
 * exactly this build's shell and a new build replaces the old cache. Hand-written rather than
 * vite-plugin-pwa: the worker is forty lines we can read, and its one rule (never cache an API
 * answer) is easy to check, without Workbox's build-time dependencies.
 */
function serviceWorker(): Plugin {
  return {
    name: 'olala-service-worker',
    apply: 'build',
    generateBundle(_options, bundle) {
      const files = Object.keys(bundle).filter((f) => !f.endsWith('.map'));
      const fromPublic = fs.readdirSync(new URL('./public/', import.meta.url)).filter((f) => f !== 'sw.js');
      const shell = ['/', ...[...files, ...fromPublic].filter((f) => f !== 'index.html').map((f) => `/${f}`)].sort();
      const version = createHash('sha256').update(shell.join('\n')).digest('hex').slice(0, 12);
      const template = fs.readFileSync(new URL('./sw/sw.js', import.meta.url), 'utf8');
      const source = template
        .replace('self.__OLALA_SHELL__', JSON.stringify(shell))
        .replace('self.__OLALA_VERSION__', JSON.stringify(version))
        .replace('self.__OLALA_API_PREFIXES__', JSON.stringify(API_PREFIXES))
        .replace('self.__OLALA_SHARE__', JSON.stringify(SHARE_TARGET));
      this.emitFile({ type: 'asset', fileName: 'sw.js', source });
    },
  };
}

const apiTarget = process.env.OLALA_API_URL ?? 'http://127.0.0.1:8080';

const { version } = JSON.parse(fs.readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as {
  version: string;
};

export default defineConfig({
  plugins: [react(), serviceWorker()],
  define: { 'import.meta.env.VITE_APP_VERSION': JSON.stringify(version) },
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: false, target: 'es2022' },
  server: {
    // The dev server proxies the API (and the share pages `/r/:id`) to a running `npm start`, so the app keeps one origin.
    // `ws` carries the chat's WebSocket (`/v1/chat/:issueId`) through the same proxy.
    proxy: Object.fromEntries([...API_PREFIXES, '/r/'].map((p) => [p, { target: apiTarget, ws: p === '/v1' }])),
  },
});
