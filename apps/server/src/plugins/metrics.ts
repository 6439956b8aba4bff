import { timingSafeEqual } from 'node:crypto';
import fp from 'fastify-plugin';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { LlmError, type LlmClient } from '@olala/core';
import { embeddingCoverage } from '@olala/core/search';
import { bearerToken } from './auth.js';
import { forbidden } from '../routes/errors.js';

const SECONDS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120];

/** Every metric the app records, in one registry (not prom-client's global one: tests build many apps). */
export function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'olala_' });
  const m = {
    registry,
    http: new Histogram({
      name: 'olala_http_request_duration_seconds',
      help: 'HTTP requests by route pattern, method and status',
      labelNames: ['method', 'route', 'status'],
      buckets: SECONDS,
      registers: [registry],
    }),
    stage: new Histogram({
      name: 'olala_pipeline_stage_duration_seconds',
      help: 'Verification stages by stage and outcome (ok, skipped, failed, timeout)',
      labelNames: ['stage', 'status'],
      buckets: SECONDS,
      registers: [registry],
    }),
    stageFailures: new Counter({
      name: 'olala_pipeline_stage_failures_total',
      help: 'Verification stages that failed or ran out of time',
      labelNames: ['stage', 'status'],
      registers: [registry],
    }),
    verdicts: new Counter({
      name: 'olala_verdicts_total',
      help: 'Truth-check results by label, and whether served from the store',
      labelNames: ['label', 'cached'],
      registers: [registry],
    }),
    llmCalls: new Counter({
      name: 'olala_llm_calls_total',
      help: 'LLM calls by role, model and outcome (ok, repaired, or the error code)',
      labelNames: ['role', 'model', 'outcome'],
      registers: [registry],
    }),
    llmDuration: new Histogram({
      name: 'olala_llm_call_duration_seconds',
      help: 'LLM calls, retries and repair included',
      labelNames: ['role', 'model'],
      buckets: SECONDS,
      registers: [registry],
    }),
    search: new Histogram({
      name: 'olala_wiki_search_duration_seconds',
      help: 'Wiki searches by the mode that ran',
      labelNames: ['mode'],
      buckets: SECONDS,
      registers: [registry],
    }),
    chatMessages: new Counter({
      name: 'olala_chat_messages_total',
      help: 'Chat messages accepted on this process',
      registers: [registry],
    }),
  };
  return m;
}

export type Metrics = ReturnType<typeof createMetrics>;

/** The client, counting its calls: the pipeline and its tests see the same interface. */
export function instrumentLlm(client: LlmClient, metrics: Metrics): LlmClient {
  const labels = { role: client.role, model: client.model };
  return {
    role: client.role,
    provider: client.provider,
    model: client.model,
    async chatJson(request) {
      const end = metrics.llmDuration.startTimer(labels);
      try {
        const result = await client.chatJson(request);
        metrics.llmCalls.inc({ ...labels, outcome: result.repaired ? 'repaired' : 'ok' });
        return result;
      } catch (err) {
        metrics.llmCalls.inc({ ...labels, outcome: err instanceof LlmError ? err.code.toLowerCase() : 'error' });
        throw err;
      } finally {
        end();
      }
    },
  };
}

declare module 'fastify' {
  interface FastifyInstance {
    metrics: Metrics;
  }
}

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * `GET /metrics` in Prometheus text format. Internal figures are not for the public: with
 * OLALA_METRICS_TOKEN set a scraper sends it as a bearer token; without it only the host itself
 * may read them (behind Docker's NAT every client can look private, so private networks are not trusted).
 */
export default fp(
  async (fastify) => {
    const metrics = createMetrics();
    fastify.decorate('metrics', metrics);
    const { config, db } = fastify;

    fastify.addHook('onResponse', async (request, reply) => {
      const route = request.routeOptions.url ?? 'unmatched';
      metrics.http.observe(
        { method: request.method, route, status: String(reply.statusCode) },
        reply.elapsedTime / 1000,
      );
    });

    new Gauge({
      name: 'olala_chat_connections',
      help: 'Open chat WebSockets on this process',
      registers: [metrics.registry],
      collect() {
        // The chat hub registers after this plugin; read it when scraped.
        this.set(fastify.hasDecorator('chat') ? fastify.chat.openSockets : 0);
      },
    });

    if (config.embedModel) {
      const model = config.embedModel;
      new Gauge({
        name: 'olala_embedding_coverage_ratio',
        help: 'Share of wiki chunks embedded with the configured model',
        labelNames: ['model'],
        registers: [metrics.registry],
        async collect() {
          this.set({ model }, await embeddingCoverage(db, model));
        },
      });
    }

    fastify.get('/metrics', { config: { rateLimit: false } }, async (request, reply) => {
      const token = config.metricsToken;
      const bearer = bearerToken(request.headers.authorization);
      const allowed = token ? bearer !== undefined && sameSecret(bearer, token) : LOOPBACK.has(request.ip);
      if (!allowed) throw forbidden('지표는 모니터링 시스템만 볼 수 있습니다.');
      return reply.type(metrics.registry.contentType).send(await metrics.registry.metrics());
    });
  },
  { name: 'metrics', dependencies: ['config', 'db'] },
);
