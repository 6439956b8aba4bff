// `npm run bench:retrieval -- [--json] [--scale] [--fake-embed] [--baselines recorded|run]`: our
// wiki search against the predecessor's 'simple' full-text search, in one fresh database, on
// KorQuAD and MIRACL-ko (the predecessor's figures recorded by an earlier run, or measured again).
// See bench/README.md ("Retrieval").
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createProgress, importWiki, openDb, redactUrl, UserError, type Db } from '@olala/core';
import { reindexLexical } from '@olala/core/search';
import { convertedCorpus, type Corpus } from './lib/kowiki-corpus.js';
import { buildPredecessorIndex, predecessorSearch, type PredecessorMode } from './lib/predecessor-search.js';
import { dropDatabase, recreateDatabase } from './lib/predecessor.js';
import { dataDir, loadKorquad, loadMiracl, ndcgAt, rankPages, recallAt, type EvalQuery } from './lib/retrieval-eval.js';
import { cachedScaledCorpus, SEED_CHUNKS, SEED_PAGES } from './lib/scale-corpus.js';
import { olalaMethods, type SearchMethod } from './lib/olala-methods.js';
import {
  baselineMode,
  parseBaselinesFlag,
  readRecordedBaselines,
  recordedReports,
  RECORDED_BASELINES_FILE,
  withRun,
  writeRecordedBaselines,
  type RecordedMethod,
} from './lib/recorded-baselines.js';
import { benchArgs, CACHE_DIR, integerFlag, percentile, printReport, ROOT, round, runBench } from './lib/cli.js';

const USAGE = `usage: npm run bench:retrieval -- [options]
  --json                   only JSON on stdout (progress goes to stderr)
  --server                 run on a throwaway PostgreSQL (scripts/pg-server.mjs) instead of embedded PGlite
  --baselines <how>        recorded: the predecessor's figures of the last "run" (bench/retrieval-baselines.json),
                           printed as such; run: measure the predecessor again (about 30 min on PGlite) and record
                           them. Default: recorded when the file has figures of this back end and corpus
  --predecessor-all        also run the predecessor's OR search on all KorQuAD questions (about 2 h on PGlite)
  --no-and                 skip the predecessor's AND variant
  --scale                  also time our search on the 1M-chunk generated corpus on a server (long)
  --fake-embed             hybrid search with a loopback fake of Ollama's /api/embed (checks the code path; quality is meaningless)
  --embed-chunks <n>       chunks embedded for the hybrid search (default 20000; 0 = all)
  --fake-embed-dims <n>    vector length of the fake embedder (default 64)
  --source <dir>           WikiExtractor folder(s) to convert (repeatable; default ../shared/data/kowiki)
  --max-questions <n>      only the first n questions of each set (a smoke run; figures are not comparable)
  --verbose                show the import's own progress lines
Embedded PGlite in a temporary folder by default; with DATABASE_URL, a fresh database on that server
(created and dropped). With OLLAMA_URL and EMBED_MODEL set, the hybrid search uses that model.`;

/** ../shared/reference/baselines.md, "Retrieval quality" and "At the seed's scale". */
const BASELINES = {
  reference_bm25: {
    method: 'reference: in-memory BM25 (words + Hangul bigrams, title twice)',
    korquad_r1: 0.814,
    korquad_r10: 0.945,
    miracl_ndcg10: 0.58,
    miracl_r10: 0.696,
    miracl_r100: 0.946,
    ms_per_query: 98,
  },
  predecessor_or: {
    method: "predecessor-style OR of whitespace words, to_tsvector('simple'), ts_rank_cd",
    korquad_r1: 0.186,
    korquad_r10: 0.49,
    miracl_ndcg10: 0.286,
    miracl_r10: 0.354,
    miracl_r100: null,
    ms_per_query: 334,
  },
  predecessor_and: {
    method: "predecessor: plainto_tsquery('simple', question), ts_rank_cd",
    korquad_r1: 0.004,
    korquad_r10: 0.004,
    miracl_ndcg10: null,
    miracl_r10: null,
    miracl_r100: null,
    ms_per_query: null,
  },
  scale_predecessor_or: {
    chunks: 881_821,
    queries: 100,
    p50_ms: 415,
    p95_ms: 11_300,
    miracl_ndcg10: 0.128,
    miracl_r10: 0.184,
  },
  subset_questions: 1014,
  source: '../shared/reference/baselines.md',
} as const;

