// `npm run bench:verdict -- [--json]`: how right the verdicts are, through the whole pipeline
// (retrieval + verdict) as configured — no LLM unless the usual env vars name one — on
// ../shared/data: all KoBEST BoolQ dev statements over a wiki of their passages, and KLUE-NLI
// dev's Wikipedia-premise items over a wiki of their premises (the odd-index, held-out half
// reported). The figures are `olala eval`'s (packages/core/src/eval). See bench/README.md ("Verdict").
// `ece` is of the confidences a user sees: verdict.ts already calibrated the rules' decisions
// (calibration-rules.json, by kind), so no table is applied a second time here.
import path from 'node:path';
import { createLlmClients, openDb, type Config, type Db } from '@olala/core';
import {
  type EvalItem,
  buildReport,
  type EvalReport,
  buildSetWiki,
  runEval,
  loadBoolq,
  loadKlueWiki,
} from '@olala/core/eval';
import { wikiSearchDeps } from '@olala/core/search';
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
} from './lib/cli.js';

const USAGE = `usage: npm run bench:verdict -- [options]
  --json              only JSON on stdout (progress goes to stderr)
  --boolq-max <n>     only the first n BoolQ dev statements (a smoke run; default 0 = all 700)
  --nli-max <n>       only the first n reported KLUE-NLI items (default 0 = all)
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
};

function options() {
  const values = benchArgs({
    'boolq-max': { type: 'string', default: '0' },
    'nli-max': { type: 'string', default: '0' },
  });
  return {
    json: values.json,
    boolqMax: integerFlag('boolq-max', values['boolq-max'], 0),
    nliMax: integerFlag('nli-max', values['nli-max'], 0),
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
    deps: {
      db,
      wiki: wikiSearchDeps(db, config),
      llm: createLlmClients(config.llm),
      providers: [],
      budgets: { totalMs: config.runBudgetMs, llmMs: config.llm.requestBudgetMs },
    },
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

  const { dir, remove } = scratchDir('verdict');
  try {
    const config = embeddedConfig(dir);
    const db = await openDb(config, { command: 'bench verdict', migrate: true });
    let boolqRun: Awaited<ReturnType<typeof evaluate>>;
    let nliRun: Awaited<ReturnType<typeof evaluate>>;
    try {
      boolqRun = await evaluate(db, config, dir, 'boolq-dev', boolq.items, head(boolq.items, opts.boolqMax), opts.json);
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
    } finally {
      await db.close();
    }
    const b = buildReport(boolqRun.result.records);
    const n = buildReport(nliRun.result.records);
    const report = {
      unsafe_rate: b.unsafe_rate,
      true_precision: b.per_label.TRUE.precision,
      false_precision: b.per_label.FALSE.precision,
      true_recall: b.per_label.TRUE.recall,
      false_recall: b.per_label.FALSE.recall,
      decided_right: b.decided_right,
      evidence_hit: b.evidence_hit,
      ece: b.ece,
      confidence_floor_precision_0_9: b.confidence_floor,
      nli_wiki_unsafe_rate: n.unsafe_rate,
      nli_wiki_macro_f1: n.macro_f1,
      nli_wiki_accuracy: n.accuracy,
      nli_wiki_evidence_hit: n.evidence_hit,
      counts: {
        boolq_items: b.n,
        boolq_rows: boolq.rows,
        boolq_not_rewritten: boolq.skipped.length,
        boolq_passages: boolqRun.passages,
        boolq_decided: b.decided,
        boolq_labels: b.labels,
        nli_wiki_items: n.n,
        nli_wiki_passages: nliRun.passages,
        nli_wiki_labels: n.labels,
      },
      latency_p50_ms: b.latency_p50_ms,
      latency_p95_ms: b.latency_p95_ms,
      nli_latency_p50_ms: n.latency_p50_ms,
      nli_latency_p95_ms: n.latency_p95_ms,
      models: boolqRun.result.models,
      targets: { ...TARGETS, missed: missed(b, n) },
      boolq: b,
      nli_wiki: n,
      method:
        "olala eval --wiki-from-set on each set: every claim through runPipeline (retrieval from a wiki of the set's passages, one page each, then the verdict), " +
        'MIXED and REFUSED counted as UNVERIFIED; BoolQ questions rewritten as statements (packages/core/src/eval/sources.ts); KLUE-NLI: premises of all 450 Wikipedia items as the wiki, odd file indices reported',
      machine: machine(),
    };
    printReport(report, { json: opts.json, file: 'verdict-last.json', summary: () => summary(report, b, n) });
  } finally {
    remove();
  }
}

function missed(b: EvalReport, n: EvalReport): string[] {
  const out: string[] = [];
  const above = (name: string, value: number | null, max: number) =>
    (value === null || value > max) && out.push(`${name} ${value} > ${max}`);
  const below = (name: string, value: number | null, min: number) =>
    (value === null || value < min) && out.push(`${name} ${value} < ${min}`);
  above('unsafe_rate', b.unsafe_rate, TARGETS.unsafe_rate_max);
  below('true_precision', b.per_label.TRUE.precision, TARGETS.true_precision_min);
  below('false_precision', b.per_label.FALSE.precision, TARGETS.false_precision_min);
  below('decided_right', b.decided_right, TARGETS.decided_right_min);
  below('evidence_hit', b.evidence_hit, TARGETS.evidence_hit_min);
  above('ece', b.ece, TARGETS.ece_max);
  above('nli_wiki_unsafe_rate', n.unsafe_rate, TARGETS.nli_wiki_unsafe_rate_max);
  below('nli_wiki_macro_f1', n.macro_f1, TARGETS.nli_wiki_macro_f1_min);
  return out;
}

function summary(r: { models: string; targets: { missed: string[] } }, b: EvalReport, n: EvalReport): string {
  const f = (x: number | null) => (x === null ? '—' : String(x));
  return (
    [
      `models: ${r.models}`,
      `BoolQ dev (n=${b.n}): unsafe ${f(b.unsafe_rate)}, TRUE precision ${f(b.per_label.TRUE.precision)} (recall ${f(b.per_label.TRUE.recall)}), FALSE precision ${f(b.per_label.FALSE.precision)} (recall ${f(b.per_label.FALSE.recall)}), decided right ${f(b.decided_right)}, evidence hit ${f(b.evidence_hit)}, ECE ${f(b.ece)}, p50 ${f(b.latency_p50_ms)} ms, p95 ${f(b.latency_p95_ms)} ms`,
      `KLUE-NLI wiki, odd half (n=${n.n}): unsafe ${f(n.unsafe_rate)}, macro-F1 ${f(n.macro_f1)}, accuracy ${f(n.accuracy)}`,
      r.targets.missed.length ? `targets missed: ${r.targets.missed.join('; ')}` : 'all targets met',
      `full report: ${path.relative(process.cwd(), path.join(CACHE_DIR, 'verdict-last.json'))}`,
    ].join('\n') + '\n'
  );
}

await runBench(main, USAGE);
