import {
  ConfigError,
  invalid,
  readInteger,
  readSecondsAsMs,
  readString,
  readUrl,
  type Env,
} from '../config-readers.js';
import type { FullTextConfig } from './full-text.js';

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
  /** Reading the top results' articles in full (full-text.ts). */
  fullText: FullTextConfig;
}

function baseUrl(env: Env, name: string, fallback: string): string {
  return (readUrl(env, name, { protocols: ['http:', 'https:'] }) ?? fallback).replace(/\/+$/, '');
}

/**
 * Naver runs when its keys are set; Google News only when OLALA_NEWS_PROVIDERS names it, since
 * operators do not expect a service to query Google unasked.
 */
export function loadSourcesConfig(env: Env = process.env): SourcesConfig {
  const clientId = readString(env, 'NAVER_CLIENT_ID');
  const clientSecret = readString(env, 'NAVER_CLIENT_SECRET');
  if (Boolean(clientId) !== Boolean(clientSecret)) {
    throw new ConfigError(
      clientId ? 'NAVER_CLIENT_SECRET' : 'NAVER_CLIENT_ID',
      'Naver News search needs both NAVER_CLIENT_ID and NAVER_CLIENT_SECRET',
    );
  }
  const naver =
    clientId && clientSecret
      ? { clientId, clientSecret, baseUrl: baseUrl(env, 'NAVER_API_URL', 'https://openapi.naver.com') }
      : undefined;

  const raw = readString(env, 'OLALA_NEWS_PROVIDERS')?.toLowerCase();
  let providers: NewsProviderName[];
  if (raw === undefined) providers = naver ? ['naver'] : [];
  else if (raw === 'none') providers = [];
  else {
    const names = [
      ...new Set(
        raw
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean),
      ),
    ];
    for (const name of names) {
      if (!(NEWS_PROVIDERS as readonly string[]).includes(name)) {
        throw invalid(
          'OLALA_NEWS_PROVIDERS',
          `a comma-separated list of ${NEWS_PROVIDERS.join(', ')}, or none`,
          raw,
          `unknown provider "${name}"`,
        );
      }
    }
    providers = names as NewsProviderName[];
    if (providers.includes('naver') && !naver)
      throw new ConfigError(
        'OLALA_NEWS_PROVIDERS',
        'naver is listed but NAVER_CLIENT_ID and NAVER_CLIENT_SECRET are not set',
      );
  }

  return {
    providers,
    ...(naver ? { naver } : {}),
    googleNews: { baseUrl: baseUrl(env, 'GOOGLE_NEWS_RSS_URL', 'https://news.google.com') },
    timeoutMs: readInteger(env, 'OLALA_NEWS_TIMEOUT_MS', 5000, { min: 100, max: 60_000 }),
    fullText: {
      perClaim: readInteger(env, 'OLALA_NEWS_FULLTEXT_PER_CLAIM', 3, { min: 0, max: 10 }),
      perHost: readInteger(env, 'OLALA_NEWS_FULLTEXT_PER_HOST', 2, { min: 1, max: 4 }),
      timeoutMs: readInteger(env, 'OLALA_NEWS_FULLTEXT_TIMEOUT_MS', 4000, { min: 100, max: 20_000 }),
      maxBytes: readInteger(env, 'OLALA_NEWS_FULLTEXT_MAX_BYTES', 1024 * 1024, {
        min: 16 * 1024,
        max: 2 * 1024 * 1024,
      }),
      cacheMs: readSecondsAsMs(env, 'OLALA_NEWS_FULLTEXT_CACHE_SECONDS', 3600, { min: 0, max: 86_400 }),
    },
  };
}
