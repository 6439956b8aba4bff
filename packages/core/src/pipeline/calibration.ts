/**
 * Confidence calibration: the verdict's raw confidence (evidence caps and rule strengths, see
 * verdict.ts) mapped to how often answers with that confidence were right, per label, from a
 * small table fitted on a labelled set (`olala eval --fit-calibration`, docs/eval.md).
 *
 * The table is a step function: isotonic regression (pool-adjacent-violators) of rightness on
 * raw confidence, so a higher raw confidence never maps lower, with every step holding at
 * least `minCount` answers so that a handful of items cannot make a step.
 *
 * The no-LLM rules' raw confidence barely tells right from wrong, so their table also has a
 * `by_kind` level: the measured precision of each kind of finding (relation clash, negated
 * predicate, claim stated by the sentence, …), and of each kind split by how much of the quote
 * the claim covers. A thin cell says little on its own, so each is shrunk toward the one above
 * it (kind/bucket toward its kind, a kind toward its label's overall rate) by `prior` pseudo-
 * answers. verdict.ts uses it as the confidence of a rules decision, and withholds the label
 * below MIN_DECIDED_PRECISION.
 */
import fs from 'node:fs';
import path from 'node:path';
import { UserError } from '../errors.js';
import { COVER_ORDER } from './rules/agreement.js';

export type CalibratedLabel = 'TRUE' | 'FALSE';

export interface CalibrationStep {
  /** Raw confidences up to and including this value fall in this step (the last step takes everything above). */
  max_raw: number;
  /** Share of right answers among the fitted answers in this step. */
  calibrated: number;
  count: number;
}

export interface CalibrationTable {
  version: 1;
  /** Which models' confidences it was fitted on (`olala eval`'s models string, e.g. `rules`). */
  models: string;
  /** What it was fitted on. */
  fitted_on: string;
  steps: Record<CalibratedLabel, CalibrationStep[]>;
  /** The rules' table only: precision per kind of finding. */
  by_kind?: KindCalibration;
}

export interface KindCell {
  /** Share of right answers, shrunk toward the parent cell's (the overall rate: raw). */
  precision: number;
  count: number;
  /** Right answers among them (tables fitted before shrinkage lack it). */
  right?: number;
}

export interface KindCalibration {
  fitted_on: string;
  /** Cells with fewer answers were left out: they take their kind's or their label's rate. */
  min_count: number;
  /** Pseudo-answers at the parent's rate added to each cell (0 or absent: raw shares). */
  prior?: number;
  /** Per label: the overall rate and the cells, keyed `kind` or `kind/bucket`. */
  labels: Record<CalibratedLabel, { overall: KindCell; cells: Record<string, KindCell> }>;
}

export interface KindSample {
  label: string;
  kind: string;
  bucket?: string;
  correct: boolean;
  /**
   * False for a sample of a set built to measure its kind alone (the kowiki relation set): it
   * counts in its kind's cells but not in the label's overall rate, so that it moves no other
   * kind's prior.
   */
  overall?: boolean;
}

/** Below this calibrated precision a rules decision is not shown as TRUE or FALSE. */
export const MIN_DECIDED_PRECISION = 0.9;
export const DEFAULT_MIN_KIND_COUNT = 10;
/**
 * Pseudo-answers of shrinkage: 10 right answers out of 10 at a kind measured 0.76 give 0.88,
 * 30 of 30 give 0.94. Chosen so that no cell under 15 answers clears 0.9 on its own.
 */
export const DEFAULT_KIND_PRIOR = 10;
/** The highest precision a fitted cell shows (see fitByKind). */
export const MAX_FITTED_PRECISION = 0.999;

export interface CalibrationSample {
  label: string;
  confidence: number;
  correct: boolean;
}

export const DEFAULT_MIN_STEP = 20;

const round = (x: number) => Math.round(x * 1000) / 1000;

interface Block {
  max: number;
  sum: number;
  n: number;
}

function mergeBlocks(list: Block[], at: number): void {
  const a = list[at]!;
  const b = list[at + 1]!;
  list.splice(at, 2, { max: b.max, sum: a.sum + b.sum, n: a.n + b.n });
}

