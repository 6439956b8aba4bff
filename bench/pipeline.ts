// `npm run bench:pipeline -- [--json]`: the verification pipeline's own cost with an instant
// fake LLM (overhead per check, and throughput of the real server under 20 concurrent
// clients), and the no-LLM rules on KLUE-NLI dev run through the pipeline. See bench/README.md ("Pipeline").
import path from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import type { TruthCheckResponse } from '@olala/contract';
import { createLlmClients, importWiki, loadConfig, openDb, type Config, type Db, type LlmClient } from '@olala/core';
import { checkTruth } from '@olala/core/analyses';
import { createPipelineDeps, type PipelineDeps } from '@olala/core/pipeline';
import app, { serverOptions } from '../apps/server/src/app.js';
import {
  benchArgs,
  CACHE_DIR,
  integerFlag,
  machine,
  percentile,
  printReport,
  ROOT,
  round,
  runBench,
  scratchDir,
} from './lib/cli.js';
import { loadKlueNli } from './lib/nli-eval.js';
import { SAMPLE_CLAIMS } from './lib/pipeline-claims.js';
import { fakeLlmEnv, LlmTimer, startBenchFake, type BenchFake } from './lib/pipeline-fake-llm.js';
import { evaluatePipelineNli } from './lib/pipeline-nli.js';

const SAMPLE = path.join(ROOT, 'sample', 'wiki');

const USAGE = `usage: npm run bench:pipeline -- [options]
  --json              only JSON on stdout (progress goes to stderr)
  --checks <n>        timed checks per mode for the overhead (default 200)
  --warmup <n>        untimed checks first (default 20)
  --clients <n>       concurrent clients for the throughput (default 20)
  --duration <s>      seconds of load for the throughput (default 20; 0 skips it)
  --llm-delay-ms <n>  the fake LLM answers this late (default 0: instant); the overhead must not move
  --nli-max <n>       only the first n KLUE-NLI items (a smoke run; default 0 = all 3,000)
  --no-nli            skip the KLUE-NLI evaluation
Embedded PGlite in a temporary folder, loaded with the sample wiki (sample/wiki).`;

/** ../shared/reference/olala.md: the predecessor's pipeline timings (no benchmark of its own). */
const BASELINE = {
  predecessor_smoke_check_s: [240, 300],
  predecessor_llm_calls: '5+ sequential, 180 s timeout each',
  note: "the predecessor's smoke test (smoke_mobile_bridge.sh) allowed 240–300 s for one real POST /v1/truth/check; it has no overhead, throughput or NLI figures",
  source: '../shared/reference/olala.md (sections G and "Latency")',
};
const TARGETS = { overhead_p95_ms: 150, nli_unsafe_rate_max: 0.05, nli_macro_f1_over_majority: 0.15 };

function options() {
  const values = benchArgs({
    checks: { type: 'string', default: '200' },
    warmup: { type: 'string', default: '20' },
    clients: { type: 'string', default: '20' },
    duration: { type: 'string', default: '20' },
    'llm-delay-ms': { type: 'string', default: '0' },
    'nli-max': { type: 'string', default: '0' },
    'no-nli': { type: 'boolean', default: false },
  });
  return {
    json: values.json,
    checks: integerFlag('checks', values.checks, 1),
    warmup: integerFlag('warmup', values.warmup, 0),
    clients: integerFlag('clients', values.clients, 1),
    durationS: integerFlag('duration', values.duration, 0),
    llmDelayMs: integerFlag('llm-delay-ms', values['llm-delay-ms'], 0),
    nliMax: integerFlag('nli-max', values['nli-max'], 0),
    nli: !values['no-nli'],
  };
}

type Options = ReturnType<typeof options>;
const log = (msg: string) => process.stderr.write(`[bench] ${msg}\n`);

/** Percentile of unsorted values. */
const percentileOf = (values: readonly number[], p: number) =>
  percentile(
    [...values].sort((a, b) => a - b),
    p,
  );

const count = (labels: readonly string[]) =>
  labels.reduce<Record<string, number>>((m, l) => ((m[l] = (m[l] ?? 0) + 1), m), {});

/** The config the server would build, on the bench's data folder and fake LLM, logging nothing. */
function benchConfig(dataDir: string, extra: Record<string, string> = {}): Config {
  return loadConfig({ LOG_LEVEL: 'silent', OLALA_DATA_DIR: dataDir, ...extra });
}

function pipelineDeps(db: Db, config: Config, llm: PipelineDeps['llm']): PipelineDeps {
  // No news provider: the bench is offline and measures our code, not a search API.
  return createPipelineDeps(config, db, { news: false, llm });
}

// ─── 1. overhead per check ───────────────────────────────────────────────────

