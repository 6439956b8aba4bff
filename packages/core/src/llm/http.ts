import { redactUrl } from '../config-readers.js';
import { describeFetchError } from '../net/fetch-error.js';
import { parseRetryAfter } from '../net/retry.js';
import { abortError } from './resilience.js';
import { LlmError } from './types.js';

/** One chat message in the shape both Ollama and OpenAI-compatible APIs take. */
export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

/** What one HTTP chat call needs, whichever API speaks it. */
export interface ChatCall {
  messages: ChatMessage[];
  /** JSON schema of the answer, sent as the structured-output format. */
  schema: unknown;
  schemaName: string;
  temperature: number;
  maxTokens: number;
  /** Aborted by the caller; this module tells it apart from the timeout below. */
  signal?: AbortSignal;
  timeoutMs: number;
}

/**
 * One provider's HTTP chat endpoint: a single request, no retries, answering the model's raw
 * text. Errors are LlmErrors with the code the retry policy decides on.
 */
export interface ChatTransport {
  readonly provider: 'ollama' | 'openai';
  readonly model: string;
  /** Where requests go. */
  readonly endpoint: string;
  send(call: ChatCall): Promise<string>;
}

export interface ChatTransportOptions {
  fetch?: typeof fetch;
}

/** What tells one provider's chat endpoint from another: its URL, its request body, where the answer's text is. */
export interface ChatDialect {
  provider: ChatTransport['provider'];
  endpoint: string;
  body(call: ChatCall): unknown;
  /** The answer's text from the parsed response; anything else becomes '' for the JSON check. */
  content(body: unknown): unknown;
}

/**
 * The chat transport every provider shares: one JSON POST with the key as a bearer token (an
 * OpenAI-compatible server needs it; Ollama ignores it, a proxy in front of it may want it),
 * the key scrubbed from errors, and a missing or non-text answer handed on as '' — the JSON
 * check then asks the model again and reports it.
 */
export function chatTransport(
  dialect: ChatDialect,
  settings: { model: string; apiKey?: string },
  options: ChatTransportOptions = {},
): ChatTransport {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (settings.apiKey) headers.authorization = `Bearer ${settings.apiKey}`;
  return {
    provider: dialect.provider,
    model: settings.model,
    endpoint: dialect.endpoint,
    async send(call) {
      const { body } = await postJson({
        endpoint: dialect.endpoint,
        headers,
        body: dialect.body(call),
        signal: call.signal,
        timeoutMs: call.timeoutMs,
        fetch: options.fetch,
        secret: settings.apiKey,
      });
      const content = dialect.content(body);
      return typeof content === 'string' ? content : '';
    },
  };
}

export interface PostOptions {
  endpoint: string;
  headers: Record<string, string>;
  body: unknown;
  signal?: AbortSignal;
  timeoutMs: number;
  fetch?: typeof fetch;
  /** Removed from any text the server sends back, in case it echoes the key. */
  secret?: string;
}

/** POSTs JSON and returns the parsed JSON answer, or throws an LlmError saying why not. */
export async function postJson(options: PostOptions): Promise<{ status: number; body: unknown }> {
  const { signal, timeoutMs } = options;
  const { url, headers, secrets } = credentialsToHeader(options.endpoint, options.headers);
  if (options.secret) secrets.push(options.secret);
  // Messages name the endpoint without a password that a base URL might carry.
  const endpoint = redactUrl(options.endpoint);
  const timeout = AbortSignal.timeout(Math.max(1, Math.round(timeoutMs)));
  let status: number;
  let text: string;
  let retryAfter: string | null;
  try {
    const res = await (options.fetch ?? fetch)(url, {
      method: 'POST',
      headers,
      body: JSON.stringify(options.body),
      signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
    });
    status = res.status;
    retryAfter = res.headers.get('retry-after');
    text = await res.text();
  } catch (err) {
    // The caller's abort wins over a timeout that fired at the same moment: a client that went
    // away must not be reported (or retried) as a slow model.
    if (signal?.aborted) throw abortError(signal, endpoint);
    if (timeout.aborted) throw new LlmError('TIMEOUT', `${endpoint}: no answer within ${Math.round(timeoutMs)} ms`);
    throw new LlmError('CONNECTION', `${endpoint}: ${scrub(describeFetchError(err), secrets)}`);
  }
  if (status < 200 || status > 299) {
    const detail = scrub(errorDetail(text), secrets);
    // Both Ollama (`model "x" not found`) and OpenAI (`model_not_found`, "does not exist") say so
    // in a 404; retrying cannot help and the operator must pull or rename the model.
    const code =
      status === 404 && /model/i.test(detail) && /not.?found|does not exist/i.test(detail) ? 'MODEL_NOT_FOUND' : 'HTTP';
    const retryAfterMs = parseRetryAfter(retryAfter);
    throw new LlmError(code, `${endpoint}: HTTP ${status}${detail ? `: ${detail}` : ''}`, {
      status,
      ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
    });
  }
  try {
    return { status, body: JSON.parse(text) as unknown };
  } catch {
    throw new LlmError('HTTP', `${endpoint}: HTTP ${status} with a body that is not JSON`, { status });
  }
}

/** The server's own explanation, shortened: Ollama says `{"error": "..."}`, OpenAI `{"error": {"message": "...", "code": "..."}}`. */
function errorDetail(text: string): string {
  let detail = text.trim();
  try {
    const j = JSON.parse(text) as { error?: unknown };
    if (typeof j.error === 'string') detail = j.error;
    else if (j.error && typeof j.error === 'object') {
      const e = j.error as { message?: unknown; code?: unknown };
      detail = [e.message, e.code].filter((x) => typeof x === 'string' && x).join(' · ');
    }
  } catch {
    // not JSON: keep the raw text
  }
  return detail.slice(0, 300);
}

function scrub(text: string, secrets: string[]): string {
  return secrets.reduce((out, secret) => out.split(secret).join('***'), text);
}

/**
 * fetch refuses URLs with `user:password@` (and names the password in its error), but a model
 * behind a reverse proxy with basic auth is configured that way: move them into a header.
 */
function credentialsToHeader(
  endpoint: string,
  headers: Record<string, string>,
): { url: string; headers: Record<string, string>; secrets: string[] } {
  const url = new URL(endpoint);
  if (!url.username && !url.password) return { url: endpoint, headers, secrets: [] };
  const password = decodeURIComponent(url.password);
  const basic = Buffer.from(`${decodeURIComponent(url.username)}:${password}`).toString('base64');
  url.username = '';
  url.password = '';
  return {
    url: url.toString(),
    headers: { authorization: `Basic ${basic}`, ...headers },
    secrets: [basic, password].filter(Boolean),
  };
}