/** Pool-adjacent-violators, in place: neighbours whose rates fall are merged until none does. */
function poolAdjacentViolators(blocks: Block[]): void {
  for (let i = 0; i + 1 < blocks.length;) {
    if (blocks[i]!.sum / blocks[i]!.n > blocks[i + 1]!.sum / blocks[i + 1]!.n) {
      mergeBlocks(blocks, i);
      if (i > 0) i--;
    } else i++;
  }
}

/** Pool-adjacent-violators over (raw, right) sorted by raw; then steps smaller than minCount join a neighbour. */
function isotonic(points: readonly { raw: number; right: number }[], minCount: number): CalibrationStep[] {
  const sorted = [...points].sort((a, b) => a.raw - b.raw);
  // Ties share a step: the table cannot tell them apart.
  let blocks: Block[] = [];
  for (const p of sorted) {
    const last = blocks.at(-1);
    if (last && last.max === p.raw) {
      last.sum += p.right;
      last.n++;
    } else blocks.push({ max: p.raw, sum: p.right, n: 1 });
  }
  poolAdjacentViolators(blocks);
  // Merging two adjacent monotone steps keeps the whole monotone.
  while (blocks.length > 1) {
    const small = blocks.findIndex((b) => b.n < minCount);
    if (small < 0) break;
    const withNext = small + 1 < blocks.length && (small === 0 || blocks[small + 1]!.n <= blocks[small - 1]!.n);
    mergeBlocks(blocks, withNext ? small : small - 1);
  }
  blocks = blocks.filter((b) => b.n > 0);
  return blocks.map((b) => ({ max_raw: b.max, calibrated: round(b.sum / b.n), count: b.n }));
}

/** Fits a table from answered items; only decided answers (TRUE, FALSE) count. */
export function fitCalibration(
  samples: readonly CalibrationSample[],
  meta: { models: string; fitted_on: string; minCount?: number },
): CalibrationTable {
  const steps = {} as Record<CalibratedLabel, CalibrationStep[]>;
  for (const label of ['TRUE', 'FALSE'] as const) {
    const points = samples
      .filter((s) => s.label === label)
      .map((s) => ({ raw: s.confidence, right: s.correct ? 1 : 0 }));
    steps[label] = points.length ? isotonic(points, meta.minCount ?? DEFAULT_MIN_STEP) : [];
  }
  return { version: 1, models: meta.models, fitted_on: meta.fitted_on, steps };
}

/**
 * The calibrated confidence of a verdict. Labels other than TRUE and FALSE, and a label the
 * table has no steps for, keep their raw confidence.
 */
export function calibrate(table: CalibrationTable, label: string, raw: number): number {
  const steps = label === 'TRUE' || label === 'FALSE' ? table.steps[label] : undefined;
  if (!steps || steps.length === 0) return raw;
  return (steps.find((s) => raw <= s.max_raw) ?? steps.at(-1)!).calibrated;
}

/** agreement.ts's order, read as names: a sample's bucket may be one it does not know. */
const BUCKET_ORDER: readonly string[] = COVER_ORDER;

/**
 * A kind's samples per bucket, in BUCKET_ORDER (others after, by name), each with the right
 * answers and count its rate is measured on: pooled with its neighbours wherever a closer reading
 * measured less precise than a looser one (pool-adjacent-violators), as a thin tight cell does by
 * chance (8 right of 10 against 24 of 25 loose). The same finding on a claim that says more of
 * its sentence is not less often right.
 */
function bucketsOf(ofKind: readonly KindSample[]): { bucket: string; list: KindSample[]; pooled: Block }[] {
  const rank = (b: string) => (BUCKET_ORDER.includes(b) ? BUCKET_ORDER.indexOf(b) : BUCKET_ORDER.length);
  const buckets = [...new Set(ofKind.flatMap((s) => (s.bucket === undefined ? [] : [s.bucket])))].sort(
    (a, b) => rank(a) - rank(b) || a.localeCompare(b),
  );
  const lists = buckets.map((bucket) => ofKind.filter((s) => s.bucket === bucket));
  const ordered = buckets.filter((b) => BUCKET_ORDER.includes(b)).length;
  const blocks: Block[] = lists.slice(0, ordered).map((list, i) => ({
    max: i,
    sum: list.filter((s) => s.correct).length,
    n: list.length,
  }));
  poolAdjacentViolators(blocks);
  const pooledAt = (i: number): Block =>
    i < ordered
      ? blocks.find((b) => b.max >= i)!
      : { max: i, sum: lists[i]!.filter((s) => s.correct).length, n: lists[i]!.length };
  return buckets.map((bucket, i) => ({ bucket, list: lists[i]!, pooled: pooledAt(i) }));
}

