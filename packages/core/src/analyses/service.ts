import { randomUUID } from 'node:crypto';
import type { RiskFlag, TruthCheckRequest, TruthCheckResponse } from '@olala/contract';
import { RunCancelledError } from '../pipeline/run-context.js';
import { modelInfo, runPipeline } from '../pipeline/run.js';
import type { PipelineDeps, PipelineOutcome, RunOptions } from '../pipeline/types.js';
import { recordHistory } from './history.js';
import { findRecentAnalysis, inputKey, saveAnalysis, type AnalysisInput, type NewAnalysis } from './store.js';

export interface CheckOptions extends Pick<RunOptions, 'signal' | 'onStage'> {
  streamed: boolean;
  /** How long a result is served again for the same input (0 = never). */
  cacheMs: number;
  /** Every line carries the analysis id, so one run can be followed through its stages. */
  log?: RunLogger;
  /** Who asked (a bearer token's user): the result, cached or not, lands in their history. */
  userId?: string;
  /**
   * How the run is stored when it is one of several stored together (`articles/analyses-pool.ts`:
   * one insert for a group's rows); unset, `saveAnalysis` inserts it alone.
   */
  save?: (run: NewAnalysis) => Promise<void>;
}

export { RunCancelledError };

export type FactCheckOptions = Pick<CheckOptions, 'log' | 'userId'>;

/**
 * How an issue's and a chat message's fact-checks reach the truth service: one claim, checked as
 * a text input through the run limiter and the result cache like any other check. The limiter may
 * refuse with a busy error (`code: 'BUSY'`).
 */
export interface ClaimChecker {
  factCheck(claim: string, options?: FactCheckOptions): Promise<TruthCheckResponse>;
}

/** The part of a pino logger a run needs. */
export interface RunLogger {
  child(bindings: Record<string, unknown>): RunLogger;
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

function analysisInput(request: TruthCheckRequest): AnalysisInput {
  return {
    input_type: request.input_type ?? 'text',
    input_payload: request.input_payload,
    user_request: request.user_request ?? null,
  };
}

/**
 * One truth check as the API sees it: served from the store when the same input was checked
 * recently, else run, and stored either way — streamed runs and cancelled ones included.
 * A crash inside the pipeline is a stored UNVERIFIED result, never an error the client must decode.
 */
export async function checkTruth(
  deps: PipelineDeps,
  request: TruthCheckRequest,
  options: CheckOptions,
): Promise<TruthCheckResponse> {
  const db = deps.db;
  const input = analysisInput(request);
  const key = inputKey(input, [modelInfo(deps.llm)]);
  if (options.cacheMs > 0 && !request.no_cache) {
    const hit = await findRecentAnalysis(db, key, options.cacheMs);
    if (hit) {
      await addToHistory(db, options, hit.analysis_id);
      options.log?.info({ analysis_id: hit.analysis_id, label: hit.label }, 'truth check served from the store');
      deps.observe?.verdict?.({ label: hit.label, cached: true, ms: 0 });
      return { ...hit.result, cached: true };
    }
  }

  const started = performance.now();
  const createdAt = new Date().toISOString();
  const analysisId = randomUUID();
  const log = options.log?.child({ analysis_id: analysisId });
  const onStage: RunOptions['onStage'] = (event) => {
    const line = { stage: event.stage, status: event.status, ms: event.ms };
    if (event.status === 'failed' || event.status === 'timeout') log?.warn(line, 'stage did not complete');
    else log?.info(line, 'stage complete');
    options.onStage?.(event);
  };
  let outcome: PipelineOutcome;
  let status: 'complete' | 'cancelled' = 'complete';
  try {
    outcome = await runPipeline(deps, request, { signal: options.signal, onStage });
  } catch (err) {
    if (err instanceof RunCancelledError) {
      status = 'cancelled';
      outcome = emptyOutcome(deps, request, 'CANCELLED', '검증이 취소되었습니다');
    } else {
      log?.error({ err }, 'pipeline crashed');
      outcome = emptyOutcome(deps, request, 'PIPELINE_CRASH', '검증 중 오류가 발생해 판단하지 못했습니다');
    }
  }

  const { cacheable, stage_outputs, ...rest } = outcome;
  const response: TruthCheckResponse = {
    analysis_id: analysisId,
    ...rest,
    latency_ms: Math.round(performance.now() - started),
    cost_usd: 0,
    created_at: createdAt,
    cached: false,
    ...(request.include_full_outputs ? { stage_outputs } : {}),
  };
  try {
    await (options.save ?? ((run: NewAnalysis) => saveAnalysis(db, run)))({
      ...input,
      input_key: key,
      result: response,
      status,
      streamed: options.streamed,
      cacheable: cacheable && status === 'complete',
    });
  } catch (err) {
    log?.error({ err }, 'saving the analysis failed');
    response.risk_flags = [...response.risk_flags, 'PERSISTENCE_FAILED'];
  }
  if (status === 'cancelled') {
    log?.info({}, 'truth check cancelled by the client');
    throw new RunCancelledError();
  }
  log?.info(
    {
      label: response.label,
      confidence: response.confidence,
      latency_ms: response.latency_ms,
      risk_flags: response.risk_flags,
    },
    'truth check complete',
  );
  deps.observe?.verdict?.({ label: response.label, cached: false, ms: response.latency_ms });
  if (!response.risk_flags.includes('PERSISTENCE_FAILED')) await addToHistory(db, options, analysisId);
  return response;
}

/** A history that failed to record is not worth failing the answer for. */
async function addToHistory(db: PipelineDeps['db'], options: CheckOptions, analysisId: string): Promise<void> {
  if (!options.userId) return;
  try {
    await recordHistory(db, options.userId, analysisId);
  } catch (err) {
    options.log?.error({ err }, 'recording the history failed');
  }
}

function emptyOutcome(
  deps: PipelineDeps,
  request: TruthCheckRequest,
  flag: RiskFlag,
  headline: string,
): PipelineOutcome {
  return {
    label: 'UNVERIFIED',
    confidence: 0,
    headline,
    summary: headline,
    rationale: [],
    claim: request.input_payload.slice(0, 600),
    citations: [],
    counter_evidence: [],
    limitations: [],
    recommended_next_steps: ['잠시 후 다시 시도해 주세요.'],
    risk_flags: [flag],
    model_info: modelInfo(deps.llm),
    stages: [],
    stage_outputs: {},
    cacheable: false,
  };
}
