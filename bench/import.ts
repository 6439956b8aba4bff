// `npm run bench:import -- [--json] [--scale]`: our wiki import against `psql \copy` and the
// predecessor's "copy, then index" method, side by side on one PostgreSQL server. See bench/README.md.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { redactUrl } from '@olala/core';
import { convertedCorpus, filesUnder, type Corpus } from './lib/kowiki-corpus.js';
import {
  adminQuery,
  databaseSize,
  dropDatabase,
  recreateDatabase,
  runPredecessor,
  type PredecessorRun,
} from './lib/predecessor.js';
import { cachedScaledCorpus, SEED_CHUNKS, SEED_PAGES, type ScaleTarget } from './lib/scale-corpus.js';
import { benchArgs, CACHE_DIR, printReport, ROOT, runBench, sharedData, UsageError } from './lib/cli.js';

const USAGE = `usage: npm run bench:import -- [options]
  --json                only JSON on stdout (progress goes to stderr)
  --scale               also run at the seed's size (${SEED_PAGES} pages, ${SEED_CHUNKS} chunks) and probe PGlite
  --source <dir>        WikiExtractor folder(s) to convert (repeatable; default ../shared/data/kowiki)
  --rss-multiplier <n>  size of the second corpus for the RSS check, in copies of the first (default 4)
  --scale-predecessor   with --scale, also time the predecessor's index build at the seed's size (slow)
  --pglite-steps <list> chunk counts tried on PGlite with --scale (default 200000,500000,1000000)
  --pglite-cap-min <n>  time cap per PGlite step, in minutes (default 20)
  --verbose             show the import's own progress lines
Uses DATABASE_URL (a server where it may create databases) when set, else starts a throwaway PostgreSQL.`;

// From ../shared/reference/baselines.md (PostgreSQL 15, 2 cores, same corpus).
const BASELINE = {
  source: '../shared/reference/baselines.md',
  psql_chunks_copy_s: 1.2,
  psql_chunks_rows_per_s: 73_000,
  psql_mb_per_s: 100,
  predecessor_index_s: 22,
  predecessor_searchable_s: 23,
  scale: {
    chunks: 881_821,
    chunks_copy_s: 11.9,
    pages_copy_s: 0.7,
    index_s: 158,
    searchable_s: 170,
    database_bytes: 1.7e9,
  },
};

function options() {
  try {
    const values = benchArgs({
      scale: { type: 'boolean', default: false },
      source: { type: 'string', multiple: true },
      'rss-multiplier': { type: 'string', default: '4' },
      'pglite-steps': { type: 'string', default: '200000,500000,1000000' },
      'pglite-cap-min': { type: 'string', default: '20' },
      'scale-predecessor': { type: 'boolean', default: false },
      verbose: { type: 'boolean', default: false },
    });
    const positive = (flag: string, raw: string) => {
      const n = Number(raw);
      if (!Number.isFinite(n) || n <= 0) throw new UsageError(`--${flag}: expected a positive number, got "${raw}"`);
      return n;
    };
    return {
      json: values.json,
      scale: values.scale,
      scalePredecessor: values['scale-predecessor'],
      verbose: values.verbose,
      sources: values.source ?? [path.join(sharedData(), 'kowiki')],
      rssMultiplier: Math.round(positive('rss-multiplier', values['rss-multiplier'])),
      pgliteSteps: values['pglite-steps'].split(',').map((s) => Math.round(positive('pglite-steps', s.trim()))),
      pgliteCapS: positive('pglite-cap-min', values['pglite-cap-min']) * 60,
    };
  } catch (err) {
    throw err instanceof UsageError ? err : new UsageError((err as Error).message);
  }
}

let opts: ReturnType<typeof options>;
const log = (msg: string) => process.stderr.write(`[bench] ${msg}\n`);
const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;
const MB = 1e6;

// ─── corpus ──────────────────────────────────────────────────────────────────

async function scaledCorpus(source: Corpus, target: ScaleTarget, label: string): Promise<Corpus> {
  const dir = path.join(CACHE_DIR, `scaled-${target.pages}-${target.chunks}`);
  log(`${label}: ${target.pages} pages, ${target.chunks} chunks …`);
  const started = performance.now();
  const c = await cachedScaledCorpus(source, target, dir);
  log(
    `${label}: ${c.cached ? 'reused' : 'generated'} ${round(c.bytes / MB, 0)} MB in ${round((performance.now() - started) / 1000, 1)} s`,
  );
  return c;
}

