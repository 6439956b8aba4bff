// `npm run bench:articles -- [--json]`: whole-article checks (POST /v1/articles/check's core,
// packages/core/src/articles) on ../shared/data's KoBEST BoolQ dev set, its passages imported as
// the wiki (eval/run.ts buildSetWiki), LLMs as the usual env vars configure them (none: the rules).
// (a) consistency: paragraphs of 3–6 statements joined must yield each statement as a claim
//     (claim_recall) with the label it gets when checked alone (label_agreement);
// (b) time: a 5-claim article against one claim (article_p50_ms, single_p50_ms).
// Every check runs with the result cache off, so an article's claim is never the alone check
// served again. See bench/README.md ("Articles").
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Fastify from 'fastify';
import { loadConfig, openDb } from '@olala/core';
import { createApiKey } from '@olala/core/identity';
import { checkTruth } from '@olala/core/analyses';
import { checkArticle } from '@olala/core/articles';
import { type EvalItem, buildSetWiki, loadBoolq } from '@olala/core/eval';
import type { Db } from '@olala/core/db';
import { createPipelineDeps } from '@olala/core/pipeline';
import app, { serverOptions } from '../apps/server/src/app.js';
import {
  benchArgs,
  CACHE_DIR,
  integerFlag,
  machine,
  percentile,
  printReport,
  ROOT,
  runBench,
  sharedData,
  UsageError,
} from './lib/cli.js';

const USAGE = `usage: npm run bench:articles -- [options]
  --json              only JSON on stdout (progress goes to stderr)
  --statements <n>    only the first n BoolQ dev statements in paragraphs (default 0 = all 700)
  --timed <n>         5-claim articles timed, each against its claims alone (default 20)
  --pg                time them on a throwaway PostgreSQL too (scripts/pg-server.mjs)
  --queries           with the time part: each SQL statement an article and a single claim send, counted
                      and timed (a wrapper around the database; it adds a little time to both)
  --only <part>       run one part: consistency, time or throughput (default: all three)
Embedded PGlite in a temporary folder; LLMs as configured by the usual env vars (none: the rules).`;

/** Claims sent by batch, and as many others one by one. */
const THROUGHPUT_CLAIMS = 40;
const TARGETS = { claim_recall_min: 0.95, label_agreement_min: 0.95, article_over_single_max: 2 };
const PARTS = ['consistency', 'time', 'throughput'] as const;
type Part = (typeof PARTS)[number];
/** Paragraph sizes, cycled: every size from 3 to 6 statements occurs. */
const SIZES = [3, 4, 5, 6];

function options() {
  const values = benchArgs({
    statements: { type: 'string', default: '0' },
    timed: { type: 'string', default: '20' },
    pg: { type: 'boolean', default: false },
    queries: { type: 'boolean', default: false },
    only: { type: 'string' },
  });
  if (values.only !== undefined && !PARTS.includes(values.only as Part))
    throw new UsageError(`--only: expected one of ${PARTS.join(', ')}, got "${values.only}"`);
  return {
    json: values.json,
    statements: integerFlag('statements', values.statements, 0),
    timed: integerFlag('timed', values.timed, 1),
    pg: values.pg,
    queries: values.queries,
    parts: new Set<Part>(values.only ? [values.only as Part] : PARTS),
  };
}

const log = (msg: string) => process.stderr.write(`[bench] ${msg}\n`);
const round = (x: number, digits = 3) => Math.round(x * 10 ** digits) / 10 ** digits;

interface Paragraph {
  text: string;
  /** Each statement and where it stands in `text`. */
  parts: { item: EvalItem; start: number; end: number }[];
}

function paragraphs(items: readonly EvalItem[], sizes: readonly number[]): Paragraph[] {
  const out: Paragraph[] = [];
  for (let i = 0, k = 0; i < items.length; k++) {
    const group = items.slice(i, i + (sizes[k % sizes.length] as number));
    i += group.length;
    let text = '';
    const parts: Paragraph['parts'] = [];
    for (const item of group) {
      if (text) text += ' ';
      parts.push({ item, start: text.length, end: text.length + item.claim.length });
      text += item.claim;
    }
    out.push({ text, parts });
  }
  return out;
}

