import { setMaxListeners } from 'node:events';
import pLimit from 'p-limit';
import type { TruthCheckRequest, TruthCheckResponse } from '@olala/contract';
import { checkTruth, RunCancelledError, type CheckOptions, type RunLogger } from '../analyses/service.js';
import { evidenceTermsMemo } from '../pipeline/stages/score/index.js';
import type { PipelineDeps } from '../pipeline/types.js';
import type { NewAnalysis } from '../analyses/store.js';
import { analysesPool } from './analyses-pool.js';
import { Rendezvous } from './rendezvous.js';
import { wikiSearchPool, type SearchPoolStats } from './search-pool.js';

export type CheckClaim = (
  deps: PipelineDeps,
  request: TruthCheckRequest,
  options: CheckOptions,
) => Promise<TruthCheckResponse>;

/** Claims checked at once with an LLM (an article's, a batch's): enough to overlap its calls, few enough to share the machine. */
export const ARTICLE_CONCURRENCY = 4;

const noLlm = (deps: Pick<PipelineDeps, 'llm'>) => !deps.llm.claim && !deps.llm.verify && !deps.llm.judge;

/**
 * Claims checked side by side. Without an LLM a text claim waits on nothing but the database,
 * and its wiki searches (`search-pool.ts`) and its stored run (`analyses-pool.ts`) join the
 * other claims' in one batch only if all of them get there together: every claim at once (an
 * article's at most `max_claims`, 20; a batch's at most 100). With an LLM, claims wait on its
 * answers, and a URL on its page: a few at a time overlap them.
 */
export function claimConcurrency(deps: Pick<PipelineDeps, 'llm'>, claims: number, textOnly = true): number {
  return noLlm(deps) && textOnly ? Math.max(1, claims) : ARTICLE_CONCURRENCY;
}

/** `fn` over `items`, at most `limit` at a time, results in the items' order. */
export function mapBounded<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const slot = pLimit(Math.max(1, limit));
  return Promise.all(items.map((item, i) => slot(() => fn(item, i))));
}

/**
 * The caller's signal as the claims of a group listen to it: every stage in flight of every claim
 * listens for the abort (two at once per claim, the verifiers), which on the caller's signal would
 * pass Node's leak warning at eleven. They listen to a signal of the group's own, which follows
 * the caller's through one listener, removed by `release`.
 */
export function groupSignal(
  signal: AbortSignal | undefined,
  claimsAtOnce: number,
): { signal?: AbortSignal; release(): void } {
  if (!signal) return { release: () => {} };
  const controller = new AbortController();
  setMaxListeners(Math.max(10, 4 * claimsAtOnce), controller.signal);
  const follow = () => controller.abort(signal.reason);
  if (signal.aborted) follow();
  else signal.addEventListener('abort', follow, { once: true });
  return { signal: controller.signal, release: () => signal.removeEventListener('abort', follow) };
}

export interface ClaimGroup {
  /**
   * One claim, checked by `checkTruth` (its own full result, stored and cached like any check),
   * its wiki searches and its stored run joining those of the group's other claims in flight.
   * `totalMs`: the claim's run budget when the group shares a deadline (an article's).
   */
  check(request: TruthCheckRequest, options: CheckOptions, totalMs?: number): Promise<TruthCheckResponse>;
  stats(): { wiki_searches: SearchPoolStats; analyses_inserts: number };
  /** The claims' runs, when the group keeps them for its caller to store (`keepRuns`). */
  runs(): NewAnalysis[];
}

/**
 * The claims of one run checked together (an article's, a batch's): one search pool, one
 * `analyses` insert and one memo of the candidates' word terms for all of them, made here and
 * gone with the run. Each claim's answer is still the one it gets checked alone.
 */
export function claimGroup(
  deps: PipelineDeps,
  checkClaim: CheckClaim = checkTruth,
  { keepRuns = false }: { keepRuns?: boolean } = {},
): ClaimGroup {
  const group = new Rendezvous();
  const searches = wikiSearchPool(deps.wiki, group);
  const runs = analysesPool(deps.db, group);
  // An article no one hears of claim by claim stores its claims' runs in its own statement.
  const kept: NewAnalysis[] = [];
  const keep = async (run: NewAnalysis) => void kept.push(run);
  const shared: PipelineDeps = { ...deps, evidenceTerms: evidenceTermsMemo() };
  return {
    async check(request, options, totalMs) {
      const seat = group.join();
      try {
        return await checkClaim(
          {
            ...shared,
            wiki: searches.join(seat).wiki,
            ...(totalMs !== undefined ? { budgets: { ...deps.budgets, totalMs } } : {}),
          },
          request,
          { ...options, save: keepRuns ? keep : runs.member(seat) },
        );
      } finally {
        seat.leave();
      }
    },
    stats: () => ({ wiki_searches: searches.stats(), analyses_inserts: runs.inserts }),
    runs: () => kept,
  };
}

/** A claim of a batch: its result, or why it has none (`RunCancelledError` once the caller left). */
export type ClaimOutcome = { result: TruthCheckResponse } | { error: unknown };

export interface CheckClaimsOptions extends Omit<CheckOptions, 'log' | 'onStage' | 'save'> {
  /** Claims at once; unset, `claimConcurrency`. */
  concurrency?: number;
  /** The log of the claim at `index` (its lines carry the caller's id for it). */
  log?: (index: number) => RunLogger | undefined;
  /** Each claim as it finishes, in the order they finish. */
  onResult?: (index: number, outcome: ClaimOutcome) => void;
  /** How one claim is checked: `checkTruth` (tests put a failing one in). */
  checkClaim?: CheckClaim;
}

/**
 * Many independent claims (`POST /v1/truth/batch`, `olala check-claims`) as one group: each
 * claim's result is its single check's, a claim that fails fails alone, and once `signal`
 * aborts no claim starts (those in flight stop with `RunCancelledError`). Outcomes in the
 * requests' order.
 */
export function checkClaims(
  deps: PipelineDeps,
  requests: readonly TruthCheckRequest[],
  options: CheckClaimsOptions,
): Promise<ClaimOutcome[]> {
  const { concurrency, log, onResult, checkClaim, ...check } = options;
  const group = claimGroup(deps, checkClaim);
  const textOnly = requests.every((r) => (r.input_type ?? 'text') === 'text');
  const limit = concurrency ?? claimConcurrency(deps, requests.length, textOnly);
  const stop = groupSignal(options.signal, Math.min(limit, requests.length));
  return mapBounded(requests, limit, async (request, i) => {
    let outcome: ClaimOutcome;
    if (options.signal?.aborted) outcome = { error: new RunCancelledError() };
    else {
      try {
        const claimLog = log?.(i);
        outcome = {
          result: await group.check(request, {
            ...check,
            ...(stop.signal ? { signal: stop.signal } : {}),
            ...(claimLog ? { log: claimLog } : {}),
          }),
        };
      } catch (err) {
        outcome = { error: err };
      }
    }
    onResult?.(i, outcome);
    return outcome;
  }).finally(stop.release);
}