// ─── our import, in a child process ──────────────────────────────────────────

interface OursRun {
  ok: boolean;
  /** The import finished (the index build may still have failed or been cut). */
  imported: boolean;
  import_s: number;
  lexical_index_s: number;
  /** Peak RSS up to the end of the import, and up to the end of the index build. */
  import_peak_rss_bytes: number;
  peak_rss_bytes: number;
  result?: Record<string, unknown>;
  lexical?: Record<string, unknown>;
  /** The lexical index build failed (the import itself succeeded). */
  lexical_error?: string;
  error?: string;
  /** The child was killed at the time cap. */
  timed_out?: boolean;
}

function runOurs(
  corpus: Corpus,
  env: Record<string, string | undefined>,
  options: { capS?: number; index?: boolean } = {},
): Promise<OursRun> {
  const { capS, index = true } = options;
  const childEnv: NodeJS.ProcessEnv = { ...process.env, LOG_LEVEL: 'silent', ...env };
  for (const [k, v] of Object.entries(env)) if (v === undefined) delete childEnv[k];
  const started = performance.now();
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        path.join(ROOT, 'bench/lib/import-child.ts'),
        corpus.pagesFile,
        corpus.chunksFile,
        ...(index ? [] : ['--no-index']),
      ],
      {
        cwd: ROOT,
        env: childEnv,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stdout = '';
    let stderrTail = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => {
      if (opts.verbose) process.stderr.write(d);
      stderrTail = (stderrTail + d.toString()).slice(-8000);
    });
    let timedOut = false;
    const timer = capS ? setTimeout(() => ((timedOut = true), child.kill('SIGKILL')), capS * 1000) : undefined;
    child.on('close', (code, signal) => {
      if (timer) clearTimeout(timer);
      const wall = (performance.now() - started) / 1000;
      const stages = Object.fromEntries(
        stdout
          .split('\n')
          .filter((l) => l.startsWith('{'))
          .map((l) => JSON.parse(l) as Record<string, unknown> & { stage: string })
          .map((o) => [o.stage, o]),
      );
      const imp = stages.import as
        { result: Record<string, unknown>; import_s: number; import_max_rss_bytes: number } | undefined;
      const idx = stages.index as
        | { lexical?: Record<string, unknown>; lexical_index_s: number; error?: string; max_rss_bytes: number }
        | undefined;
      const run: OursRun = {
        ok: code === 0 && Boolean(imp && idx),
        imported: Boolean(imp),
        import_s: imp?.import_s ?? wall,
        lexical_index_s: idx?.lexical_index_s ?? 0,
        import_peak_rss_bytes: imp?.import_max_rss_bytes ?? 0,
        peak_rss_bytes: idx?.max_rss_bytes ?? imp?.import_max_rss_bytes ?? 0,
        result: imp?.result,
        lexical: idx?.lexical,
        ...(idx?.error ? { lexical_error: idx.error } : {}),
      };
      if (!run.ok) {
        const why = timedOut
          ? `killed at the ${round(capS ?? 0, 0)} s time cap`
          : signal
            ? `killed by ${signal}`
            : `exit ${code}`;
        const lastError = stderrTail
          .split('\n')
          .find((l) => /^\w*(Error|error):/.test(l.trim()))
          ?.trim();
        run.error = `${imp ? 'during the lexical index build' : 'during the import'}, ${why}${lastError ? `: ${lastError}` : ''}`;
        run.timed_out = timedOut;
      }
      resolve(run);
    });
  });
}

function dirBytes(dir: string): number {
  let total = 0;
  for (const f of fs.existsSync(dir) ? filesUnder(dir) : []) total += fs.statSync(f).size;
  return total;
}

// ─── the runs ────────────────────────────────────────────────────────────────

interface Server {
  url: string;
  psql: string;
  started: boolean;
  stop: () => void;
}

type PgServerModule = {
  startPostgres(o?: { settings?: Record<string, string> }): Promise<{ url: string; binDir: string; stop: () => void }>;
};

