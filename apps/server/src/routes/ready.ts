import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ReadyResponse } from '@olala/contract';
import { replicaReadiness, dbReadiness, runnablePending } from '@olala/core/db';
import { ollamaHealth } from '@olala/core/llm';
import { commonErrors } from './errors.js';

/**
 * Readiness: 503 while the database is unreachable or has migrations to apply. The LLM
 * endpoint is reported but never makes the app unready: without one the app runs in no-LLM mode.
 * Nor does the read replica: wiki reads fall back to the primary while it is away.
 */
const ready: FastifyPluginAsyncTypebox = async (fastify) => {
  fastify.get(
    '/ready',
    { schema: { tags: ['health'], response: { 200: ReadyResponse, 503: ReadyResponse, ...commonErrors } } },
    async (request, reply) => {
      const [db, dbRead, llm] = await Promise.all([
        dbReadiness(fastify.db),
        replicaReadiness(fastify.readDb),
        ollamaHealth(fastify.config),
      ]);
      const reasons: string[] = [];
      if (!db.reachable) {
        request.log.error({ err: db.error }, 'readiness: database unreachable');
        db.error = 'database query failed (details in the server log)';
        reasons.push('database unreachable');
      }
      if (dbRead && !dbRead.reachable) {
        request.log.warn({ err: dbRead.error }, 'readiness: read replica unreachable; wiki reads use the primary');
        dbRead.error = 'read replica query failed (details in the server log)';
      }
      const pending = runnablePending(db);
      if (pending.length)
        reasons.push(`migrations pending: ${pending.map((p) => `${p.version}-${p.name}`).join(', ')}`);
      return reply.code(reasons.length ? 503 : 200).send({
        status: reasons.length ? 'not_ready' : 'ready',
        reasons,
        db,
        ...(dbRead ? { db_read: dbRead } : {}),
        llm,
      });
    },
  );
};

export default ready;
