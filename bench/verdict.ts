// `npm run bench:verdict -- [--json]`: how right the verdicts are, through the whole pipeline
// (retrieval + verdict) as configured — no LLM unless the usual env vars name one — on
// ../shared/data: all KoBEST BoolQ dev statements over a wiki of their passages, and KLUE-NLI
// dev's Wikipedia-premise items over a wiki of their premises (the odd-index, held-out half
// reported), and KorNLI's XNLI dev (everyday sentences) over a wiki of its premises (the odd half
// reported, or the even one for tuning), KLUE-NLI dev's news and policy items likewise, and
// KorQuAD dev questions restated with their answer
// (TRUE) or another answer of the same paragraph (FALSE) over a wiki of their paragraphs (the
// odd articles reported, or the even ones). The figures are `olala eval`'s (packages/core/src/eval). See bench/README.md ("Verdict").
// `ece` is of the confidences a user sees: verdict.ts already calibrated the rules' decisions
// (calibration-rules.json, by kind), so no table is applied a second time here.
import fs from 'node:fs';
import path from 'node:path';
import { openDb, type Config, type Db } from '@olala/core';
import { createPipelineDeps } from '@olala/core/pipeline';
import {
  type EvalItem,
  buildReport,
  type EvalReport,
  buildSetWiki,
  runEval,
  loadBoolq,
  loadKlueWiki,
  loadKorquadStatements,
} from '@olala/core/eval';
import { half, loadKlueNli, loadKornli } from './lib/nli-eval.js';
import {
  benchArgs,
  CACHE_DIR,
  embeddedConfig,
  integerFlag,
  machine,
  printReport,
  runBench,
  scratchDir,
  sharedData,
  UsageError,
} from './lib/cli.js';

const USAGE = `usage: npm run bench:verdict -- [options]
  --json              only JSON on stdout (progress goes to stderr)
  --boolq-max <n>     only the first n BoolQ dev statements (a smoke run; default 0 = all 700)
  --nli-max <n>       only the first n reported KLUE-NLI items (default 0 = all)
  --kornli-half <h>   the KorNLI half reported: odd (held out, default) or even (tuning)
  --kornli-max <n>    only the first n reported KorNLI items (default 0 = all)
  --news-half <h>     the KLUE-NLI news and policy half reported: odd (held out, default) or even (tuning)
  --news-max <n>      only the first n reported news items (default 0 = all)
  --korquad-half <h>  the KorQuAD articles reported: odd (default) or even
  --korquad-max <n>   only the first n reported KorQuAD statements (default 0 = all)
  --only <set>        run one set only: boolq, klue, kornli, news or korquad (a tuning run; the JSON keeps the others' keys null)
  --answers <dir>     keep every item's answer: each set's olala eval state file (JSONL) copied into dir
Embedded PGlite in a temporary folder; LLMs as configured by the usual env vars (none: the rules).`;

const TARGETS = {
  unsafe_rate_max: 0.01,
  true_precision_min: 0.95,
  false_precision_min: 0.9,
  decided_right_min: 0.2,
  evidence_hit_min: 0.95,
  ece_max: 0.1,
  nli_wiki_unsafe_rate_max: 0.02,
  nli_wiki_macro_f1_min: 0.415,
  kornli_unsafe_rate_max: 0.02,
  kornli_true_precision_min: 0.95,
  kornli_false_precision_min: 0.9,
  // News and policy sentences, the product's own kind of text: KorNLI's bars.
  news_unsafe_rate_max: 0.02,
  news_true_precision_min: 0.95,
  news_false_precision_min: 0.9,
  // Not the issue's: BoolQ's bars held on false statements that name a value of the passage.
  korquad_unsafe_rate_max: 0.01,
  korquad_true_precision_min: 0.95,
  korquad_false_precision_min: 0.9,
};

const SETS = ['boolq', 'klue', 'kornli', 'news', 'korquad'] as const;
/** KLUE-NLI premises taken from news and policy text (the others: Wikipedia, reviews of films and stays). */
const NEWS_SOURCES = new Set(['wikinews', 'wikitree', 'policy']);

