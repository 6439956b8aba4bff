import type { SourcesConfig } from './config.js';
import type { FetchConfig } from '../fetch/config.js';
import { FullTextReader } from './full-text.js';
import { GoogleNewsProvider } from './google-news.js';
import { NaverNewsProvider } from './naver-news.js';
import type { SearchProvider } from './types.js';

export * from './config.js';
export * from './full-text.js';
export * from './google-news.js';
export { SearchProviderError } from './http.js';
export * from './naver-news.js';
export * from './self-citation.js';
export * from './trust.js';
export * from './types.js';

/**
 * The configured news searches. Create them once per process: each provider's concurrency
 * limit is shared by every run that uses it.
 */
export function createSearchProviders(config: SourcesConfig): SearchProvider[] {
  return config.providers.flatMap((name): SearchProvider[] => {
    if (name === 'naver')
      return config.naver ? [new NaverNewsProvider({ ...config.naver, timeoutMs: config.timeoutMs })] : [];
    return [new GoogleNewsProvider({ baseUrl: config.googleNews.baseUrl, timeoutMs: config.timeoutMs })];
  });
}

/**
 * The reader of news articles in full, or undefined when it is off. Create it once per process:
 * its cache and per-site limits are shared by every run.
 */
export function createFullTextReader(config: SourcesConfig, fetch: FetchConfig): FullTextReader | undefined {
  if (config.providers.length === 0 || config.fullText.perClaim === 0) return undefined;
  return new FullTextReader({ ...config.fullText, allowLoopback: fetch.allowLoopback });
}
