import os from 'node:os';
import type { Db } from '@olala/core';
import { heldChunkPlaces } from '@olala/core/search';
import { percentile, round } from './cli.js';
import { olalaMethods } from './olala-methods.js';
import { highestRateWithin, pacedRun } from './paced-load.js';
import { loadMiracl } from './retrieval-eval.js';

/** Copy 0 of a scaled corpus keeps the kowiki page ids (below 10⁷), so MIRACL's judgements map. */
const COPY_ZERO_MAX_PAGE = 10_000_000;
/** The p95 under which the throughput of several clients counts (issue 13's bound). */
export const LOADED_P95_MS = 300;
/** A paced step's fewest queries: at a few per second, 10 s would judge a p95 on 20-odd. */
const MIN_STEP_QUERIES = 60;

export interface TimingOptions {
  /** Untimed questions first (caches, JIT). */
  warmup: number;
  /** Concurrent clients of the throughput run; 0 skips it. */
  clients: number;
  /** Length of the closed-loop (saturation) run. */
  durationS: number;
  /** Paced steps of the search for the highest rate within LOADED_P95_MS (default 6; 0: none). */
  rateSteps?: number;
  /** Length of each paced step (default 10 s). */
  stepS?: number;
  /** Where each paced step is told as it ends (default: stderr). */
  log?: (line: string) => void;
}

/**
 * Times our wiki search (searchWiki, lexical, page_limit 50: the path of POST /api/wiki/search
 * and bench:retrieval's olala-lexical) on the MIRACL-ko dev topics whose pages the database
 * holds: one client in turn (p50, p95, CPU per query), then `clients` at once: back to back for
 * `durationS` (saturation: their qps, p50, p95 under `throughput`), then paced (paced-load.ts)
 * to find the highest aggregate rate whose p95 stays within LOADED_P95_MS, which is
 * `search_qps_8_clients`. bench:scale and bench:search-latency report the same figures through
 * this one function.
 */
export async function timeSearch(db: Db, opts: TimingOptions) {
  const { rows } = await db.query<{ page_id: number }>('SELECT page_id FROM wiki_pages WHERE page_id < $1', [
    COPY_ZERO_MAX_PAGE,
  ]);
  const questions = loadMiracl(new Set(rows.map((r) => Number(r.page_id))), 'dev').map((q) => q.query);
  if (questions.length === 0)
    throw new Error(`no MIRACL-ko dev question maps to a page of ${db.location}: is it the kowiki corpus?`);
  const lexical = (await olalaMethods(db, { deepLimit: 1000 })).methods[0]!;
  for (const q of questions.slice(0, opts.warmup)) await lexical.search(q);
  // The first search started loading every chunk's place (search/chunk-places.ts) in the
  // background; the timed searches are those of a process that holds them, and the load is
  // reported on its own.
  const places = await heldChunkPlaces.settled(db);
  const load = os.loadavg()[0]!;
  const ms: number[] = [];
  const cpu = process.cpuUsage();
  for (const q of questions) {
    const t = performance.now();
    await lexical.search(q);
    ms.push(performance.now() - t);
  }
  const cpuUsed = process.cpuUsage(cpu);
  ms.sort((a, b) => a - b);
  let throughput: Record<string, unknown> | undefined;
  let rate: number | null = null;
  if (opts.clients > 0) {
    const loaded: number[] = [];
    const end = performance.now() + opts.durationS * 1000;
    let next = 0;
    await Promise.all(
      Array.from({ length: opts.clients }, async () => {
        while (performance.now() < end) {
          const q = questions[next++ % questions.length]!;
          const t = performance.now();
          await lexical.search(q);
          loaded.push(performance.now() - t);
        }
      }),
    );
    loaded.sort((a, b) => a - b);
    const qps = loaded.length / opts.durationS;
    const p95 = percentile(loaded, 95);
    const log = opts.log ?? ((line: string) => process.stderr.write(`${line}\n`));
    // The questions in turn across the steps, not the same first few in every one.
    let asked = 0;
    const search = () => lexical.search(questions[asked++ % questions.length]!);
    const paced = await highestRateWithin(
      (rate) =>
        pacedRun(search, {
          rate,
          clients: opts.clients,
          durationS: opts.stepS ?? 10,
          minQueries: MIN_STEP_QUERIES,
          boundMs: LOADED_P95_MS,
        }),
      {
        // Paced clients cannot be served faster than back to back; when that was within the
        // bound, it is the first rate tried.
        max: qps,
        steps: opts.rateSteps ?? 6,
        onStep: (s) =>
          log(
            `paced ${opts.clients} clients at ${s.rate_qps} q/s: ${s.within_bound ? `p95 ${s.p95_ms} ms, within` : `${s.over_bound} of ${s.scheduled} over ${LOADED_P95_MS} ms, over`}`,
          ),
      },
    );
    rate = paced.rate_qps;
    // The closed loop's figures are saturation's (each client firing its next query at once);
    // the paced steps are what search_qps_8_clients comes from.
    throughput = {
      clients: opts.clients,
      queries: loaded.length,
      qps: round(qps),
      p50_ms: round(percentile(loaded, 50)),
      p95_ms: round(p95),
      p95_within_bound: p95 <= LOADED_P95_MS,
      paced_step_s: opts.stepS ?? 10,
      paced_steps: paced.steps,
    };
  }
  return {
    method: lexical.name,
    queries: ms.length,
    search_p50_ms: round(percentile(ms, 50)),
    search_p95_ms: round(percentile(ms, 95)),
    search_max_ms: round(ms.at(-1) ?? 0),
    // This process's CPU per query (on PGlite the database's too): steadier than wall time on a loaded machine.
    search_cpu_ms_per_query: round((cpuUsed.user + cpuUsed.system) / 1000 / ms.length),
    // The highest paced rate of the clients together whose p95 stayed within the bound (null:
    // none tried did, or no throughput run).
    search_qps_8_clients: rate,
    throughput,
    chunk_places: places
      ? { chunks: places.size, mb: round(places.byteSize / 2 ** 20), load_ms: round(places.loadMs) }
      : null,
    load_average_1m: { before: round(load), after: round(os.loadavg()[0]!) },
  };
}
