// `npx tsx bench/nli.ts [--json]`: the no-LLM verifier (packages/core/src/pipeline/rules) on
// KLUE-NLI dev, and the checkability guard's refusal rates. See bench/lib/nli-eval.ts.
import { benchArgs, printReport, runBench } from './lib/cli.js';
import { evaluateCheckability, evaluateNli, loadKlueNli, missedTargets, type NliFigures } from './lib/nli-eval.js';

const USAGE = `usage: npx tsx bench/nli.ts [--json]
  --json   only JSON on stdout`;

function line(name: string, f: NliFigures): string {
  return (
    `${name.padEnd(10)} n=${String(f.n).padStart(4)}  acc ${f.accuracy.toFixed(3)}  macro-F1 ${f.macro_f1.toFixed(3)}  ` +
    `(majority acc ${f.majority_accuracy.toFixed(3)}, F1 ${f.majority_macro_f1.toFixed(3)})  unsafe ${f.unsafe_rate.toFixed(3)}  refused ${f.refused}`
  );
}

async function main(): Promise<void> {
  const values = benchArgs({});
  const items = loadKlueNli();
  const report = evaluateNli(items);
  const check = evaluateCheckability(items);
  const missed = [...missedTargets(report.wiki, 'wiki'), ...missedTargets(report.all, 'all')];
  const json = {
    nli_wiki_accuracy: report.wiki.accuracy,
    nli_wiki_macro_f1: report.wiki.macro_f1,
    nli_wiki_unsafe_rate: report.wiki.unsafe_rate,
    nli_all_accuracy: report.all.accuracy,
    nli_all_macro_f1: report.all.macro_f1,
    nli_all_unsafe_rate: report.all.unsafe_rate,
    targets_met: missed.length === 0,
    ...report,
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
        'checkability guard (refused share)',
        `  KLUE factual hypotheses   ${check.klue_factual_refusal_rate} of ${check.klue_factual_n}`,
        `  KLUE review hypotheses    ${check.klue_review_refusal_rate}`,
        `  KorQuAD answer sentences  ${check.korquad_statement_refusal_rate} of ${check.korquad_statement_n}`,
        `  KorQuAD questions         ${check.korquad_question_refusal_rate} of ${check.korquad_question_n}`,
        `  reasons (factual + statements): ${JSON.stringify(check.refusal_reasons)}`,
        missed.length
          ? `\ntargets missed:\n  ${missed.join('\n  ')}`
          : '\ntargets met (unsafe ≤ 0.05, macro-F1 ≥ majority + 0.15, wiki and all)',
      ].join('\n') + '\n',
  });
}

await runBench(main, USAGE);
