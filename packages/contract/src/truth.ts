import { Type, type Static, type TSchema } from 'typebox';
import { Line, Text } from './text.js';

/**
 * `POST /truth/check` (and `/v1/truth/check`, and the streaming routes): the predecessor's
 * contract, kept field for field so its Flutter client keeps working, plus `headline`,
 * `claim`, `cached`, `stages` and `refusal_reason`.
 */
export const TRUTH_LIMITS = {
  input_payload: { min: 1, max: 20_000 },
  user_request: { max: 2_000 },
} as const;

export const VERDICT_LABELS = ['TRUE', 'FALSE', 'MIXED', 'UNVERIFIED', 'REFUSED'] as const;
export type VerdictLabel = (typeof VERDICT_LABELS)[number];

/**
 * Stage names of the events, the predecessor's node names: stage 3 runs its wiki and
 * news/web collectors in parallel and merges them, stages 6 and 7 run in parallel.
 */
export const STAGE_NAMES = [
  /** Image inputs only: the screenshot's text (skipped for text and URLs). */
  'stage00_ocr',
  'stage01_normalize',
  'stage02_querygen',
  'stage03_wiki',
  'stage03_web',
  'stage03_merge',
  'stage04_score',
  'stage05_topk',
  'stage06_verify_support',
  'stage07_verify_skeptic',
  'stage08_aggregate',
  'stage09_judge',
] as const;
export type StageName = (typeof STAGE_NAMES)[number];

/** Flags a result may carry. The predecessor's vocabulary, plus ours after PERSISTENCE_FAILED. */
export const RISK_FLAGS = [
  'LOW_EVIDENCE',
  'LOW_CONFIDENCE',
  'HALLUCINATION_DETECTED',
  'POLICY_RISK',
  'LLM_JUDGE_FAILED',
  'QUALITY_GATE_FAILED',
  'PIPELINE_CRASH',
  'PERSISTENCE_FAILED',
  'NO_LLM',
  'LLM_FAILED',
  'STAGE_FAILED',
  'TIMEOUT',
  'NOT_CHECKABLE',
  'FETCH_FAILED',
  /** The URL is one the service never fetches (not http(s), an internal address): REFUSED. */
  'URL_REFUSED',
  'CONFLICTING_EVIDENCE',
  'SELF_CITATION_REMOVED',
  'CANCELLED',
] as const;
export type RiskFlag = (typeof RISK_FLAGS)[number];

/**
 * The predecessor's web console sends every optional field, `null` when unset: for every
 * optional field `null` means absent.
 */
const optional = <T extends TSchema>(schema: T) => Type.Optional(Type.Union([schema, Type.Null()]));

/**
 * The body is open: the predecessor's clients send fields of its partial runs and checkpoints,
 * and its server ignored what it did not know. Those it sent are named (and bounded) below;
 * they are accepted and have no effect.
 */
export const TruthCheckRequest = Type.Object({
  /**
   * `image`: `input_payload` is a PNG, JPEG or WebP screenshot as a data URL or base64 (the
   * server's OCR limits apply, not `TRUTH_LIMITS`); its text is read and checked.
   */
  input_type: optional(Type.Enum(['text', 'url', 'image'])),
  input_payload: Text({ minLength: TRUTH_LIMITS.input_payload.min, maxLength: TRUTH_LIMITS.input_payload.max }),
  /** What the user wants checked in a URL's article; with no claim chosen, the article's own claims are ranked. */
  user_request: optional(Text({ maxLength: TRUTH_LIMITS.user_request.max })),
  /** Accepted for compatibility; verdicts are about the evidence available now. */
  as_of: optional(Line({ maxLength: 40 })),
  language: optional(Line({ maxLength: 10 })),
  normalize_mode: optional(Type.Enum(['llm', 'basic'])),
  /** Adds every stage's output to the response (debugging), and the predecessor's `stage_logs` and `final_verdict`. */
  include_full_outputs: optional(Type.Boolean()),
  /** Run again even when the same input was checked recently. */
  no_cache: optional(Type.Boolean()),
  // The predecessor's partial runs and checkpoints: accepted, no effect (every run is whole).
  start_stage: optional(Line({ maxLength: 40 })),
  end_stage: optional(Line({ maxLength: 40 })),
  querygen_prompt: optional(Text({ maxLength: 20_000 })),
  stage_state: optional(Type.Record(Type.String(), Type.Unknown(), { maxProperties: 100 })),
  checkpoint_thread_id: optional(Line({ maxLength: 200 })),
  checkpoint_resume: optional(Type.Boolean()),
});
export type TruthCheckRequest = Static<typeof TruthCheckRequest>;

