import { Type, type Static } from 'typebox';
import { ErrorResponse } from './errors.js';
import { Line, Text } from './text.js';
import { ModelInfo, OcrView, PipelineErrorData, TruthCheckResponse, VERDICT_LABELS, type StageName } from './truth.js';

/**
 * `POST /v1/articles/check` (and `/v1/articles/check/stream`): every check-worthy claim of an
 * article or a long text, each verified on its own; `GET /v1/articles/:id` reads a stored run.
 * `POST /truth/check` stays the one-claim check.
 */
export const ARTICLE_LIMITS = {
  /** A pasted text; a fetched article is cut to the same length. */
  text: { min: 1, max: 20_000 },
  url: { max: 2_000 },
  max_claims: { min: 1, max: 20 },
  title: { max: 300 },
} as const;

export const ArticleCheckRequest = Type.Object(
  {
    /**
     * `url`: the article is fetched (SSRF-checked) and extracted; `text`: the payload is the
     * article; `image`: a screenshot (PNG, JPEG, WebP) whose text OCR reads, sent as a data URL or
     * base64 — or as the `file` of a multipart/form-data upload — within the truth check's image limits.
     */
    input_type: Type.Enum(['url', 'text', 'image']),
    /** The URL (at most `ARTICLE_LIMITS.url.max` characters, one line), the text, or the image. */
    input_payload: Text({ minLength: ARTICLE_LIMITS.text.min, maxLength: ARTICLE_LIMITS.text.max }),
    /** Claims verified at most; the server's default (OLALA_ARTICLE_MAX_CLAIMS) when absent. */
    // Plain optional, no null: with the server's type coercion a null branch would turn 0 into null (the default).
    max_claims: Type.Optional(
      Type.Integer({ minimum: ARTICLE_LIMITS.max_claims.min, maximum: ARTICLE_LIMITS.max_claims.max }),
    ),
    /** Text and image inputs: the headline, whose claim is the main claim. URLs take the page's. */
    title: Type.Optional(Line({ maxLength: ARTICLE_LIMITS.title.max })),
    /** Text and image inputs: when the article was published, for time-bound claims (어제, 올해). URLs take the page's. */
    published_at: Type.Optional(Type.String({ format: 'date-time', maxLength: 40 })),
  },
  { additionalProperties: false },
);
export type ArticleCheckRequest = Static<typeof ArticleCheckRequest>;

/**
 * A stretch of `article.text`: offsets in UTF-16 code units, as JavaScript strings index them
 * (an emoji counts 2), so `article.text.slice(start, end)` is the stretch. Other languages
 * convert (Python: encode as utf-16-le and halve the byte offsets).
 */
export const TextSpan = Type.Object({ start: Type.Integer({ minimum: 0 }), end: Type.Integer({ minimum: 0 }) });
export type TextSpan = Static<typeof TextSpan>;

export const CLAIM_TYPES = ['사건', '통계', '정책', '인용', '논리', '기타'] as const;
/** Why a sentence was not checked; `over_limit`: checkable, but beyond `max_claims`. */
export const SKIP_REASONS = [
  'opinion',
  'question',
  'prediction',
  'too_vague',
  'duplicate',
  'abusive',
  'over_limit',
] as const;
export type SkipReason = (typeof SKIP_REASONS)[number];

export const ArticleClaim = Type.Object({
  /** `c1`, `c2`, …: the main claim first, then the others in reading order. */
  id: Type.String(),
  /** Worded to stand alone: pronouns and omitted subjects filled in, relative dates made absolute. */
  text: Type.String(),
  /** Where the claim comes from in `article.text` (its sentence or clause, and where a subject was taken from). */
  spans: Type.Array(TextSpan, { minItems: 1 }),
  /** 0–1: how worth checking (numbers, events, statistics, policies and quotes score up). */
  checkworthiness: Type.Number({ minimum: 0, maximum: 1 }),
  type: Type.Enum([...CLAIM_TYPES]),
  /** The article's main claim (its headline's, else its first). */
  main: Type.Boolean(),
  /** The claim's own full check; null when it could not be checked (`error` says why). */
  result: Type.Union([TruthCheckResponse, Type.Null()]),
  error: Type.Optional(ErrorResponse),
});
export type ArticleClaim = Static<typeof ArticleClaim>;

export const ArticleSkipped = Type.Object({
  text: Type.String(),
  spans: Type.Array(TextSpan, { minItems: 1 }),
  reason: Type.Enum([...SKIP_REASONS]),
});
export type ArticleSkipped = Static<typeof ArticleSkipped>;

/** Claims per label; every label is present. */
export const LabelCounts = Type.Object(
  Object.fromEntries(VERDICT_LABELS.map((l) => [l, Type.Integer({ minimum: 0 })])) as Record<
    (typeof VERDICT_LABELS)[number],
    ReturnType<typeof Type.Integer>
  >,
);
export type LabelCounts = Static<typeof LabelCounts>;

export const ArticleSummary = Type.Object({
  /** Claims per label; every label is present. Claims that failed are counted in `failed`. */
  counts: LabelCounts,
  failed: Type.Integer({ minimum: 0 }),
  main_claim_id: Type.Union([Type.String(), Type.Null()]),
  /** One Korean paragraph for the top of the result. */
  overview: Type.String(),
  /** Who found the claims: the LLM, or the rules (no LLM, or the LLM failed). */
  decomposition: Type.Enum(['llm', 'rules']),
});
export type ArticleSummary = Static<typeof ArticleSummary>;

export const ArticleView = Type.Object({
  title: Type.String(),
  url: Type.Union([Type.String(), Type.Null()]),
  published_at: Type.Union([Type.String(), Type.Null()]),
  /** The text the spans point into: the extracted article, or the pasted text (line breaks as LF). */
  text: Type.String(),
});
export type ArticleView = Static<typeof ArticleView>;

export const ArticleCheckResponse = Type.Object({
  article_id: Type.String(),
  created_at: Type.String({ format: 'date-time' }),
  /** `cancelled`: the client left before the end (stored runs only). */
  status: Type.Enum(['complete', 'cancelled']),
  latency_ms: Type.Number(),
  model_info: ModelInfo,
  article: ArticleView,
  claims: Type.Array(ArticleClaim),
  skipped: Type.Array(ArticleSkipped),
  summary: ArticleSummary,
  /** Image inputs: what OCR read (`article.text` is its text); the image itself is not kept. */
  ocr: Type.Optional(OcrView),
});
export type ArticleCheckResponse = Static<typeof ArticleCheckResponse>;

/** A claim as found, before its check (`claim_found`). */
export type FoundClaim = Omit<ArticleClaim, 'result' | 'error'>;

/** One Server-Sent Event (or NDJSON line) of `POST /v1/articles/check/stream`. */
export type ArticleStreamEvent =
  | { event: 'claim_found'; data: FoundClaim }
  | { event: 'stage_complete'; claim_id: string; stage: StageName; data: Record<string, unknown> }
  /** Image inputs: the screenshot read, before any claim is found; it belongs to no claim (`claim_id: null`). */
  | { event: 'stage_complete'; claim_id: null; stage: 'stage00_ocr'; data: Record<string, unknown> }
  | { event: 'claim_complete'; data: Pick<ArticleClaim, 'id' | 'result' | 'error'> }
  | { event: 'complete'; data: ArticleCheckResponse }
  | { event: 'error'; data: PipelineErrorData | ErrorResponse }
  | { event: 'heartbeat'; data: { ts: string } };
