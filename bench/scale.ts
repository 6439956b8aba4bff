// `npm run -s bench:scale -- [--chunks n] [--pg] [--json]`: our wiki at a given size, built from
// repeated real kowiki pages (bench/lib/scale-corpus.ts), imported into embedded PGlite (and into
// a throwaway PostgreSQL with --pg): time until searchable, lexical index speed, search latency
// of one client and throughput of eight, on the MIRACL-ko dev topics; then an --append that
// changes 1 % of the chunks, and the merge of its segment. --data-dir / --db reuse a database
// that already holds the corpus, so the search can be timed again without importing it again.
// Each back end runs in a child process of its own, so each run's peak RSS is its own.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { importWiki, openDb, type Db } from '@olala/core';
import { mergeLexical } from '@olala/core/search';
import { benchArgs, integerFlag, printReport, ROOT, round, runBench, sharedData, UsageError } from './lib/cli.js';
import { sampleTreeMemory } from './lib/process-memory.js';
import { appendOfChunks, corpusOfChunks } from './lib/scale-corpus.js';
import { LOADED_P95_MS, timeSearch, type TimingOptions } from './lib/search-timing.js';

const USAGE = `usage: npm run -s bench:scale -- [--chunks 100000] [--pg] [--json] [--data-dir DIR] [--db URL] [--clients 8] [--duration 20] [--keep]
  --chunks <n>     corpus size in chunks (real kowiki text repeated; default 100000)
  --corpus-only    build the two CSVs (.tmp/bench/scale-<n>/) and print their paths
  --pg             also measure a throwaway PostgreSQL (scripts/pg-server.mjs)
  --data-dir <dir> PGlite data folder to use and keep: imported into when it holds no wiki, else
                   only searched (the import and append figures are then skipped)
  --db <url>       a PostgreSQL to use instead of a throwaway one (implies --pg), the same way
  --clients <n>    concurrent clients of the throughput run (default 8; 0 skips it)
  --duration <s>   length of the clients' closed-loop (saturation) run, before the paced steps that give search_qps_8_clients (default 20)
  --warmup <n>     untimed questions before the timed ones (default 20)
  --append-share <x>  share of the chunks changed by the --append run (default 0.01; 0 skips it)
  --workers <n>    tokenizer threads of the index build (sets OLALA_INDEX_WORKERS; default one per core)
  --keep           keep the PGlite data folder (printed) for bench:search-latency
  --backend <b>    pglite or postgres: run that back end alone, in this process (each back end
                   otherwise runs in a child process of its own, so its rss_peak_mb is its own)`;

const log = (msg: string) => process.stderr.write(`[bench:scale] ${msg}\n`);
/** This process's peak RSS so far (its lifetime peak: a run has a process of its own). */
const rssMb = () => round((process.resourceUsage().maxRSS * 1024) / 2 ** 20, 0);
const BACKENDS = ['pglite', 'postgres'] as const;
type Backend = (typeof BACKENDS)[number];

/** Chunks of the wiki a database already holds (0 for a fresh one). */
async function wikiChunks(db: Db): Promise<number> {
  const { rows } = await db.query<{ n: number }>(
    `SELECT CASE WHEN to_regclass('wiki_chunks') IS NULL THEN 0 ELSE (SELECT count(*) FROM wiki_chunks) END::int AS n`,
  );
  return rows[0]?.n ?? 0;
}

interface Corpus {
  pagesFile: string;
  chunksFile: string;
  chunks: number;
}

/** Imports the corpus (and times it), unless the database already holds a wiki. */
async function importOnce(db: Db, backend: string, corpus: Corpus) {
  const existing = await wikiChunks(db);
  if (existing > 0) {
    log(`${backend}: reusing the ${existing} chunks it holds (no import) …`);
    return undefined;
  }
  log(`${backend}: importing ${corpus.chunks} chunks …`);
  const t = performance.now();
  const result = await importWiki(db, {
    pagesFile: corpus.pagesFile,
    chunksFile: corpus.chunksFile,
    mode: 'replace',
    progress: 'json',
  });
  const importS = (performance.now() - t) / 1000;
  const lexicalS = result.lexical ? result.lexical.durationMs / 1000 : NaN;
  log(`${backend}: searchable after ${round(importS)} s (lexical index ${round(lexicalS)} s)`);
  return {
    importS,
    figures: {
      chunks: result.wikiChunks,
      pages: result.wikiPages,
      import_searchable_s: round(importS),
      phases_s: Object.fromEntries(
        Object.entries(result.phases).map(([k, v]) => [k.replace(/Ms$/, '_s'), round(v / 1000)]),
      ),
      lexical_index_s: round(lexicalS),
      lexical_merge_s: result.lexical ? round(result.lexical.mergeMs / 1000) : null,
      lexical_chunks_per_s: round(result.wikiChunks / lexicalS, 0),
      lexical_rows: result.lexical?.rows ?? null,
      lexical_workers: result.lexical?.workers ?? null,
    },
  };
}