function options() {
  const values = benchArgs({
    'boolq-max': { type: 'string', default: '0' },
    'nli-max': { type: 'string', default: '0' },
    'kornli-half': { type: 'string', default: 'odd' },
    'kornli-max': { type: 'string', default: '0' },
    'news-half': { type: 'string', default: 'odd' },
    'news-max': { type: 'string', default: '0' },
    'korquad-half': { type: 'string', default: 'odd' },
    'korquad-max': { type: 'string', default: '0' },
    only: { type: 'string' },
    answers: { type: 'string' },
  });
  const halfFlag = (name: string, value: string | undefined): 'odd' | 'even' => {
    if (value !== 'odd' && value !== 'even') throw new UsageError(`--${name}: expected odd or even, got "${value}"`);
    return value;
  };
  const only = values.only;
  if (only !== undefined && !(SETS as readonly string[]).includes(only))
    throw new UsageError(`--only: expected one of ${SETS.join(', ')}, got "${only}"`);
  return {
    json: values.json,
    boolqMax: integerFlag('boolq-max', values['boolq-max'], 0),
    nliMax: integerFlag('nli-max', values['nli-max'], 0),
    kornliMax: integerFlag('kornli-max', values['kornli-max'], 0),
    kornliHalf: halfFlag('kornli-half', values['kornli-half']),
    newsMax: integerFlag('news-max', values['news-max'], 0),
    newsHalf: halfFlag('news-half', values['news-half']),
    korquadMax: integerFlag('korquad-max', values['korquad-max'], 0),
    korquadHalf: halfFlag('korquad-half', values['korquad-half']),
    runs: (set: (typeof SETS)[number]) => only === undefined || only === set,
    answers: values.answers,
  };
}

const log = (msg: string) => process.stderr.write(`[bench] ${msg}\n`);
const head = <T>(list: readonly T[], max: number) => (max > 0 ? list.slice(0, max) : [...list]);

/** One set through the pipeline over a wiki of `wikiItems`' passages (which may hold more passages than are asked about). */
async function evaluate(
  db: Db,
  config: Config,
  dir: string,
  name: string,
  wikiItems: readonly EvalItem[],
  asked: readonly EvalItem[],
  json: boolean,
) {
  const pages = await buildSetWiki(db, wikiItems, dir);
  log(`${name}: ${asked.length} claims over a wiki of ${pages.size} passages …`);
  const result = await runEval({
    deps: createPipelineDeps(config, db, { news: false }),
    items: asked,
    set: name,
    statePath: path.join(dir, `${name}.jsonl`),
    passagePages: pages,
    progress: json ? 'json' : true,
  });
  return { result, passages: pages.size };
}