async function main() {
  const opts = options();
  const data = sharedData('boolq');
  const boolq = loadBoolq(data, 'dev');
  const statements = opts.statements > 0 ? boolq.items.slice(0, opts.statements) : boolq.items;

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'olala-bench-articles-'));
  const cleanup = () => fs.rmSync(dir, { recursive: true, force: true });
  process.once('SIGINT', () => (cleanup(), process.exit(130)));
  process.once('SIGTERM', () => (cleanup(), process.exit(143)));
  try {
    const config = loadConfig({
      ...process.env,
      LOG_LEVEL: 'silent',
      OLALA_DATA_DIR: dir,
      DATABASE_URL: '',
      DATABASE_READ_URL: '',
    });
    const db = await openDb(config, { command: 'bench articles', migrate: true });
    try {
      const pages = await buildSetWiki(db, boolq.items, dir);
      const deps = createPipelineDeps(config, db, { news: false });
      const models =
        Object.entries(deps.llm)
          .map(([role, c]) => `${role}=${c!.provider}/${c!.model}`)
          .join(' ') || 'rules';
      const alone = (claim: string) =>
        checkTruth(deps, { input_type: 'text', input_payload: claim }, { streamed: false, cacheMs: 0 });
      const article = (text: string, maxClaims = config.articleMaxClaims) =>
        checkArticle(deps, { input_type: 'text', input_payload: text }, { maxClaims, cacheMs: 0, streamed: false });

      // (a) consistency
      const paras = opts.parts.has('consistency') ? paragraphs(statements, SIZES) : [];
      log(
        `consistency: ${statements.length} statements in ${paras.length} paragraphs over a wiki of ${pages.size} passages (${models}) …`,
      );
      let checkable = 0;
      let recalled = 0;
      let agreed = 0;
      let sameWording = 0;
      let refusedAlone = 0;
      const misses: { statement: string; why: string }[] = [];
      const disagreements: { statement: string; claim: string; alone: string; in_article: string }[] = [];
      // No-LLM answers are mostly UNVERIFIED: agreement is also reported over the decided ones.
      const aloneLabels: Record<string, number> = {};
      let decided = 0;
      let decidedAgreed = 0;
      for (const [n, p] of paras.entries()) {
        const result = await article(p.text);
        for (const part of p.parts) {
          const single = await alone(part.item.claim);
          if (single.label === 'REFUSED') {
            // Not a claim on its own (question, opinion …): nothing an article check should find either.
            refusedAlone++;
            continue;
          }
          checkable++;
          // The statement is yielded when one claim comes from exactly its sentence (its own span, last).
          const claim = result.claims.find((c) => {
            const own = c.spans[c.spans.length - 1]!;
            return own.start === part.start && own.end === part.end;
          });
          if (!claim) {
            const skip = result.skipped.find((s) => s.spans.some((x) => x.start < part.end && part.start < x.end));
            const inside = result.claims.filter((c) =>
              c.spans.some((x) => x.start >= part.start && x.end <= part.end),
            ).length;
            misses.push({
              statement: part.item.claim,
              why: skip ? `skipped: ${skip.reason}` : inside > 0 ? `split into ${inside} claims` : 'not found',
            });
            continue;
          }
          recalled++;
          if (claim.text === part.item.claim) sameWording++;
          const label = claim.result?.label ?? 'ERROR';
          aloneLabels[single.label] = (aloneLabels[single.label] ?? 0) + 1;
          if (single.label !== 'UNVERIFIED') {
            decided++;
            if (label === single.label) decidedAgreed++;
          }
          if (label === single.label) agreed++;
          else
            disagreements.push({
              statement: part.item.claim,
              claim: claim.text,
              alone: single.label,
              in_article: label,
            });
        }
        if (!opts.json && (n + 1) % 20 === 0) log(`  ${n + 1}/${paras.length} paragraphs`);
      }

      // (b) time, on PGlite here and on PostgreSQL with --pg.
      // The single claims come from other paragraphs: a statement the article just checked would be warm.
      const allFives = paragraphs(boolq.items, [5]).filter((p) => p.parts.length === 5);
      const fives = allFives.slice(0, opts.timed);
      const singles = allFives.slice(opts.timed, 2 * opts.timed).map((p, i) => p.parts[i % 5]!.item.claim);
      const counter = opts.queries ? countStatements(db) : undefined;
      const timings = opts.parts.has('time')
        ? [await timeArticles('pglite', fives, singles, alone, article, counter)]
        : [];
      if (opts.pg && opts.parts.has('time'))
        timings.push(
          await onPostgres(boolq.items, dir, (pgAlone, pgArticle) =>
            timeArticles('postgres', fives, singles, pgAlone, pgArticle),
          ),
        );
      const { article_p50_ms = null, single_p50_ms = null } = timings[0] ?? {};
      const throughput = opts.parts.has('throughput')
        ? await batchThroughput(boolq.items.slice(400, 400 + 2 * THROUGHPUT_CLAIMS), dir)
        : undefined;

      const claim_recall = checkable ? round(recalled / checkable) : null;
      const label_agreement = recalled ? round(agreed / recalled) : null;
      const ratio = article_p50_ms !== null && single_p50_ms ? round(article_p50_ms / single_p50_ms, 2) : null;
      const missed: string[] = [];
      if (opts.parts.has('consistency') && (claim_recall === null || claim_recall < TARGETS.claim_recall_min))
        missed.push(`claim_recall ${claim_recall} < ${TARGETS.claim_recall_min}`);
      if (opts.parts.has('consistency') && (label_agreement === null || label_agreement < TARGETS.label_agreement_min))
        missed.push(`label_agreement ${label_agreement} < ${TARGETS.label_agreement_min}`);
      if (opts.parts.has('time') && !(ratio !== null && ratio <= TARGETS.article_over_single_max))
        missed.push(`article_p50_ms / single_p50_ms ${ratio} > ${TARGETS.article_over_single_max}`);
      const report = {
        claim_recall,
        label_agreement,
        article_p50_ms,
        single_p50_ms,
        label_agreement_decided: decided ? round(decidedAgreed / decided) : null,
        article_over_single: ratio,
        article_p95_ms: timings[0]?.article_p95_ms ?? null,
        article_cpu_p50_ms: timings[0]?.article_cpu_p50_ms ?? null,
        single_cpu_p50_ms: timings[0]?.single_cpu_p50_ms ?? null,
        article_over_single_cpu: timings[0]?.article_over_single_cpu ?? null,
        single_p95_ms: timings[0]?.single_p95_ms ?? null,
        timings,
        batch_claims_per_s: throughput?.batch_claims_per_s ?? null,
        single_claims_per_s: throughput?.single_claims_per_s ?? null,
        throughput: throughput ?? null,
        parts: [...opts.parts],
        counts: {
          statements: statements.length,
          paragraphs: paras.length,
          refused_alone: refusedAlone,
          checkable,
          recalled,
          agreed,
          same_wording: sameWording,
          alone_labels: aloneLabels,
          decided_alone: decided,
          timed_articles: fives.length,
        },
        misses: misses.slice(0, 30),
        disagreements: disagreements.slice(0, 30),
        models,
        targets: { ...TARGETS, missed },
        method:
          'KoBEST BoolQ dev questions rewritten as statements (eval/sources.ts), joined with spaces into paragraphs of 3, 4, 5, 6, 3 … statements; ' +
          'every passage imported as the wiki (eval/run.ts buildSetWiki); checkArticle on each paragraph and checkTruth on each statement alone, result cache off; ' +
          "recall over statements not REFUSED alone: a claim whose own span is exactly the statement; agreement: that claim's label = the alone label; " +
          `throughput: the server in-process (PGlite, result cache off, an API key of rate 10000/min), ${THROUGHPUT_CLAIMS} statements in one POST /v1/truth/batch against ${THROUGHPUT_CLAIMS} others by POST /truth/check one after another; ` +
          'time: wall clock of checkArticle (max_claims 5) on 5-statement paragraphs and of checkTruth on a statement of another 5-statement paragraph (not checked before), interleaved, after one warm-up each',
        machine: machine(),
      };
      printReport(report, {
        json: opts.json,
        file: 'articles-last.json',
        summary: () =>
          [
            `models: ${models}`,
            `consistency${opts.parts.has('consistency') ? '' : ' (not run)'}: claim_recall ${claim_recall} (${recalled}/${checkable}), label_agreement ${label_agreement} (${agreed}/${recalled}), ${refusedAlone} statements REFUSED alone`,
            ...timings.map(
              (t) =>
                `time (${t.backend}): article (${t.claims_mean} claims) p50 ${t.article_p50_ms} ms, single claim p50 ${t.single_p50_ms} ms (×${t.article_over_single}); CPU p50 ${t.article_cpu_p50_ms} / ${t.single_cpu_p50_ms} ms (×${t.article_over_single_cpu})${t.article_main_p50_ms === null ? '' : `; main thread p50 ${t.article_main_p50_ms} / ${t.single_main_p50_ms} ms (×${t.article_over_single_main})`}`,
            ),
            ...(throughput
              ? [
                  `throughput (server, ${throughput.claims} claims each): batch ${throughput.batch_claims_per_s} claims/s, single calls one after another ${throughput.single_claims_per_s} claims/s`,
                ]
              : []),
            missed.length ? `targets missed: ${missed.join('; ')}` : 'all targets met',
            `full report: ${path.relative(process.cwd(), path.join(CACHE_DIR, 'articles-last.json'))}`,
          ].join('\n') + '\n',
      });
    } finally {
      await db.close();
    }
  } finally {
    cleanup();
  }
}

