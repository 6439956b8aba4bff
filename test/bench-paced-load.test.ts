import assert from 'node:assert/strict';
import { test } from 'node:test';
import { highestRateWithin, pacedRun, type Clock, type PacedStep } from '../bench/lib/paced-load.js';

/**
 * Virtual time: sleeps resolve in time order, the clock jumping to each once every promise
 * chain has settled, so a run of minutes takes milliseconds and gives the same figures always.
 */
class FakeClock implements Clock {
  t = 0;
  private timers: { at: number; seq: number; resolve: () => void }[] = [];
  private seq = 0;

  now() {
    return this.t;
  }

  sleep(ms: number) {
    return new Promise<void>((resolve) => this.timers.push({ at: this.t + Math.max(0, ms), seq: this.seq++, resolve }));
  }

  async drive<T>(work: Promise<T>): Promise<T> {
    let done = false;
    void work.finally(() => (done = true)).catch(() => {});
    for (;;) {
      await new Promise((resolve) => setImmediate(resolve));
      if (done) return work;
      this.timers.sort((a, b) => a.at - b.at || a.seq - b.seq);
      const next = this.timers.shift();
      if (!next) throw new Error('nothing pending and the run not over');
      this.t = Math.max(this.t, next.at);
      next.resolve();
    }
  }
}

/** One database serving one query at a time, `serviceMs` each, in arrival order: 1000/serviceMs q/s at most. */
function oneServer(clock: FakeClock, serviceMs: (i: number) => number) {
  let freeAt = 0;
  return (i: number) => {
    const start = Math.max(clock.now(), freeAt);
    freeAt = start + serviceMs(i);
    return clock.sleep(freeAt - clock.now());
  };
}

test('a paced run below capacity sees the service time; above it the queue pushes p95 over the bound', async () => {
  const clock = new FakeClock();
  const search = oneServer(clock, () => 50);
  const base = { clients: 8, durationS: 10, boundMs: 300, clock };
  const slow = await clock.drive(pacedRun(search, { ...base, rate: 15 }));
  assert.deepEqual(
    { scheduled: slow.scheduled, sent: slow.sent, p50: slow.p50_ms, p95: slow.p95_ms, within: slow.within_bound },
    { scheduled: 150, sent: 150, p50: 50, p95: 50, within: true },
  );
  const fast = await clock.drive(pacedRun(search, { ...base, rate: 30 }));
  assert.equal(fast.within_bound, false);
  // Decided early: more than 5 % of 300 over the bound, so it stopped sending.
  assert.ok(fast.over_bound > 15 && fast.sent < fast.scheduled, JSON.stringify(fast));
  assert.equal(fast.p95_ms, null);
});

test('a step lasts long enough for its fewest queries', async () => {
  const clock = new FakeClock();
  const step = await clock.drive(
    pacedRun(
      oneServer(clock, () => 10),
      { rate: 2, clients: 8, durationS: 10, minQueries: 60, boundMs: 300, clock },
    ),
  );
  assert.deepEqual(
    { scheduled: step.scheduled, sent: step.sent, within: step.within_bound },
    { scheduled: 60, sent: 60, within: true },
  );
  // 60 arrivals at 2 q/s: the last is due at 29.5 s.
  assert.ok(clock.now() >= 29_500, String(clock.now()));
  // But no longer than three times the duration: at 1 q/s, 30 queries.
  const slow = await clock.drive(
    pacedRun(
      oneServer(clock, () => 10),
      { rate: 1, clients: 8, durationS: 10, minQueries: 60, boundMs: 300, clock },
    ),
  );
  assert.equal(slow.scheduled, 30);
});

test('latency counts from the scheduled send: a stall charges the queries that waited behind it', async () => {
  const clock = new FakeClock();
  // One client at 10 q/s: query 0 stalls 2 s, every other takes 10 ms. Timed from its own
  // send, only query 0 would be slow (p95 10 ms); from the schedule, the 19 queries due during
  // the stall are all late.
  const search = oneServer(clock, (i) => (i === 0 ? 2000 : 10));
  const step = await clock.drive(pacedRun(search, { rate: 10, clients: 1, durationS: 10, boundMs: 300, clock }));
  assert.equal(step.within_bound, false);
  assert.ok(step.over_bound >= 6, JSON.stringify(step));
});

test('a client behind its schedule is charged the wait even when each query alone is quick', async () => {
  const clock = new FakeClock();
  // 120 ms per query every 100 ms: the one client falls 20 ms further behind per query, never
  // 300 ms behind at a send within these 15, yet query 10 finishes 320 ms after its scheduled
  // time, which decides the step (15 queries allow none over). Timed from the send, every query
  // would be 120 ms.
  const search = oneServer(clock, () => 120);
  const step = await clock.drive(pacedRun(search, { rate: 10, clients: 1, durationS: 1.5, boundMs: 300, clock }));
  assert.deepEqual(
    { sent: step.sent, over: step.over_bound, within: step.within_bound },
    { sent: 11, over: 1, within: false },
  );
});

test('the rate search finds the highest rate within the bound, not a neighbour of it', async () => {
  const clock = new FakeClock();
  const search = oneServer(clock, () => 50);
  const seen: PacedStep[] = [];
  const run = (rate: number) => clock.drive(pacedRun(search, { rate, clients: 8, durationS: 10, boundMs: 300, clock }));
  const found = await highestRateWithin(run, { max: 40, steps: 8, onStep: (s) => seen.push(s) });
  assert.equal(found.steps.length, 8);
  assert.deepEqual(seen, found.steps);
  // 20 q/s is the server's capacity; 10 s at a little above it still keep 95 % of queries
  // within 300 ms (the queue grows by (rate − 20) × 50 ms per second), about 20.5 q/s.
  assert.ok(found.rate_qps !== null && found.rate_qps >= 19.5 && found.rate_qps <= 21, JSON.stringify(found));
  // Every rate tried above the answer failed and every one at or below it passed.
  for (const s of found.steps) assert.equal(s.within_bound, s.rate_qps <= found.rate_qps, JSON.stringify(s));
});

test('the rate search stops at the maximum when it is within the bound, and says null when nothing is', async () => {
  const clock = new FakeClock();
  const search = oneServer(clock, () => 10);
  const run = (rate: number) => clock.drive(pacedRun(search, { rate, clients: 8, durationS: 5, boundMs: 300, clock }));
  const easy = await highestRateWithin(run, { max: 50, steps: 6 });
  assert.deepEqual({ rate: easy.rate_qps, steps: easy.steps.length }, { rate: 50, steps: 1 });
  const never = oneServer(clock, () => 1000);
  const hopeless = await highestRateWithin(
    (rate) => clock.drive(pacedRun(never, { rate, clients: 8, durationS: 5, boundMs: 300, clock })),
    { max: 8, steps: 4 },
  );
  assert.equal(hopeless.rate_qps, null);
  assert.deepEqual(
    hopeless.steps.map((s) => s.rate_qps),
    [8, 4, 2, 1],
  );
});
