import { Type, type Static } from 'typebox';
import { ErrorResponse } from './errors.js';
import { Line, Text } from './text.js';
import { TRUTH_LIMITS, TruthCheckResponse } from './truth.js';

/**
 * `POST /v1/truth/batch`: many claims in one request for integrations. The answer is NDJSON
 * (`application/x-ndjson`), one `BatchLine` per claim in the order the claims finish.
 */
export const BATCH_LIMITS = {
  claims: { min: 1, max: 100 },
  id: { min: 1, max: 100 },
  url: { max: 2048 },
} as const;

/** One claim: its text (`claim`) or the URL of an article whose main claim is checked (`url`), exactly one of them. */
export const BatchClaim = Type.Object(
  {
    /** Chosen by the caller, unique within the batch: it names the claim's answer line. */
    id: Line({ minLength: BATCH_LIMITS.id.min, maxLength: BATCH_LIMITS.id.max }),
    claim: Type.Optional(
      Text({ minLength: TRUTH_LIMITS.input_payload.min, maxLength: TRUTH_LIMITS.input_payload.max }),
    ),
    url: Type.Optional(Line({ minLength: 1, maxLength: BATCH_LIMITS.url.max })),
  },
  { additionalProperties: false },
);
export type BatchClaim = Static<typeof BatchClaim>;

export const BatchRequest = Type.Object(
  {
    claims: Type.Array(BatchClaim, { minItems: BATCH_LIMITS.claims.min, maxItems: BATCH_LIMITS.claims.max }),
  },
  { additionalProperties: false },
);
export type BatchRequest = Static<typeof BatchRequest>;

/**
 * A line of the answer: the claim's full result (as `POST /v1/truth/check` answers it), or why
 * it has none — `RATE_LIMITED` (the caller's budget did not cover it: send it again later),
 * `BUSY` (the server had no free run slot), `INTERNAL_ERROR`.
 */
export const BatchLine = Type.Union([
  Type.Object({ id: Type.String(), result: TruthCheckResponse }),
  Type.Object({ id: Type.String(), error: ErrorResponse }),
]);
export type BatchLine = Static<typeof BatchLine>;
