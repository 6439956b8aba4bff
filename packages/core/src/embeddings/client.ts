import type { Config } from '../config.js';
import { UserError } from '../errors.js';
import { describeFetchError } from '../llm/ollama-health.js';

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
  const base = (config.embedBaseUrl ?? (config.embedProvider === 'ollama' ? config.ollamaUrl : undefined))?.replace(/\/+$/, '');
  if (!base) {
    throw new UserError(
      config.embedProvider === 'ollama' ? 'no embedding endpoint: set OLLAMA_URL or EMBED_BASE_URL' : 'no embedding endpoint: set EMBED_BASE_URL for EMBED_PROVIDER=openai',
    );
  }
  const endpoint =
    config.embedProvider === 'ollama' ? `${base}/api/embed` : /\/v1$/.test(base) ? `${base}/embeddings` : `${base}/v1/embeddings`;
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
      const timeout = AbortSignal.timeout(timeoutMs);
      let res: Response;
      let body: unknown;
      try {
        res = await doFetch(endpoint, {
          method: 'POST',
          headers,
          body: JSON.stringify({ model, input: texts }),
          signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
        });
        const text = await res.text();
        if (!res.ok) throw new EmbedError(endpoint, 'http', `HTTP ${res.status}${errorDetail(text)}`, res.status);
        try {
          body = JSON.parse(text);
        } catch {
          throw new EmbedError(endpoint, 'invalid', `HTTP ${res.status} with a body that is not JSON`);
        }
      } catch (err) {
        if (err instanceof EmbedError) throw err;
        if (signal?.aborted) throw new EmbedError(endpoint, 'aborted', 'request aborted');
        if (timeout.aborted) throw new EmbedError(endpoint, 'timeout', `no answer within ${timeoutMs} ms`);
        throw new EmbedError(endpoint, 'network', describeFetchError(err));
      }
      const vectors = parse(body, texts.length, endpoint);
      for (const v of vectors) {
        dims ??= v.length;
        if (v.length !== dims) {
          throw new EmbedError(endpoint, 'dims', `model ${model} returned a ${v.length}-dim vector, expected ${dims}${config.embedDims ? ' (EMBED_DIM)' : ''}`);
        }
      }
      return vectors;
    },
  };
}

/** The server's own explanation, shortened: Ollama says `{"error": "..."}`, OpenAI `{"error": {"message": "..."}}`. */
function errorDetail(text: string): string {
  let detail = text.trim();
  try {
    const j = JSON.parse(text) as { error?: unknown };
    if (typeof j.error === 'string') detail = j.error;
    else if (j.error && typeof (j.error as { message?: unknown }).message === 'string') detail = (j.error as { message: string }).message;
  } catch {
    // not JSON: keep the raw text
  }
  return detail ? `: ${detail.slice(0, 300)}` : '';
}

function checkVector(v: unknown, endpoint: string, i: number): number[] {
  if (!Array.isArray(v) || v.length === 0 || !v.every((x) => typeof x === 'number' && Number.isFinite(x))) {
    throw new EmbedError(endpoint, 'invalid', `embedding ${i} is not a non-empty array of finite numbers`);
  }
  return v as number[];
}

function parseOllama(body: unknown, expected: number, endpoint: string): number[][] {
  const list = (body as { embeddings?: unknown }).embeddings;
  if (!Array.isArray(list)) throw new EmbedError(endpoint, 'invalid', 'answer has no "embeddings" array');
  if (list.length !== expected) throw new EmbedError(endpoint, 'invalid', `sent ${expected} texts, got ${list.length} embeddings`);
  return list.map((v, i) => checkVector(v, endpoint, i));
}

function parseOpenAi(body: unknown, expected: number, endpoint: string): number[][] {
  const data = (body as { data?: unknown }).data;
  if (!Array.isArray(data)) throw new EmbedError(endpoint, 'invalid', 'answer has no "data" array');
  if (data.length !== expected) throw new EmbedError(endpoint, 'invalid', `sent ${expected} texts, got ${data.length} embeddings`);
  const out: number[][] = new Array<number[]>(expected);
  data.forEach((item: { embedding?: unknown; index?: unknown }, pos) => {
    // The spec orders by `index`; servers that omit it answer in input order.
    const i = typeof item.index === 'number' ? item.index : pos;
    if (!Number.isInteger(i) || i < 0 || i >= expected || out[i]) throw new EmbedError(endpoint, 'invalid', `bad or repeated index ${String(item.index)}`);
    out[i] = checkVector(item.embedding, endpoint, i);
  });
  return out;
}
