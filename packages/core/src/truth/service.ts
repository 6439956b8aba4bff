import type { ArticleCheckRequest, ArticleCheckResponse, TruthCheckRequest, TruthCheckResponse } from '@olala/contract';
import { checkArticle, type ArticleCheckOptions } from '../articles/service.js';
import { checkClaims, type CheckClaimsOptions, type ClaimOutcome } from '../articles/claim-group.js';
import type { Config } from '../config.js';
import type { Db } from '../db/types.js';
import { createPipelineDeps, type ConfiguredPipelineDeps, type PipelineSetup } from '../pipeline/deps.js';
import { runPipeline } from '../pipeline/run.js';
import type { PipelineOutcome, RunOptions } from '../pipeline/types.js';
import { checkTruth, type CheckOptions, type ClaimChecker, type FactCheckOptions } from '../analyses/service.js';

/** Bounds the runs of a process; the server refuses past its limit (503) rather than queue behind LLM calls. */
export interface RunLimiter {
  /** Throws when every slot is taken: a stream asks before it starts, while a status can still be sent. */
  check(): void;
  run<T>(fn: () => Promise<T>): Promise<T>;
}

/** The CLI bounds its runs by its own worker count. */
export const UNLIMITED: RunLimiter = { check: () => {}, run: (fn) => fn() };

export type TruthCheckOptions = Omit<CheckOptions, 'cacheMs' | 'streamed'> & { streamed?: boolean };
export type CheckManyOptions = Omit<CheckClaimsOptions, 'cacheMs' | 'streamed' | 'checkClaim'> & { streamed?: boolean };
export type ArticleOptions = Omit<ArticleCheckOptions, 'cacheMs' | 'maxClaims' | 'streamed'> & {
  maxClaims?: number;
  streamed?: boolean;
};

/**
 * Every truth check of the process goes through this one object: the truth, batch and article
 * routes, the admin's issue fact-check, 올라 in the chat, `olala check-claims` and `olala eval`.
 * It holds what each caller used to assemble for itself: the pipeline's dependencies, the run
 * limiter, the result cache's lifetime and the article defaults.
 */
export interface TruthService extends ClaimChecker {
  readonly deps: ConfiguredPipelineDeps;
  readonly limiter: RunLimiter;
  /** One input, served from the store when checked within the cache lifetime, else run and stored. */
  check(request: TruthCheckRequest, options?: TruthCheckOptions): Promise<TruthCheckResponse>;
  /**
   * Many claims as one run (`POST /v1/truth/batch`, `olala check-claims`): each answered as
   * `check` answers it (the result cache included), their searches and stored runs shared, all at
   * once without an LLM; the whole run takes one slot of the limiter. Outcomes in the requests' order.
   */
  checkMany(requests: readonly TruthCheckRequest[], options?: CheckManyOptions): Promise<ClaimOutcome[]>;
  /** An article cut into claims, each checked like `check`; the whole run takes one slot of the limiter. */
  checkArticle(request: ArticleCheckRequest, options?: ArticleOptions): Promise<ArticleCheckResponse>;
  /** The bare pipeline: no cache, no store, no limiter (`olala eval` scores the verdicts only). */
  run(request: TruthCheckRequest, options?: RunOptions): Promise<PipelineOutcome>;
}

export interface TruthServiceSetup extends PipelineSetup {
  limiter?: RunLimiter;
}

/** The truth service of a process, built once at start from the configuration. */
export function createTruthService(config: Config, db: Db, setup: TruthServiceSetup = {}): TruthService {
  const deps = createPipelineDeps(config, db, setup);
  const limiter = setup.limiter ?? UNLIMITED;
  const cacheMs = config.resultCacheSeconds * 1000;
  const check = (request: TruthCheckRequest, options: TruthCheckOptions = {}) =>
    limiter.run(() => checkTruth(deps, request, { ...options, streamed: options.streamed ?? false, cacheMs }));
  return {
    deps,
    limiter,
    check,
    // Issue and chat fact-checks are one claim as a text input, answered whole (not streamed).
    factCheck: (claim: string, options: FactCheckOptions = {}) =>
      check({ input_type: 'text', input_payload: claim }, options),
    checkMany: (requests, options = {}) =>
      limiter.run(() => checkClaims(deps, requests, { ...options, streamed: options.streamed ?? false, cacheMs })),
    checkArticle: (request, options = {}) =>
      limiter.run(() =>
        checkArticle(deps, request, {
          ...options,
          maxClaims: options.maxClaims ?? request.max_claims ?? config.articleMaxClaims,
          streamed: options.streamed ?? false,
          cacheMs,
        }),
      ),
    run: (request, options) => runPipeline(deps, request, options),
  };
}
