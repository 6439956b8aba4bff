import type { StageName, TruthCheckRequest, TruthCheckResponse } from '@olala/contract/truth';
import { env } from '../../config/env.js';
import { ApiError } from '../../lib/api-client.js';
import { authHeaders, forgetIdentity, isDeadSession } from '../../lib/auth.js';
import { cacheResult } from '../../lib/result-cache.js';
import { createRunSlot } from '../../lib/run-slot.js';
import { createStore } from '../../lib/store.js';
import { PipelineError, streamCheck, type StageEvent } from './api/stream-check.js';
import type { Scope } from './detect.js';

export type InputMode = 'text' | 'url';

export type RunState =
  | { phase: 'idle' }
  | { phase: 'running'; request: TruthCheckRequest; stages: Partial<Record<StageName, StageEvent>>; startedAt: number }
  | { phase: 'done'; request: TruthCheckRequest; result: TruthCheckResponse }
  | { phase: 'error'; request: TruthCheckRequest; kind: 'timeout' | 'error'; message: string }
  | { phase: 'cancelled'; request: TruthCheckRequest };

export interface VerifyState {
  mode: InputMode;
  text: string;
  /** Set when a pasted address switched the mode by itself, to say so. */
  autoDetected: boolean;
  /** 한 문장만 확인 or 전체 기사로 확인, when the user chose; unset, the input decides (`defaultScope`). */
  scope?: Scope;
  /** The text in the box was read from a screenshot: it may be checked as an article whatever its length. */
  fromImage: boolean;
  run: RunState;
}

/** Outlives the Verify screen: switching tabs mid-run keeps the run and its progress. */
export const verifyStore = createStore<VerifyState>({
  mode: 'text',
  text: '',
  autoDetected: false,
  fromImage: false,
  run: { phase: 'idle' },
});

export const TIMEOUT_MESSAGE = '검증이 너무 오래 걸려 중단했어요. 잠시 후 다시 시도해 주세요.';
const GENERIC_MESSAGE = '검증 중 문제가 생겼어요. 잠시 후 다시 시도해 주세요.';

const slot = createRunSlot();

const setRun = (run: RunState) => verifyStore.set((s) => ({ ...s, run }));

export function requestFor(mode: InputMode, text: string): TruthCheckRequest {
  return { input_type: mode, input_payload: text.trim(), language: 'ko' };
}

/** Starts a run (cancelling one in flight); resolves when it has ended, however it ended. */
export async function startRun(request: TruthCheckRequest): Promise<void> {
  const mine = slot.begin(env.verifyTimeoutMs);
  const startedAt = Date.now();
  setRun({ phase: 'running', request, stages: {}, startedAt });
  try {
    const onStage = (e: StageEvent) => {
      const run = verifyStore.get().run;
      if (!mine.current() || run.phase !== 'running') return;
      setRun({ ...run, stages: { ...run.stages, [e.stage]: e } });
    };
    let headers = await authHeaders();
    let result: TruthCheckResponse;
    try {
      result = await streamCheck(request, { signal: mine.signal, headers, onStage });
    } catch (err) {
      // A session the server no longer knows is refused before the run starts: renew it once.
      if (!(isDeadSession(err) && headers.authorization)) throw err;
      forgetIdentity();
      headers = await authHeaders();
      result = await streamCheck(request, { signal: mine.signal, headers, onStage });
    }
    if (!mine.current()) return;
    cacheResult({ input_payload: request.input_payload, result });
    setRun({ phase: 'done', request, result });
  } catch (err) {
    if (!mine.current()) return;
    if (mine.timedOut()) setRun({ phase: 'error', request, kind: 'timeout', message: TIMEOUT_MESSAGE });
    else if ((err as Error).name === 'AbortError') setRun({ phase: 'cancelled', request });
    else if (err instanceof PipelineError) {
      setRun({
        phase: 'error',
        request,
        kind: err.data.code === 'TIMEOUT' ? 'timeout' : 'error',
        message: err.message || GENERIC_MESSAGE,
      });
    } else
      setRun({
        phase: 'error',
        request,
        kind: 'error',
        message: err instanceof ApiError ? err.message : GENERIC_MESSAGE,
      });
  } finally {
    mine.end();
  }
}

/** Closes the connection: the server sees the client go and stops the run. */
export function cancelRun(): void {
  slot.cancel();
}

/** The retry button: the same request again, really sent. */
export function retryRun(): Promise<void> {
  const run = verifyStore.get().run;
  if (run.phase === 'idle') return Promise.resolve();
  return startRun(run.request);
}

export function resetRun(): void {
  slot.reset();
  setRun({ phase: 'idle' });
}