const TARGETS = { korquad_r1: 0.85, korquad_r10: 0.96, miracl_ndcg10: 0.6, p95_ms: 50, scale_p95_ms: 150 };
/** Chunks fetched per query: enough for 100 distinct pages in almost every case (R@100). */
const CHUNK_LIMIT = 1000;
const PREDECESSOR_CHUNK_LIMIT = 300;
const WARMUP_QUERIES = 20;

function options() {
  const values = benchArgs({
    server: { type: 'boolean', default: false },
    baselines: { type: 'string' },
    'predecessor-all': { type: 'boolean', default: false },
    'no-and': { type: 'boolean', default: false },
    scale: { type: 'boolean', default: false },
    'fake-embed': { type: 'boolean', default: false },
    'embed-chunks': { type: 'string', default: '20000' },
    'fake-embed-dims': { type: 'string', default: '64' },
    source: { type: 'string', multiple: true },
    'max-questions': { type: 'string', default: '0' },
    verbose: { type: 'boolean', default: false },
  });
  return {
    json: values.json,
    server: values.server,
    baselines: parseBaselinesFlag(values.baselines),
    predecessorAll: values['predecessor-all'],
    and: !values['no-and'],
    scale: values.scale,
    fakeEmbed: values['fake-embed'],
    embedChunks: integerFlag('embed-chunks', values['embed-chunks'], 0),
    fakeEmbedDims: integerFlag('fake-embed-dims', values['fake-embed-dims'], 2),
    maxQuestions: integerFlag('max-questions', values['max-questions'], 0),
    sources: values.source ?? [path.join(dataDir(), 'kowiki')],
    verbose: values.verbose,
  };
}

type Options = ReturnType<typeof options>;
const log = (msg: string) => process.stderr.write(`[bench] ${msg}\n`);
const seconds = (since: number) => round((performance.now() - since) / 1000, 2);

// ─── databases ───────────────────────────────────────────────────────────────

/** PGlite data folders still in use, removed on Ctrl-C as well. */
const tempDirs = new Set<string>();

interface Target {
  db: Db;
  backend: 'pglite' | 'postgres';
  location: string;
  close: () => Promise<void>;
}

type PgServerModule = {
  startPostgres(o?: { settings?: Record<string, string> }): Promise<{ url: string; stop: () => void }>;
};

/** A PostgreSQL server: DATABASE_URL when set, else a throwaway one (stopped by `stop`). */
async function serverUrl(): Promise<{ url: string; stop: () => void }> {
  if (process.env.DATABASE_URL) return { url: process.env.DATABASE_URL, stop() {} };
  const { startPostgres } = (await import(path.join(ROOT, 'scripts', 'pg-server.mjs'))) as PgServerModule;
  log('starting a throwaway PostgreSQL …');
  // The settings baselines.md measured with.
  return startPostgres({ settings: { shared_buffers: '1GB', maintenance_work_mem: '1GB' } });
}

/** A fresh, migrated database: a new one on the server, or PGlite in a new temp folder. */
async function freshTarget(server: string | undefined, name: string): Promise<Target> {
  if (server) {
    const url = await recreateDatabase(server, name);
    const db = await openDb({ databaseUrl: url, dataDir: '' }, { command: 'bench retrieval', migrate: true });
    return {
      db,
      backend: 'postgres',
      location: redactUrl(url),
      close: async () => {
        await db.close();
        await dropDatabase(server, name);
      },
    };
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'olala-bench-retrieval-'));
  tempDirs.add(dir);
  const db = await openDb({ databaseUrl: undefined, dataDir: dir }, { command: 'bench retrieval', migrate: true });
  return {
    db,
    backend: 'pglite',
    location: dir,
    close: async () => {
      await db.close();
      fs.rmSync(dir, { recursive: true, force: true });
      tempDirs.delete(dir);
    },
  };
}

