// `node --import tsx bench/verdict-rules.ts [--split train|dev] [--half even|odd] [--show N]`: the no-LLM
// agreement rules alone (assessEvidence), for tuning them. KoBEST BoolQ: the question rewritten
// as a statement, the passage as the only evidence; KLUE-NLI dev, wikipedia premises of one
// half. Tune on train and the even half; report dev and the odd half. Not run by the tests;
// the official figures through the whole pipeline are `bench:verdict`.
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { sharedDataDir } from '@olala/testing/shared-data';
import { loadKlueNli, predict, score } from './lib/nli-eval.js';
import { assessEvidence } from '../packages/core/src/pipeline/rules/agreement.js';
import { checkability } from '../packages/core/src/pipeline/rules/checkability.js';

type Label = 'TRUE' | 'FALSE' | 'UNVERIFIED';

/** Yes/no questions as the statement they ask about: …인가요? → …이다., …하나요? → …한다. */
export function toStatement(question: string): string {
  const q = question.trim().replace(/[?？]+$/, '');
  if (q === question.trim() && /다\.?$/.test(q)) return q.endsWith('.') ? q : `${q}.`;
  const rules: [RegExp, string][] = [
    [/(인가요|인가|입니까|인지요|이니|일까요|일까|이에요|예요|이야)$/, '이다'],
    [/(하나요|하는가|합니까|하니|할까요|할까|해요)$/, '한다'],
    [/(되나요|되는가|됩니까|되니|될까요|될까|돼요)$/, '된다'],
    [/(있나요|있는가|있습니까|있니|있을까요|있을까|있어요)$/, '있다'],
    [/(없나요|없는가|없습니까|없니|없을까요|없을까|없어요)$/, '없다'],
    [/(았|었|였|했|됐)(나요|는가|습니까|니|을까요|을까|어요)$/, '$1다'],
    [/([가-힣])(나요|는가|습니까|ㅂ니까|니|나|을까요|을까|ㄹ까요|까요|까)$/, '$1다'],
    [/([가-힣])요$/, '$1다'],
  ];
  for (const [re, to] of rules) if (re.test(q)) return `${q.replace(re, to)}.`;
  return `${q}.`;
}

function decide(claim: string, passage: string): Label {
  if (!checkability(claim).checkable) return 'UNVERIFIED';
  const f = assessEvidence(claim, { evid_id: 'passage', content: passage });
  return f === null ? 'UNVERIFIED' : f.stance === 'support' ? 'TRUE' : 'FALSE';
}

interface Figures {
  n: number;
  true_said: number;
  true_precision: number;
  false_said: number;
  false_precision: number;
  unsafe: number;
  decided_right: number;
}

const r3 = (x: number): number => Math.round(x * 1000) / 1000;

function boolq(split: string, show: number): Figures {
  const file = path.join(sharedDataDir(), 'boolq', `kobest-boolq-${split}.tsv`);
  const rows = fs.readFileSync(file, 'utf8').split('\n').slice(1).filter((l) => l.trim());
  let trueSaid = 0, trueRight = 0, falseSaid = 0, falseRight = 0, falses = 0, unsafe = 0;
  const wrong: string[] = [];
  for (const row of rows) {
    const [, passage = '', question = '', answer = ''] = row.split('\t');
    const gold = answer.trim().toUpperCase() === 'TRUE';
    const claim = toStatement(question);
    const label = decide(claim, passage);
    if (!gold) falses++;
    if (label === 'TRUE') {
      trueSaid++;
      if (gold) trueRight++;
      else {
        unsafe++;
        wrong.push(`UNSAFE ${claim}`);
      }
    } else if (label === 'FALSE') {
      falseSaid++;
      if (!gold) falseRight++;
      else wrong.push(`WRONG-FALSE ${claim} :: ${assessEvidence(claim, { evid_id: 'p', content: passage })?.reasons.join(' / ')}`);
    }
  }
  for (const w of wrong.slice(0, show)) console.log(`  ${w}`);
  return {
    n: rows.length,
    true_said: trueSaid,
    true_precision: r3(trueSaid ? trueRight / trueSaid : 1),
    false_said: falseSaid,
    false_precision: r3(falseSaid ? falseRight / falseSaid : 1),
    unsafe: r3(falses ? unsafe / falses : 0),
    decided_right: r3((trueRight + falseRight) / rows.length),
  };
}

function main(): void {
  const { values } = parseArgs({
    options: { split: { type: 'string', default: 'train' }, half: { type: 'string', default: 'even' }, show: { type: 'string', default: '0' } },
  });
  const show = Number(values.show);
  const b = boolq(values.split ?? 'train', show);
  console.log(`BoolQ ${values.split}: n=${b.n} TRUE said ${b.true_said} precision ${b.true_precision} | FALSE said ${b.false_said} precision ${b.false_precision} | unsafe ${b.unsafe} | decided right ${b.decided_right}`);
  console.log('  targets: unsafe ≤ 0.01, TRUE precision ≥ 0.95, FALSE precision ≥ 0.90, decided right ≥ 0.20');

  const parity = values.half === 'odd' ? 1 : 0;
  const all = loadKlueNli();
  const items = all.filter((item, i) => item.source === 'wikipedia' && i % 2 === parity);
  const predictions = items.map(predict);
  const f = score(items, predictions);
  const c = f.confusion;
  const saidTrue = c.TRUE.TRUE + c.FALSE.TRUE + c.UNVERIFIED.TRUE;
  const saidFalse = c.TRUE.FALSE + c.FALSE.FALSE + c.UNVERIFIED.FALSE;
  console.log(`KLUE-NLI wiki ${values.half}: n=${f.n} macro-F1 ${f.macro_f1} unsafe ${f.unsafe_rate} | TRUE precision ${r3(saidTrue ? c.TRUE.TRUE / saidTrue : 1)} (${saidTrue}) FALSE precision ${r3(saidFalse ? c.FALSE.FALSE / saidFalse : 1)} (${saidFalse})`);
  console.log('  targets: unsafe ≤ 0.02, macro-F1 ≥ 0.415');
  if (show) {
    items.forEach((item, i) => {
      const p = predictions[i]!.label;
      if (p !== item.gold && p !== 'UNVERIFIED') console.log(`  ${item.gold}→${p} ${item.hypothesis} :: ${assessEvidence(item.hypothesis, { evid_id: 'p', content: item.premise })?.reasons.join(' / ')}`);
    });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) main();
