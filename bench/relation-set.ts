// `node --import tsx bench/relation-set.ts [--half even|odd] [--show N] [--json]`: the no-LLM rules on
// single-valued relations read from the shared kowiki extract (bench/lib/relation-set.ts says how the
// set is made). Prints, per relation and overall, the precision of the `relation` refutation and of
// the `relation` support, every kind that fired, and the claims as decided by calibration-rules.json.
// Tune on the even half (bench/verdict-rules.ts --fit takes its `relation` answers); report the odd
// half once.
import { benchArgs, integerFlag, printReport, runBench, UsageError } from './lib/cli.js';
import {
  buildRelationSet,
  claimSamples,
  decidedLabel,
  relationFindings,
  type ClaimFinding,
} from './lib/relation-set.js';
import { readCalibration, RULES_CALIBRATION_FILE } from '@olala/core/pipeline';

const USAGE = `usage: node --import tsx bench/relation-set.ts [options]
  --half even|odd   which half of the owners (default even: the tuning half)
  --show <n>        print up to n wrong relation answers with their evidence (default 0)
  --json            the figures as JSON on stdout instead of the summary`;

const r3 = (x: number): number => Math.round(x * 1000) / 1000;

interface Cell {
  n: number;
  right: number;
}
const add = (m: Map<string, Cell>, key: string, right: boolean) => {
  const c = m.get(key) ?? { n: 0, right: 0 };
  c.n++;
  if (right) c.right++;
  m.set(key, c);
};
const table = (m: Map<string, Cell>) =>
  Object.fromEntries(
    [...m]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([k, c]) => [k, { n: c.n, right: c.right, precision: r3(c.right / c.n) }]),
  );

async function main(): Promise<void> {
  const values = benchArgs({ half: { type: 'string', default: 'even' }, show: { type: 'string', default: '0' } });
  if (values.half !== 'even' && values.half !== 'odd')
    throw new UsageError(`--half: expected even or odd, got "${values.half}"`);
  const show = integerFlag('show', values.show, 0);
  const log = (m: string) => process.stderr.write(`${m}\n`);
  const started = performance.now();
  const set = await buildRelationSet(log);
  const calibration = readCalibration(RULES_CALIBRATION_FILE).by_kind;
  const sizes = new Map<string, Cell>();
  const kinds = new Map<string, Cell>();
  const perRelation = new Map<string, Cell>();
  const decided = new Map<string, Cell>();
  const wrong: string[] = [];
  set.claims.forEach((c, i) => {
    if (c.half !== values.half) return;
    add(sizes, `${c.relation} ${c.gold}`, true);
    const findings = relationFindings(set, i);
    for (const s of claimSamples(c, findings)) {
      add(kinds, `${s.label} ${s.kind}`, s.correct);
      if (s.kind.startsWith('relation')) add(perRelation, `${s.label} ${s.kind} ${c.relation}`, s.correct);
    }
    if (calibration) {
      const label = decidedLabel(findings, calibration);
      add(decided, `${c.gold}→${label}`, true);
    }
    const rel = findings.filter((f: ClaimFinding) => f.kind.startsWith('relation') && f.label !== c.gold);
    if (rel.length > 0 && wrong.length < show)
      wrong.push(
        `${c.gold} ${c.claim} [${c.sourceTitle}] :: ${rel[0]!.title}: ${rel[0]!.reasons.join(' / ')} :: ${rel[0]!.quote.slice(0, 160)}`,
      );
  });
  const report = {
    half: values.half,
    claims: set.claims.filter((c) => c.half === values.half).length,
    size: Object.fromEntries([...sizes].map(([k, c]) => [k, c.n])),
    per_kind: table(kinds),
    relation_per_relation: table(perRelation),
    as_decided: Object.fromEntries([...decided].map(([k, c]) => [k, c.n])),
    seconds: Math.round((performance.now() - started) / 100) / 10,
    ...(show > 0 && { wrong }),
  };
  printReport(report, {
    json: values.json,
    summary: () =>
      [
        `relation set, ${values.half} half: ${report.claims} claims`,
        ...Object.entries(report.size).map(([k, n]) => `  ${k}: ${n}`),
        'precision per kind (one answer per claim and kind):',
        ...Object.entries(report.per_kind).map(
          ([k, c]) => `  ${k.padEnd(28)} n=${String(c.n).padStart(5)} precision ${c.precision}`,
        ),
        '`relation` per relation:',
        ...Object.entries(report.relation_per_relation).map(
          ([k, c]) => `  ${k.padEnd(28)} n=${String(c.n).padStart(5)} precision ${c.precision}`,
        ),
        'as decided (calibration-rules.json):',
        ...Object.entries(report.as_decided).map(([k, n]) => `  ${k}: ${n}`),
        ...wrong.map((w) => `  ${w}`),
        `${report.seconds} s`,
        '',
      ].join('\n'),
  });
}

await runBench(main, USAGE);
