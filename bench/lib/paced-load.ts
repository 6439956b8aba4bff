/**
 * Throughput at a latency bound: clients sending on a schedule (open loop), and the highest
 * aggregate rate whose p95 stays within the bound. Closed-loop clients (each firing its next
 * query as the last returns) only measure saturation: on one in-process database they queue as
 * deep as there are clients, so their p95 says how deep the queue is, not what rate is served
 * in time. Latency is counted from the scheduled send, so a client that falls behind its
 * schedule is charged the wait (no coordinated omission, as wrk2 does it).
 */
import { percentile, round } from './cli.js';

/** Time of a paced run: the real one in benchmarks, a fake one in tests. */
export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const realClock: Clock = {
  now: () => performance.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

export interface PacedOptions {
  /** Aggregate arrivals per second of all clients together. */
  rate: number;
  clients: number;
  durationS: number;
  /** Fewest arrivals of a step (it then lasts up to 3 × durationS): a p95 of 20 queries is their second worst. */
  minQueries?: number;
  boundMs: number;
  clock?: Clock;
}

export interface PacedStep {
  rate_qps: number;
  /** Arrivals scheduled in the step. */
  scheduled: number;
  /** Of those, sent (a step stops sending once its p95 can no longer be within the bound). */
  sent: number;
  over_bound: number;
  p50_ms: number | null;
  p95_ms: number | null;
  within_bound: boolean;
}

/**
 * `clients` clients share the arrivals of `rate` per second for `durationS` (client c takes
 * arrivals c, c + clients, …); each sends at its arrival's time or, when still busy, as soon as
 * it is free, and the query's latency runs from the scheduled time. Once more queries are over
 * the bound than a p95 within it allows, the step is decided and sends no more (its p50/p95 are
 * then null): a rate far above capacity would otherwise run its whole backlog.
 */
export async function pacedRun(search: (i: number) => Promise<unknown>, o: PacedOptions): Promise<PacedStep> {
  const clock = o.clock ?? realClock;
  const interval = 1000 / o.rate;
  // At most three times the duration, so that the lowest rates of a search stay bounded.
  const scheduled = Math.max(
    o.clients,
    Math.min(o.minQueries ?? 0, Math.round(3 * o.rate * o.durationS)),
    Math.round(o.rate * o.durationS),
  );
  // Nearest-rank p95 is within the bound while at most this many of the step's queries are over it.
  const allowedOver = scheduled - Math.ceil(0.95 * scheduled);
  const latencies: number[] = [];
  let over = 0;
  let sent = 0;
  const start = clock.now();
  await Promise.all(
    Array.from({ length: o.clients }, async (_, c) => {
      for (let i = c; i < scheduled && over <= allowedOver; i += o.clients) {
        const at = start + i * interval;
        const wait = at - clock.now();
        if (wait > 0) await clock.sleep(wait);
        if (over > allowedOver) break;
        // Already later than the bound before it is sent: over it whatever the search costs.
        if (clock.now() - at > o.boundMs) {
          over++;
          continue;
        }
        sent++;
        await search(i);
        const ms = clock.now() - at;
        latencies.push(ms);
        if (ms > o.boundMs) over++;
      }
    }),
  );
  const decided = over > allowedOver;
  latencies.sort((a, b) => a - b);
  return {
    rate_qps: round(o.rate),
    scheduled,
    sent,
    over_bound: over,
    p50_ms: decided ? null : round(percentile(latencies, 50)),
    p95_ms: decided ? null : round(percentile(latencies, 95)),
    within_bound: !decided,
  };
}

export interface RateSearch {
  /** The highest rate tried whose p95 was within the bound; null when none was. */
  rate_qps: number | null;
  steps: PacedStep[];
}

/**
 * The highest rate within the bound, up to `max` (the clients' closed-loop saturation: more than
 * they complete back to back cannot be served). `max` is tried first; when over the bound, the
 * remaining steps bisect between 0 and it, each step's verdict moving one end.
 */
export async function highestRateWithin(
  run: (rate: number) => Promise<PacedStep>,
  o: { max: number; steps: number; onStep?: (step: PacedStep) => void },
): Promise<RateSearch> {
  const steps: PacedStep[] = [];
  let lo = 0;
  let hi = o.max;
  let best: number | null = null;
  for (let rate = o.max; steps.length < o.steps && rate > 0; rate = (lo + hi) / 2) {
    const step = await run(rate);
    steps.push(step);
    o.onStep?.(step);
    if (step.within_bound) {
      lo = rate;
      best = rate;
      if (rate === o.max) break;
    } else hi = rate;
  }
  return { rate_qps: best === null ? null : round(best), steps };
}
