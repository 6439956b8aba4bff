import type { TestContext } from 'node:test';
import { Writable } from 'node:stream';
import Fastify, { type FastifyInstance } from 'fastify';
import { loadConfig } from '@olala/core';
import { freshDatabaseEnv, type TestBackend } from '@olala/testing';
import app, { serverOptions } from '../src/app.js';
import { ChatClient } from '../../../bench/lib/chat-client.js';
import { createRoom, createUsers } from '../../../bench/lib/chat-fixtures.js';

/** One line of the server's log (pino JSON). */
export type LogLine = { level: number; msg: string; [key: string]: unknown };

/**
 * The app listening on a loopback port (WebSockets need a real socket), on `env`'s database.
 * With `logs`, every log line at info and above is parsed into it.
 */
export async function serve(
  t: TestContext,
  env: Record<string, string>,
  logs?: LogLine[],
): Promise<{ app: FastifyInstance; url: string }> {
  const config = loadConfig({ LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent', ...env });
  const options = serverOptions(config);
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split('\n')) if (line.trim()) logs?.push(JSON.parse(line) as LogLine);
      done();
    },
  });
  const fastify = Fastify(logs ? { ...options, logger: { level: 'info', stream } } : options);
  await fastify.register(app, { config });
  await fastify.listen({ host: '127.0.0.1', port: 0 });
  t.after(() => fastify.close());
  const address = fastify.server.address();
  if (!address || typeof address !== 'object') throw new Error('no address');
  return { app: fastify, url: `http://127.0.0.1:${address.port}` };
}

/** A fresh database, the app on it, a published issue and `users` anonymous users. */
export async function room(t: TestContext, backend: TestBackend, users = 2, logs?: LogLine[]) {
  const env = await freshDatabaseEnv(t, backend);
  const server = await serve(t, env, logs);
  const issueId = await createRoom(server.app.db);
  return { ...server, env, issueId, users: await createUsers(server.app.db, users) };
}

export async function joined(t: TestContext, url: string, issueId: string, token: string): Promise<ChatClient> {
  const { client } = await ChatClient.join(url, issueId, token);
  t.after(() => client.close());
  return client;
}

/** Sends a ping and waits for its pong: every frame sent before it has been handled. */
export async function settled(c: ChatClient): Promise<void> {
  c.send({ type: 'ping' });
  await c.nextOf('pong', () => true, 30_000);
}
