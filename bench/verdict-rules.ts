// `node --import tsx bench/verdict-rules.ts [--split train|dev] [--half even|odd] [--show N] [--fit] [--json]`: the
// no-LLM agreement rules alone (assessEvidence), for tuning them. KoBEST BoolQ: the question
// rewritten as a statement (packages/core/src/eval/sources.ts), the passage as the only evidence;
// KLUE-NLI dev, wikipedia premises of one half; KorNLI's XNLI dev (everyday sentences), the same
// half, premise as the only evidence. Prints precision per kind of finding and per
// coverage bucket; --fit (train and the even half only) writes them as the rules calibration's
// by_kind table. Each set is also shown "as decided": a finding whose kind/bucket the fitted
// table (after --fit: the new one) rates under 0.9 withheld, as verdict.ts does. Tune on train
// and the even half; report dev and the odd half. Not run by the tests; the official figures
// through the whole pipeline are `bench:verdict`. `timing.rules_ms_per_claim`: the rules' CPU time per
// claim against five passages, for keeping them cheap (an article runs them for every claim).
// The relation set (bench/lib/relation-set.ts: single-valued relations read from kowiki, the owners'
// half given by --half) adds its `relation*` and `ordinal` answers to the fit: they count in those kinds' cells
// only, not in a label's overall rate, so no other kind's cell moves.
import fs from 'node:fs';
import { benchArgs, integerFlag, printReport, runBench, sharedData, UsageError } from './lib/cli.js';
import { half as halfOf, loadKlueNli, loadKornli, predict, saidFigures, score, type NliItem } from './lib/nli-eval.js';
import { buildRelationSet, claimSamples, decidedLabel, relationFindings } from './lib/relation-set.js';
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

const USAGE = `usage: node --import tsx bench/verdict-rules.ts [options]
  --split train|dev   BoolQ split (default train)
  --half even|odd     KLUE-NLI wiki items and KorNLI items of this half (default even)
  --show <n>          print up to n wrong BoolQ answers, and then every wrong KLUE and KorNLI one, with reasons (default 0)
  --fit               write the by_kind table to calibration-rules.json (train and the even half only)
  --min-count <n>     --fit: answers a cell needs (default ${DEFAULT_MIN_KIND_COUNT})
  --prior <n>         --fit: pseudo-answers pulling a cell toward its parent (default ${DEFAULT_KIND_PRIOR})
  --json              the figures as JSON on stdout instead of the summary`;

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
const answers: Record<'boolq' | 'klue' | 'kornli', Answer[]> = { boolq: [], klue: [], kornli: [] };

/** The label as verdict.ts shows it: withheld when the table rates its kind under 0.9. */
function asDecided(a: Answer, table: KindCalibration): Label {
  if (a.label === 'UNVERIFIED' || a.kind === undefined) return a.label;
  return (calibrateByKind(table, a.label, a.kind, a.bucket) ?? 0) >= MIN_DECIDED_PRECISION ? a.label : 'UNVERIFIED';
}

/** A set's figures with `label` as the answer: what the summary's "as decided" lines and --json show. */
function figures(list: readonly Answer[], label: (a: Answer) => Label, table?: KindCalibration) {
  const said = (l: Label) => list.filter((a) => label(a) === l);
  const right = (l: Label) => said(l).filter((a) => a.gold === l).length;
  const falses = list.filter((a) => a.gold === 'FALSE');
  const p = (l: Label) => (said(l).length ? r3(right(l) / said(l).length) : null);
  const f1 = (l: Label) => {
    const gold = list.filter((a) => a.gold === l).length;
    const prec = said(l).length ? right(l) / said(l).length : 0;
    const rec = gold ? right(l) / gold : 0;
    return prec + rec ? (2 * prec * rec) / (prec + rec) : 0;
  };
  return {
    true_said: said('TRUE').length,
    true_precision: p('TRUE'),
    false_said: said('FALSE').length,
    false_precision: p('FALSE'),
    unsafe: falses.length ? r3(falses.filter((a) => label(a) === 'TRUE').length / falses.length) : null,
    decided_right: r3((right('TRUE') + right('FALSE')) / list.length),
    macro_f1: r3((f1('TRUE') + f1('FALSE') + f1('UNVERIFIED')) / 3),
    ...(table && {
      ece: reliability(
        list.map((a) => ({
          gold: a.gold,
          label: label(a),
          confidence: a.kind ? (calibrateByKind(table, a.label, a.kind, a.bucket) ?? 0) : 0,
        })),
      ).ece,
    }),
  };
}