/** importWiki, plus the lexical index build if the import did not make one. */
async function importCorpus(db: Db, corpus: Pick<Corpus, 'pagesFile' | 'chunksFile'>, verbose: boolean) {
  const started = performance.now();
  const result = await importWiki(db, {
    pagesFile: corpus.pagesFile,
    chunksFile: corpus.chunksFile,
    mode: 'replace',
    progress: verbose ? 'json' : false,
  });
  const import_s = seconds(started);
  const { rows } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM wiki_postings');
  let extra_index_s = 0;
  if ((rows[0]?.n ?? 0) === 0) {
    const t = performance.now();
    await reindexLexical(db, { progress: verbose ? 'json' : false });
    extra_index_s = seconds(t);
  }
  return { import_s, extra_index_s, pages: result.wikiPages, chunks: result.wikiChunks, phases: result.phases };
}

// ─── measuring ───────────────────────────────────────────────────────────────

interface EvalSets {
  korquadAll: EvalQuery[];
  korquadSubset: EvalQuery[];
  miracl: EvalQuery[];
  unmapped: number;
}

async function evalSets(db: Db, max: number): Promise<EvalSets> {
  const dir = dataDir();
  const { rows } = await db.query<{ page_id: number; title: string }>('SELECT page_id, title FROM wiki_pages');
  const pageByTitle = new Map(rows.map((r) => [r.title, Number(r.page_id)]));
  const korquad = loadKorquad(pageByTitle, dir);
  const miracl = loadMiracl(new Set(pageByTitle.values()), 'dev', dir);
  if (korquad.all.length === 0 || miracl.length === 0) {
    throw new UserError(
      `no evaluation question maps to a page of the imported corpus (${rows.length} pages): is --source the kowiki extract?`,
    );
  }
  const cut = <T>(list: T[]) => (max > 0 ? list.slice(0, max) : list);
  // The subset stays every 6th of the (possibly cut) full list, as measure() derives it.
  const all = cut(korquad.all);
  return {
    korquadAll: all,
    korquadSubset: all.filter((_, i) => i % 6 === 0),
    miracl: cut(miracl),
    unmapped: korquad.unmapped,
  };
}

interface Scores {
  queries: number;
  r1: number;
  r10: number;
  r100: number;
  ndcg10: number;
}

function mean(results: readonly { r1: number; r10: number; r100: number; ndcg10: number }[]): Scores {
  const sum = { r1: 0, r10: 0, r100: 0, ndcg10: 0 };
  for (const r of results) for (const k of Object.keys(sum) as (keyof typeof sum)[]) sum[k] += r[k];
  const n = Math.max(results.length, 1);
  return {
    queries: results.length,
    r1: round(sum.r1 / n, 3),
    r10: round(sum.r10 / n, 3),
    r100: round(sum.r100 / n, 3),
    ndcg10: round(sum.ndcg10 / n, 3),
  };
}

/** Runs `queries` through `method`, timing each call; ranks, scores and times per query. */
async function runQueries(method: SearchMethod, queries: readonly EvalQuery[], label: string, latencies: number[]) {
  const progress = createProgress({ label: `${method.name} ${label}`, total: queries.length });
  const results = [];
  for (const [i, q] of queries.entries()) {
    const t = performance.now();
    const chunkPages = await method.search(q.query);
    latencies.push(performance.now() - t);
    const ranked = rankPages(chunkPages, 100);
    results.push({
      r1: recallAt(ranked, q.relevant, 1),
      r10: recallAt(ranked, q.relevant, 10),
      r100: recallAt(ranked, q.relevant, 100),
      ndcg10: ndcgAt(ranked, q.relevant, 10),
    });
    progress.update(i + 1);
  }
  progress.finish();
  return results;
}

