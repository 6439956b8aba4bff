// `npx tsx bench/nli.ts [--json]`: the no-LLM verifier (packages/core/src/pipeline/rules) on
// KLUE-NLI dev and on KorNLI's XNLI dev (everyday sentences), and the checkability guard's
// refusal rates. See bench/lib/nli-eval.ts. KLUE is scored with every finding deciding; KorNLI
// also "as decided": a finding whose kind the rules calibration rates under 0.9 withheld, as a
// user meets it (verdict.ts), since that is what the outside figures measured.
import { readCalibration, RULES_CALIBRATION_FILE } from '@olala/core/pipeline';
import { benchArgs, printReport, runBench } from './lib/cli.js';
import {
  asDecided,
  evaluateCheckability,
  evaluateNli,
  half,
  loadKlueNli,
  loadKornli,
  missedTargets,
  type NliFigures,
  type NliItem,
  predict,
  saidFigures,
  score,
} from './lib/nli-eval.js';

const USAGE = `usage: npx tsx bench/nli.ts [--json]
  --json   only JSON on stdout`;

function line(name: string, f: NliFigures): string {
  return (
    `${name.padEnd(10)} n=${String(f.n).padStart(4)}  acc ${f.accuracy.toFixed(3)}  macro-F1 ${f.macro_f1.toFixed(3)}  ` +
    `(majority acc ${f.majority_accuracy.toFixed(3)}, F1 ${f.majority_macro_f1.toFixed(3)})  unsafe ${f.unsafe_rate.toFixed(3)}  refused ${f.refused}`
  );
}

/** The targets for the outside sets, held by KorNLI's decided answers. */
const KORNLI_TARGETS = { unsafe_rate_max: 0.02, true_precision_min: 0.95, false_precision_min: 0.9 };

/** One KorNLI half: the rules alone, and as decided by the calibration table. */
function kornliHalf(items: readonly NliItem[]) {
  const table = readCalibration(RULES_CALIBRATION_FILE).by_kind;
  const raw = items.map(predict);
  const rules = score(items, raw);
  const decided = table
    ? score(
        items,
        raw.map((p) => asDecided(p, table)),
      )
    : rules;
  return {
    n: items.length,
    unsafe_rate: decided.unsafe_rate,
    macro_f1: decided.macro_f1,
    ...saidFigures(decided),
    confusion: decided.confusion,
    rules_alone: { unsafe_rate: rules.unsafe_rate, macro_f1: rules.macro_f1, ...saidFigures(rules) },
  };
}

function kornliMissed(f: ReturnType<typeof kornliHalf>): string[] {
  const missed: string[] = [];
  if (f.unsafe_rate > KORNLI_TARGETS.unsafe_rate_max) missed.push(`kornli odd: unsafe ${f.unsafe_rate} > 0.02`);
  if (f.true_precision !== null && f.true_precision < KORNLI_TARGETS.true_precision_min)
    missed.push(`kornli odd: TRUE precision ${f.true_precision} < 0.95`);
  if (f.false_precision !== null && f.false_precision < KORNLI_TARGETS.false_precision_min)
    missed.push(`kornli odd: FALSE precision ${f.false_precision} < 0.90`);
  return missed;
}

function kornliLine(name: string, f: ReturnType<typeof kornliHalf>): string {
  const d = (x: number | null) => x ?? '—';
  const r = f.rules_alone;
  return (
    `${name.padEnd(12)} n=${f.n}  TRUE ${f.true_said} precision ${d(f.true_precision)} | FALSE ${f.false_said} precision ${d(f.false_precision)} | ` +
    `unsafe ${f.unsafe_rate} | macro-F1 ${f.macro_f1}   (rules alone: TRUE ${r.true_said} @ ${d(r.true_precision)}, FALSE ${r.false_said} @ ${d(r.false_precision)}, unsafe ${r.unsafe_rate})`
  );
}

async function main(): Promise<void> {
  const values = benchArgs({});
  const items = loadKlueNli();
  const report = evaluateNli(items);
  const check = evaluateCheckability(items);
  const kornliItems = loadKornli();
  const kornli = { even: kornliHalf(half(kornliItems, 'even')), odd: kornliHalf(half(kornliItems, 'odd')) };
  const missed = [
    ...missedTargets(report.wiki, 'wiki'),
    ...missedTargets(report.all, 'all'),
    ...kornliMissed(kornli.odd),
  ];
  const json = {
    nli_wiki_accuracy: report.wiki.accuracy,
    nli_wiki_macro_f1: report.wiki.macro_f1,
    nli_wiki_unsafe_rate: report.wiki.unsafe_rate,
    nli_all_accuracy: report.all.accuracy,
    nli_all_macro_f1: report.all.macro_f1,
    nli_all_unsafe_rate: report.all.unsafe_rate,
    // The held-out half, as decided.
    kornli_unsafe_rate: kornli.odd.unsafe_rate,
    kornli_true_precision: kornli.odd.true_precision,
    kornli_false_precision: kornli.odd.false_precision,
    kornli_macro_f1: kornli.odd.macro_f1,
    kornli_true_said: kornli.odd.true_said,
    kornli_false_said: kornli.odd.false_said,
    targets_met: missed.length === 0,
    ...report,
    kornli,
    checkability: check,
  };
  printReport(json, {
    json: values.json,
    summary: () =>
      [
        'KLUE-NLI dev, no-LLM rules (hypothesis = claim, premise = only evidence)',
        ...Object.entries(report).flatMap(([name, f]) => (typeof f === 'object' ? [line(name, f)] : [])),
        `${report.ms_per_item} ms per item`,
        '',
        'KorNLI XNLI dev (everyday sentences), as decided (withheld under 0.9 by calibration-rules.json)',
        kornliLine('even (tune)', kornli.even),
        kornliLine('odd (report)', kornli.odd),
        '',
        'checkability guard (refused share)',
        `  KLUE factual hypotheses   ${check.klue_factual_refusal_rate} of ${check.klue_factual_n}`,
        `  KLUE review hypotheses    ${check.klue_review_refusal_rate}`,
        `  KorQuAD answer sentences  ${check.korquad_statement_refusal_rate} of ${check.korquad_statement_n}`,
        `  KorQuAD questions         ${check.korquad_question_refusal_rate} of ${check.korquad_question_n}`,
        `  reasons (factual + statements): ${JSON.stringify(check.refusal_reasons)}`,
        missed.length
          ? `\ntargets missed:\n  ${missed.join('\n  ')}`
          : '\ntargets met (unsafe ≤ 0.05, macro-F1 ≥ majority + 0.15, wiki and all; KorNLI odd: unsafe ≤ 0.02, TRUE ≥ 0.95, FALSE ≥ 0.90)',
      ].join('\n') + '\n',
  });
}

await runBench(main, USAGE);