export const Citation = Type.Object({
  source_type: Type.Enum(['KB_DOC', 'WEB_URL', 'NEWS', 'WIKIPEDIA']),
  title: Type.String(),
  url: Type.String(),
  /** A verbatim substring of the evidence (checked before it is returned). */
  quote: Type.String({ maxLength: 500 }),
  relevance: Type.Number({ minimum: 0, maximum: 1 }),
  evid_id: Type.String(),
  /** For WIKIPEDIA citations: the chunk of the page that holds the quote (`/api/wiki/pages/:id?chunk=`). */
  chunk_id: Type.Optional(Type.Integer()),
  stance: Type.Optional(Type.Enum(['support', 'refute'])),
  trust_tier: Type.Optional(Type.String()),
});
export type Citation = Static<typeof Citation>;

export const StageTiming = Type.Object({
  stage: Type.Enum([...STAGE_NAMES]),
  status: Type.Enum(['ok', 'skipped', 'failed', 'timeout']),
  ms: Type.Number(),
});
export type StageTiming = Static<typeof StageTiming>;

/** One line of the predecessor console's stage timeline (`include_full_outputs` only). */
export const StageLog = Type.Object({
  stage: Type.Enum([...STAGE_NAMES]),
  /** The predecessor's events: `end` for a stage that finished (or was skipped), `error` for one that failed. */
  event: Type.Enum(['end', 'error']),
  status: Type.Enum(['ok', 'skipped', 'failed', 'timeout']),
  ms: Type.Number(),
});
export type StageLog = Static<typeof StageLog>;

/** The verdict as the predecessor console reads it (`include_full_outputs` only). */
export const FinalVerdict = Type.Object({
  label: Type.Enum([...VERDICT_LABELS]),
  confidence: Type.Number({ minimum: 0, maximum: 1 }),
  summary: Type.String(),
  risk_flags: Type.Array(Type.String()),
});
export type FinalVerdict = Static<typeof FinalVerdict>;

export const ModelInfo = Type.Object({
  /** `none` in no-LLM mode. */
  provider: Type.String(),
  model: Type.String(),
  version: Type.String(),
});
export type ModelInfo = Static<typeof ModelInfo>;

/**
 * A passage of the best related evidence, whatever the label: what the wiki or the news say
 * about the claim's words, so an UNVERIFIED answer still shows what was read.
 */
export const RelatedPassage = Type.Object({
  title: Type.String(),
  url: Type.String(),
  /** A verbatim substring of the evidence: the sentence (or two) that share most of the claim's words. */
  quote: Type.String({ maxLength: 500 }),
  chunk_id: Type.Optional(Type.Integer()),
  /** The claim's words found in the quote, as [start, end) offsets into `quote`, in order, not overlapping. */
  highlights: Type.Array(Type.Object({ start: Type.Integer({ minimum: 0 }), end: Type.Integer({ minimum: 0 }) }), {
    maxItems: 50,
  }),
});
export type RelatedPassage = Static<typeof RelatedPassage>;

/** What was read from an image input: content lines in reading order, screen furniture dropped. */
export const OcrView = Type.Object({
  text: Type.String(),
  /** 0–1, the lines' confidence weighted by their length. */
  confidence: Type.Number({ minimum: 0, maximum: 1 }),
  lines: Type.Array(
    Type.Object({
      text: Type.String(),
      confidence: Type.Number({ minimum: 0, maximum: 1 }),
      /** In the image's pixels. */
      box: Type.Object({
        x: Type.Integer({ minimum: 0 }),
        y: Type.Integer({ minimum: 0 }),
        width: Type.Integer({ minimum: 0 }),
        height: Type.Integer({ minimum: 0 }),
      }),
    }),
    { maxItems: 2000 },
  ),
});
export type OcrView = Static<typeof OcrView>;