async function main() {
  const opts = options();
  // Fail on missing data before any database work.
  const data = sharedData();
  const boolq = loadBoolq(data, 'dev');
  const klue = loadKlueWiki(data);
  // KorNLI as KLUE: the premise is the evidence; every premise of the file is the wiki, one half is asked.
  const kornli = loadKornli(data).map((x) => ({ id: x.guid, claim: x.hypothesis, gold: x.gold, evidence: x.premise }));
  // KLUE-NLI's news and policy items as KorNLI: every premise is the wiki, the half by file index is asked.
  const news = loadKlueNli(data).flatMap((x, index) =>
    NEWS_SOURCES.has(x.source)
      ? [{ index, item: { id: x.guid, claim: x.hypothesis, gold: x.gold, evidence: x.premise } }]
      : [],
  );
  // KorQuAD: every paragraph is the wiki, the statements of one half of the articles are asked.
  const korquad = loadKorquadStatements(data);

  const { dir, remove } = scratchDir('verdict');
  try {
    const config = embeddedConfig(dir);
    const db = await openDb(config, { command: 'bench verdict', migrate: true });
    type Run = Awaited<ReturnType<typeof evaluate>>;
    let boolqRun: Run | undefined,
      nliRun: Run | undefined,
      kornliRun: Run | undefined,
      newsRun: Run | undefined,
      korquadRun: Run | undefined;
    try {
      // Each set's wiki replaces the one before: a set is checked against its own passages only.
      if (opts.runs('boolq'))
        boolqRun = await evaluate(
          db,
          config,
          dir,
          'boolq-dev',
          boolq.items,
          head(boolq.items, opts.boolqMax),
          opts.json,
        );
      if (opts.runs('klue')) {
        const reported = head(
          klue.filter((x) => x.index % 2 === 1).map((x) => x.item),
          opts.nliMax,
        );
        nliRun = await evaluate(
          db,
          config,
          dir,
          'klue-nli-wiki-odd',
          klue.map((x) => x.item),
          reported,
          opts.json,
        );
      }
      if (opts.runs('kornli'))
        kornliRun = await evaluate(
          db,
          config,
          dir,
          `kornli-${opts.kornliHalf}`,
          kornli,
          head(half(kornli, opts.kornliHalf), opts.kornliMax),
          opts.json,
        );
      if (opts.runs('news'))
        newsRun = await evaluate(
          db,
          config,
          dir,
          `klue-news-${opts.newsHalf}`,
          news.map((x) => x.item),
          head(
            news.filter((x) => x.index % 2 === (opts.newsHalf === 'odd' ? 1 : 0)).map((x) => x.item),
            opts.newsMax,
          ),
          opts.json,
        );
      if (opts.runs('korquad'))
        korquadRun = await evaluate(
          db,
          config,
          dir,
          `korquad-${opts.korquadHalf}`,
          korquad.map((x) => x.item),
          head(
            korquad.filter((x) => x.article % 2 === (opts.korquadHalf === 'odd' ? 1 : 0)).map((x) => x.item),
            opts.korquadMax,
          ),
          opts.json,
        );
    } finally {
      await db.close();
    }
    const b = boolqRun && buildReport(boolqRun.result.records);
    const n = nliRun && buildReport(nliRun.result.records);
    const k = kornliRun && buildReport(kornliRun.result.records);
    const w = newsRun && buildReport(newsRun.result.records);
    const q = korquadRun && buildReport(korquadRun.result.records);
    const report = {
      unsafe_rate: b?.unsafe_rate ?? null,
      true_precision: b?.per_label.TRUE.precision ?? null,
      false_precision: b?.per_label.FALSE.precision ?? null,
      true_recall: b?.per_label.TRUE.recall ?? null,
      false_recall: b?.per_label.FALSE.recall ?? null,
      decided_right: b?.decided_right ?? null,
      evidence_hit: b?.evidence_hit ?? null,
      ece: b?.ece ?? null,
      confidence_floor_precision_0_9: b?.confidence_floor ?? null,
      nli_wiki_unsafe_rate: n?.unsafe_rate ?? null,
      nli_wiki_macro_f1: n?.macro_f1 ?? null,
      nli_wiki_accuracy: n?.accuracy ?? null,
      nli_wiki_evidence_hit: n?.evidence_hit ?? null,
      kornli_half: opts.kornliHalf,
      kornli_unsafe_rate: k?.unsafe_rate ?? null,
      kornli_true_precision: k?.per_label.TRUE.precision ?? null,
      kornli_false_precision: k?.per_label.FALSE.precision ?? null,
      kornli_macro_f1: k?.macro_f1 ?? null,
      kornli_decided_right: k?.decided_right ?? null,
      news_half: opts.newsHalf,
      news_unsafe_rate: w?.unsafe_rate ?? null,
      news_true_precision: w?.per_label.TRUE.precision ?? null,
      news_false_precision: w?.per_label.FALSE.precision ?? null,
      news_decided_right: w?.decided_right ?? null,
      korquad_half: opts.korquadHalf,
      korquad_unsafe_rate: q?.unsafe_rate ?? null,
      korquad_true_precision: q?.per_label.TRUE.precision ?? null,
      korquad_false_precision: q?.per_label.FALSE.precision ?? null,
      korquad_decided_right: q?.decided_right ?? null,
      counts: {
        boolq_items: b?.n ?? null,
        boolq_rows: boolq.rows,
        boolq_not_rewritten: boolq.skipped.length,
        boolq_passages: boolqRun?.passages ?? null,
        boolq_decided: b?.decided ?? null,
        boolq_labels: b?.labels ?? null,
        nli_wiki_items: n?.n ?? null,
        nli_wiki_passages: nliRun?.passages ?? null,
        nli_wiki_labels: n?.labels ?? null,
        kornli_items: k?.n ?? null,
        kornli_passages: kornliRun?.passages ?? null,
        kornli_labels: k?.labels ?? null,
        news_items: w?.n ?? null,
        news_passages: newsRun?.passages ?? null,
        news_labels: w?.labels ?? null,
        korquad_items: q?.n ?? null,
        korquad_passages: korquadRun?.passages ?? null,
        korquad_labels: q?.labels ?? null,
      },
      latency_p50_ms: b?.latency_p50_ms ?? null,
      latency_p95_ms: b?.latency_p95_ms ?? null,
      nli_latency_p50_ms: n?.latency_p50_ms ?? null,
      nli_latency_p95_ms: n?.latency_p95_ms ?? null,
      models: (boolqRun ?? nliRun ?? kornliRun ?? newsRun ?? korquadRun)!.result.models,
      targets: { ...TARGETS, missed: missed(b, n, k, w, q) },
      boolq: b ?? null,
      nli_wiki: n ?? null,
      kornli: k ?? null,
      news: w ?? null,
      korquad: q ?? null,
      method:
        "olala eval --wiki-from-set on each set: every claim through runPipeline (retrieval from a wiki of the set's passages, one page each, then the verdict), " +
        'MIXED and REFUSED counted as UNVERIFIED; BoolQ questions rewritten as statements (packages/core/src/eval/sources.ts); KLUE-NLI: premises of all 450 Wikipedia items as the wiki, odd file indices reported; ' +
        `KorNLI XNLI dev: its premises as the wiki, the ${opts.kornliHalf} file indices reported; ` +
        `news: KLUE-NLI dev's wikinews, wikitree and policy items, their premises as the wiki, the ${opts.newsHalf} file indices reported; ` +
        `KorQuAD 1.0 dev questions ending in a topic restated with their answer (TRUE) or another same-kind answer of the paragraph (FALSE), packages/core/src/eval/sources.ts korquadStatements: all paragraphs as the wiki, the ${opts.korquadHalf} articles reported`,
      machine: machine(),
    };
    printReport(report, { json: opts.json, file: 'verdict-last.json', summary: () => summary(report, b, n, k, w, q) });
    // Which items an edit of the rules moved: compare two runs' answers item by item.
    if (opts.answers) {
      fs.mkdirSync(opts.answers, { recursive: true });
      for (const f of fs.readdirSync(dir).filter((f) => f.endsWith('.jsonl')))
        fs.copyFileSync(path.join(dir, f), path.join(opts.answers, f));
    }
  } finally {
    remove();
  }
}

