// `npx tsx bench/nli.ts [--json]`: the no-LLM verifier (packages/core/src/pipeline/rules) on
// KLUE-NLI dev, and the checkability guard's refusal rates. See bench/lib/nli-eval.ts.
import { parseArgs } from 'node:util';
import { runBench, UsageError } from './lib/cli.js';
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
  let args;
  try {
    args = parseArgs({ options: { json: { type: 'boolean', default: false } }, strict: true });
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
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
  if (args.values.json) {
    process.stdout.write(`${JSON.stringify(json, null, 2)}\n`);
    return;
  }
  console.log('KLUE-NLI dev, no-LLM rules (hypothesis = claim, premise = only evidence)');
  for (const [name, f] of Object.entries(report)) if (typeof f === 'object') console.log(line(name, f));
  console.log(`${report.ms_per_item} ms per item`);
  console.log('\ncheckability guard (refused share)');
  console.log(`  KLUE factual hypotheses   ${check.klue_factual_refusal_rate} of ${check.klue_factual_n}`);
  console.log(`  KLUE review hypotheses    ${check.klue_review_refusal_rate}`);
  console.log(`  KorQuAD answer sentences  ${check.korquad_statement_refusal_rate} of ${check.korquad_statement_n}`);
  console.log(`  KorQuAD questions         ${check.korquad_question_refusal_rate} of ${check.korquad_question_n}`);
  console.log(`  reasons (factual + statements): ${JSON.stringify(check.refusal_reasons)}`);
  console.log(
    missed.length
      ? `\ntargets missed:\n  ${missed.join('\n  ')}`
      : '\ntargets met (unsafe ≤ 0.05, macro-F1 ≥ majority + 0.15, wiki and all)',
  );
}

await runBench(main, USAGE);