/**
 * `POST /v1/truth/ocr`: only read a screenshot (nothing is checked or stored), so the app can
 * show the text for editing before it is checked as text. Same image rules as `input_type: "image"`.
 */
export const OcrReadRequest = Type.Object({
  input_type: Type.Literal('image'),
  /** A data URL or base64; replaced by the image's hash before validation (the OCR limits apply). */
  input_payload: Type.String({ minLength: 1, maxLength: 200 }),
});
export type OcrReadRequest = Static<typeof OcrReadRequest>;

export const TruthCheckResponse = Type.Object({
  analysis_id: Type.String(),
  label: Type.Enum([...VERDICT_LABELS]),
  confidence: Type.Number({ minimum: 0, maximum: 1 }),
  /** One Korean line for the result screen and the share card. */
  headline: Type.String(),
  summary: Type.String(),
  rationale: Type.Array(Type.String()),
  citations: Type.Array(Citation),
  counter_evidence: Type.Array(Citation),
  limitations: Type.Array(Type.String()),
  recommended_next_steps: Type.Array(Type.String()),
  risk_flags: Type.Array(Type.String()),
  model_info: ModelInfo,
  latency_ms: Type.Number(),
  cost_usd: Type.Number(),
  created_at: Type.String({ format: 'date-time' }),
  /** The claim that was checked, as extracted from the input. */
  claim: Type.String(),
  refusal_reason: Type.Optional(Type.String()),
  /** Served from the store: the same input was checked recently. */
  cached: Type.Boolean(),
  stages: Type.Array(StageTiming),
  /** `include_full_outputs` only: each stage's summary; `stage09_judge.final_verdict` is `final_verdict`. */
  stage_outputs: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
  /** `include_full_outputs` only, for the predecessor console: the stage timeline and the verdict. */
  stage_logs: Type.Optional(Type.Array(StageLog)),
  final_verdict: Type.Optional(FinalVerdict),
  /** The best related passages (≤ 3), for every label; absent in results stored before it existed. */
  related: Type.Optional(Type.Array(RelatedPassage, { maxItems: 3 })),
  /** Image inputs: the text read from the image (the image itself is never stored). */
  ocr: Type.Optional(OcrView),
});
export type TruthCheckResponse = Static<typeof TruthCheckResponse>;

/** The `error` event of a stream, and the body of a failed synchronous check. */
export const PipelineErrorData = Type.Object({
  code: Type.Enum(['TIMEOUT', 'PARSING_ERROR', 'PIPELINE_ERROR', 'CANCELLED']),
  stage: Type.Union([Type.Enum([...STAGE_NAMES]), Type.Null()]),
  message: Type.String(),
  /** Korean, for the app to show as is. */
  display_message: Type.String(),
});
export type PipelineErrorData = Static<typeof PipelineErrorData>;

/** One NDJSON line (or SSE message) of `POST /api/truth/check/stream`. */
export type TruthStreamEvent =
  | { event: 'stage_complete'; stage: StageName; data: Record<string, unknown> }
  | { event: 'complete'; data: TruthCheckResponse }
  | { event: 'error'; data: PipelineErrorData }
  | { event: 'heartbeat'; data: { ts: string } };

export const StoredAnalysis = Type.Object({
  analysis_id: Type.String(),
  input_type: Type.String(),
  input_payload: Type.String(),
  user_request: Type.Union([Type.String(), Type.Null()]),
  claim: Type.String(),
  label: Type.Enum([...VERDICT_LABELS]),
  streamed: Type.Boolean(),
  created_at: Type.String({ format: 'date-time' }),
  result: TruthCheckResponse,
});
export type StoredAnalysis = Static<typeof StoredAnalysis>;