async function server(): Promise<Server> {
  const onPath = 'psql';
  if (process.env.DATABASE_URL) {
    return { url: process.env.DATABASE_URL, psql: onPath, started: false, stop() {} };
  }
  const modulePath = path.join(ROOT, 'scripts', 'pg-server.mjs');
  const { startPostgres } = (await import(modulePath)) as PgServerModule;
  // The settings baselines.md measured with, so that its figures are comparable.
  const pg = await startPostgres({ settings: { shared_buffers: '1GB', maintenance_work_mem: '1GB' } });
  const own = path.join(pg.binDir, 'psql');
  return { url: pg.url, psql: fs.existsSync(own) ? own : onPath, started: true, stop: pg.stop };
}

function rate(rows: number, bytes: number, seconds: number) {
  return { rows_per_s: round(rows / seconds, 0), mb_per_s: round(bytes / MB / seconds, 1) };
}

/** Rows per second of the load itself: the import's own COPY phase when it reports one, else the whole import. */
function oursLoadSeconds(run: OursRun): { seconds: number; measured: string } {
  const r = run.result ?? {};
  const phases = (r.phases ?? {}) as Record<string, unknown>;
  for (const [key, value] of Object.entries({
    loadMs: r.loadMs,
    copyMs: r.copyMs,
    'phases.loadMs': phases.loadMs,
    'phases.copyMs': phases.copyMs,
  })) {
    if (typeof value === 'number' && value > 0) return { seconds: value / 1000, measured: `importWiki ${key}` };
  }
  return { seconds: run.import_s, measured: 'whole importWiki call (load, validation, indexes, swap)' };
}

/**
 * One corpus, one server: the predecessor's \copy (and, when `indexes`, its index build), then
 * our import into a fresh database. Each run gets its own database, dropped afterwards.
 */
async function compareOnServer(srv: Server, corpus: Corpus, label: string, indexes: boolean) {
  log(`${label}: predecessor method (psql \\copy${indexes ? ' + indexes' : ''}) …`);
  const pred: PredecessorRun = await runPredecessor(srv.url, srv.psql, 'olala_bench_psql', corpus, { indexes });
  await dropDatabase(srv.url, 'olala_bench_psql');
  log(`${label}: \\copy ${round(pred.copy_s)} s${indexes ? `, indexes ${round(pred.index_s)} s` : ''}`);

  log(`${label}: our import …`);
  const url = await recreateDatabase(srv.url, 'olala_bench_ours');
  const ours = await runOurs(corpus, { DATABASE_URL: url, OLALA_DATA_DIR: undefined });
  if (!ours.ok) throw new Error(`our import failed on ${label}: ${ours.error}`);
  const dbBytes = await databaseSize(srv.url, 'olala_bench_ours');
  await dropDatabase(srv.url, 'olala_bench_ours');
  log(
    `${label}: ours ${round(ours.import_s)} s import + ${round(ours.lexical_index_s)} s lexical index, peak RSS ${round(ours.import_peak_rss_bytes / MB, 0)} MB (import), ${round(ours.peak_rss_bytes / MB, 0)} MB (index)`,
  );

  const rows = corpus.pages + corpus.chunks;
  const load = oursLoadSeconds(ours);
  const oursRate = rate(rows, corpus.bytes, load.seconds);
  const psqlRate = rate(rows, corpus.bytes, pred.copy_s);
  // Only a built index makes chunks searchable; a failed build counts the import alone and says so.
  const searchable = ours.import_s + (ours.lexical_error ? 0 : ours.lexical_index_s);
  return {
    corpus: { pages: corpus.pages, chunks: corpus.chunks, csv_bytes: corpus.bytes },
    ours_load_s: round(load.seconds),
    ours_load_measured: load.measured,
    ours_rows_per_s: oursRate.rows_per_s,
    ours_mb_per_s: oursRate.mb_per_s,
    psql_copy_s: round(pred.copy_s),
    psql_pages_copy_s: round(pred.pages_copy_s),
    psql_chunks_copy_s: round(pred.chunks_copy_s),
    psql_rows_per_s: psqlRate.rows_per_s,
    psql_mb_per_s: psqlRate.mb_per_s,
    psql_chunks_rows_per_s: round(corpus.chunks / pred.chunks_copy_s, 0),
    ratio: round(oursRate.rows_per_s / psqlRate.rows_per_s, 3),
    ours_import_s: round(ours.import_s),
    ours_lexical_index_s: round(ours.lexical_index_s),
    ours_searchable_s: round(searchable),
    ours_searchable_includes_lexical_index: !ours.lexical_error,
    ...(ours.lexical_error ? { lexical_index_error: ours.lexical_error } : {}),
    predecessor_index_s: indexes ? round(pred.index_s) : null,
    predecessor_searchable_s: indexes ? round(pred.searchable_s) : null,
    searchable_speedup: indexes ? round(pred.searchable_s / searchable, 2) : null,
    ours_import_peak_rss_mb: round(ours.import_peak_rss_bytes / MB, 0),
    ours_peak_rss_mb: round(ours.peak_rss_bytes / MB, 0),
    ours_database_bytes: dbBytes,
    predecessor_database_bytes: pred.database_bytes,
    import_result: ours.result,
    lexical_index: ours.lexical,
  };
}

