/**
 * How good the verdicts are, from a list of answered items: the one definition of every figure
 * that `olala eval` and `npm run bench:verdict` report.
 *
 * Gold labels are TRUE, FALSE or UNVERIFIED. The pipeline also answers MIXED and REFUSED: both
 * count as UNVERIFIED (no decision) everywhere below, so only TRUE and FALSE are decisions.
 */

export const GOLD_LABELS = ['TRUE', 'FALSE', 'UNVERIFIED'] as const;
export type GoldLabel = (typeof GOLD_LABELS)[number];

/** One answered item, as the eval state file keeps it. */
export interface EvalResult {
  gold: GoldLabel;
  /** The pipeline's label (TRUE, FALSE, MIXED, UNVERIFIED, REFUSED). */
  label: string;
  confidence: number;
  /** Wall time of the run. */
  ms: number;
  /** The gold passage's page was cited or listed as related; null when the item names no passage. */
  evidence_hit: boolean | null;
}

export interface LabelFigures {
  gold: number;
  predicted: number;
  correct: number;
  /** Of the items given this label, the share whose gold is this label; null when none was given it. */
  precision: number | null;
  /** Of the items whose gold is this label, the share given it; null when the set has none. */
  recall: number | null;
}

export interface ReliabilityBin {
  /** Confidence range [lo, hi) (the last bin includes 1). */
  lo: number;
  hi: number;
  count: number;
  mean_confidence: number | null;
  /** Right answers among the decided (TRUE/FALSE) answers in this bin. */
  accuracy: number | null;
}

export interface EvalMetrics {
  n: number;
  /** The pipeline's labels as given (before MIXED and REFUSED are folded into UNVERIFIED). */
  labels: Record<string, number>;
  per_label: Record<GoldLabel, LabelFigures>;
  /** Mean F1 over TRUE, FALSE and UNVERIFIED (a label with no gold and no prediction scores 0). */
  macro_f1: number;
  accuracy: number;
  /** Gold FALSE answered TRUE, over all gold FALSE; null when the set has no gold FALSE. */
  unsafe_rate: number | null;
  unsafe: number;
  /** Answers that are TRUE or FALSE. */
  decided: number;
  /** Decided and right, over all items. */
  decided_right: number;
  /** Expected calibration error over the decided answers; null when nothing was decided. */
  ece: number | null;
  reliability: ReliabilityBin[];
  /** Items naming a gold passage whose page came back (cited or related), over those items. */
  evidence_hit: number | null;
  evidence_items: number;
  latency_p50_ms: number | null;
  latency_p95_ms: number | null;
}

export const RELIABILITY_BINS = 10;

const round = (x: number, digits = 4) => Math.round(x * 10 ** digits) / 10 ** digits;
const share = (part: number, whole: number) => (whole > 0 ? round(part / whole) : null);

/** The label as a decision: MIXED and REFUSED decide nothing. */
export function asGold(label: string): GoldLabel {
  return label === 'TRUE' || label === 'FALSE' ? label : 'UNVERIFIED';
}

export const isDecided = (label: string): boolean => label === 'TRUE' || label === 'FALSE';

/** Nearest-rank percentile of unsorted values (bench/lib/cli.ts uses the same definition). */
export function percentile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

/** Equal-width confidence bins over the decided answers, and the ECE they give. */
export function reliability(
  results: readonly Pick<EvalResult, 'gold' | 'label' | 'confidence'>[],
  bins = RELIABILITY_BINS,
): { ece: number | null; table: ReliabilityBin[] } {
  const sums = Array.from({ length: bins }, () => ({ count: 0, confidence: 0, right: 0 }));
  let decided = 0;
  for (const r of results) {
    if (!isDecided(r.label)) continue;
    decided++;
    const c = Math.min(1, Math.max(0, r.confidence));
    const bin = sums[Math.min(bins - 1, Math.floor(c * bins))]!;
    bin.count++;
    bin.confidence += c;
    if (r.label === r.gold) bin.right++;
  }
  let ece = 0;
  const table = sums.map((b, i): ReliabilityBin => {
    if (b.count > 0) ece += (b.count / decided) * Math.abs(b.right / b.count - b.confidence / b.count);
    return {
      lo: round(i / bins, 2),
      hi: round((i + 1) / bins, 2),
      count: b.count,
      mean_confidence: b.count ? round(b.confidence / b.count) : null,
      accuracy: b.count ? round(b.right / b.count) : null,
    };
  });
  return { ece: decided > 0 ? round(ece) : null, table };
}

