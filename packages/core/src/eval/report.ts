import { calibrate, type CalibrationTable } from '../pipeline/calibration.js';
import {
  computeMetrics,
  confidenceFloor,
  reliability,
  type ConfidenceFloor,
  type EvalMetrics,
  type ReliabilityBin,
} from './metrics.js';
import type { EvalRecord } from './run.js';

/** The precision a decided answer must keep; below the floor that reaches it, an answer should be UNVERIFIED. */
export const PRECISION_TARGET = 0.9;

export interface EvalReport extends EvalMetrics {
  /** The lowest raw confidence that keeps the decided answers' precision ≥ PRECISION_TARGET: overall and per label. */
  confidence_floor: {
    target: number;
    all: ConfidenceFloor | null;
    TRUE: ConfidenceFloor | null;
    FALSE: ConfidenceFloor | null;
  };
  /** With a calibration table: ECE and the reliability table of the calibrated confidences. */
  calibrated?: { ece: number | null; reliability: ReliabilityBin[]; table_models: string };
  /** Items the pipeline crashed on (counted as UNVERIFIED). */
  errors: number;
}

/** The figures `olala eval` prints and `bench:verdict` reports: one computation for both. */
export function buildReport(records: readonly EvalRecord[], calibration?: CalibrationTable): EvalReport {
  const report: EvalReport = {
    ...computeMetrics(records),
    confidence_floor: {
      target: PRECISION_TARGET,
      all: confidenceFloor(records, PRECISION_TARGET),
      TRUE: confidenceFloor(records, PRECISION_TARGET, 'TRUE'),
      FALSE: confidenceFloor(records, PRECISION_TARGET, 'FALSE'),
    },
    errors: records.filter((r) => r.error !== undefined).length,
  };
  if (calibration) {
    const calibrated = reliability(
      records.map((r) => ({ ...r, confidence: calibrate(calibration, r.label, r.confidence) })),
    );
    report.calibrated = { ece: calibrated.ece, reliability: calibrated.table, table_models: calibration.models };
  }
  return report;
}