type Alone = (claim: string) => Promise<unknown>;
type Article = (text: string, maxClaims?: number) => Promise<{ claims: unknown[] }>;

interface StatementStat {
  /** The statement's first words, spaces collapsed. */
  sql: string;
  per_call: number;
  rows_per_call: number;
  ms_per_call: number;
}

/**
 * Every statement `db` sends, timed from the call to its answer, collected per phase (an
 * article, a single claim). Wraps the instance's own `query`, so every holder of `db` (the wiki
 * search, the stores) goes through it and the posting cache still knows the object.
 */
function countStatements(db: { query: Db['query'] }) {
  const query = db.query.bind(db);
  let phase: Map<string, { n: number; rows: number; ms: number }> | undefined;
  const phases = { article: new Map<string, { n: number; rows: number; ms: number }>(), single: new Map() };
  db.query = (async (sql: string, params?: readonly unknown[]) => {
    const into = phase;
    const t0 = performance.now();
    const result = await query(sql, params);
    if (into) {
      const key = sql.replace(/\s+/g, ' ').trim().slice(0, 72);
      const stat = into.get(key) ?? { n: 0, rows: 0, ms: 0 };
      stat.n++;
      stat.rows += result.rows.length;
      stat.ms += performance.now() - t0;
      into.set(key, stat);
    }
    return result;
  }) as Db['query'];
  return {
    during: (name: keyof typeof phases | undefined) => (phase = name && phases[name]),
    report: (calls: number) =>
      Object.fromEntries(
        Object.entries(phases).map(([name, stats]) => [
          name,
          [...stats].map(([sql, s]): StatementStat => ({
            sql,
            per_call: round(s.n / calls, 2),
            rows_per_call: round(s.rows / calls, 1),
            ms_per_call: round(s.ms / calls, 2),
          })),
        ]),
      ) as Record<keyof typeof phases, StatementStat[]>,
  };
}

