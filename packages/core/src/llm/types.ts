import type { Static, TSchema } from 'typebox';

/**
 * The three LLM roles of the pipeline, as in the predecessor: `claim` runs stages 1–2
 * (normalize, querygen), `verify` stages 6–7 (support, skeptic), `judge` stage 9. Each role
 * may use its own model and endpoint.
 */
export type LlmRole = 'claim' | 'verify' | 'judge';
export const LLM_ROLES: readonly LlmRole[] = ['claim', 'verify', 'judge'];

export type LlmProvider = 'ollama' | 'openai';

export interface ChatJsonRequest<S extends TSchema> {
  system: string;
  user: string;
  /** The answer must validate against this schema; it is also sent as the structured-output format. */
  schema: S;
  /** Short identifier of the schema, sent where the API wants a name (OpenAI `json_schema.name`). */
  schemaName: string;
  /** Aborts the call (client disconnected, request budget spent). */
  signal?: AbortSignal;
  /** Overrides the role's per-call timeout; the caller passes what is left of its budget. */
  timeoutMs?: number;
  temperature?: number;
  maxTokens?: number;
}

export interface ChatJsonResult<T> {
  value: T;
  provider: LlmProvider;
  model: string;
  /** HTTP calls made, retries and the repair call included. */
  attempts: number;
  /** True when the first answer was not valid JSON for the schema and the repair call fixed it. */
  repaired: boolean;
  ms: number;
}

export interface LlmClient {
  readonly role: LlmRole;
  readonly provider: LlmProvider;
  readonly model: string;
  chatJson<S extends TSchema>(request: ChatJsonRequest<S>): Promise<ChatJsonResult<Static<S>>>;
}

export type LlmErrorCode =
  | 'TIMEOUT'
  | 'ABORTED'
  | 'HTTP'
  | 'MODEL_NOT_FOUND'
  | 'INVALID_JSON'
  | 'SCHEMA_MISMATCH'
  | 'CIRCUIT_OPEN'
  | 'CONNECTION';

export class LlmError extends Error {
  constructor(
    readonly code: LlmErrorCode,
    message: string,
    /** `retryAfterMs`: the wait a 429 or 503 asked for in its Retry-After header. */
    readonly details: {
      role?: LlmRole;
      model?: string;
      status?: number;
      attempts?: number;
      retryAfterMs?: number;
    } = {},
  ) {
    super(message);
    this.name = 'LlmError';
  }
}
