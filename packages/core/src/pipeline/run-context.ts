import type { RiskFlag, StageName, StageTiming } from '@olala/contract';
import { LlmError } from '../llm/types.js';
import type { PipelineBudgets, PipelineDeps, RunOptions, StageEvent } from './types.js';

export const DEFAULT_BUDGETS: PipelineBudgets = {
  totalMs: 120_000,
  stageMs: {
    stage01_normalize: 20_000,
    stage02_querygen: 20_000,
    stage03_wiki: 10_000,
    stage03_web: 12_000,
    stage04_score: 5_000,
    stage05_topk: 2_000,
    stage06_verify_support: 45_000,
    stage07_verify_skeptic: 45_000,
    stage08_aggregate: 2_000,
    stage09_judge: 30_000,
  },
};

/** Thrown inside a stage when its own budget or the run's budget is spent. */
export class StageTimeoutError extends Error {
  constructor(readonly stage: StageName, ms: number) {
    super(`${stage} ran out of time after ${ms} ms`);
    this.name = 'StageTimeoutError';
  }
}

/** The client went away: the run stops and nothing more is sent. */
export class RunCancelledError extends Error {
  constructor() {
    super('the run was cancelled');
    this.name = 'RunCancelledError';
  }
}

/** What a stage body receives: its signal (aborted at its deadline) and what is left of its time. */
export interface StageScope {
  signal: AbortSignal;
  remainingMs(): number;
}

/**
 * One run's clock, signal and bookkeeping. `stage()` runs a stage body under the stage's
 * budget, records its timing and emits its event; a failing stage yields the caller's fallback
 * and marks the run degraded, which later forces an UNVERIFIED verdict.
 */
export class RunContext {
  readonly started = performance.now();
  readonly budgets: PipelineBudgets;
  readonly timings: StageTiming[] = [];
  readonly flags = new Set<RiskFlag>();
  readonly limitations: string[] = [];
  readonly outputs: Record<string, unknown> = {};
  /** Stages that failed, with why: any entry makes the verdict UNVERIFIED. */
  readonly failures: { stage: StageName; reason: string; display?: string }[] = [];
  private readonly deadline: number;

  constructor(
    readonly deps: PipelineDeps,
    private readonly options: RunOptions,
  ) {
    this.budgets = {
      totalMs: deps.budgets?.totalMs ?? DEFAULT_BUDGETS.totalMs,
      stageMs: { ...DEFAULT_BUDGETS.stageMs, ...deps.budgets?.stageMs },
    };
    this.deadline = this.started + this.budgets.totalMs;
  }

  get cancelled(): boolean {
    return this.options.signal?.aborted ?? false;
  }

  remainingMs(): number {
    return Math.max(0, this.deadline - performance.now());
  }

  get degraded(): boolean {
    return this.failures.length > 0;
  }

  async stage<T>(
    name: StageName,
    body: (scope: StageScope) => Promise<T>,
    fallback: (reason: string) => T,
    summarize: (value: T) => Record<string, unknown> = () => ({}),
  ): Promise<T> {
    if (this.cancelled) throw new RunCancelledError();
    const t0 = performance.now();
    const budget = Math.min(this.budgets.stageMs[name] ?? this.budgets.totalMs, this.remainingMs());
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(new StageTimeoutError(name, budget)), budget);
    const onCancel = () => controller.abort(new RunCancelledError());
    this.options.signal?.addEventListener('abort', onCancel, { once: true });
    const scope: StageScope = { signal: controller.signal, remainingMs: () => Math.max(0, t0 + budget - performance.now()) };

    let status: StageTiming['status'] = 'ok';
    let value: T;
    try {
      value = await Promise.race([body(scope), aborted(controller.signal)]);
    } catch (err) {
      if (this.cancelled) throw new RunCancelledError();
      const timedOut = err instanceof StageTimeoutError || (err instanceof LlmError && err.code === 'TIMEOUT');
      status = timedOut ? 'timeout' : 'failed';
      const reason = err instanceof Error ? err.message : String(err);
      this.fail(name, reason, err);
      value = fallback(reason);
    } finally {
      clearTimeout(timer);
      this.options.signal?.removeEventListener('abort', onCancel);
    }
    const ms = Math.round((performance.now() - t0) * 10) / 10;
    this.timings.push({ stage: name, status, ms });
    const data = summarize(value);
    this.outputs[name] = data;
    this.emit({ stage: name, status, ms, data });
    return value;
  }

  /** A stage that does not run in this mode still gets its event, so clients see every step. */
  skip(name: StageName, data: Record<string, unknown> = {}): void {
    this.timings.push({ stage: name, status: 'skipped', ms: 0 });
    this.outputs[name] = data;
    this.emit({ stage: name, status: 'skipped', ms: 0, data });
  }

  fail(stage: StageName, reason: string, err?: unknown): void {
    // Errors meant for app users (a refused URL) carry their Korean message.
    const display = (err as { display_message?: unknown } | undefined)?.display_message;
    this.failures.push({ stage, reason, ...(typeof display === 'string' ? { display } : {}) });
    this.flags.add('STAGE_FAILED');
    if (err instanceof LlmError) this.flags.add(stage === 'stage09_judge' ? 'LLM_JUDGE_FAILED' : 'LLM_FAILED');
    if (err instanceof StageTimeoutError || (err instanceof LlmError && err.code === 'TIMEOUT')) this.flags.add('TIMEOUT');
  }

  private emit(event: StageEvent): void {
    try {
      this.deps.observe?.stage?.(event);
      this.options.onStage?.(event);
    } catch {
      // A listener that throws (a closed socket) must not break the run; cancellation comes through the signal.
    }
  }
}

function aborted(signal: AbortSignal): Promise<never> {
  return new Promise((_, reject) => {
    const fire = () => reject(signal.reason instanceof Error ? signal.reason : new Error('aborted'));
    if (signal.aborted) fire();
    else signal.addEventListener('abort', fire, { once: true });
  });
}