/** This process's CPU time in ms (every thread: the database's when it runs on one of its own, the JIT's, GC's). */
const cpuMs = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};

/**
 * The main thread's run time and its wait for a CPU in ms (Linux's schedstat; null elsewhere):
 * with the database on a thread of its own, process CPU adds its work to ours, and on a loaded
 * machine the wall clock adds the wait.
 */
function mainThread(): { run: number; wait: number } | null {
  try {
    const [run, wait] = fs.readFileSync('/proc/thread-self/schedstat', 'utf8').split(' ').map(Number);
    return { run: run! / 1e6, wait: wait! / 1e6 };
  } catch {
    return null;
  }
}

/**
 * 5-statement articles against single statements of other paragraphs, interleaved so both see
 * the same load; wall clock and CPU time of each call (the CPU time moves less with the load of
 * other processes on a shared machine).
 */
async function timeArticles(
  backend: 'pglite' | 'postgres',
  fives: readonly Paragraph[],
  singles: readonly string[],
  alone: Alone,
  article: Article,
  counter?: ReturnType<typeof countStatements>,
) {
  log(
    `time (${backend}): ${fives.length} five-statement articles, each against a statement of another paragraph alone …`,
  );
  const articleMs: number[] = [];
  const singleMs: number[] = [];
  const articleCpu: number[] = [];
  const singleCpu: number[] = [];
  const claimCounts: number[] = [];
  const articleMain: number[] = [];
  const singleMain: number[] = [];
  const articleWait: number[] = [];
  const singleWait: number[] = [];
  const threadSince = (t0: ReturnType<typeof mainThread>, run: number[], wait: number[]) => {
    const t1 = mainThread();
    if (!t0 || !t1) return;
    run.push(t1.run - t0.run);
    wait.push(t1.wait - t0.wait);
  };
  // One untimed warm-up of each: the first run loads code paths and the wiki's pages.
  await article(fives[0]!.text, 5);
  await alone(fives[0]!.parts[0]!.item.claim);
  for (const [i, p] of fives.entries()) {
    counter?.during('single');
    let c0 = cpuMs();
    let m0 = mainThread();
    let t0 = performance.now();
    await alone(singles[i] ?? p.parts[i % 5]!.item.claim);
    singleMs.push(performance.now() - t0);
    singleCpu.push(cpuMs() - c0);
    threadSince(m0, singleMain, singleWait);
    counter?.during('article');
    c0 = cpuMs();
    m0 = mainThread();
    t0 = performance.now();
    const r = await article(p.text, 5);
    articleMs.push(performance.now() - t0);
    articleCpu.push(cpuMs() - c0);
    threadSince(m0, articleMain, articleWait);
    counter?.during(undefined);
    claimCounts.push(r.claims.length);
  }
  const pct = (xs: number[], q: number) =>
    round(
      percentile(
        [...xs].sort((a, b) => a - b),
        q,
      ),
      1,
    );
  const article_p50_ms = pct(articleMs, 50);
  const single_p50_ms = pct(singleMs, 50);
  const article_cpu_p50_ms = pct(articleCpu, 50);
  const single_cpu_p50_ms = pct(singleCpu, 50);
  const main = articleMain.length > 0 && singleMain.length > 0;
  const article_main_p50_ms = main ? pct(articleMain, 50) : null;
  const single_main_p50_ms = main ? pct(singleMain, 50) : null;
  return {
    backend,
    article_p50_ms,
    single_p50_ms,
    article_over_single: round(article_p50_ms / single_p50_ms, 2),
    article_p95_ms: pct(articleMs, 95),
    single_p95_ms: pct(singleMs, 95),
    article_cpu_p50_ms,
    single_cpu_p50_ms,
    article_over_single_cpu: round(article_cpu_p50_ms / single_cpu_p50_ms, 2),
    article_main_p50_ms,
    single_main_p50_ms,
    article_over_single_main:
      article_main_p50_ms !== null && single_main_p50_ms ? round(article_main_p50_ms / single_main_p50_ms, 2) : null,
    article_main_wait_p50_ms: main ? pct(articleWait, 50) : null,
    single_main_wait_p50_ms: main ? pct(singleWait, 50) : null,
    claims_mean: round(claimCounts.reduce((a, b) => a + b, 0) / Math.max(1, claimCounts.length), 2),
    ...(counter ? { queries: counter.report(fives.length) } : {}),
  };
}