async function measure(method: SearchMethod, sets: EvalSets, allKorquad: boolean) {
  // Warm-up: caches, plans and the JIT, so the latency is that of a running service.
  for (const q of sets.miracl.slice(0, WARMUP_QUERIES)) await method.search(q.query);
  const latencies: number[] = [];
  const started = performance.now();
  const korquad = await runQueries(
    method,
    allKorquad ? sets.korquadAll : sets.korquadSubset,
    allKorquad ? 'KorQuAD (all)' : 'KorQuAD (subset)',
    latencies,
  );
  const subset = allKorquad ? korquad.filter((_, i) => i % 6 === 0) : korquad;
  const miracl = await runQueries(method, sets.miracl, 'MIRACL', latencies);
  const wall_s = seconds(started);
  const m = mean(miracl);
  // A method that returns fewer than 100 pages has no R@100.
  let r100: number | null = method.pageCap !== undefined && method.pageCap < 100 ? null : m.r100;
  if (method.deep) {
    let sum = 0;
    for (const q of sets.miracl) sum += recallAt(rankPages(await method.deep(q.query), 100), q.relevant, 100);
    r100 = round(sum / Math.max(sets.miracl.length, 1), 3);
  }
  latencies.sort((a, b) => a - b);
  const s = mean(subset);
  const all = allKorquad ? mean(korquad) : undefined;
  return {
    korquad_r1: s.r1,
    korquad_r10: s.r10,
    korquad_all_r1: all?.r1 ?? null,
    korquad_all_r10: all?.r10 ?? null,
    miracl_ndcg10: m.ndcg10,
    miracl_r10: m.r10,
    miracl_r100: r100,
    p50_ms: round(percentile(latencies, 50), 1),
    p95_ms: round(percentile(latencies, 95), 1),
    mean_ms: round(latencies.reduce((a, b) => a + b, 0) / Math.max(latencies.length, 1), 1),
    queries: {
      korquad_subset: subset.length,
      korquad_all: all?.queries ?? 0,
      miracl: m.queries,
      timed: latencies.length,
      warmup: Math.min(WARMUP_QUERIES, sets.miracl.length),
    },
    wall_s,
  };
}

/** The report so far, so that a long run cut short still leaves its figures. */
function savePartial(reports: unknown[]) {
  fs.mkdirSync(CACHE_DIR, { recursive: true });
  fs.writeFileSync(path.join(CACHE_DIR, 'retrieval-partial.json'), `${JSON.stringify(reports, null, 2)}\n`);
}

function targetsOf(
  m: { korquad_r1: number; korquad_r10: number; miracl_ndcg10: number; p95_ms: number },
  backend: string,
) {
  return {
    korquad_r1: TARGETS.korquad_r1,
    korquad_r10: TARGETS.korquad_r10,
    miracl_ndcg10: TARGETS.miracl_ndcg10,
    p95_ms: TARGETS.p95_ms,
    met: {
      korquad_r1: m.korquad_r1 >= TARGETS.korquad_r1,
      korquad_r10: m.korquad_r10 >= TARGETS.korquad_r10,
      miracl_ndcg10: m.miracl_ndcg10 >= TARGETS.miracl_ndcg10,
      p95_ms: m.p95_ms <= TARGETS.p95_ms,
    },
    // The targets are set for embedded PGlite.
    applies: backend === 'pglite',
  };
}

function baselineFields(b: (typeof BASELINES)['reference_bm25' | 'predecessor_or' | 'predecessor_and']) {
  return {
    baseline_method: b.method,
    baseline_korquad_r1: b.korquad_r1,
    baseline_korquad_r10: b.korquad_r10,
    baseline_korquad_subset_queries: BASELINES.subset_questions,
    baseline_miracl_ndcg10: b.miracl_ndcg10,
    baseline_miracl_r10: b.miracl_r10,
    baseline_miracl_r100: b.miracl_r100,
    baseline_ms_per_query: b.ms_per_query,
  };
}

// ─── the run ─────────────────────────────────────────────────────────────────

