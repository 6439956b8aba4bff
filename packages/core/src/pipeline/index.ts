// The verification pipeline as the analyses service, the server and bench/ use it. bench/
// measures the no-LLM rules and the calibration one by one, and trains the learned verifier (learned/), hence their exports.
export { runPipeline } from './run.js';
export { createPipelineDeps, type ConfiguredPipelineDeps, type PipelineSetup } from './deps.js';
export type { PipelineDeps, PipelineOutcome, RunOptions } from './types.js';
export type { Evidence } from '../evidence.js';
export { evidenceId } from './evidence-id.js';
export { MAX_QUOTE_CHARS, MIN_QUOTE_CHARS, normaliseWhitespace, verbatimQuote } from './quotes.js';
export {
  calibrateByKind,
  conflictLabel,
  DEFAULT_KIND_PRIOR,
  DEFAULT_MIN_KIND_COUNT,
  fitByKind,
  fitCalibration,
  MIN_DECIDED_PRECISION,
  readCalibration,
  RULES_CALIBRATION_FILE,
  type KindCalibration,
  type KindSample,
} from './calibration.js';
export { assessEvidence } from './rules/agreement.js';
export { checkability, type RefusalReason } from './rules/checkability.js';
export { splitSentences } from './rules/sentences.js';
// The relation set (bench/relation-set.ts) states relations with the verdict's own reader, not a copy.
export { extractRelations, type Relation } from './rules/relations.js';
export { lifespanOf } from './rules/lifespan.js';
export { fold } from './rules/terms.js';
export { evidenceLines } from './stages/verify/index.js';
export { alignmentFeatures, FEATURE_NAMES } from './learned/features.js';
export {
  decideFromProbability,
  learnedVerdict,
  probability,
  readModel,
  validateModel,
  type LearnedVerdict,
  type VerifierModel,
} from './learned/model.js';
