import type { ArticleCheckRequest, ArticleCheckResponse, ArticleClaim, FoundClaim } from '@olala/contract/articles';
import type { StageName } from '@olala/contract/truth';
import { env } from '../../config/env.js';
import { ApiError } from '../../lib/api-client.js';
import type { StageEvent } from '../../lib/stages.js';
import { createRunSlot } from '../../lib/run-slot.js';
import { createStore } from '../../lib/store.js';
import { ArticleRunError, streamArticleCheck } from './api/check-article.js';

/** A claim as the stream has told of it so far: found, its stages, then its verdict. */
export interface ClaimProgress extends FoundClaim {
  stages: Partial<Record<StageName, StageEvent>>;
  result?: ArticleClaim['result'];
  error?: ArticleClaim['error'];
  done: boolean;
}

export type ArticleRun =
  | { phase: 'idle' }
  | { phase: 'running'; request: ArticleCheckRequest; claims: ClaimProgress[]; startedAt: number }
  | { phase: 'done'; request: ArticleCheckRequest; result: ArticleCheckResponse }
  | { phase: 'error'; request: ArticleCheckRequest; kind: 'timeout' | 'error'; message: string }
  | { phase: 'cancelled'; request: ArticleCheckRequest };

/** Outlives the Verify screen, like the single check's run: switching tabs keeps the progress. */
export const articleStore = createStore<ArticleRun>({ phase: 'idle' });

export const ARTICLE_TIMEOUT_MESSAGE = '기사 검증이 너무 오래 걸려 중단했어요. 잠시 후 다시 시도해 주세요.';
const GENERIC_MESSAGE = '기사 검증 중 문제가 생겼어요. 잠시 후 다시 시도해 주세요.';
/**
 * An article's claims are checked in parallel within the server's budget, but a run holds more
 * work than one check: the client waits twice the single check's limit before it gives up.
 */
const TIMEOUT_FACTOR = 2;

const slot = createRunSlot();
type RunTicket = ReturnType<typeof slot.begin>;

function updateClaims(mine: RunTicket, fn: (claims: ClaimProgress[]) => ClaimProgress[]): void {
  const run = articleStore.get();
  if (!mine.current() || run.phase !== 'running') return;
  articleStore.set({ ...run, claims: fn(run.claims) });
}

/** Starts an article check (cancelling one in flight); resolves when it has ended, however it ended. */
export async function startArticleRun(request: ArticleCheckRequest): Promise<void> {
  const mine = slot.begin(env.verifyTimeoutMs * TIMEOUT_FACTOR);
  articleStore.set({ phase: 'running', request, claims: [], startedAt: Date.now() });
  try {
    const result = await streamArticleCheck(request, mine.signal, {
      onClaimFound: (claim) =>
        updateClaims(mine, (claims) => [
          ...claims.filter((c) => c.id !== claim.id),
          { ...claim, stages: {}, done: false },
        ]),
      onStage: (id, e) =>
        updateClaims(mine, (claims) =>
          claims.map((c) => (c.id === id ? { ...c, stages: { ...c.stages, [e.stage]: e } } : c)),
        ),
      onClaimComplete: (done) =>
        updateClaims(mine, (claims) =>
          claims.map((c) => (c.id === done.id ? { ...c, result: done.result, error: done.error, done: true } : c)),
        ),
    });
    if (!mine.current()) return;
    articleStore.set({ phase: 'done', request, result });
  } catch (err) {
    if (!mine.current()) return;
    if (mine.timedOut())
      articleStore.set({ phase: 'error', request, kind: 'timeout', message: ARTICLE_TIMEOUT_MESSAGE });
    else if ((err as Error).name === 'AbortError') articleStore.set({ phase: 'cancelled', request });
    else if (err instanceof ArticleRunError || err instanceof ApiError)
      articleStore.set({ phase: 'error', request, kind: 'error', message: err.message || GENERIC_MESSAGE });
    else articleStore.set({ phase: 'error', request, kind: 'error', message: GENERIC_MESSAGE });
  } finally {
    mine.end();
  }
}

/** Closes the connection: the server sees the client go and stops every claim's check. */
export function cancelArticleRun(): void {
  slot.cancel();
}

export function retryArticleRun(): Promise<void> {
  const run = articleStore.get();
  return run.phase === 'idle' ? Promise.resolve() : startArticleRun(run.request);
}

export function resetArticleRun(): void {
  slot.reset();
  articleStore.set({ phase: 'idle' });
}
