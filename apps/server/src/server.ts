import { pathToFileURL } from 'node:url';
import Fastify, { type FastifyInstance } from 'fastify';
import { dataDirLock, loadConfig, readBoolean, UserError, type Config } from '@olala/core';
import app, { serverOptions } from './app.js';
import { importSampleIfEmpty } from './sample.js';

export interface StartOptions {
  config?: Config;
  /** Import the bundled sample wiki into an empty database (default: unless OLALA_IMPORT_SAMPLE=0). */
  importSample?: boolean;
}

export interface RunningServer {
  app: FastifyInstance;
  /** Where a browser on this machine reaches the app. */
  url: string;
}

const SHUTDOWN_GRACE_MS = 10_000;

function localUrl(host: string, port: number): string {
  const wildcard = host === '0.0.0.0' || host === '::' || host === '';
  const shown = wildcard ? 'localhost' : host.includes(':') ? `[${host}]` : host;
  return `http://${shown}:${port}`;
}

/**
 * The process entry of the server (`olala serve`, `npm start`): opens and migrates the database,
 * imports the sample wiki into an empty one, listens, and shuts down gracefully on SIGINT/SIGTERM.
 */
export async function start(options: StartOptions = {}): Promise<RunningServer> {
  const config = options.config ?? loadConfig();
  const importSample = options.importSample ?? readBoolean(process.env, 'OLALA_IMPORT_SAMPLE', true);
  const fastify = Fastify(serverOptions(config));
  try {
    await fastify.register(app, { config });
    await fastify.ready();
    if (importSample) await importSampleIfEmpty(fastify.db, fastify.log, undefined, config.dataDir);
    await fastify.listen({ host: config.host, port: config.port });
  } catch (err) {
    await fastify.close().catch(() => {});
    if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      throw new UserError(
        `port ${config.port} on ${config.host} is already in use (is OLaLA already running?): stop that program, or choose another port with --port or PORT`,
      );
    }
    throw err;
  }
  const address = fastify.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const url = localUrl(config.host, port);
  // Other processes (say `olala wiki status`) find the embedded database taken and ask us instead.
  dataDirLock(fastify.db)?.update({ httpUrl: url.replace('//localhost:', '//127.0.0.1:') });
  fastify.log.info({ url, backend: fastify.db.backend, location: fastify.db.location }, `OLaLA is serving on ${url}`);
  handleSignals(fastify);
  return { app: fastify, url };
}

function handleSignals(fastify: FastifyInstance): void {
  let closing = false;
  const shutdown = (signal: NodeJS.Signals) => {
    if (closing) {
      fastify.log.warn({ signal }, 'second signal: exiting without waiting');
      process.exit(1);
    }
    closing = true;
    fastify.log.info({ signal }, 'shutting down: no new connections, finishing requests in flight');
    const timer = setTimeout(() => {
      fastify.log.error(`shutdown took longer than ${SHUTDOWN_GRACE_MS} ms; exiting`);
      process.exit(1);
    }, SHUTDOWN_GRACE_MS);
    timer.unref();
    // A keep-alive connection whose request was in flight at close would otherwise hold the
    // shutdown open until its idle timeout; drop each one as soon as it goes idle.
    setInterval(() => fastify.server.closeIdleConnections(), 100).unref();
    // Closing the app closes the HTTP server first, then the database (releasing its lock).
    fastify.close().then(
      () => {
        fastify.log.info('stopped');
        process.exit(0);
      },
      (err: unknown) => {
        fastify.log.error({ err }, 'error during shutdown');
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

// Also runnable on its own (the container's entry): `node --import tsx apps/server/src/server.ts`.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  start().catch((err: unknown) => {
    process.stderr.write(`error: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
}
