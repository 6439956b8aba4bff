import { ConfigError, redactUrl } from '../config.js';

export const NEWS_PROVIDERS = ['naver', 'google-news'] as const;
export type NewsProviderName = (typeof NEWS_PROVIDERS)[number];

export interface SourcesConfig {
  /** Which news searches the collect stage runs. */
  providers: NewsProviderName[];
  /** Set when both keys are. The secret must never be logged. */
  naver?: { clientId: string; clientSecret: string; baseUrl: string };
  googleNews: { baseUrl: string };
  /** Per attempt of one search request. */
  timeoutMs: number;
}

function baseUrl(env: NodeJS.ProcessEnv, name: string, fallback: string): string {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  try {
    const url = new URL(raw);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('not http');
  } catch {
    throw new ConfigError(name, `expected an http(s) base URL, got "${redactUrl(raw)}"`);
  }
  return raw.replace(/\/+$/, '');
}

/**
 * Naver runs when its keys are set; Google News only when OLALA_NEWS_PROVIDERS names it, since
 * operators do not expect a service to query Google unasked.
 */
export function loadSourcesConfig(env: NodeJS.ProcessEnv = process.env): SourcesConfig {
  const clientId = env.NAVER_CLIENT_ID?.trim();
  const clientSecret = env.NAVER_CLIENT_SECRET?.trim();
  if (Boolean(clientId) !== Boolean(clientSecret)) {
    throw new ConfigError(clientId ? 'NAVER_CLIENT_SECRET' : 'NAVER_CLIENT_ID', 'Naver News search needs both NAVER_CLIENT_ID and NAVER_CLIENT_SECRET');
  }
  const naver = clientId && clientSecret ? { clientId, clientSecret, baseUrl: baseUrl(env, 'NAVER_API_URL', 'https://openapi.naver.com') } : undefined;

  const raw = env.OLALA_NEWS_PROVIDERS?.trim().toLowerCase();
  let providers: NewsProviderName[];
  if (raw === undefined || raw === '') providers = naver ? ['naver'] : [];
  else if (raw === 'none') providers = [];
  else {
    const names = [...new Set(raw.split(',').map((s) => s.trim()).filter(Boolean))];
    for (const name of names) {
      if (!(NEWS_PROVIDERS as readonly string[]).includes(name)) {
        throw new ConfigError('OLALA_NEWS_PROVIDERS', `unknown provider "${name}"; expected a comma-separated list of ${NEWS_PROVIDERS.join(', ')} (or none)`);
      }
    }
    providers = names as NewsProviderName[];
    if (providers.includes('naver') && !naver) throw new ConfigError('OLALA_NEWS_PROVIDERS', 'naver is listed but NAVER_CLIENT_ID and NAVER_CLIENT_SECRET are not set');
  }

  const timeoutRaw = env.OLALA_NEWS_TIMEOUT_MS?.trim();
  const timeoutMs = timeoutRaw ? Number(timeoutRaw) : 5000;
  if (!Number.isInteger(timeoutMs) || timeoutMs < 100 || timeoutMs > 60_000) {
    throw new ConfigError('OLALA_NEWS_TIMEOUT_MS', `expected an integer from 100 to 60000, got "${timeoutRaw}"`);
  }
  return {
    providers,
    ...(naver ? { naver } : {}),
    googleNews: { baseUrl: baseUrl(env, 'GOOGLE_NEWS_RSS_URL', 'https://news.google.com') },
    timeoutMs,
  };
}