interface OverheadRun {
  checks: number;
  wall_p50_ms: number;
  wall_p95_ms: number;
  llm_p50_ms: number;
  overhead_p50_ms: number;
  overhead_p95_ms: number;
  overhead_max_ms: number;
  llm_calls_per_check: number;
  labels: Record<string, number>;
  judge_ran: number;
  stage_p50_ms: Record<string, number>;
  stage_p95_ms: Record<string, number>;
}

/** `checks` sequential checkTruth calls (cache off, every run stored) after `warmup` untimed ones. */
async function timeChecks(
  db: Db,
  deps: PipelineDeps,
  timer: LlmTimer | undefined,
  opts: Options,
  name: string,
): Promise<OverheadRun> {
  const claim = (i: number) => SAMPLE_CLAIMS[i % SAMPLE_CLAIMS.length] as string;
  const check = (i: number) =>
    checkTruth(deps, { input_type: 'text', input_payload: claim(i) }, { streamed: false, cacheMs: 0 });
  for (let i = 0; i < opts.warmup; i++) await check(i);
  timer?.take();
  const wall: number[] = [];
  const llm: number[] = [];
  const overhead: number[] = [];
  let calls = 0;
  const results: TruthCheckResponse[] = [];
  for (let i = 0; i < opts.checks; i++) {
    const started = performance.now();
    const result = await check(i);
    const ms = performance.now() - started;
    const waited = timer?.take() ?? { ms: 0, calls: 0 };
    wall.push(ms);
    llm.push(waited.ms);
    overhead.push(ms - waited.ms);
    calls += waited.calls;
    results.push(result);
    if ((i + 1) % 50 === 0) log(`${name}: ${i + 1}/${opts.checks} checks`);
  }
  const stages: Record<string, number[]> = {};
  for (const r of results) for (const s of r.stages) (stages[s.stage] ??= []).push(s.ms);
  return {
    checks: opts.checks,
    wall_p50_ms: round(percentileOf(wall, 50)),
    wall_p95_ms: round(percentileOf(wall, 95)),
    llm_p50_ms: round(percentileOf(llm, 50)),
    overhead_p50_ms: round(percentileOf(overhead, 50)),
    overhead_p95_ms: round(percentileOf(overhead, 95)),
    overhead_max_ms: round(Math.max(...overhead)),
    llm_calls_per_check: round(calls / opts.checks, 2),
    labels: count(results.map((r) => r.label)),
    judge_ran: results.filter((r) => r.stages.some((s) => s.stage === 'stage09_judge' && s.status === 'ok')).length,
    stage_p50_ms: Object.fromEntries(Object.entries(stages).map(([stage, ms]) => [stage, round(percentileOf(ms, 50))])),
    stage_p95_ms: Object.fromEntries(Object.entries(stages).map(([stage, ms]) => [stage, round(percentileOf(ms, 95))])),
  };
}

// ─── 2. throughput of the real server ────────────────────────────────────────

interface Throughput {
  concurrent_clients: number;
  duration_s: number;
  requests: number;
  throughput_rps: number;
  latency_p50_ms: number;
  latency_p95_ms: number;
  errors: number;
  error_statuses: Record<string, number>;
  labels: Record<string, number>;
  settings: string;
}

async function startServer(config: Config): Promise<{ fastify: FastifyInstance; base: string }> {
  // trustProxy: each request names its own client address (x-forwarded-for), so the per-client
  // rate limit of /truth/check (30 a minute) does not decide the figure.
  const fastify = Fastify({ ...serverOptions(config), trustProxy: true });
  await fastify.register(app, { config });
  await fastify.ready();
  const base = await fastify.listen({ host: '127.0.0.1', port: 0 });
  return { fastify, base };
}

async function measureThroughput(base: string, opts: Options): Promise<Omit<Throughput, 'settings'>> {
  let sent = 0;
  const post = async (i: number) => {
    const res = await fetch(`${base}/truth/check`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-forwarded-for': `10.${(sent >> 16) & 255}.${(sent >> 8) & 255}.${sent++ & 255}`,
      },
      body: JSON.stringify({
        input_type: 'text',
        input_payload: SAMPLE_CLAIMS[i % SAMPLE_CLAIMS.length],
        no_cache: true,
      }),
    });
    const body = (await res.json()) as TruthCheckResponse;
    return { status: res.status, label: body.label };
  };
  for (let i = 0; i < opts.clients; i++) await post(i);

  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  const labels: string[] = [];
  let errors = 0;
  const started = performance.now();
  const end = started + opts.durationS * 1000;
  const client = async (c: number) => {
    for (let i = c; performance.now() < end; i += opts.clients) {
      const t = performance.now();
      try {
        const r = await post(i);
        if (r.status !== 200) {
          errors++;
          statuses[r.status] = (statuses[r.status] ?? 0) + 1;
        } else labels.push(r.label);
      } catch (err) {
        errors++;
        statuses[(err as Error).message] = (statuses[(err as Error).message] ?? 0) + 1;
      }
      latencies.push(performance.now() - t);
    }
  };
  await Promise.all(Array.from({ length: opts.clients }, (_, c) => client(c)));
  const elapsedS = (performance.now() - started) / 1000;
  return {
    concurrent_clients: opts.clients,
    duration_s: round(elapsedS, 2),
    requests: latencies.length,
    throughput_rps: round(labels.length / elapsedS, 2),
    latency_p50_ms: round(percentileOf(latencies, 50)),
    latency_p95_ms: round(percentileOf(latencies, 95)),
    errors,
    error_statuses: statuses,
    labels: count(labels),
  };
}