function missed(b?: EvalReport, n?: EvalReport, k?: EvalReport, w?: EvalReport, q?: EvalReport): string[] {
  const out: string[] = [];
  const above = (name: string, value: number | null, max: number) =>
    (value === null || value > max) && out.push(`${name} ${value} > ${max}`);
  const below = (name: string, value: number | null, min: number) =>
    (value === null || value < min) && out.push(`${name} ${value} < ${min}`);
  if (b) {
    above('unsafe_rate', b.unsafe_rate, TARGETS.unsafe_rate_max);
    below('true_precision', b.per_label.TRUE.precision, TARGETS.true_precision_min);
    below('false_precision', b.per_label.FALSE.precision, TARGETS.false_precision_min);
    below('decided_right', b.decided_right, TARGETS.decided_right_min);
    below('evidence_hit', b.evidence_hit, TARGETS.evidence_hit_min);
    above('ece', b.ece, TARGETS.ece_max);
  }
  if (n) {
    above('nli_wiki_unsafe_rate', n.unsafe_rate, TARGETS.nli_wiki_unsafe_rate_max);
    below('nli_wiki_macro_f1', n.macro_f1, TARGETS.nli_wiki_macro_f1_min);
  }
  // No answer of a label is no wrong answer of it: only a precision measured can miss.
  const labels = (set: 'kornli' | 'news' | 'korquad', r: EvalReport) => {
    above(`${set}_unsafe_rate`, r.unsafe_rate, TARGETS[`${set}_unsafe_rate_max`]);
    if (r.per_label.TRUE.precision !== null)
      below(`${set}_true_precision`, r.per_label.TRUE.precision, TARGETS[`${set}_true_precision_min`]);
    if (r.per_label.FALSE.precision !== null)
      below(`${set}_false_precision`, r.per_label.FALSE.precision, TARGETS[`${set}_false_precision_min`]);
  };
  if (k) labels('kornli', k);
  if (w) labels('news', w);
  if (q) labels('korquad', q);
  return out;
}