function figuresLine(f: ReturnType<typeof figures>): string {
  const d = (x: number | null | undefined) => x ?? '—';
  return (
    `TRUE ${f.true_said} precision ${d(f.true_precision)} | FALSE ${f.false_said} precision ${d(f.false_precision)} | ` +
    `unsafe ${d(f.unsafe)} | decided right ${f.decided_right} | macro-F1 ${f.macro_f1}` +
    ('ece' in f ? ` | ECE ${d(f.ece)}` : '')
  );
}

/** The rules on a BoolQ split; its wrong answers (up to `show`) go to `wrongShown`. */
function boolq(split: 'train' | 'dev', show: number, wrongShown: string[]): Figures {
  const { items } = loadBoolq(sharedData(), split);
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
  wrongShown.push(...wrong.slice(0, show));
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

/** Pieces of evidence per claim in the timing: a run's claim is checked against each candidate in turn. */
const TIMED_EVIDENCE = 5;
const TIMED_PASSES = 5;

/**
 * CPU time of the rules per claim: each BoolQ statement of the split against its own passage
 * and the next four (assessEvidence in turn, as assessAll does), the median of five passes
 * after one warm-up. CPU time, not wall time: the machine is shared.
 */
function timing(split: 'train' | 'dev') {
  const { items } = loadBoolq(sharedData(), split);
  const pass = (): number => {
    const start = process.cpuUsage();
    items.forEach((item, i) => {
      for (let k = 0; k < TIMED_EVIDENCE; k++)
        assessEvidence(item.claim, { evid_id: `p${k}`, content: items[(i + k) % items.length]!.evidence ?? '' });
    });
    const used = process.cpuUsage(start);
    return (used.user + used.system) / 1000;
  };
  pass();
  const runs = Array.from({ length: TIMED_PASSES }, pass).sort((a, b) => a - b);
  const median = runs[Math.floor(runs.length / 2)]!;
  return {
    claims: items.length,
    evidence_per_claim: TIMED_EVIDENCE,
    passes: TIMED_PASSES,
    rules_ms_per_claim: r3(median / items.length),
  };
}

/** Precision per label and kind, and per kind and coverage bucket. */
function perKind(list: readonly KindSample[]): { cell: string; n: number; precision: number }[] {
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
    .map(([cell, c]) => ({ cell, n: c.n, precision: r3(c.right / c.n) }));
}

const perKindLine = (c: { cell: string; n: number; precision: number }) =>
  `    ${c.cell.padEnd(24)} n=${String(c.n).padStart(4)} precision ${c.precision}`;

/** One NLI set's items through the rules: its figures, its answers and samples recorded, its wrong answers. */
function nliSet(set: 'klue' | 'kornli', items: readonly NliItem[]) {
  const predictions = items.map(predict);
  const wrong: string[] = [];
  items.forEach((item, i) => {
    const p = predictions[i]!;
    answers[set].push({ gold: item.gold, label: p.label, kind: p.kind, bucket: p.bucket });
    if (p.label === 'UNVERIFIED') return;
    samples.push({ set, label: p.label, kind: p.kind!, bucket: p.bucket, correct: p.label === item.gold });
    if (p.label !== item.gold)
      wrong.push(
        `${set} ${item.gold}→${p.label} [${p.kind}/${p.bucket}] ${item.hypothesis} :: ${assessEvidence(item.hypothesis, { evid_id: 'p', content: item.premise })?.reasons.join(' / ')}`,
      );
  });
  const f = score(items, predictions);
  const said = saidFigures(f);
  return {
    figures: {
      n: f.n,
      macro_f1: f.macro_f1,
      unsafe: f.unsafe_rate,
      true_said: said.true_said,
      true_precision: said.true_precision ?? 1,
      false_said: said.false_said,
      false_precision: said.false_precision ?? 1,
    },
    wrong,
  };
}

/** The relation set's half: its `relation*` and `ordinal` answers for the fit, every kind's precision, and the claims as decided. */
async function relationSet(half: 'even' | 'odd') {
  const set = await buildRelationSet((m) => process.stderr.write(`${m}\n`));
  const all: (KindSample & { set: string })[] = [];
  const findings: { gold: Label; found: ReturnType<typeof relationFindings> }[] = [];
  set.claims.forEach((c, i) => {
    if (c.half !== half) return;
    const found = relationFindings(set, i);
    findings.push({ gold: c.gold, found });
    for (const s of claimSamples(c, found)) all.push({ ...s, set: 'relation', overall: false });
  });
  return {
    claims: findings.length,
    // The kinds the set was made to measure: relations, and ranks (its ordinal claims).
    samples: all.filter((s) => s.kind.startsWith('relation') || s.kind === 'ordinal'),
    perKind: perKind(all),
    asDecided: (table: KindCalibration) => {
      const counts: Record<string, number> = {};
      for (const f of findings) {
        const key = `${f.gold}→${decidedLabel(f.found, table)}`;
        counts[key] = (counts[key] ?? 0) + 1;
      }
      return counts;
    },
  };
}

async function main(): Promise<void> {
  const values = benchArgs({
    split: { type: 'string', default: 'train' },
    half: { type: 'string', default: 'even' },
    show: { type: 'string', default: '0' },
    fit: { type: 'boolean', default: false },
    'min-count': { type: 'string', default: String(DEFAULT_MIN_KIND_COUNT) },
    prior: { type: 'string', default: String(DEFAULT_KIND_PRIOR) },
  });
  const show = integerFlag('show', values.show, 0);
  const minCount = integerFlag('min-count', values['min-count'], 1);
  // calibration.ts reads back a prior in [0, 1000], fractions included.
  const prior = Number(values.prior);
  if (values.prior.trim() === '' || !(prior >= 0 && prior <= 1000))
    throw new UsageError(`--prior: expected a number from 0 to 1000, got "${values.prior}"`);
  if (values.split !== 'train' && values.split !== 'dev')
    throw new UsageError(`--split: expected train or dev, got "${values.split}"`);
  if (values.half !== 'even' && values.half !== 'odd')
    throw new UsageError(`--half: expected even or odd, got "${values.half}"`);
  const split = values.split;
  const half = values.half;
  if (values.fit && (split !== 'train' || half !== 'even'))
    throw new UsageError('--fit only on the tuning data: --split train --half even');
  const out: string[] = [];
  const boolqWrong: string[] = [];
  const b = boolq(split, show, boolqWrong);
  out.push(
    ...boolqWrong.map((w) => `  ${w}`),
    `BoolQ ${split}: n=${b.n} TRUE said ${b.true_said} precision ${b.true_precision} | FALSE said ${b.false_said} precision ${b.false_precision} | unsafe ${b.unsafe} | decided right ${b.decided_right}`,
    '  targets: unsafe ≤ 0.01, TRUE precision ≥ 0.95, FALSE precision ≥ 0.90, decided right ≥ 0.20',
  );

  const parity = half === 'odd' ? 1 : 0;
  const all = loadKlueNli();
  const klueRun = nliSet(
    'klue',
    all.filter((item, i) => item.source === 'wikipedia' && i % 2 === parity),
  );
  const kornliRun = nliSet('kornli', halfOf(loadKornli(), half));
  const relations = await relationSet(half);
  samples.push(...relations.samples);
  const klue = klueRun.figures;
  const kornli = kornliRun.figures;
  const kinds = {
    boolq: perKind(samples.filter((s) => s.set === 'boolq')),
    klue: perKind(samples.filter((s) => s.set === 'klue')),
    kornli: perKind(samples.filter((s) => s.set === 'kornli')),
  };
  out.push(
    `KLUE-NLI wiki ${half}: n=${klue.n} macro-F1 ${klue.macro_f1} unsafe ${klue.unsafe} | TRUE precision ${klue.true_precision} (${klue.true_said}) FALSE precision ${klue.false_precision} (${klue.false_said})`,
    '  targets: unsafe ≤ 0.02, macro-F1 ≥ 0.415',
    `KorNLI ${half}: n=${kornli.n} macro-F1 ${kornli.macro_f1} unsafe ${kornli.unsafe} | TRUE precision ${kornli.true_precision} (${kornli.true_said}) FALSE precision ${kornli.false_precision} (${kornli.false_said})`,
    '  targets: unsafe ≤ 0.02, TRUE precision ≥ 0.95, FALSE precision ≥ 0.90',
    `precision per kind, BoolQ ${split}:`,
    ...kinds.boolq.map(perKindLine),
    `precision per kind, KLUE-NLI wiki ${half}:`,
    ...kinds.klue.map(perKindLine),
    `precision per kind, KorNLI ${half}:`,
    ...kinds.kornli.map(perKindLine),
    `precision per kind, relation set ${half} (${relations.claims} claims; only relation* and ordinal enter the fit):`,
    ...relations.perKind.map(perKindLine),
  );
  let fitted: KindCalibration | undefined;
  if (values.fit) {
    const table = readCalibration(RULES_CALIBRATION_FILE);
    fitted = table.by_kind = fitByKind(samples, {
      fitted_on: `boolq-train (${b.n} statements, own passage) + klue-nli wiki even half (${klue.n}) + kornli xnli-dev even half (${kornli.n}) + kowiki relation set even half (${relations.claims} claims, relation and ordinal kinds only, not in the overall rates)`,
      minCount,
      prior,
    });
    fs.writeFileSync(RULES_CALIBRATION_FILE, `${JSON.stringify(table, null, 2)}\n`);
    out.push(`wrote by_kind to ${RULES_CALIBRATION_FILE}: the fitted (shrunk) cells`);
    for (const label of ['TRUE', 'FALSE'] as const) {
      const { overall, cells } = fitted.labels[label];
      out.push(
        `    ${label} overall`.padEnd(30) + ` n=${String(overall.count).padStart(4)} precision ${overall.precision}`,
      );
      for (const [key, c] of Object.entries(cells))
        out.push(
          `    ${label} ${key}`.padEnd(30) +
            ` n=${String(c.count).padStart(4)} precision ${c.precision}${c.precision >= 0.9 ? '  decides' : ''}`,
        );
    }
  }
  const table = readCalibration(RULES_CALIBRATION_FILE).by_kind;
  const decided = table && {
    boolq: figures(answers.boolq, (a) => asDecided(a, table), table),
    klue: figures(answers.klue, (a) => asDecided(a, table), table),
    kornli: figures(answers.kornli, (a) => asDecided(a, table), table),
    relation_set: relations.asDecided(table),
    rules_alone: {
      boolq: figures(answers.boolq, (a) => a.label),
      klue: figures(answers.klue, (a) => a.label),
      kornli: figures(answers.kornli, (a) => a.label),
    },
  };
  if (decided) {
    out.push(
      `as decided (withheld under ${MIN_DECIDED_PRECISION} by ${values.fit ? 'the table just fitted' : 'calibration-rules.json'}):`,
      `  BoolQ ${split}: ${figuresLine(decided.boolq)}`,
      `  KLUE-NLI wiki ${half}: ${figuresLine(decided.klue)}`,
      `  KorNLI ${half}: ${figuresLine(decided.kornli)}`,
      `  relation set ${half} (gold→label): ${Object.entries(decided.relation_set)
        .map(([k, n]) => `${k} ${n}`)
        .join(', ')}`,
      `  (rules alone: BoolQ ${figuresLine(decided.rules_alone.boolq)}; KLUE ${figuresLine(decided.rules_alone.klue)}; KorNLI ${figuresLine(decided.rules_alone.kornli)})`,
    );
  }
  if (show) out.push(...[...klueRun.wrong, ...kornliRun.wrong].map((w) => `  ${w}`));
  const timed = timing(split);
  out.push(
    `rules CPU time: ${timed.rules_ms_per_claim} ms per claim (BoolQ ${split}, ${timed.claims} claims × ${timed.evidence_per_claim} passages, median of ${timed.passes} passes)`,
  );
  const report = {
    boolq: { split, ...b },
    timing: timed,
    klue_nli_wiki: { half, ...klue },
    kornli: { half, ...kornli },
    per_kind: { ...kinds, relation_set: relations.perKind },
    relation_set: { half, claims: relations.claims },
    ...(fitted && { fitted_by_kind: fitted }),
    ...(decided && { as_decided: decided }),
    ...(show > 0 && { wrong: { boolq: boolqWrong, klue: klueRun.wrong, kornli: kornliRun.wrong } }),
  };
  printReport(report, { json: values.json, summary: () => `${out.join('\n')}\n` });
}

await runBench(main, USAGE);