/**
 * The server's batch route against single calls in one run: an app in-process on a PGlite of
 * the claims' passages, with the result cache off and an API key whose rate never binds.
 */
async function batchThroughput(items: readonly EvalItem[], parent: string) {
  const dir = fs.mkdtempSync(path.join(parent, 'server-'));
  const config = loadConfig({
    ...process.env,
    LOG_LEVEL: 'silent',
    OLALA_DATA_DIR: dir,
    DATABASE_URL: '',
    DATABASE_READ_URL: '',
    OLALA_RESULT_CACHE_SECONDS: '0',
  });
  const fastify = Fastify(serverOptions(config));
  await fastify.register(app, { config });
  await fastify.ready();
  try {
    await buildSetWiki(fastify.db, items, dir);
    const { key } = await createApiKey(fastify.db, { name: 'bench', ratePerMin: 10_000 });
    const headers = { authorization: `Bearer ${key}` };
    const batch = items.slice(0, THROUGHPUT_CLAIMS);
    const single = items.slice(THROUGHPUT_CLAIMS, 2 * THROUGHPUT_CLAIMS);
    log(`throughput: ${batch.length} claims by batch, ${single.length} one by one …`);
    // Warm-up: one claim each way.
    await fastify.inject({
      method: 'POST',
      url: '/v1/truth/check',
      headers,
      payload: { input_payload: items[0]!.claim },
    });
    let t0 = performance.now();
    const res = await fastify.inject({
      method: 'POST',
      url: '/v1/truth/batch',
      headers,
      payload: { claims: batch.map((it, i) => ({ id: `b${i}`, claim: it.claim })) },
    });
    const batchS = (performance.now() - t0) / 1000;
    const lines = res.body
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { result?: unknown });
    const batchOk = lines.filter((l) => l.result).length;
    t0 = performance.now();
    let singleOk = 0;
    for (const it of single) {
      const r = await fastify.inject({
        method: 'POST',
        url: '/v1/truth/check',
        headers,
        payload: { input_payload: it.claim },
      });
      if (r.statusCode === 200) singleOk++;
    }
    const singleS = (performance.now() - t0) / 1000;
    return {
      claims: batch.length,
      batch_ok: batchOk,
      single_ok: singleOk,
      batch_s: round(batchS, 2),
      single_s: round(singleS, 2),
      batch_claims_per_s: round(batchOk / batchS, 2),
      single_claims_per_s: round(singleOk / singleS, 2),
    };
  } finally {
    await fastify.close();
  }
}

