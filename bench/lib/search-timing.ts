import os from 'node:os';
import type { Db } from '@olala/core';
import { percentile, round } from './cli.js';
import { olalaMethods } from './olala-methods.js';
import { loadMiracl } from './retrieval-eval.js';

/** Copy 0 of a scaled corpus keeps the kowiki page ids (below 10⁷), so MIRACL's judgements map. */
const COPY_ZERO_MAX_PAGE = 10_000_000;
/** The p95 under which the throughput of several clients counts (issue 13's bound). */
export const LOADED_P95_MS = 300;

export interface TimingOptions {
  /** Untimed questions first (caches, JIT). */
  warmup: number;
  /** Concurrent clients of the throughput run; 0 skips it. */
  clients: number;
  durationS: number;
}

/**
 * Times our wiki search (searchWiki, lexical, page_limit 50: the path of POST /api/wiki/search
 * and bench:retrieval's olala-lexical) on the MIRACL-ko dev topics whose pages the database
 * holds: one client in turn (p50, p95, CPU per query), then `clients` at once for `durationS`.
 * bench:scale and bench:search-latency report the same figures through this one function.
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
    const p95 = percentile(loaded, 95);
    throughput = {
      clients: opts.clients,
      queries: loaded.length,
      qps: round(loaded.length / opts.durationS),
      p50_ms: round(percentile(loaded, 50)),
      p95_ms: round(p95),
      p95_within_bound: p95 <= LOADED_P95_MS,
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
    // Queries/s of the clients together, reported only while their p95 stays within the bound.
    search_qps_8_clients: throughput && throughput.p95_within_bound ? throughput.qps : null,
    throughput,
    load_average_1m: { before: round(load), after: round(os.loadavg()[0]!) },
  };
}