function summary(
  r: { models: string; kornli_half: string; news_half: string; korquad_half: string; targets: { missed: string[] } },
  b?: EvalReport,
  n?: EvalReport,
  k?: EvalReport,
  w?: EvalReport,
  q?: EvalReport,
): string {
  const f = (x: number | null) => (x === null ? '—' : String(x));
  return (
    [
      `models: ${r.models}`,
      ...(b
        ? [
            `BoolQ dev (n=${b.n}): unsafe ${f(b.unsafe_rate)}, TRUE precision ${f(b.per_label.TRUE.precision)} (recall ${f(b.per_label.TRUE.recall)}), FALSE precision ${f(b.per_label.FALSE.precision)} (recall ${f(b.per_label.FALSE.recall)}), decided right ${f(b.decided_right)}, evidence hit ${f(b.evidence_hit)}, ECE ${f(b.ece)}, p50 ${f(b.latency_p50_ms)} ms, p95 ${f(b.latency_p95_ms)} ms`,
          ]
        : []),
      ...(n
        ? [
            `KLUE-NLI wiki, odd half (n=${n.n}): unsafe ${f(n.unsafe_rate)}, macro-F1 ${f(n.macro_f1)}, accuracy ${f(n.accuracy)}`,
          ]
        : []),
      ...(k
        ? [
            `KorNLI, ${r.kornli_half} half (n=${k.n}): unsafe ${f(k.unsafe_rate)}, TRUE precision ${f(k.per_label.TRUE.precision)} (${k.labels.TRUE ?? 0}), FALSE precision ${f(k.per_label.FALSE.precision)} (${k.labels.FALSE ?? 0}), macro-F1 ${f(k.macro_f1)}`,
          ]
        : []),
      ...(w
        ? [
            `KLUE-NLI news and policy, ${r.news_half} half (n=${w.n}): unsafe ${f(w.unsafe_rate)}, TRUE precision ${f(w.per_label.TRUE.precision)} (${w.labels.TRUE ?? 0}), FALSE precision ${f(w.per_label.FALSE.precision)} (${w.labels.FALSE ?? 0}), decided right ${f(w.decided_right)}`,
          ]
        : []),
      ...(q
        ? [
            `KorQuAD answers, ${r.korquad_half} articles (n=${q.n}): unsafe ${f(q.unsafe_rate)}, TRUE precision ${f(q.per_label.TRUE.precision)} (${q.labels.TRUE ?? 0}), FALSE precision ${f(q.per_label.FALSE.precision)} (${q.labels.FALSE ?? 0}), decided right ${f(q.decided_right)}`,
          ]
        : []),
      r.targets.missed.length ? `targets missed: ${r.targets.missed.join('; ')}` : 'all targets met',
      `full report: ${path.relative(process.cwd(), path.join(CACHE_DIR, 'verdict-last.json'))}`,
    ].join('\n') + '\n'
  );
}

await runBench(main, USAGE);
