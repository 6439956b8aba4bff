// `node --import tsx bench/verdict-rules.ts [--split train|dev] [--half even|odd] [--show N] [--fit]`: the
// no-LLM agreement rules alone (assessEvidence), for tuning them. KoBEST BoolQ: the question
// rewritten as a statement (packages/core/src/eval/sources.ts), the passage as the only evidence;
// KLUE-NLI dev, wikipedia premises of one half. Prints precision per kind of finding and per
// coverage bucket; --fit (train and the even half only) writes them as the rules calibration's
// by_kind table. Each set is also shown "as decided": a finding whose kind/bucket the fitted
// table (after --fit: the new one) rates under 0.9 withheld, as verdict.ts does. Tune on train
// and the even half; report dev and the odd half. Not run by the tests; the official figures
// through the whole pipeline are `bench:verdict`.
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { sharedDataDir } from '@olala/testing/shared-data';
import { loadKlueNli, predict, score } from './lib/nli-eval.js';
import { reliability, loadBoolq } from '@olala/core/eval';
import {
  calibrateByKind,
  DEFAULT_KIND_PRIOR,
  DEFAULT_MIN_KIND_COUNT,
  fitByKind,
  MIN_DECIDED_PRECISION,
  readCalibration,
  RULES_CALIBRATION_FILE,
  type KindCalibration,
  type KindSample,
  assessEvidence,
  checkability,
} from '@olala/core/pipeline';

type Label = 'TRUE' | 'FALSE' | 'UNVERIFIED';

interface Decision {
  label: Label;
  kind?: string;
  bucket?: string;
}