async function appendAndMerge(db: Db, backend: string, append: Corpus, importS: number) {
  log(`${backend}: appending ${append.chunks} changed chunks …`);
  const ta = performance.now();
  const appended = await importWiki(db, { pagesFile: append.pagesFile, chunksFile: append.chunksFile, mode: 'append' });
  const appendS = (performance.now() - ta) / 1000;
  const tm = performance.now();
  const merged = await mergeLexical(db);
  const figures = {
    append_chunks: append.chunks,
    append_1pct_s: round(appendS),
    append_lexical_s: appended.lexicalAppend ? round(appended.lexicalAppend.durationMs / 1000) : null,
    // Rows written into the appended segments' table (lexical-index.ts APPENDED_TABLE): counted, not timed.
    append_rows: appended.lexicalAppend?.rows ?? null,
    // The same share of a full build's time, for comparison: what appending would cost if it rebuilt.
    append_vs_full_import: round(appendS / importS, 3),
    merge_after_append_s: round((performance.now() - tm) / 1000),
    merge_rows: merged.rows,
  };
  log(`${backend}: append ${round(appendS)} s, merge ${figures.merge_after_append_s} s`);
  return figures;
}

async function runOn(
  backend: 'pglite' | 'postgres',
  corpus: Corpus,
  opts: TimingOptions & {
    keep: boolean;
    /** An existing PGlite data folder or PostgreSQL URL to use (and keep). */
    reuse?: string;
    append?: Corpus;
  },
) {
  let stop = () => {};
  let server: { stop(): number } | undefined;
  let dir: string | undefined;
  let config: { databaseUrl: string | undefined; dataDir: string };
  if (backend === 'postgres' && opts.reuse) {
    config = { databaseUrl: opts.reuse, dataDir: '' };
  } else if (backend === 'postgres') {
    const { startPostgres } = (await import(path.join(ROOT, 'scripts', 'pg-server.mjs'))) as {
      startPostgres(o?: { settings?: Record<string, string> }): Promise<{ url: string; dir: string; stop: () => void }>;
    };
    log('starting a throwaway PostgreSQL …');
    const pg = await startPostgres({ settings: { shared_buffers: '1GB', maintenance_work_mem: '1GB' } });
    stop = pg.stop;
    config = { databaseUrl: pg.url, dataDir: '' };
    // The server's memory is not this process's: sampled from its processes (the postmaster's pid heads its pid file).
    const postmaster = Number(fs.readFileSync(path.join(pg.dir, 'data', 'postmaster.pid'), 'utf8').split('\n')[0]);
    server = sampleTreeMemory(postmaster);
  } else {
    dir = opts.reuse ?? fs.mkdtempSync(path.join(os.tmpdir(), 'olala-bench-scale-'));
    fs.mkdirSync(dir, { recursive: true });
    config = { databaseUrl: undefined, dataDir: dir };
  }
  const keep = opts.keep || opts.reuse !== undefined;
  try {
    const db = await openDb(config, { command: 'bench scale', migrate: true });
    try {
      const imported = await importOnce(db, backend, corpus);
      const rssAfterImport = rssMb();
      log(`${backend}: searching …`);
      const search = await timeSearch(db, opts);
      log(`${backend}: p50 ${search.search_p50_ms} ms, p95 ${search.search_p95_ms} ms`);
      const rssAfterSearch = rssMb();
      const append =
        opts.append && imported ? await appendAndMerge(db, backend, opts.append, imported.importS) : undefined;
      return {
        backend,
        ...(imported?.figures ?? { chunks: await wikiChunks(db), reused: true }),
        ...search,
        ...append,
        // This run's process: node, the import's workers and, on PGlite, the database itself.
        rss_peak_mb: { after_import: rssAfterImport, after_search: rssAfterSearch, at_end: rssMb() },
        // A throwaway PostgreSQL's own processes (PSS summed), which rss_peak_mb leaves out.
        ...(server ? { server_memory_peak_mb: server.stop() } : {}),
        ...(dir && keep ? { data_dir: dir } : {}),
      };
    } finally {
      await db.close();
    }
  } finally {
    server?.stop();
    stop();
    if (dir && !keep) fs.rmSync(dir, { recursive: true, force: true });
  }
}

