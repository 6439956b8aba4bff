import { decodeHTML } from 'entities';

/**
 * HTTP for the news search APIs: fixed, operator-configured hosts, so no SSRF check, but
 * retries with exponential backoff and jitter on 429, 5xx, timeouts and network errors.
 * Error messages name the provider and the status, never a request header (the keys are there).
 */

export class SearchProviderError extends Error {
  override name = 'SearchProviderError';
  constructor(
    readonly provider: string,
    message: string,
    readonly status?: number,
  ) {
    super(`${provider}: ${message}`);
  }
}

export interface RetryPolicy {
  /** Tries in all, the first included. */
  attempts: number;
  /** Per attempt. */
  timeoutMs: number;
  /** First backoff; doubled each time, plus up to as much again of jitter. */
  retryDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 3, timeoutMs: 5000, retryDelayMs: 300 };
const MAX_RETRY_AFTER_MS = 5000;

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** GETs `url` and returns its body; throws SearchProviderError once retries are spent. */
export async function getText(provider: string, url: string, headers: Record<string, string>, policy: RetryPolicy, signal?: AbortSignal): Promise<string> {
  let failure = '';
  let retryAfterMs: number | undefined;
  for (let attempt = 1; attempt <= policy.attempts; attempt++) {
    if (attempt > 1) {
      const backoff = policy.retryDelayMs * 2 ** (attempt - 2);
      await sleep(retryAfterMs ?? backoff + Math.random() * backoff, signal);
    }
    const timeout = AbortSignal.timeout(policy.timeoutMs);
    let res: Response;
    let body: string;
    try {
      res = await fetch(url, { headers, signal: signal ? AbortSignal.any([signal, timeout]) : timeout });
      body = await res.text();
    } catch (err) {
      if (signal?.aborted) throw signal.reason;
      failure = timeout.aborted ? `no answer within ${policy.timeoutMs} ms` : `network error (${(err as Error).message})`;
      retryAfterMs = undefined;
      continue;
    }
    if (res.ok) return body;
    const detail = body.replace(/\s+/g, ' ').slice(0, 200);
    failure = `HTTP ${res.status}${detail ? `: ${detail}` : ''}`;
    if (res.status !== 429 && res.status < 500) throw new SearchProviderError(provider, failure, res.status);
    const retryAfter = Number(res.headers.get('retry-after'));
    retryAfterMs = Number.isFinite(retryAfter) && retryAfter > 0 ? Math.min(retryAfter * 1000, MAX_RETRY_AFTER_MS) : undefined;
    if (attempt === policy.attempts) throw new SearchProviderError(provider, `${failure} (after ${attempt} attempts)`, res.status);
  }
  throw new SearchProviderError(provider, `${failure} (after ${policy.attempts} attempts)`);
}

/** Provider snippets carry HTML (Naver's <b> highlights) and entities; evidence wants plain text. */
export function plainText(html: string | undefined): string {
  return decodeHTML((html ?? '').replace(/<[^>]*>/g, ''))
    .replace(/\s+/g, ' ')
    .trim();
}

/** RFC 822 dates (`Mon, 03 Mar 2025 09:30:00 +0900`) and ISO ones, as ISO 8601. */
export function isoDate(raw: string | undefined): string | undefined {
  if (!raw) return undefined;
  const t = Date.parse(raw);
  return Number.isNaN(t) ? undefined : new Date(t).toISOString();
}

/** At most `max` characters, counted as code points so a surrogate pair is never split. */
export function clip(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : chars.slice(0, max).join('');
}
