/**
 * The learned verifier's model file: a logistic regression over alignment features
 * (features.ts), trained by bench/train-verifier.ts on KoBEST BoolQ train (and the KLUE-NLI
 * even half), with the two thresholds and the confidence steps chosen on its cross-validated
 * answers. It is read and checked field by field, so a file from another feature set or a
 * hand edit gone wrong fails at load with the field named, never as a silent wrong score.
 */
import fs from 'node:fs';
import { UserError } from '../../errors.js';
import { calibrate, type CalibrationStep } from '../calibration.js';
import type { EvidenceText } from '../rules/agreement.js';
import { alignmentFeatures, FEATURE_NAMES } from './features.js';

export interface VerifierModel {
  olala_verifier: 1;
  kind: 'logistic';
  /** The features in the order of `weights` (must equal FEATURE_NAMES). */
  features: string[];
  /** Standardisation: (x - mean) / scale before the weights. */
  mean: number[];
  scale: number[];
  weights: number[];
  bias: number;
  /** P(TRUE) at or above `true_min` answers TRUE, at or below `false_max` FALSE; between: no decision. */
  thresholds: { true_min: number; false_max: number };
  /** Cross-validated precision by raw score (P(TRUE) for TRUE, 1 − P(TRUE) for FALSE): the confidence shown. */
  confidence: Record<'TRUE' | 'FALSE', CalibrationStep[]>;
  trained_on: string;
  licence: string;
}

export interface LearnedVerdict {
  label: 'TRUE' | 'FALSE' | 'UNVERIFIED';
  /** P(TRUE) from the model. */
  p_true: number;
  /** The cross-validated precision of a decision at this score; 0 when undecided. */
  confidence: number;
}

const isNumber = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);
const isUnit = (x: unknown): x is number => isNumber(x) && x >= 0 && x <= 1;

/** Checks a parsed model; the first bad field is named in the error. */
export function validateModel(value: unknown, source: string): VerifierModel {
  const fail = (field: string, expected: string): never => {
    throw new UserError(`${source}: ${field}: expected ${expected}`);
  };
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail('(file)', 'a JSON object');
  const m = value as Record<string, unknown>;
  if (m.olala_verifier !== 1) fail('olala_verifier', '1');
  if (m.kind !== 'logistic') fail('kind', '"logistic"');
  const n = FEATURE_NAMES.length;
  if (!Array.isArray(m.features) || m.features.length !== n || m.features.some((f, i) => f !== FEATURE_NAMES[i]))
    fail('features', `the ${n} feature names of this release, in order (${FEATURE_NAMES.slice(0, 3).join(', ')}, …)`);
  for (const key of ['mean', 'scale', 'weights'] as const) {
    const list = m[key];
    if (!Array.isArray(list) || list.length !== n || !list.every(isNumber))
      fail(key, `${n} finite numbers${Array.isArray(list) ? `, got ${list.length} items` : ''}`);
  }
  if ((m.scale as number[]).some((s) => s <= 0)) fail('scale', 'positive numbers');
  if (!isNumber(m.bias)) fail('bias', 'a finite number');
  const t = m.thresholds as Record<string, unknown> | undefined;
  if (!t || !isUnit(t.true_min)) fail('thresholds.true_min', 'a number from 0 to 1');
  if (!isUnit(t!.false_max) || (t!.false_max as number) >= (t!.true_min as number))
    fail('thresholds.false_max', 'a number from 0 to 1, below true_min');
  const c = m.confidence as Record<string, unknown> | undefined;
  for (const label of ['TRUE', 'FALSE'] as const) {
    const steps = c?.[label];
    if (
      !Array.isArray(steps) ||
      steps.length === 0 ||
      steps.length > 100 ||
      !steps.every(
        (s: Partial<CalibrationStep>) =>
          !!s && isUnit(s.max_raw) && isUnit(s.calibrated) && Number.isInteger(s.count) && s.count! > 0,
      )
    )
      fail(`confidence.${label}`, '1 to 100 steps of {max_raw, calibrated, count}');
  }
  if (typeof m.trained_on !== 'string') fail('trained_on', 'a string');
  if (typeof m.licence !== 'string') fail('licence', 'a string');
  return m as unknown as VerifierModel;
}

export function readModel(file: string): VerifierModel {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new UserError(
      `${file}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message}`,
    );
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new UserError(`${file}: not JSON: ${(err as Error).message}`);
  }
  return validateModel(value, file);
}

/** P(TRUE) for a feature vector (FEATURE_NAMES order). */
export function probability(model: VerifierModel, x: readonly number[]): number {
  let z = model.bias;
  for (let i = 0; i < x.length; i++) z += (model.weights[i]! * (x[i]! - model.mean[i]!)) / model.scale[i]!;
  return 1 / (1 + Math.exp(-z));
}

/** The model's answer for a probability: a decision only past its threshold, with the precision measured there. */
export function decideFromProbability(model: VerifierModel, p: number): LearnedVerdict {
  const table = { version: 1, models: 'learned', fitted_on: model.trained_on, steps: model.confidence } as const;
  if (p >= model.thresholds.true_min) return { label: 'TRUE', p_true: p, confidence: calibrate(table, 'TRUE', p) };
  if (p <= model.thresholds.false_max)
    return { label: 'FALSE', p_true: p, confidence: calibrate(table, 'FALSE', 1 - p) };
  return { label: 'UNVERIFIED', p_true: p, confidence: 0 };
}

/** The learned verifier on a claim and the evidence read, in rank order. */
export function learnedVerdict(model: VerifierModel, claim: string, evidence: readonly EvidenceText[]): LearnedVerdict {
  return decideFromProbability(model, probability(model, alignmentFeatures(claim, evidence)));
}