function decide(claim: string, passage: string): Decision {
  if (!checkability(claim).checkable) return { label: 'UNVERIFIED' };
  const f = assessEvidence(claim, { evid_id: 'passage', content: passage });
  return f === null
    ? { label: 'UNVERIFIED' }
    : { label: f.stance === 'support' ? 'TRUE' : 'FALSE', kind: f.kind, bucket: f.bucket };
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

/** Decided answers with their kind, for the per-kind precision and the calibration fit. */
const samples: (KindSample & { set: string })[] = [];

/** One answer of a set: gold, the rules' label, and the kind behind it. */
interface Answer {
  gold: Label;
  label: Label;
  kind?: string;
  bucket?: string;
}
const answers: Record<'boolq' | 'klue', Answer[]> = { boolq: [], klue: [] };

/** The label as verdict.ts shows it: withheld when the table rates its kind under 0.9. */
function asDecided(a: Answer, table: KindCalibration): Label {
  if (a.label === 'UNVERIFIED' || a.kind === undefined) return a.label;
  return (calibrateByKind(table, a.label, a.kind, a.bucket) ?? 0) >= MIN_DECIDED_PRECISION ? a.label : 'UNVERIFIED';
}

function figures(list: readonly Answer[], label: (a: Answer) => Label, table?: KindCalibration): string {
  const said = (l: Label) => list.filter((a) => label(a) === l);
  const right = (l: Label) => said(l).filter((a) => a.gold === l).length;
  const falses = list.filter((a) => a.gold === 'FALSE');
  const p = (l: Label) => (said(l).length ? r3(right(l) / said(l).length) : '—');
  const f1 = (l: Label) => {
    const gold = list.filter((a) => a.gold === l).length;
    const prec = said(l).length ? right(l) / said(l).length : 0;
    const rec = gold ? right(l) / gold : 0;
    return prec + rec ? (2 * prec * rec) / (prec + rec) : 0;
  };
  const macro = r3((f1('TRUE') + f1('FALSE') + f1('UNVERIFIED')) / 3);
  return (
    `TRUE ${said('TRUE').length} precision ${p('TRUE')} | FALSE ${said('FALSE').length} precision ${p('FALSE')} | ` +
    `unsafe ${falses.length ? r3(falses.filter((a) => label(a) === 'TRUE').length / falses.length) : '—'} | ` +
    `decided right ${r3((right('TRUE') + right('FALSE')) / list.length)} | macro-F1 ${macro}` +
    (table
      ? ` | ECE ${reliability(list.map((a) => ({ gold: a.gold, label: label(a), confidence: a.kind ? (calibrateByKind(table, a.label, a.kind, a.bucket) ?? 0) : 0 }))).ece ?? '—'}`
      : '')
  );
}

function boolq(split: 'train' | 'dev', show: number): Figures {
  const { items } = loadBoolq(sharedDataDir(), split);
  let trueSaid = 0,
    trueRight = 0,
    falseSaid = 0,
    falseRight = 0,
    falses = 0,
    unsafe = 0;
  const wrong: string[] = [];
  for (const item of items) {
    const gold = item.gold === 'TRUE';
    const passage = item.evidence ?? '';
    const { label, kind, bucket } = decide(item.claim, passage);
    if (!gold) falses++;
    if (label !== 'UNVERIFIED')
      samples.push({ set: 'boolq', label, kind: kind!, bucket, correct: label === item.gold });
    answers.boolq.push({ gold: item.gold as Label, label, kind, bucket });
    if (label === 'TRUE') {
      trueSaid++;
      if (gold) trueRight++;
      else {
        unsafe++;
        wrong.push(`UNSAFE [${kind}/${bucket}] ${item.claim}`);
      }
    } else if (label === 'FALSE') {
      falseSaid++;
      if (!gold) falseRight++;
      else
        wrong.push(
          `WRONG-FALSE [${kind}/${bucket}] ${item.claim} :: ${assessEvidence(item.claim, { evid_id: 'p', content: passage })?.reasons.join(' / ')}`,
        );
    }
  }
  for (const w of wrong.slice(0, show)) console.log(`  ${w}`);
  return {
    n: items.length,
    true_said: trueSaid,
    true_precision: r3(trueSaid ? trueRight / trueSaid : 1),
    false_said: falseSaid,
    false_precision: r3(falseSaid ? falseRight / falseSaid : 1),
    unsafe: r3(falses ? unsafe / falses : 0),
    decided_right: r3((trueRight + falseRight) / items.length),
  };
}

/** Precision per label and kind, and per kind and coverage bucket. */
function perKind(list: readonly KindSample[]): string[] {
  const cells = new Map<string, { n: number; right: number }>();
  for (const s of list) {
    for (const key of [`${s.label} ${s.kind}`, `${s.label} ${s.kind}/${s.bucket}`]) {
      const c = cells.get(key) ?? { n: 0, right: 0 };
      c.n++;
      if (s.correct) c.right++;
      cells.set(key, c);
    }
  }
  return [...cells]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([key, c]) => `    ${key.padEnd(24)} n=${String(c.n).padStart(4)} precision ${r3(c.right / c.n)}`);
}

