import fp from 'fastify-plugin';
import { createFullTextReader, createLlmClients, createSearchProviders, fetchArticle } from '@olala/core';
import type { PipelineDeps } from '@olala/core/pipeline';
import { wikiSearchDeps } from '@olala/core/search';
import { OcrService } from '@olala/core/ocr';
import { instrumentLlm } from './metrics.js';

/** Too many runs at once: refused with 503 rather than queued behind minutes of LLM calls. */
export class BusyError extends Error {
  readonly statusCode = 503;
  readonly code = 'BUSY';
  readonly expose = true;
  constructor() {
    super('지금은 검증 요청이 많습니다. 잠시 후 다시 시도해 주세요.');
  }
}

export interface RunLimiter {
  /** Throws BusyError when every slot is taken. */
  check(): void;
  run<T>(fn: () => Promise<T>): Promise<T>;
}

function runLimiter(max: number): RunLimiter {
  let active = 0;
  const check = () => {
    if (active >= max) throw new BusyError();
  };
  return {
    check,
    async run(fn) {
      check();
      active++;
      try {
        return await fn();
      } finally {
        active--;
      }
    },
  };
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Its wiki search is always set: the wiki search route uses it too. */
    pipeline: PipelineDeps & Required<Pick<PipelineDeps, 'wiki'>>;
    runLimiter: RunLimiter;
    /** Reads image inputs; its workers start on the first image. */
    ocr: OcrService;
  }
}

/**
 * The verification pipeline's dependencies, built once: LLM clients per role (their circuit
 * breakers outlive requests), news providers (their concurrency limits too), the SSRF-safe
 * article fetcher, the wiki search and the OCR workers.
 */
export default fp(
  async (fastify) => {
    const { config, db, metrics } = fastify;
    const llm = Object.fromEntries(Object.entries(createLlmClients(config.llm)).map(([role, client]) => [role, instrumentLlm(client, metrics)]));
    const roles = Object.entries(llm).map(([role, client]) => `${role}=${client.provider}/${client.model}`);
    fastify.log.info(roles.length > 0 ? `verification LLMs: ${roles.join(', ')}` : 'no LLM configured: verification runs its rules (no-LLM mode)');
    const ocr = new OcrService(config.ocr);
    fastify.decorate('ocr', ocr);
    fastify.addHook('onClose', () => ocr.close());
    fastify.decorate('pipeline', {
      db,
      wiki: { ...wikiSearchDeps(fastify.readDb, config), reader: fastify.readDb, onSearch: (s) => metrics.search.observe({ mode: s.mode }, s.ms / 1000) },
      llm,
      providers: createSearchProviders(config.sources),
      fullText: createFullTextReader(config.sources, config.fetch),
      fetchArticle: (url: string, signal: AbortSignal) => fetchArticle(url, { signal, allowLoopback: config.fetch.allowLoopback }),
      ocr,
      budgets: { totalMs: config.runBudgetMs, llmMs: config.llm.requestBudgetMs },
      observe: {
        stage: (e) => {
          metrics.stage.observe({ stage: e.stage, status: e.status }, e.ms / 1000);
          if (e.status === 'failed' || e.status === 'timeout') metrics.stageFailures.inc({ stage: e.stage, status: e.status });
        },
        verdict: (v) => metrics.verdicts.inc({ label: v.label, cached: String(v.cached) }),
      },
    } satisfies PipelineDeps);
    fastify.decorate('runLimiter', runLimiter(config.maxConcurrentChecks));
  },
  { name: 'pipeline', dependencies: ['config', 'db', 'metrics'] },
);