// ─── main ────────────────────────────────────────────────────────────────────

async function main() {
  const opts = options();
  // Fail on missing evaluation data before minutes of timing, not after.
  const nliItems = opts.nli ? loadKlueNli() : [];
  const { dir, remove: cleanup } = scratchDir('pipeline');
  let fake: BenchFake | undefined;
  try {
    fake = await startBenchFake(opts.llmDelayMs);
    const llmEnv = fakeLlmEnv(fake.url);

    // 1. overhead, in-process: checkTruth as the API calls it.
    const config = benchConfig(dir, llmEnv);
    const db = await openDb(config, { command: 'bench pipeline', migrate: true });
    let llmRun: OverheadRun;
    let noLlmRun: OverheadRun;
    let nli: Awaited<ReturnType<typeof evaluatePipelineNli>> | undefined;
    try {
      const imported = await importWiki(db, {
        pagesFile: path.join(SAMPLE, 'wiki_pages.csv'),
        chunksFile: path.join(SAMPLE, 'wiki_chunks.csv'),
        mode: 'replace',
      });
      log(`sample wiki: ${imported.wikiPages} pages, ${imported.wikiChunks} chunks in embedded PGlite (${dir})`);
      const timer = new LlmTimer();
      const clients = Object.fromEntries(
        Object.entries(createLlmClients(config.llm)).map(([role, c]) => [role, timer.wrap(c as LlmClient)]),
      );
      log(`overhead with the fake LLM (${opts.warmup} warm-up + ${opts.checks} checks) …`);
      llmRun = await timeChecks(db, pipelineDeps(db, config, clients), timer, opts, 'fake LLM');
      log(`overhead p50 ${llmRun.overhead_p50_ms} ms, p95 ${llmRun.overhead_p95_ms} ms`);
      log(`no-LLM mode (${opts.warmup} warm-up + ${opts.checks} checks) …`);
      noLlmRun = await timeChecks(db, pipelineDeps(db, config, {}), undefined, opts, 'no LLM');
      log(`no-LLM p50 ${noLlmRun.wall_p50_ms} ms, p95 ${noLlmRun.wall_p95_ms} ms`);

      // 3. KLUE-NLI through the pipeline (no database access: the evidence is given).
      if (opts.nli) {
        const items = opts.nliMax > 0 ? nliItems.slice(0, opts.nliMax) : nliItems;
        log(`KLUE-NLI dev through the pipeline: ${items.length} items …`);
        nli = await evaluatePipelineNli(
          pipelineDeps(db, config, {}),
          items,
          (n) => n % 1000 === 0 && log(`NLI ${n}/${items.length}`),
        );
      }
    } finally {
      await db.close();
    }

    // 2. throughput: the real server on the same database (PGlite is one process's at a time).
    let throughput: Throughput | undefined;
    if (opts.durationS > 0) {
      const settings = {
        OLALA_MAX_CONCURRENT_CHECKS: String(Math.max(opts.clients, 16)),
        OLALA_RESULT_CACHE_SECONDS: '0',
      };
      const server = await startServer(benchConfig(dir, { ...llmEnv, ...settings }));
      try {
        log(`throughput: ${opts.clients} clients for ${opts.durationS} s against ${server.base} …`);
        const t = await measureThroughput(server.base, opts);
        throughput = {
          ...t,
          settings: `OLALA_MAX_CONCURRENT_CHECKS=${settings.OLALA_MAX_CONCURRENT_CHECKS} (default 16 refuses more with 503), no_cache: true, trustProxy with one x-forwarded-for per request (the route's 30/min per-client limit bypassed); clients, server and fake LLM share one Node process`,
        };
        log(
          `throughput ${t.throughput_rps} checks/s, p50 ${t.latency_p50_ms} ms, p95 ${t.latency_p95_ms} ms, errors ${t.errors}`,
        );
      } finally {
        await server.fastify.close();
      }
    }

    const report = {
      overhead_p50_ms: llmRun.overhead_p50_ms,
      overhead_p95_ms: llmRun.overhead_p95_ms,
      nollm_p50_ms: noLlmRun.wall_p50_ms,
      nollm_p95_ms: noLlmRun.wall_p95_ms,
      nli_wiki_accuracy: nli?.wiki.accuracy ?? null,
      nli_wiki_macro_f1: nli?.wiki.macro_f1 ?? null,
      nli_wiki_unsafe_rate: nli?.wiki.unsafe_rate ?? null,
      nli_wiki_majority_accuracy: nli?.wiki.majority_accuracy ?? null,
      nli_wiki_majority_macro_f1: nli?.wiki.majority_macro_f1 ?? null,
      nli_all_accuracy: nli?.all.accuracy ?? null,
      nli_all_macro_f1: nli?.all.macro_f1 ?? null,
      nli_all_unsafe_rate: nli?.all.unsafe_rate ?? null,
      nli_all_majority_accuracy: nli?.all.majority_accuracy ?? null,
      nli_all_majority_macro_f1: nli?.all.majority_macro_f1 ?? null,
      throughput: throughput ?? null,
      overhead: {
        fake_llm: llmRun,
        no_llm: noLlmRun,
        method:
          'checkTruth (the API path: cache off, every run stored) over the sample claims, sequential after warm-up; ' +
          "overhead = wall time − time with an LLM call in flight, measured around the LLM clients' chatJson (HTTP round trip, JSON parse and schema check count as LLM time; parallel verifier calls count once)",
        llm_delay_ms: opts.llmDelayMs,
        fake_requests: fake.stats.requests,
      },
      nli: nli ?? null,
      targets: {
        ...TARGETS,
        overhead_met: llmRun.overhead_p95_ms <= TARGETS.overhead_p95_ms,
        nli_met: nli ? nli.missed_targets.length === 0 : null,
        nli_missed: nli?.missed_targets ?? null,
      },
      baseline: BASELINE,
      machine: machine(),
    };
    printReport(report, { json: opts.json, file: 'pipeline-last.json', summary: () => summary(report) });
  } finally {
    await fake?.close();
    cleanup();
  }
}