function predecessorMethod(db: Db, mode: PredecessorMode): SearchMethod {
  return {
    name: mode === 'or' ? 'predecessor-or' : 'predecessor-and',
    description:
      mode === 'or'
        ? "OR of the question's whitespace words (plainto_tsquery('simple', w1) || …), GIN on to_tsvector('simple', content), ts_rank_cd"
        : "plainto_tsquery('simple', question) (AND of its words), GIN on to_tsvector('simple', content), ts_rank_cd",
    // 300 chunks give 100 pages in most cases, so R@100 comes from the timed call itself.
    search: (q) => predecessorSearch(db, q, mode, PREDECESSOR_CHUNK_LIMIT),
  };
}

async function scaleRun(
  opts: Options,
  source: Corpus,
  miraclQueries: readonly EvalQuery[],
  running: string | undefined,
) {
  const dir = path.join(CACHE_DIR, `scaled-${SEED_PAGES}-${SEED_CHUNKS}`);
  log(`scale: corpus of ${SEED_PAGES} pages, ${SEED_CHUNKS} chunks …`);
  const corpus = await cachedScaledCorpus(source, { pages: SEED_PAGES, chunks: SEED_CHUNKS }, dir);
  const srv = running ? { url: running, stop() {} } : await serverUrl();
  try {
    const target = await freshTarget(srv.url, 'olala_bench_retrieval_scale');
    try {
      log('scale: importing into a server database …');
      const imported = await importCorpus(target.db, corpus, opts.verbose);
      log(`scale: import and lexical index ${imported.import_s + imported.extra_index_s} s`);
      const lexical = (await olalaMethods(target.db, { deepLimit: CHUNK_LIMIT })).methods[0]!;
      for (const q of miraclQueries.slice(0, WARMUP_QUERIES)) await lexical.search(q.query);
      const latencies: number[] = [];
      // Quality is not the point here: the copies repeat every text under other page ids.
      await runQueries(lexical, miraclQueries, 'MIRACL at 1M chunks', latencies);
      latencies.sort((a, b) => a - b);
      const p95 = round(percentile(latencies, 95), 1);
      return {
        method: lexical.name,
        backend: 'postgres',
        pages: imported.pages,
        chunks: imported.chunks,
        import_s: imported.import_s,
        extra_index_s: imported.extra_index_s,
        queries: latencies.length,
        p50_ms: round(percentile(latencies, 50), 1),
        p95_ms: p95,
        target_p95_ms: TARGETS.scale_p95_ms,
        target_met: p95 <= TARGETS.scale_p95_ms,
        baseline_predecessor_or: BASELINES.scale_predecessor_or,
      };
    } finally {
      await target.close();
    }
  } finally {
    srv.stop();
  }
}