export function computeMetrics(results: readonly EvalResult[]): EvalMetrics {
  const labels: Record<string, number> = {};
  const figures = Object.fromEntries(GOLD_LABELS.map((l) => [l, { gold: 0, predicted: 0, correct: 0 }])) as Record<
    GoldLabel,
    { gold: number; predicted: number; correct: number }
  >;
  let unsafe = 0;
  let decided = 0;
  let decidedRight = 0;
  let evidenceItems = 0;
  let evidenceHits = 0;
  for (const r of results) {
    labels[r.label] = (labels[r.label] ?? 0) + 1;
    const predicted = asGold(r.label);
    figures[r.gold].gold++;
    figures[predicted].predicted++;
    if (predicted === r.gold) figures[predicted].correct++;
    if (r.gold === 'FALSE' && predicted === 'TRUE') unsafe++;
    if (isDecided(r.label)) {
      decided++;
      if (predicted === r.gold) decidedRight++;
    }
    if (r.evidence_hit !== null) {
      evidenceItems++;
      if (r.evidence_hit) evidenceHits++;
    }
  }
  const perLabel = Object.fromEntries(
    GOLD_LABELS.map((l) => {
      const f = figures[l];
      return [l, { ...f, precision: share(f.correct, f.predicted), recall: share(f.correct, f.gold) }];
    }),
  ) as Record<GoldLabel, LabelFigures>;
  const f1 = (f: LabelFigures) => {
    const p = f.precision ?? 0;
    const r = f.recall ?? 0;
    return p + r > 0 ? (2 * p * r) / (p + r) : 0;
  };
  const n = results.length;
  const correct = GOLD_LABELS.reduce((s, l) => s + figures[l].correct, 0);
  const { ece, table } = reliability(results);
  const ms = results.map((r) => r.ms);
  const p50 = percentile(ms, 50);
  const p95 = percentile(ms, 95);
  return {
    n,
    labels,
    per_label: perLabel,
    macro_f1: round(GOLD_LABELS.reduce((s, l) => s + f1(perLabel[l]), 0) / GOLD_LABELS.length),
    accuracy: share(correct, n) ?? 0,
    unsafe_rate: share(unsafe, figures.FALSE.gold),
    unsafe,
    decided,
    decided_right: share(decidedRight, n) ?? 0,
    ece,
    reliability: table,
    evidence_hit: share(evidenceHits, evidenceItems),
    evidence_items: evidenceItems,
    latency_p50_ms: p50 === null ? null : round(p50, 1),
    latency_p95_ms: p95 === null ? null : round(p95, 1),
  };
}

export interface ConfidenceFloor {
  /** Decided answers below this confidence should become UNVERIFIED. */
  min_confidence: number;
  /** Precision of the decided answers at or above it. */
  precision: number;
  /** How many decided answers stay decided. */
  kept: number;
}

/**
 * The lowest confidence floor at which the decided answers at or above it are right at least
 * `target` of the time (each label on its own when `label` is given); null when no floor does.
 */
export function confidenceFloor(
  results: readonly Pick<EvalResult, 'gold' | 'label' | 'confidence'>[],
  target: number,
  label?: 'TRUE' | 'FALSE',
): ConfidenceFloor | null {
  const decided = results
    .filter((r) => isDecided(r.label) && (label === undefined || r.label === label))
    .sort((a, b) => b.confidence - a.confidence);
  let right = 0;
  let best: ConfidenceFloor | null = null;
  decided.forEach((r, i) => {
    if (r.label === r.gold) right++;
    // A floor sits between distinct confidences: only count it once every tie is in.
    const next = decided[i + 1];
    if (next && next.confidence === r.confidence) return;
    const precision = right / (i + 1);
    if (precision >= target) best = { min_confidence: r.confidence, precision: round(precision), kept: i + 1 };
  });
  return best;
}