/** `fn` against a throwaway PostgreSQL holding the same wiki. */
async function onPostgres<T>(
  items: readonly EvalItem[],
  dir: string,
  fn: (alone: Alone, article: Article) => Promise<T>,
): Promise<T> {
  const { startPostgres } = (await import(path.join(ROOT, 'scripts', 'pg-server.mjs'))) as {
    startPostgres(): Promise<{ url: string; stop: () => void }>;
  };
  log('starting a throwaway PostgreSQL …');
  const server = await startPostgres();
  try {
    const config = loadConfig({ ...process.env, LOG_LEVEL: 'silent', DATABASE_URL: server.url, DATABASE_READ_URL: '' });
    const db = await openDb(config, { command: 'bench articles', migrate: true });
    try {
      await buildSetWiki(db, items, dir);
      const deps = createPipelineDeps(config, db, { news: false });
      return await fn(
        (claim) => checkTruth(deps, { input_type: 'text', input_payload: claim }, { streamed: false, cacheMs: 0 }),
        (text, maxClaims = config.articleMaxClaims) =>
          checkArticle(deps, { input_type: 'text', input_payload: text }, { maxClaims, cacheMs: 0, streamed: false }),
      );
    } finally {
      await db.close();
    }
  } finally {
    server.stop();
  }
}

await runBench(main, USAGE);