function options() {
  const values = benchArgs({
    chunks: { type: 'string', default: '100000' },
    'corpus-only': { type: 'boolean', default: false },
    pg: { type: 'boolean', default: false },
    'data-dir': { type: 'string' },
    db: { type: 'string' },
    clients: { type: 'string', default: '8' },
    duration: { type: 'string', default: '20' },
    warmup: { type: 'string', default: '20' },
    keep: { type: 'boolean', default: false },
    'append-share': { type: 'string', default: '0.01' },
    workers: { type: 'string' },
    backend: { type: 'string' },
  });
  const appendShare = Number(values['append-share']);
  if (values['append-share'].trim() === '' || !(appendShare >= 0 && appendShare <= 1))
    throw new UsageError(`--append-share: expected a number from 0 to 1, got "${values['append-share']}"`);
  const backend = values.backend as Backend | undefined;
  if (backend !== undefined && !BACKENDS.includes(backend))
    throw new UsageError(`--backend: expected pglite or postgres, got "${values.backend}"`);
  if (values.db !== undefined && !/^postgres(ql)?:\/\//.test(values.db))
    throw new UsageError(`--db: expected a postgres:// URL, got "${values.db}"`);
  return {
    json: values.json,
    chunks: integerFlag('chunks', values.chunks, 1),
    corpusOnly: values['corpus-only'],
    pg: values.pg || values.db !== undefined,
    backend,
    dataDir: values['data-dir'],
    db: values.db,
    appendShare,
    workers: values.workers === undefined ? undefined : integerFlag('workers', values.workers, 0),
    timing: {
      clients: integerFlag('clients', values.clients, 0),
      durationS: integerFlag('duration', values.duration, 1),
      warmup: integerFlag('warmup', values.warmup, 0),
      keep: values.keep,
    },
  };
}

async function main() {
  const o = options();
  if (o.workers !== undefined) process.env.OLALA_INDEX_WORKERS = String(o.workers);
  // Fails with the missing path before any work when ../shared/data is absent.
  const shared = sharedData('kowiki', 'miracl/topics.miracl-v1.0-ko-dev.tsv', 'miracl/qrels.miracl-v1.0-ko-dev.tsv');
  const corpus = await corpusOfChunks(ROOT, o.chunks, log, [path.join(shared, 'kowiki')]);
  if (o.corpusOnly) {
    process.stdout.write(
      `${JSON.stringify({ pagesFile: corpus.pagesFile, chunksFile: corpus.chunksFile, pages: corpus.pages, chunks: corpus.chunks, bytes: corpus.bytes })}\n`,
    );
    return;
  }
  const append = o.appendShare > 0 ? await appendOfChunks(corpus, o.appendShare) : undefined;
  type Run = Awaited<ReturnType<typeof runOn>>;
  const runs: Run[] = [];
  if (o.backend !== undefined) {
    const reuse = o.backend === 'pglite' ? o.dataDir : o.db;
    runs.push(await runOn(o.backend, corpus, { ...o.timing, append, reuse }));
  } else {
    for (const backend of o.pg ? BACKENDS : (['pglite'] as const)) runs.push(await runInChild<Run>(backend));
  }
  const report = {
    corpus: { chunks: corpus.chunks, pages: corpus.pages, csv_bytes: corpus.bytes },
    cores: os.cpus().length,
    targets: { search_p50_ms: 60, search_p95_ms: 150, loaded_p95_ms: LOADED_P95_MS },
    runs,
  };
  printReport(report, {
    json: o.json,
    file: 'scale-last.json',
    summary: () =>
      runs
        .map(
          (r) =>
            `${r.backend} ${r.chunks} chunks: ${'import_searchable_s' in r ? `searchable in ${r.import_searchable_s} s (lexical ${r.lexical_chunks_per_s} chunks/s), ` : 'reused, '}search p50 ${r.search_p50_ms} / p95 ${r.search_p95_ms} ms, ${o.timing.clients} clients ${r.search_qps_8_clients ?? '–'} q/s, peak RSS ${r.rss_peak_mb.at_end} MB${r.server_memory_peak_mb !== undefined ? ` (server ${r.server_memory_peak_mb} MB)` : ''}\n`,
        )
        .join(''),
  });
}

/**
 * One back end's run: this script again with `--backend`, so the run's peak RSS (the process's
 * maxRSS, which only ever grows) is its own, not the highest of the runs before it in one process.
 */
function runInChild<R>(backend: Backend): Promise<R> {
  return new Promise((resolve, reject) => {
    const args = [...process.execArgv, fileURLToPath(import.meta.url), ...process.argv.slice(2), '--backend', backend];
    const child = spawn(process.execPath, [...args, '--json'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`the ${backend} run stopped with exit code ${code}`));
      resolve((JSON.parse(out) as { runs: R[] }).runs[0]!);
    });
  });
}

await runBench(main, USAGE);
