// `npm run bench:search-latency -- --db URL | --data-dir DIR [--json]`: times our wiki search on
// an existing database (PostgreSQL, or an embedded PGlite data folder) — typically the seed-size generated corpus left by `bench:retrieval --scale` or loaded
// with `olala wiki import` — so the 1M-chunk latency can be measured again without re-importing
// (26 minutes on a loaded machine). Same path as bench:retrieval's olala-lexical.
import os from 'node:os';
import { parseArgs } from 'node:util';
import { openDb, redactUrl } from '@olala/core';
import { percentile, runBench, UsageError } from './lib/cli.js';
import { olalaMethods } from './lib/olala-methods.js';
import { loadMiracl } from './lib/retrieval-eval.js';

const USAGE = 'usage: npm run -s bench:search-latency -- (--db postgres://… | --data-dir DIR) [--json] [--warmup 20]';
/** Copy 0 of the generated corpus keeps the kowiki page ids (below 10⁷), so MIRACL's judgements map. */
const COPY_ZERO_MAX_PAGE = 10_000_000;

async function main() {
  const { values } = parseArgs({
    options: {
      db: { type: 'string' },
      'data-dir': { type: 'string' },
      json: { type: 'boolean', default: false },
      warmup: { type: 'string', default: '20' },
    },
  });
  const dataDir = values['data-dir'];
  const url = dataDir ? undefined : (values.db ?? process.env.DATABASE_URL);
  if (!url && !dataDir) throw new UsageError('--db or --data-dir: the database to search (or set DATABASE_URL)');
  const warmup = Number(values.warmup);
  if (!Number.isInteger(warmup) || warmup < 0)
    throw new UsageError(`--warmup: expected an integer ≥ 0, got "${values.warmup}"`);
  const db = await openDb(
    { databaseUrl: url, dataDir: dataDir ?? '' },
    { command: 'bench search-latency', migrate: false },
  );
  const location = url ? redactUrl(url) : `PGlite ${dataDir}`;
  try {
    const { rows: counts } = await db.query<{ chunks: number }>('SELECT count(*)::int AS chunks FROM wiki_chunks');
    const { rows } = await db.query<{ page_id: number }>('SELECT page_id FROM wiki_pages WHERE page_id < $1', [
      COPY_ZERO_MAX_PAGE,
    ]);
    const questions = loadMiracl(new Set(rows.map((r) => Number(r.page_id))), 'dev');
    if (questions.length === 0)
      throw new Error(`no MIRACL-ko dev question maps to a page of ${location}: is it the kowiki corpus?`);
    const lexical = (await olalaMethods(db, { deepLimit: 1000 })).methods[0]!;
    for (const q of questions.slice(0, warmup)) await lexical.search(q.query);
    const load = os.loadavg()[0]!;
    const ms: number[] = [];
    const cpu = process.cpuUsage();
    for (const q of questions) {
      const t = performance.now();
      await lexical.search(q.query);
      ms.push(performance.now() - t);
    }
    const cpuUsed = process.cpuUsage(cpu);
    ms.sort((a, b) => a - b);
    const round = (n: number) => Math.round(n * 10) / 10;
    const report = {
      method: lexical.name,
      database: location,
      chunks: counts[0]?.chunks ?? 0,
      queries: ms.length,
      p50_ms: round(percentile(ms, 50)),
      p95_ms: round(percentile(ms, 95)),
      max_ms: round(ms.at(-1) ?? 0),
      // This process's CPU per query (on PGlite the database's work too): unlike wall time, it
      // barely moves with the machine's load.
      cpu_ms_per_query: round((cpuUsed.user + cpuUsed.system) / 1000 / ms.length),
      load_average_1m: { before: round(load), after: round(os.loadavg()[0]!) },
      cores: os.cpus().length,
      target_p95_ms: 150,
    };
    process.stdout.write(
      values.json
        ? `${JSON.stringify(report, null, 2)}\n`
        : `${report.method} on ${report.chunks} chunks: p50 ${report.p50_ms} ms, p95 ${report.p95_ms} ms over ${report.queries} MIRACL questions (load ${report.load_average_1m.before} → ${report.load_average_1m.after} on ${report.cores} cores; target p95 ≤ 150 ms)\n`,
    );
  } finally {
    await db.close();
  }
}

await runBench(main, USAGE);