function main(): void {
  const { values } = parseArgs({
    options: {
      split: { type: 'string', default: 'train' },
      half: { type: 'string', default: 'even' },
      show: { type: 'string', default: '0' },
      fit: { type: 'boolean', default: false },
      'min-count': { type: 'string', default: String(DEFAULT_MIN_KIND_COUNT) },
      prior: { type: 'string', default: String(DEFAULT_KIND_PRIOR) },
    },
  });
  const show = Number(values.show);
  const split = values.split === 'dev' ? 'dev' : 'train';
  if (values.fit && (split !== 'train' || values.half !== 'even'))
    throw new Error('--fit only on the tuning data: --split train --half even');
  const b = boolq(split, show);
  console.log(
    `BoolQ ${values.split}: n=${b.n} TRUE said ${b.true_said} precision ${b.true_precision} | FALSE said ${b.false_said} precision ${b.false_precision} | unsafe ${b.unsafe} | decided right ${b.decided_right}`,
  );
  console.log('  targets: unsafe ≤ 0.01, TRUE precision ≥ 0.95, FALSE precision ≥ 0.90, decided right ≥ 0.20');

  const parity = values.half === 'odd' ? 1 : 0;
  const all = loadKlueNli();
  const items = all.filter((item, i) => item.source === 'wikipedia' && i % 2 === parity);
  const predictions = items.map(predict);
  items.forEach((item, i) => {
    const label = predictions[i]!.label;
    if (label === 'UNVERIFIED') return void answers.klue.push({ gold: item.gold, label });
    const f = assessEvidence(item.hypothesis, { evid_id: 'premise', content: item.premise })!;
    samples.push({ set: 'klue', label, kind: f.kind, bucket: f.bucket, correct: label === item.gold });
    answers.klue.push({ gold: item.gold, label, kind: f.kind, bucket: f.bucket });
  });
  const f = score(items, predictions);
  const c = f.confusion;
  const saidTrue = c.TRUE.TRUE + c.FALSE.TRUE + c.UNVERIFIED.TRUE;
  const saidFalse = c.TRUE.FALSE + c.FALSE.FALSE + c.UNVERIFIED.FALSE;
  console.log(
    `KLUE-NLI wiki ${values.half}: n=${f.n} macro-F1 ${f.macro_f1} unsafe ${f.unsafe_rate} | TRUE precision ${r3(saidTrue ? c.TRUE.TRUE / saidTrue : 1)} (${saidTrue}) FALSE precision ${r3(saidFalse ? c.FALSE.FALSE / saidFalse : 1)} (${saidFalse})`,
  );
  console.log('  targets: unsafe ≤ 0.02, macro-F1 ≥ 0.415');
  console.log(`precision per kind, BoolQ ${split}:`);
  for (const line of perKind(samples.filter((s) => s.set === 'boolq'))) console.log(line);
  console.log(`precision per kind, KLUE-NLI wiki ${values.half}:`);
  for (const line of perKind(samples.filter((s) => s.set === 'klue'))) console.log(line);
  if (values.fit) {
    const table = readCalibration(RULES_CALIBRATION_FILE);
    table.by_kind = fitByKind(samples, {
      fitted_on: `boolq-train (${b.n} statements, own passage) + klue-nli wiki even half (${f.n})`,
      minCount: Number(values['min-count']),
      prior: Number(values.prior),
    });
    fs.writeFileSync(RULES_CALIBRATION_FILE, `${JSON.stringify(table, null, 2)}\n`);
    console.log(`wrote by_kind to ${RULES_CALIBRATION_FILE}: the fitted (shrunk) cells`);
    for (const label of ['TRUE', 'FALSE'] as const) {
      const { overall, cells } = table.by_kind.labels[label];
      console.log(
        `    ${label} overall`.padEnd(30) + ` n=${String(overall.count).padStart(4)} precision ${overall.precision}`,
      );
      for (const [key, c] of Object.entries(cells))
        console.log(
          `    ${label} ${key}`.padEnd(30) +
            ` n=${String(c.count).padStart(4)} precision ${c.precision}${c.precision >= 0.9 ? '  decides' : ''}`,
        );
    }
  }
  const table = readCalibration(RULES_CALIBRATION_FILE).by_kind;
  if (table) {
    console.log(
      `as decided (withheld under ${MIN_DECIDED_PRECISION} by ${values.fit ? 'the table just fitted' : 'calibration-rules.json'}):`,
    );
    console.log(`  BoolQ ${split}: ${figures(answers.boolq, (a) => asDecided(a, table), table)}`);
    console.log(`  KLUE-NLI wiki ${values.half}: ${figures(answers.klue, (a) => asDecided(a, table), table)}`);
    console.log(
      `  (rules alone: BoolQ ${figures(answers.boolq, (a) => a.label)}; KLUE ${figures(answers.klue, (a) => a.label)})`,
    );
  }
  if (show) {
    items.forEach((item, i) => {
      const p = predictions[i]!.label;
      if (p !== item.gold && p !== 'UNVERIFIED')
        console.log(
          `  ${item.gold}→${p} ${item.hypothesis} :: ${assessEvidence(item.hypothesis, { evid_id: 'p', content: item.premise })?.reasons.join(' / ')}`,
        );
    });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) main();
