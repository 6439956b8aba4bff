import { decodeHTML } from 'entities';
import pLimit, { type LimitFunction } from 'p-limit';
import { describeFetchError } from '../net/fetch-error.js';
import { parseRetryAfter, retry, type RetryPolicy } from '../net/retry.js';

/**
 * HTTP for the news search APIs: fixed, operator-configured hosts, so no SSRF check, but
 * retried under searchRetryPolicy. Error messages name the provider and the status, never a request
 * header (the keys are there).
 */

export class SearchProviderError extends Error {
  override name = 'SearchProviderError';
  constructor(
    readonly provider: string,
    /** The message without the provider's name. */
    readonly reason: string,
    readonly status?: number,
    /** The wait the server asked for (Retry-After). */
    readonly retryAfterMs?: number,
  ) {
    super(`${provider}: ${reason}`);
  }
}

/** How one search request is made. */
export interface SearchRequestSettings {
  /** Tries in all, the first included. */
  attempts: number;
  /** Per attempt. */
  timeoutMs: number;
  /** The first backoff's ceiling, doubled each retry (searchRetryPolicy). */
  retryDelayMs: number;
}

export const DEFAULT_SEARCH_REQUEST: SearchRequestSettings = { attempts: 3, timeoutMs: 5000, retryDelayMs: 300 };

/**
 * The search APIs' retry policy: 429, 5xx, timeouts and network errors are tried again (a
 * Retry-After is honoured up to 5 s, a search must not hold a verification longer); any other
 * status is the request's fault and fails at once.
 */
export function searchRetryPolicy(settings: SearchRequestSettings): RetryPolicy {
  return {
    attempts: settings.attempts,
    baseDelayMs: settings.retryDelayMs,
    maxDelayMs: 5000,
    maxRetryAfterMs: 5000,
    retryable: (err) =>
      err instanceof SearchProviderError && (err.status === undefined || err.status === 429 || err.status >= 500),
    retryAfterMs: (err) => (err instanceof SearchProviderError ? err.retryAfterMs : undefined),
  };
}

/** GETs `url` and returns its body; throws SearchProviderError once retries are spent. */
export async function getText(
  provider: string,
  url: string,
  headers: Record<string, string>,
  settings: SearchRequestSettings,
  signal?: AbortSignal,
): Promise<string> {
  const policy = searchRetryPolicy(settings);
  let tries = 0;
  const attempt = async (): Promise<string> => {
    tries++;
    const timeout = AbortSignal.timeout(settings.timeoutMs);
    let res: Response;
    let body: string;
    try {
      res = await fetch(url, { headers, signal: signal ? AbortSignal.any([signal, timeout]) : timeout });
      body = await res.text();
    } catch (err) {
      if (signal?.aborted) throw signal.reason;
      throw new SearchProviderError(
        provider,
        timeout.aborted ? `no answer within ${settings.timeoutMs} ms` : `network error (${describeFetchError(err)})`,
      );
    }
    if (res.ok) return body;
    const detail = body.replace(/\s+/g, ' ').slice(0, 200);
    throw new SearchProviderError(
      provider,
      `HTTP ${res.status}${detail ? `: ${detail}` : ''}`,
      res.status,
      parseRetryAfter(res.headers.get('retry-after')),
    );
  };
  try {
    return await retry(policy, attempt, { signal });
  } catch (err) {
    // Spent retries say so; a refusal that was never retried (401, 404 …) reads as it came.
    if (err instanceof SearchProviderError && policy.retryable(err))
      throw new SearchProviderError(provider, `${err.reason} (after ${tries} attempts)`, err.status);
    throw err;
  }
}

/** Provider snippets carry HTML (Naver's <b> highlights) and entities; evidence wants plain text. */
export function plainText(html: string | undefined): string {
  return decodeHTML((html ?? '').replace(/<[^>]*>/g, ''))
    .replace(/\s+/g, ' ')
    .trim();
}

/** At most `max` characters, counted as code points so a surrogate pair is never split. */
export function clip(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : chars.slice(0, max).join('');
}

/** The retry settings given, without undefined ones overriding the defaults. */
export function definedOnly(options: Partial<SearchRequestSettings>): Partial<SearchRequestSettings> {
  const out: Partial<SearchRequestSettings> = {};
  if (options.attempts !== undefined) out.attempts = options.attempts;
  if (options.timeoutMs !== undefined) out.timeoutMs = options.timeoutMs;
  if (options.retryDelayMs !== undefined) out.retryDelayMs = options.retryDelayMs;
  return out;
}

export interface NewsEndpointOptions extends Partial<SearchRequestSettings> {
  baseUrl?: string;
  /** Requests in flight at once, across every run using this provider. */
  concurrency?: number;
}

/**
 * What every news provider does the same way before reading its own answer format: the query
 * cleaned and clipped to what the API takes, GETs under its base URL with at most `concurrency`
 * in flight (shared by every run, so a busy server stays inside the provider's limits), none
 * started once the run is aborted, each retried under the provider's settings.
 */
export class NewsEndpoint {
  private readonly limit: LimitFunction;
  private readonly settings: SearchRequestSettings;
  private readonly baseUrl: string;
  private readonly maxQueryChars: number;

  constructor(
    private readonly provider: string,
    options: NewsEndpointOptions,
    defaults: { baseUrl: string; concurrency: number; maxQueryChars: number },
  ) {
    this.limit = pLimit(options.concurrency ?? defaults.concurrency);
    this.settings = { ...DEFAULT_SEARCH_REQUEST, ...definedOnly(options) };
    this.baseUrl = (options.baseUrl ?? defaults.baseUrl).replace(/\/+$/, '');
    this.maxQueryChars = defaults.maxQueryChars;
  }

  /** The query on one line, clipped; '' when nothing is left to search for. */
  query(text: string): string {
    return clip(text.replace(/\s+/g, ' ').trim(), this.maxQueryChars);
  }

  get(pathAndQuery: string, headers: Record<string, string>, signal?: AbortSignal): Promise<string> {
    return this.limit(() => {
      signal?.throwIfAborted();
      return getText(this.provider, `${this.baseUrl}${pathAndQuery}`, headers, this.settings, signal);
    });
  }
}
