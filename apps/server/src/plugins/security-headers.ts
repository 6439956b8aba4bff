import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import fp from 'fastify-plugin';
import helmet from '@fastify/helmet';
import { WEB_DIR } from './static.js';

/**
 * The SHA-256 sources of the inline scripts in the web build's index.html (the theme script that
 * runs before the first paint). The share page serves the same file, so the same hashes cover it.
 * Read once, like the static plugin decides once: a new build means a restart.
 */
export function inlineScriptHashes(webDir: string): string[] {
  const index = path.join(webDir, 'dist', 'index.html');
  if (!fs.existsSync(index)) return [];
  const html = fs.readFileSync(index, 'utf8');
  return [...html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/gi)].map(
    (m) => `'sha256-${createHash('sha256').update(m[1]!).digest('base64')}'`,
  );
}

/**
 * Browser security headers on every answer (@fastify/helmet): a Content-Security-Policy that
 * the app and the share page pass (docs/security.md), no framing, nosniff, no Referer.
 * Scripts are only our own files and the hashed inline ones. Styles allow inline: the admin
 * dashboard ships its CSS as a <style> element and the page without a build uses style
 * attributes; a style cannot run code.
 */
export default fp(
  async (fastify, opts: { webDir?: string }) => {
    const publicUrl = fastify.config.publicUrl ? new URL(fastify.config.publicUrl) : undefined;
    // CSP3 lets 'self' cover ws:/wss: to our own host; older Safari needs the WebSocket origin named.
    const socketOrigin = publicUrl ? [`${publicUrl.protocol === 'https:' ? 'wss' : 'ws'}://${publicUrl.host}`] : [];
    await fastify.register(helmet, {
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'", ...inlineScriptHashes(opts.webDir ?? WEB_DIR)],
          scriptSrcAttr: ["'none'"],
          styleSrc: ["'self'", "'unsafe-inline'"],
          imgSrc: ["'self'"],
          fontSrc: ["'self'"],
          connectSrc: ["'self'", ...socketOrigin],
          manifestSrc: ["'self'"],
          workerSrc: ["'self'"],
          objectSrc: ["'none'"],
          baseUri: ["'none'"],
          formAction: ["'self'"],
          frameAncestors: ["'none'"],
        },
      },
      frameguard: { action: 'deny' },
      referrerPolicy: { policy: 'no-referrer' },
      // Only where users are known to arrive over https; never for subdomains we do not know of.
      strictTransportSecurity:
        publicUrl?.protocol === 'https:' ? { maxAge: 180 * 86400, includeSubDomains: false } : false,
    });
  },
  { name: 'security-headers', decorators: { fastify: ['config'] } },
);