async function pgliteSteps(source: Corpus) {
  const steps = [];
  for (const chunks of opts.pgliteSteps) {
    const pages = Math.min(SEED_PAGES, Math.round((chunks * SEED_PAGES) / SEED_CHUNKS));
    const corpus = await scaledCorpus(source, { pages, chunks }, `PGlite ${chunks} chunks`);
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'olala-bench-pglite-'));
    try {
      log(`PGlite ${chunks} chunks: importing (cap ${round(opts.pgliteCapS / 60, 0)} min) …`);
      // The question here is how far the embedded import goes; the lexical index is left out.
      const run = await runOurs(
        corpus,
        { OLALA_DATA_DIR: dataDir, DATABASE_URL: undefined },
        { capS: opts.pgliteCapS, index: false },
      );
      const step = {
        pages,
        chunks,
        csv_bytes: corpus.bytes,
        ok: run.ok,
        imported: run.imported,
        import_s: run.imported ? round(run.import_s, 1) : null,
        rows_per_s: run.imported ? round((pages + chunks) / run.import_s, 0) : null,
        import_peak_rss_mb: run.imported ? round(run.import_peak_rss_bytes / MB, 0) : null,
        data_dir_bytes: dirBytes(dataDir),
        ...(run.error ? { error: run.error, elapsed_s: round(run.import_s, 1) } : {}),
      };
      log(
        `PGlite ${chunks} chunks: ${run.ok ? `ok: import ${step.import_s} s, peak RSS ${step.import_peak_rss_mb} MB` : `stopped ${run.error}`}`,
      );
      steps.push(step);
      if (!run.ok) break;
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  }
  const last = steps.at(-1);
  const largestOk = steps.filter((s) => s.ok).at(-1);
  return {
    steps,
    largest_ok_chunks: largestOk?.chunks ?? 0,
    stopped_at: last && !last.ok ? { chunks: last.chunks, reason: last.error } : null,
  };
}

