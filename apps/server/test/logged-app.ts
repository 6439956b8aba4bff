import path from 'node:path';
import type { TestContext } from 'node:test';
import Fastify, { type FastifyInstance } from 'fastify';
import { importWiki, loadConfig } from '@olala/core';
import { freshDatabaseEnv, type TestBackend } from '@olala/testing';
import app, { serverOptions } from '../src/app.js';
import { SAMPLE } from './truth-fakes.js';

/**
 * The app on the sample wiki with its log lines (pino JSON, info and up) kept for the test to
 * read. `now` is the app's clock (budgets, throttles): a test holds it still instead of racing it.
 */
export async function appWithLog(
  t: TestContext,
  options: { backend?: TestBackend; env?: Record<string, string>; now?: () => Date } = {},
): Promise<{ app: FastifyInstance; log: string[] }> {
  const { backend = 'pglite', env = {}, now } = options;
  const config = loadConfig({ ...(await freshDatabaseEnv(t, backend)), ...env, LOG_LEVEL: 'info' });
  const log: string[] = [];
  const fastify = Fastify({
    ...serverOptions(config),
    logger: { level: 'info', stream: { write: (line: string) => void log.push(line) } },
  });
  await fastify.register(app, { config, now });
  t.after(() => fastify.close());
  await fastify.ready();
  await importWiki(fastify.db, {
    pagesFile: path.join(SAMPLE, 'wiki_pages.csv'),
    chunksFile: path.join(SAMPLE, 'wiki_chunks.csv'),
    mode: 'replace',
  });
  return { app: fastify, log };
}
