import fp from 'fastify-plugin';
import { createLlmClients } from '@olala/core';
import { createTruthService, type RunLimiter, type TruthService } from '@olala/core/truth';
import { OcrService } from '@olala/core/ocr';
import { instrumentLlm } from './metrics.js';
import { HttpError, unavailable } from '../routes/errors.js';

/** Too many runs at once: refused with 503 rather than queued behind minutes of LLM calls. */
export const busy = () => unavailable('BUSY', '지금은 검증 요청이 많습니다. 잠시 후 다시 시도해 주세요.');
export const isBusy = (err: unknown) => err instanceof HttpError && err.code === 'BUSY';

function runLimiter(max: number): RunLimiter {
  let active = 0;
  const check = () => {
    if (active >= max) throw busy();
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
    /** Every truth check of this process: the routes, the admin's issue fact-check and 올라 in the chat. */
    truth: TruthService;
    /** Reads image inputs; its workers start on the first image. */
    ocr: OcrService;
  }
}

/**
 * The truth service, built once: the pipeline's dependencies as core sets them up (LLM clients
 * per role, news providers, the full-text reader, the wiki search on the read replica), with the
 * LLM clients and searches reporting to the metrics, the OCR workers, and the run limiter.
 */
export default fp(
  async (fastify) => {
    const { config, db, metrics } = fastify;
    const llm = Object.fromEntries(
      Object.entries(createLlmClients(config.llm)).map(([role, client]) => [role, instrumentLlm(client, metrics)]),
    );
    const roles = Object.entries(llm).map(([role, client]) => `${role}=${client.provider}/${client.model}`);
    fastify.log.info(
      roles.length > 0
        ? `verification LLMs: ${roles.join(', ')}`
        : 'no LLM configured: verification runs its rules (no-LLM mode)',
    );
    const ocr = new OcrService(config.ocr);
    fastify.decorate('ocr', ocr);
    fastify.addHook('onClose', () => ocr.close());
    const truth = createTruthService(config, db, {
      reader: fastify.readDb,
      llm,
      ocr,
      limiter: runLimiter(config.maxConcurrentChecks),
      onSearch: (s) => metrics.search.observe({ mode: s.mode }, s.ms / 1000),
      observe: {
        stage: (e) => {
          metrics.stage.observe({ stage: e.stage, status: e.status }, e.ms / 1000);
          if (e.status === 'failed' || e.status === 'timeout')
            metrics.stageFailures.inc({ stage: e.stage, status: e.status });
        },
        verdict: (v) => metrics.verdicts.inc({ label: v.label, cached: String(v.cached) }),
      },
    });
    fastify.decorate('truth', truth);
  },
  { name: 'pipeline', dependencies: ['config', 'db', 'metrics'] },
);