async function main() {
  const opts = options();
  dataDir();
  const corpus = await convertedCorpus(ROOT, opts.sources, log);

  const srv = process.env.DATABASE_URL || opts.server ? await serverUrl() : undefined;
  const backend = srv ? 'postgres' : 'pglite';
  const recorded = readRecordedBaselines();
  const baselines = baselineMode(opts.baselines, {
    recorded,
    backend,
    corpus,
    predecessorAll: opts.predecessorAll,
    maxQuestions: opts.maxQuestions,
  });
  log(
    `predecessor baselines: ${baselines.mode === 'recorded' ? 'recorded' : 'measured in this run'} (${baselines.why})`,
  );
  const stop = () => {
    srv?.stop();
    for (const dir of tempDirs) fs.rmSync(dir, { recursive: true, force: true });
  };
  process.once('SIGINT', () => (stop(), process.exit(130)));
  process.once('SIGTERM', () => (stop(), process.exit(143)));
  try {
    const target = await freshTarget(srv?.url, 'olala_bench_retrieval');
    const reports = [];
    let miracl: EvalQuery[] = [];
    try {
      log(`importing ${corpus.pages} pages, ${corpus.chunks} chunks into ${target.backend} (${target.location}) …`);
      const imported = await importCorpus(target.db, corpus, opts.verbose);
      log(
        `import (with our lexical index) ${imported.import_s} s${imported.extra_index_s ? ` + lexical index ${imported.extra_index_s} s` : ''}`,
      );
      let predecessorIndexS = 0;
      if (baselines.mode === 'run') {
        log("building the predecessor's 'simple' GIN …");
        predecessorIndexS = round(await buildPredecessorIndex(target.db), 2);
        log(`predecessor GIN + ANALYZE ${predecessorIndexS} s`);
      }

      const sets = await evalSets(target.db, opts.maxQuestions);
      miracl = sets.miracl;
      log(
        `questions: KorQuAD ${sets.korquadAll.length} (subset ${sets.korquadSubset.length}; ${sets.unmapped} without a page), MIRACL ${sets.miracl.length}`,
      );
      const common = { backend: target.backend, corpus: { pages: imported.pages, chunks: imported.chunks } };

      const embeddings =
        opts.fakeEmbed || (process.env.OLLAMA_URL && process.env.EMBED_MODEL)
          ? { fake: opts.fakeEmbed, chunks: opts.embedChunks, dims: opts.fakeEmbedDims }
          : undefined;
      const ours = await olalaMethods(target.db, { deepLimit: CHUNK_LIMIT, embeddings, log });
      try {
        for (const method of ours.methods) {
          const hybrid = method.name.startsWith('olala-hybrid');
          // A fake embedder's quality means nothing, so its methods run on the subset only.
          const all = !(hybrid && embeddings?.fake);
          log(`measuring ${method.name}${all ? '' : ' (KorQuAD subset only)'} …`);
          let m: Awaited<ReturnType<typeof measure>>;
          try {
            m = await measure(method, sets, all);
          } catch (err) {
            // One broken method (e.g. the embedding endpoint) must not void the others' figures.
            log(`${method.name} failed: ${(err as Error).message}`);
            reports.push({
              method: method.name,
              description: method.description,
              error: (err as Error).message,
              ...common,
            });
            continue;
          }
          reports.push({
            method: method.name,
            description: method.description,
            ...m,
            ...common,
            index_s: round(imported.import_s + imported.extra_index_s, 2),
            index_note: 'importWiki into a fresh database, including our lexical index build',
            ...(hybrid && ours.embedding ? { embedding: ours.embedding } : {}),
            ...(method.note ? { note: method.note } : {}),
            ...baselineFields(BASELINES.reference_bm25),
            targets: targetsOf(m, target.backend),
          });
          savePartial(reports);
        }
      } finally {
        await ours.close();
      }
      const predecessors: [PredecessorMode, boolean][] = [
        ['or', opts.predecessorAll],
        ...(opts.and ? [['and', true] as [PredecessorMode, boolean]] : []),
      ];
      const baselineOf = (name: string) =>
        baselineFields(name === 'predecessor-or' ? BASELINES.predecessor_or : BASELINES.predecessor_and);
      if (baselines.mode === 'recorded') {
        const names = predecessors.map(([mode]) => predecessorMethod(target.db, mode).name);
        for (const r of recordedReports(recorded!, backend, names))
          reports.push({ ...r, ...common, ...baselineOf(r.method) });
      } else {
        const measured: RecordedMethod[] = [];
        for (const [mode, all] of predecessors) {
          const method = predecessorMethod(target.db, mode);
          log(`measuring ${method.name}${all ? '' : ' (KorQuAD subset only; --predecessor-all for all questions)'} …`);
          const m = await measure(method, sets, all);
          const figures = {
            method: method.name,
            description: method.description,
            ...m,
            index_s: predecessorIndexS,
            index_note: "CREATE INDEX … USING gin (to_tsvector('simple', content)) + ANALYZE on the same chunks",
          };
          measured.push({ ...figures, recorded_at: new Date().toISOString() });
          reports.push({ ...figures, ...common, ...baselineOf(method.name) });
          savePartial(reports);
        }
        // A smoke run's question sets are not the record's.
        if (opts.maxQuestions === 0) {
          writeRecordedBaselines(
            withRun(recorded, backend, { corpus: { pages: corpus.pages, chunks: corpus.chunks }, methods: measured }),
          );
          log(`recorded the predecessor's figures in ${path.relative(ROOT, RECORDED_BASELINES_FILE)}`);
        }
      }
    } finally {
      await target.close();
    }

    if (opts.scale) {
      const first = reports[0];
      // Copy 0 of the generated corpus keeps the kowiki page ids, so the same judgements apply.
      if (first) Object.assign(first, { scale: await scaleRun(opts, corpus, miracl, srv?.url) });
    }

    const done = reports;
    printReport(done, { json: opts.json, file: 'retrieval-last.json', summary: () => table(done) });
  } finally {
    stop();
  }
}

