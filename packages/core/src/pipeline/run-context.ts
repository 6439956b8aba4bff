import type { RiskFlag, StageName, StageTiming } from '@olala/contract';
import { LlmError, type LlmClient } from '../llm/types.js';
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
  constructor(
    readonly stage: StageName,
    ms: number,
  ) {
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
  /** LLM calls in flight, and the time spent with at least one in flight (before `llmSince`). */
  private llmInFlight = 0;
  private llmSpentMs = 0;
  private llmSince = 0;

  constructor(
    readonly deps: PipelineDeps,
    private readonly options: RunOptions,
  ) {
    this.budgets = {
      totalMs: deps.budgets?.totalMs ?? DEFAULT_BUDGETS.totalMs,
      ...(deps.budgets?.llmMs !== undefined ? { llmMs: deps.budgets.llmMs } : {}),
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

  /** What is left of the run's LLM budget: the time any LLM call was in flight is spent. */
  llmRemainingMs(): number {
    const spent = this.llmSpentMs + (this.llmInFlight > 0 ? performance.now() - this.llmSince : 0);
    return Math.max(0, (this.budgets.llmMs ?? Infinity) - spent);
  }

  /**
   * The run's LLM clients, each call bounded by what is left of the LLM budget and counted
   * against it; a call once it is spent fails as a timeout without reaching the model.
   */
  meterLlm(llm: PipelineDeps['llm']): PipelineDeps['llm'] {
    if (this.budgets.llmMs === undefined) return llm;
    const metered: PipelineDeps['llm'] = {};
    for (const [role, client] of Object.entries(llm) as [keyof PipelineDeps['llm'], LlmClient][]) {
      metered[role] = {
        role: client.role,
        provider: client.provider,
        model: client.model,
        chatJson: async (request) => {
          const left = this.llmRemainingMs();
          if (left <= 0)
            throw new LlmError('TIMEOUT', `the run's LLM budget of ${this.budgets.llmMs} ms is spent`, {
              role: client.role,
              model: client.model,
            });
          if (this.llmInFlight++ === 0) this.llmSince = performance.now();
          try {
            return await client.chatJson({ ...request, timeoutMs: Math.min(request.timeoutMs ?? Infinity, left) });
          } finally {
            if (--this.llmInFlight === 0) this.llmSpentMs += performance.now() - this.llmSince;
          }
        },
      };
    }
    return metered;
  }

  get degraded(): boolean {
    return this.failures.length > 0;
  }

  /**
   * A body that returns a value rather than a promise (the rules' stages without an LLM) ran to
   * its end before any timer could fire, so it gets no deadline timer, abort controller or
   * cancel listener: five claims' dozen stages each made them for nothing. A body that returns a
   * promise gets them as soon as it returns, its deadline still counted from the stage's start.
   */
  async stage<T>(
    name: StageName,
    body: (scope: StageScope) => T | Promise<T>,
    fallback: (reason: string) => T,
    summarize: (value: T) => Record<string, unknown> = () => ({}),
  ): Promise<T> {
    if (this.cancelled) throw new RunCancelledError();
    const t0 = performance.now();
    const budget = Math.min(this.budgets.stageMs[name] ?? this.budgets.totalMs, this.remainingMs());
    let controller: AbortController | undefined;
    const scope: StageScope = {
      get signal() {
        return (controller ??= new AbortController()).signal;
      },
      remainingMs: () => Math.max(0, t0 + budget - performance.now()),
    };

    let status: StageTiming['status'] = 'ok';
    let value: T;
    try {
      const out = body(scope);
      value = isPromise(out) ? await this.bounded(name, budget, t0, out, (controller ??= new AbortController())) : out;
    } catch (err) {
      if (this.cancelled) throw new RunCancelledError();
      const timedOut = err instanceof StageTimeoutError || (err instanceof LlmError && err.code === 'TIMEOUT');
      status = timedOut ? 'timeout' : 'failed';
      const reason = err instanceof Error ? err.message : String(err);
      this.fail(name, reason, err);
      value = fallback(reason);
    }
    const ms = Math.round((performance.now() - t0) * 10) / 10;
    this.timings.push({ stage: name, status, ms });
    const data = summarize(value);
    this.outputs[name] = data;
    this.emit({ stage: name, status, ms, data });
    return value;
  }

  /** `pending` until the stage's deadline (counted from `t0`) or the run's cancellation, which abort `controller`. */
  private async bounded<T>(
    name: StageName,
    budget: number,
    t0: number,
    pending: Promise<T>,
    controller: AbortController,
  ): Promise<T> {
    const timer = setTimeout(
      () => controller.abort(new StageTimeoutError(name, budget)),
      Math.max(0, t0 + budget - performance.now()),
    );
    const onCancel = () => controller.abort(new RunCancelledError());
    this.options.signal?.addEventListener('abort', onCancel, { once: true });
    try {
      return await Promise.race([pending, aborted(controller.signal)]);
    } finally {
      clearTimeout(timer);
      this.options.signal?.removeEventListener('abort', onCancel);
    }
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
    if (err instanceof StageTimeoutError || (err instanceof LlmError && err.code === 'TIMEOUT'))
      this.flags.add('TIMEOUT');
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

const isPromise = <T>(value: T | Promise<T>): value is Promise<T> =>
  typeof (value as { then?: unknown } | null)?.then === 'function';

function aborted(signal: AbortSignal): Promise<never> {
  return new Promise((_, reject) => {
    const fire = () => reject(signal.reason instanceof Error ? signal.reason : new Error('aborted'));
    if (signal.aborted) fire();
    else signal.addEventListener('abort', fire, { once: true });
  });
}
