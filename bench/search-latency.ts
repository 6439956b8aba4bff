// `npm run bench:search-latency -- --db URL | --data-dir DIR [--json]`: times our wiki search on
// an existing database (PostgreSQL, or an embedded PGlite data folder) — typically one kept by
// `bench:scale -- --keep` (or its --data-dir / --db), the corpus left by `bench:retrieval --scale`,
// or one loaded with `olala wiki import` — so the latency at scale can be measured again without
// re-importing. The same timing as bench:scale's (bench/lib/search-timing.ts).
import { openDb, redactUrl } from '@olala/core';
import { benchArgs, integerFlag, machine, printReport, runBench, sharedData, UsageError } from './lib/cli.js';
import { timeSearch } from './lib/search-timing.js';

const USAGE = `usage: npm run -s bench:search-latency -- (--db postgres://… | --data-dir DIR) [--json] [--warmup 20] [--clients 0] [--duration 20]
  --db <url>        a PostgreSQL holding the wiki (default: DATABASE_URL)
  --data-dir <dir>  an embedded PGlite data folder holding the wiki
  --warmup <n>      untimed questions first (default 20)
  --clients <n>     concurrent clients of a throughput run after the timed one (default 0: none)
  --duration <s>    length of the closed-loop (saturation) run of the clients (default 20)
  --rate-steps <n>  paced steps searching the highest rate with p95 ≤ 300 ms (default 6)
  --step-duration <s>  length of each paced step (default 10)`;

function options() {
  const values = benchArgs({
    db: { type: 'string' },
    'data-dir': { type: 'string' },
    warmup: { type: 'string', default: '20' },
    clients: { type: 'string', default: '0' },
    duration: { type: 'string', default: '20' },
    'rate-steps': { type: 'string', default: '6' },
    'step-duration': { type: 'string', default: '10' },
  });
  const dataDir = values['data-dir'];
  const url = dataDir ? undefined : (values.db ?? process.env.DATABASE_URL);
  if (!url && !dataDir) throw new UsageError('--db or --data-dir: the database to search (or set DATABASE_URL)');
  return {
    json: values.json,
    url,
    dataDir,
    timing: {
      warmup: integerFlag('warmup', values.warmup, 0),
      clients: integerFlag('clients', values.clients, 0),
      durationS: integerFlag('duration', values.duration, 1),
      rateSteps: integerFlag('rate-steps', values['rate-steps'], 0),
      stepS: integerFlag('step-duration', values['step-duration'], 1),
    },
  };
}

async function main() {
  const o = options();
  sharedData('miracl/topics.miracl-v1.0-ko-dev.tsv', 'miracl/qrels.miracl-v1.0-ko-dev.tsv');
  const db = await openDb(
    { databaseUrl: o.url, dataDir: o.dataDir ?? '' },
    { command: 'bench search-latency', migrate: false },
  );
  const location = o.url ? redactUrl(o.url) : `PGlite ${o.dataDir}`;
  try {
    const { rows: counts } = await db.query<{ chunks: number }>('SELECT count(*)::int AS chunks FROM wiki_chunks');
    const timing = await timeSearch(db, o.timing);
    const report = {
      database: location,
      backend: db.backend,
      chunks: counts[0]?.chunks ?? 0,
      ...timing,
      machine: machine(),
      target_p50_ms: 60,
      target_p95_ms: 150,
    };
    printReport(report, {
      json: o.json,
      file: 'search-latency-last.json',
      summary: () =>
        `${report.method} on ${report.chunks} chunks (${location}): p50 ${report.search_p50_ms} ms, p95 ${report.search_p95_ms} ms over ${report.queries} MIRACL questions, ${report.search_cpu_ms_per_query} CPU-ms per query${report.throughput ? `; ${report.throughput.clients} clients ${report.search_qps_8_clients ?? '–'} q/s paced within p95 ≤ 300 ms (back to back ${report.throughput.qps} q/s, p95 ${report.throughput.p95_ms} ms)` : ''} (load ${report.load_average_1m.before} → ${report.load_average_1m.after} on ${report.machine.cpus} cores; targets p50 ≤ 60, p95 ≤ 150 ms)\n`,
    });
  } finally {
    await db.close();
  }
}

await runBench(main, USAGE);