type Report = Omit<Awaited<ReturnType<typeof measure>>, 'mean_ms'> & {
  mean_ms: number | null;
  method: string;
  backend: string;
  note?: string;
  source?: string;
  baseline_korquad_r1: number | null;
  baseline_korquad_r10: number | null;
  baseline_miracl_ndcg10: number | null;
  baseline_miracl_r10: number | null;
  baseline_miracl_r100: number | null;
  baseline_ms_per_query: number | null;
  scale?: { p50_ms: number; p95_ms: number; chunks: number };
};

function table(reports: (Partial<Report> & { method: string; error?: string })[]) {
  const cell = (v: number | null | undefined) => (v === null || v === undefined ? '–' : String(v));
  const header = [
    'method',
    'KQ R@1',
    'KQ R@10',
    'KQ all R@1',
    'KQ all R@10',
    'MIRACL nDCG@10',
    'R@10',
    'R@100',
    'p50 ms',
    'p95 ms',
  ];
  const rows: string[][] = [];
  for (const r of reports) {
    if (r.error) {
      rows.push([r.method, `failed: ${r.error}`]);
      continue;
    }
    rows.push([
      r.source ? `${r.method} (${r.source.split(' (')[0]})` : r.method,
      ...[
        r.korquad_r1,
        r.korquad_r10,
        r.korquad_all_r1,
        r.korquad_all_r10,
        r.miracl_ndcg10,
        r.miracl_r10,
        r.miracl_r100,
        r.p50_ms,
        r.p95_ms,
      ].map(cell),
    ]);
    rows.push([
      '  baseline',
      ...[
        r.baseline_korquad_r1,
        r.baseline_korquad_r10,
        null,
        null,
        r.baseline_miracl_ndcg10,
        r.baseline_miracl_r10,
        r.baseline_miracl_r100,
        null,
        r.baseline_ms_per_query,
      ].map(cell),
    ]);
  }
  const widths = header.map((h, i) =>
    Math.max(h.length, ...rows.filter((r) => r.length > 2).map((r) => (r[i] ?? '').length)),
  );
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  const out = [line(header), ...rows.map(line)];
  const first = reports[0];
  if (first?.queries)
    out.push(
      '',
      `backend ${first.backend}; KorQuAD subset ${first.queries.korquad_subset} questions (baselines.md: ${BASELINES.subset_questions}), all ${first.queries.korquad_all}; MIRACL ${first.queries.miracl}`,
    );
  out.push(
    'baseline rows: ours beside the in-memory BM25 reference, the predecessor beside its own figures (baselines.md; latency there is mean ms/query)',
  );
  for (const r of reports) if (r.note) out.push(`${r.method}: ${r.note}`);
  if (first?.scale)
    out.push(
      `scale: ${first.method} at ${first.scale.chunks} chunks: p50 ${first.scale.p50_ms} ms, p95 ${first.scale.p95_ms} ms (target ≤ ${TARGETS.scale_p95_ms}; predecessor p95 ${BASELINES.scale_predecessor_or.p95_ms} ms)`,
    );
  out.push(`full report: ${path.relative(process.cwd(), path.join(CACHE_DIR, 'retrieval-last.json'))}`);
  return `${out.join('\n')}\n`;
}

await runBench(main, USAGE);