/**
 * Precision per (label, kind) and (label, kind/bucket) from decided answers, each shrunk toward
 * its parent (kind/bucket → kind → the label's overall rate) by `prior` pseudo-answers; cells
 * under `minCount` answers are left out.
 */
export function fitByKind(
  samples: readonly KindSample[],
  meta: { fitted_on: string; minCount?: number; prior?: number },
): KindCalibration {
  const minCount = meta.minCount ?? DEFAULT_MIN_KIND_COUNT;
  const prior = meta.prior ?? DEFAULT_KIND_PRIOR;
  const labels = {} as KindCalibration['labels'];
  const rightIn = (list: readonly KindSample[]) => list.filter((s) => s.correct).length;
  // A measured precision is never certainty: 172 right of 172 at a parent of 0.99 is 0.9997,
  // which rounding would show as 1.
  const rate = (right: number, n: number, parent: number) =>
    Math.min(MAX_FITTED_PRECISION, round((right + prior * parent) / (n + prior)));
  const shrunk = (list: readonly KindSample[], parent: number): KindCell => {
    const right = rightIn(list);
    return { precision: rate(right, list.length, parent), count: list.length, right };
  };
  for (const label of ['TRUE', 'FALSE'] as const) {
    const mine = samples.filter((s) => s.label === label);
    const general = mine.filter((s) => s.overall !== false);
    const overall: KindCell = general.length
      ? { precision: round(rightIn(general) / general.length), count: general.length, right: rightIn(general) }
      : { precision: 0, count: 0, right: 0 };
    const cells: Record<string, KindCell> = {};
    const kinds = [...new Set(mine.map((s) => s.kind))].sort();
    for (const kind of kinds) {
      const ofKind = mine.filter((s) => s.kind === kind);
      const kindCell = shrunk(ofKind, overall.precision);
      if (ofKind.length >= minCount) cells[kind] = kindCell;
      for (const { bucket, list, pooled } of bucketsOf(ofKind)) {
        if (list.length >= minCount)
          cells[`${kind}/${bucket}`] = {
            precision: rate(pooled.sum, pooled.n, kindCell.precision),
            count: list.length,
            right: rightIn(list),
          };
      }
    }
    labels[label] = { overall, cells };
  }
  return { fitted_on: meta.fitted_on, min_count: minCount, prior, labels };
}

/**
 * The measured precision of a rules decision: its kind/bucket cell, else its kind's, else (too
 * rare to measure) its label's overall rate. Null for other labels.
 */
export function calibrateByKind(table: KindCalibration, label: string, kind: string, bucket?: string): number | null {
  if (label !== 'TRUE' && label !== 'FALSE') return null;
  const { overall, cells } = table.labels[label];
  const byBucket = bucket === undefined ? undefined : cells[`${kind}/${bucket}`];
  return (byBucket ?? cells[kind] ?? overall).precision;
}

/** A rules finding as the calibration rates it. */
export interface RatedFinding {
  kind: string;
  bucket?: string;
  /** A refutation read in a sentence about something else (rules/agreement.ts Finding.aside). */
  aside?: boolean;
}