function summary(r: {
  overhead: { llm_delay_ms: number };
  overhead_p50_ms: number;
  overhead_p95_ms: number;
  nollm_p50_ms: number;
  nollm_p95_ms: number;
  throughput: Throughput | null;
  nli: Awaited<ReturnType<typeof evaluatePipelineNli>> | null;
  targets: { overhead_met: boolean; nli_met: boolean | null; nli_missed: string[] | null };
}): string {
  const out = [
    `overhead with ${r.overhead.llm_delay_ms ? `a fake LLM answering after ${r.overhead.llm_delay_ms} ms` : 'an instant fake LLM'}: p50 ${r.overhead_p50_ms} ms, p95 ${r.overhead_p95_ms} ms (target p95 ≤ ${TARGETS.overhead_p95_ms}: ${r.targets.overhead_met ? 'met' : 'missed'})`,
    `no-LLM mode: p50 ${r.nollm_p50_ms} ms, p95 ${r.nollm_p95_ms} ms`,
  ];
  const t = r.throughput;
  if (t)
    out.push(
      `throughput: ${t.throughput_rps} checks/s with ${t.concurrent_clients} clients (p50 ${t.latency_p50_ms} ms, p95 ${t.latency_p95_ms} ms, ${t.errors} errors)`,
    );
  if (r.nli) {
    for (const [name, f, d] of [
      ['wiki', r.nli.wiki, r.nli.direct_wiki],
      ['all', r.nli.all, r.nli.direct_all],
    ] as const) {
      out.push(
        `KLUE-NLI ${name} (n=${f.n}): acc ${f.accuracy}, macro-F1 ${f.macro_f1} (majority ${f.majority_macro_f1}), unsafe ${f.unsafe_rate}, refused ${f.refused}` +
          ` | direct rules: acc ${d.accuracy}, macro-F1 ${d.macro_f1}, unsafe ${d.unsafe_rate}`,
      );
    }
    out.push(
      `pipeline vs direct rules: ${r.nli.disagreements} items differ ${JSON.stringify(r.nli.disagreement_reasons)}`,
    );
    out.push(r.targets.nli_met ? 'NLI targets met' : `NLI targets missed: ${r.targets.nli_missed?.join('; ')}`);
  }
  out.push(`full report: ${path.relative(process.cwd(), path.join(CACHE_DIR, 'pipeline-last.json'))}`);
  return `${out.join('\n')}\n`;
}

await runBench(main, USAGE);
