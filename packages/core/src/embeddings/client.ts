import { redactUrl } from '../config-readers.js';
import type { Config } from '../config.js';
import { UserError } from '../errors.js';
import { postJson } from '../llm/http.js';
import { LlmError, type LlmErrorCode } from '../llm/types.js';

/** Turns texts into vectors. One instance per model; `dims` is known after the first answer. */
export interface Embedder {
  readonly model: string;
  /** Where requests go, safe to print (never contains the key). */
  readonly endpoint: string;
  /** Vector length: EMBED_DIM when set, else learned from the first answer. */
  readonly dims: number | undefined;
  /** One vector per text, in the same order. */
  embed(texts: string[], signal?: AbortSignal): Promise<number[][]>;
}

/**
 * Why an embedding request failed. `http` and `invalid` answers concern the texts sent (a
 * backfill bisects the batch to find the culprit); `network`, `timeout` and `dims` (the model
 * answered with another vector length) concern the endpoint.
 */
export type EmbedErrorKind = 'http' | 'invalid' | 'dims' | 'network' | 'timeout' | 'aborted';

export class EmbedError extends Error {
  constructor(
    readonly endpoint: string,
    readonly kind: EmbedErrorKind,
    message: string,
    readonly status?: number,
  ) {
    super(`${endpoint}: ${message}`);
    this.name = 'EmbedError';
  }
}

export type EmbedderConfig = Pick<
  Config,
  'embedProvider' | 'embedBaseUrl' | 'ollamaUrl' | 'embedApiKey' | 'embedModel' | 'embedDims' | 'embedTimeoutMs'
>;

export interface EmbedderOptions {
  /** Overrides EMBED_MODEL (e.g. `olala wiki embed --model`). */
  model?: string;
  fetch?: typeof fetch;
}

/** Builds the configured embedding client; a missing model or URL is the operator's to fix. */
export function createEmbedder(config: EmbedderConfig, options: EmbedderOptions = {}): Embedder {
  const model = (options.model ?? config.embedModel)?.trim();
  if (!model) throw new UserError('no embedding model: set EMBED_MODEL or pass --model');
  const base = (config.embedBaseUrl ?? (config.embedProvider === 'ollama' ? config.ollamaUrl : undefined))?.replace(
    /\/+$/,
    '',
  );
  if (!base) {
    throw new UserError(
      config.embedProvider === 'ollama'
        ? 'no embedding endpoint: set OLLAMA_URL or EMBED_BASE_URL'
        : 'no embedding endpoint: set EMBED_BASE_URL for EMBED_PROVIDER=openai',
    );
  }
  const url =
    config.embedProvider === 'ollama'
      ? `${base}/api/embed`
      : /\/v1$/.test(base)
        ? `${base}/embeddings`
        : `${base}/v1/embeddings`;
  // Safe to print: a password in the base URL is masked.
  const endpoint = redactUrl(url);
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (config.embedProvider === 'openai' && config.embedApiKey) headers.authorization = `Bearer ${config.embedApiKey}`;
  const doFetch = options.fetch ?? fetch;
  const timeoutMs = config.embedTimeoutMs;
  let dims = config.embedDims;

  const parse = config.embedProvider === 'ollama' ? parseOllama : parseOpenAi;

  return {
    model,
    endpoint,
    get dims() {
      return dims;
    },
    async embed(texts, signal) {
      if (texts.length === 0) return [];
      let body: unknown;
      try {
        // The LLM clients' request: credentials in a base URL become a header, and neither they
        // nor the API key can reach an error message.
        ({ body } = await postJson({
          endpoint: url,
          headers,
          body: { model, input: texts },
          signal,
          timeoutMs,
          fetch: doFetch,
          secret: config.embedApiKey,
        }));
      } catch (err) {
        if (!(err instanceof LlmError)) throw err;
        const message = err.message.startsWith(`${endpoint}: `) ? err.message.slice(endpoint.length + 2) : err.message;
        const status = err.details.status;
        throw new EmbedError(
          endpoint,
          EMBED_KIND[err.code] ?? (status !== undefined && status < 300 ? 'invalid' : 'http'),
          message,
          status,
        );
      }
      const vectors = parse(body, texts.length, endpoint);
      for (const v of vectors) {
        dims ??= v.length;
        if (v.length !== dims) {
          throw new EmbedError(
            endpoint,
            'dims',
            `model ${model} returned a ${v.length}-dim vector, expected ${dims}${config.embedDims ? ' (EMBED_DIM)' : ''}`,
          );
        }
      }
      return vectors;
    },
  };
}

/** How the shared request's failures read as embedding errors; an HTTP error decides by its status. */
const EMBED_KIND: Partial<Record<LlmErrorCode, EmbedErrorKind>> = {
  ABORTED: 'aborted',
  TIMEOUT: 'timeout',
  CONNECTION: 'network',
};

function checkVector(v: unknown, endpoint: string, i: number): number[] {
  if (!Array.isArray(v) || v.length === 0 || !v.every((x) => typeof x === 'number' && Number.isFinite(x))) {
    throw new EmbedError(endpoint, 'invalid', `embedding ${i} is not a non-empty array of finite numbers`);
  }
  return v as number[];
}

function parseOllama(body: unknown, expected: number, endpoint: string): number[][] {
  const list = (body as { embeddings?: unknown }).embeddings;
  if (!Array.isArray(list)) throw new EmbedError(endpoint, 'invalid', 'answer has no "embeddings" array');
  if (list.length !== expected)
    throw new EmbedError(endpoint, 'invalid', `sent ${expected} texts, got ${list.length} embeddings`);
  return list.map((v, i) => checkVector(v, endpoint, i));
}

function parseOpenAi(body: unknown, expected: number, endpoint: string): number[][] {
  const data = (body as { data?: unknown }).data;
  if (!Array.isArray(data)) throw new EmbedError(endpoint, 'invalid', 'answer has no "data" array');
  if (data.length !== expected)
    throw new EmbedError(endpoint, 'invalid', `sent ${expected} texts, got ${data.length} embeddings`);
  const out: number[][] = new Array<number[]>(expected);
  data.forEach((item: { embedding?: unknown; index?: unknown }, pos) => {
    // The spec orders by `index`; servers that omit it answer in input order.
    const i = typeof item.index === 'number' ? item.index : pos;
    if (!Number.isInteger(i) || i < 0 || i >= expected || out[i])
      throw new EmbedError(endpoint, 'invalid', `bad or repeated index ${String(item.index)}`);
    out[i] = checkVector(item.embedding, endpoint, i);
  });
  return out;
}