/**
 * With the rules alone and findings on both sides, what they decide. TRUE when the support's
 * kind is measured precise enough to decide (≥ MIN_DECIDED_PRECISION) and no refutation's is: a
 * refutation the rules themselves would withhold ('…같은 사건의 날짜인지 알 수 없음') does not turn a
 * stated claim MIXED (on the kowiki relation set every such pair was a true claim, while a decided
 * refutation against a weak support was too: that stays MIXED). UNVERIFIED when neither side's
 * kind could decide alone: "the evidence disagrees" would then rest on two readings each too
 * often wrong ("3·1 운동은 1919년 3월 1일에 시작되었다" against its own lead and "3월 16일 … 시위를
 * 벌였는데"); both stay cited. TRUE too when a support states the claim word for word and every
 * refutation was read in a sentence about something else (`aside`: the subject only in another
 * role). MIXED otherwise.
 */
export function conflictLabel(
  table: KindCalibration,
  support: readonly RatedFinding[],
  refute: readonly RatedFinding[],
): 'TRUE' | 'MIXED' | 'UNVERIFIED' {
  const decides = (label: 'TRUE' | 'FALSE', found: readonly RatedFinding[]) =>
    found.some((f) => (calibrateByKind(table, label, f.kind, f.bucket) ?? 0) >= MIN_DECIDED_PRECISION);
  const [supported, refuted] = [decides('TRUE', support), decides('FALSE', refute)];
  if (supported && !refuted) return 'TRUE';
  // The claim word for word against only sentences about something else, where the subject stands
  // in another role: the statement stands (the others are still shown as counter-evidence).
  const stated = support.some((f) => f.kind === 'stated') && supported;
  if (stated && refute.every((f) => f.aside)) return 'TRUE';
  return supported || refuted ? 'MIXED' : 'UNVERIFIED';
}

const isCell = (c: unknown): c is KindCell => {
  const o = c as KindCell;
  return (
    !!o &&
    typeof o.precision === 'number' &&
    o.precision >= 0 &&
    o.precision <= 1 &&
    Number.isInteger(o.count) &&
    o.count >= 0 &&
    (o.right === undefined || (Number.isInteger(o.right) && o.right >= 0 && o.right <= o.count))
  );
};

function isKindCalibration(k: unknown): k is KindCalibration {
  const o = k as KindCalibration;
  return (
    !!o &&
    Number.isInteger(o.min_count) &&
    (o.prior === undefined || (typeof o.prior === 'number' && o.prior >= 0 && o.prior <= 1000)) &&
    (['TRUE', 'FALSE'] as const).every((l) => {
      const entry = o.labels?.[l];
      return (
        !!entry &&
        isCell(entry.overall) &&
        typeof entry.cells === 'object' &&
        Object.values(entry.cells).length <= 200 &&
        Object.values(entry.cells).every(isCell)
      );
    })
  );
}

function isStep(s: unknown): s is CalibrationStep {
  const o = s as CalibrationStep;
  return (
    !!o &&
    [o.max_raw, o.calibrated].every((n) => typeof n === 'number' && n >= 0 && n <= 1) &&
    Number.isInteger(o.count) &&
    o.count > 0
  );
}

/** Reads and checks a table written by fitCalibration. */
export function readCalibration(file: string): CalibrationTable {
  let table: CalibrationTable;
  try {
    table = JSON.parse(fs.readFileSync(file, 'utf8')) as CalibrationTable;
  } catch (err) {
    throw new UserError(
      `${file}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : `not JSON: ${(err as Error).message}`}`,
    );
  }
  const ok =
    table?.version === 1 &&
    typeof table.models === 'string' &&
    (['TRUE', 'FALSE'] as const).every(
      (l) => Array.isArray(table.steps?.[l]) && table.steps[l].length <= 100 && table.steps[l].every(isStep),
    ) &&
    (table.by_kind === undefined || isKindCalibration(table.by_kind));
  if (!ok)
    throw new UserError(
      `${file}: not a calibration table (version 1, steps.TRUE and steps.FALSE of {max_raw, calibrated, count}, optional by_kind)`,
    );
  return table;
}

/** The table fitted on the no-LLM rules (docs/eval.md says how to refit it). */
export const RULES_CALIBRATION_FILE = path.join(import.meta.dirname, 'calibration-rules.json');

let rulesTable: CalibrationTable | undefined;

/** The rules' table, read once. */
export function rulesCalibration(): CalibrationTable {
  return (rulesTable ??= readCalibration(RULES_CALIBRATION_FILE));
}