async function main() {
  opts = options();
  const corpus = await convertedCorpus(ROOT, opts.sources, log);
  const bigger = await scaledCorpus(
    corpus,
    { pages: corpus.pages * opts.rssMultiplier, chunks: corpus.chunks * opts.rssMultiplier },
    `RSS check corpus (${opts.rssMultiplier}×)`,
  );
  const seed = opts.scale
    ? await scaledCorpus(corpus, { pages: SEED_PAGES, chunks: SEED_CHUNKS }, 'seed-size corpus')
    : undefined;

  const srv = await server();
  const stopServer = () => srv.stop();
  process.once('SIGINT', () => (stopServer(), process.exit(130)));
  process.once('SIGTERM', () => (stopServer(), process.exit(143)));
  try {
    const { rows } = await adminQuery(
      srv.url,
      "SELECT version() AS version, current_setting('shared_buffers') AS sb, current_setting('maintenance_work_mem') AS mwm",
    );
    const serverInfo = {
      url: redactUrl(srv.url),
      started_by_bench: srv.started,
      version: String(rows[0].version),
      shared_buffers: String(rows[0].sb),
      maintenance_work_mem: String(rows[0].mwm),
      psql: srv.psql,
      cpus: os.cpus().length,
    };
    log(`PostgreSQL: ${serverInfo.version.split(' on ')[0]} at ${serverInfo.url}`);

    const main = await compareOnServer(srv, corpus, 'kowiki', true);
    // The larger corpora exist for RSS and throughput; the predecessor's index build on them takes
    // many minutes on two cores and is opt-in (its published figure is in the baseline).
    const big = await compareOnServer(srv, bigger, `${opts.rssMultiplier}× kowiki`, false);
    const scale = seed
      ? {
          server: await compareOnServer(srv, seed, 'seed size', opts.scalePredecessor),
          pglite: await pgliteSteps(corpus),
        }
      : null;

    // The import's own peak (the target); the lexical index build is reported beside it.
    const rssPoints = [main, big, ...(scale ? [scale.server] : [])].map((r) => ({
      chunks: r.corpus.chunks,
      csv_bytes: r.corpus.csv_bytes,
      import_peak_rss_mb: r.ours_import_peak_rss_mb,
      with_lexical_index_peak_rss_mb: r.ours_peak_rss_mb,
    }));
    const rssGrowth = round((rssPoints.at(-1)?.import_peak_rss_mb ?? 0) / (rssPoints[0]?.import_peak_rss_mb ?? 1), 2);
    const { import_result: _ignored, lexical_index: _ignored2, ...headline } = main;
    const report = {
      benchmark: 'wiki import',
      date: new Date().toISOString(),
      server: serverInfo,
      ...headline,
      import_result: main.import_result,
      lexical_index: main.lexical_index,
      baseline: BASELINE,
      rss: {
        points: rssPoints,
        growth_factor: rssGrowth,
        corpus_growth_factor: round((rssPoints.at(-1)?.csv_bytes ?? 0) / (rssPoints[0]?.csv_bytes ?? 1), 1),
      },
      ratio_at_larger_corpus: big.ratio,
      larger_corpus: big,
      scale,
      targets: {
        ratio_min: 0.9,
        ratio_met: main.ratio >= 0.9,
        // "Independent of file size": less than 25 % more memory for several times the data.
        rss_flat: rssGrowth < 1.25,
      },
    };
    printReport(report, { json: opts.json, file: 'last.json', summary: () => summary(report) });
  } finally {
    stopServer();
  }
}

function summary(r: {
  corpus: { pages: number; chunks: number; csv_bytes: number };
  ours_rows_per_s: number;
  ours_mb_per_s: number;
  ours_load_measured: string;
  psql_rows_per_s: number;
  psql_mb_per_s: number;
  psql_chunks_rows_per_s: number;
  ratio: number;
  ours_searchable_s: number;
  predecessor_searchable_s: number | null;
  ours_import_s: number;
  ours_lexical_index_s: number;
  rss: { points: { chunks: number; import_peak_rss_mb: number; with_lexical_index_peak_rss_mb: number }[] };
  targets: { ratio_met: boolean; rss_flat: boolean };
  scale: unknown;
}) {
  const lines = [
    `corpus: ${r.corpus.pages} pages, ${r.corpus.chunks} chunks, ${round(r.corpus.csv_bytes / MB, 0)} MB of CSV`,
    `load   ours ${r.ours_rows_per_s} rows/s (${r.ours_mb_per_s} MB/s; ${r.ours_load_measured})`,
    `       psql \\copy ${r.psql_rows_per_s} rows/s (${r.psql_mb_per_s} MB/s; chunks alone ${r.psql_chunks_rows_per_s} rows/s, baseline ${BASELINE.psql_chunks_rows_per_s})`,
    `       ratio ${r.ratio} (target ≥ 0.9: ${r.targets.ratio_met ? 'met' : 'NOT met'})`,
    `search ours ${r.ours_searchable_s} s until searchable (import ${r.ours_import_s} s + lexical index ${r.ours_lexical_index_s} s);` +
      ` predecessor ${r.predecessor_searchable_s} s (baseline ${BASELINE.predecessor_searchable_s} s)`,
    `RSS    import ${r.rss.points.map((p) => `${p.import_peak_rss_mb} MB at ${p.chunks} chunks`).join(', ')} (flat: ${r.targets.rss_flat ? 'yes' : 'NO'});` +
      ` with index ${r.rss.points.map((p) => `${p.with_lexical_index_peak_rss_mb} MB`).join(', ')}`,
    r.scale ? `scale  ${JSON.stringify(r.scale)}` : 'scale  not run (add --scale)',
    `full report: ${path.relative(process.cwd(), path.join(CACHE_DIR, 'last.json'))}`,
  ];
  return `${lines.join('\n')}\n`;
}

await runBench(main, USAGE);
