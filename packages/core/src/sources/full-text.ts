import pLimit, { type LimitFunction } from 'p-limit';
import { fetchArticle, type Article } from '../fetch/article.js';
import type { Evidence } from '../evidence.js';
import { isSameArticle } from './self-citation.js';

/**
 * The full text of the top news results, so a quote can come from an article's body rather
 * than the search API's two-line description. Pages are fetched on a user's behalf, so they go
 * through the SSRF-safe fetch and article extraction (fetch/), bounded: N articles per claim,
 * a few connections per site, a size cap, and whatever is left of the run's time. Whatever
 * fails, is refused or comes late keeps its description.
 */

export interface FullTextConfig {
  /** News results read in full per claim; 0 reads none. */
  perClaim: number;
  /** Connections to one site (host and port) at once, across every run of the process. */
  perHost: number;
  /** Per article, redirects included; the run's remaining time cuts it shorter. */
  timeoutMs: number;
  /** Largest page accepted, after decompression. */
  maxBytes: number;
  /** How long a fetched article is reused; 0 keeps none. */
  cacheMs: number;
}

export type ArticleFetcher = (
  url: string,
  options: { signal: AbortSignal; timeoutMs: number; maxBytes: number },
) => Promise<Article>;

export interface FullTextReaderOptions extends FullTextConfig {
  /** Lets tests reach loopback fakes (fetch/config.ts); never in production. */
  allowLoopback?: boolean;
  /** Replaces the SSRF-safe fetch, for tests of the bounds around it. */
  fetch?: ArticleFetcher;
  /** The cache's clock, for tests. */
  now?: () => number;
}

/** The article being checked: its own text is never evidence for it. */
export interface CheckedArticle {
  url: string;
  canonical_url?: string;
  title?: string;
}

export interface FullTextReport {
  /** Articles read in full: fetched now, or taken from the cache. */
  fetched: number;
  cached: number;
  /** Refused, failed or too late: their descriptions stand. */
  failed: number;
  /** Results that turned out, once fetched, to be the checked article: dropped. */
  self_citations: number;
}

/** Cache bounds: a news page's text is at most 20,000 characters (fetch/article.ts). */
const CACHE_MAX_ENTRIES = 500;
const CACHE_MAX_BYTES = 32 * 1024 * 1024;
/** Kept back from the stage's deadline, so reading never makes the search stage time out. */
const DEADLINE_MARGIN_MS = 250;

/** Least recently used first (a Map keeps insertion order); entries expire `ttlMs` after they were stored. */
class ArticleCache {
  private readonly entries = new Map<string, { article: Article; bytes: number; expires: number }>();
  private bytes = 0;

  constructor(
    private readonly ttlMs: number,
    private readonly now: () => number,
  ) {}

  get(url: string): Article | undefined {
    const entry = this.entries.get(url);
    if (!entry) return undefined;
    this.entries.delete(url);
    if (entry.expires <= this.now()) {
      this.bytes -= entry.bytes;
      return undefined;
    }
    this.entries.set(url, entry);
    return entry.article;
  }

  set(url: string, article: Article): void {
    if (this.ttlMs <= 0) return;
    const old = this.entries.get(url);
    if (old) {
      this.entries.delete(url);
      this.bytes -= old.bytes;
    }
    // UTF-16: two bytes a character is what the strings hold.
    const bytes = 2 * (article.text.length + article.title.length + article.url.length + article.canonical_url.length);
    this.entries.set(url, { article, bytes, expires: this.now() + this.ttlMs });
    this.bytes += bytes;
    while (this.entries.size > CACHE_MAX_ENTRIES || this.bytes > CACHE_MAX_BYTES) {
      const [oldest, entry] = this.entries.entries().next().value!;
      this.entries.delete(oldest);
      this.bytes -= entry.bytes;
    }
  }
}

type Outcome = { article: Article; cached: boolean } | { failure: string };

/**
 * Create one per process: its cache and per-site limits are shared by every run. `read` is the
 * collect stage's hook.
 */
export class FullTextReader {
  private readonly cache: ArticleCache;
  private readonly hosts = new Map<string, { limit: LimitFunction; users: number }>();
  private readonly fetch: ArticleFetcher;

  constructor(private readonly options: FullTextReaderOptions) {
    this.cache = new ArticleCache(options.cacheMs, options.now ?? Date.now);
    this.fetch =
      options.fetch ?? ((url, o) => fetchArticle(url, { ...o, allowLoopback: options.allowLoopback ?? false }));
  }

  /**
   * The news evidence with the best-ranked `perClaim` articles' bodies as their content. Ends
   * before `remainingMs()` runs out (the stage's deadline) and stops when `signal` aborts.
   */
  async read(
    evidence: readonly Evidence[],
    { signal, remainingMs, checked }: { signal: AbortSignal; remainingMs: () => number; checked?: CheckedArticle },
  ): Promise<{ evidence: Evidence[]; report: FullTextReport }> {
    const report: FullTextReport = { fetched: 0, cached: 0, failed: 0, self_citations: 0 };
    const budgetMs = Math.floor(remainingMs() - DEADLINE_MARGIN_MS);
    if (this.options.perClaim <= 0 || budgetMs <= 0) return { evidence: [...evidence], report };

    // Results the merge drops as the checked article are not worth a fetch.
    const ranked = evidence
      .filter((e) => e.source_type === 'NEWS' && !(checked && isSameArticle(e, checked)))
      .sort((a, b) => b.relevance - a.relevance);
    const urls = [...new Set(ranked.map((e) => e.url))].slice(0, this.options.perClaim);

    const deadline = AbortSignal.any([signal, AbortSignal.timeout(budgetMs)]);
    const outcomes = new Map(
      await Promise.all(urls.map(async (url) => [url, await this.articleOf(url, deadline)] as const)),
    );

    const self = new Set<string>();
    for (const [url, outcome] of outcomes) {
      if ('failure' in outcome) report.failed++;
      else if (checked && isCheckedArticle(outcome.article, checked)) self.add(url);
      else if (outcome.cached) report.cached++;
      else report.fetched++;
    }
    const out: Evidence[] = [];
    for (const item of evidence) {
      if (self.has(item.url)) {
        report.self_citations++;
        continue;
      }
      const outcome = outcomes.get(item.url);
      out.push(outcome && 'article' in outcome ? { ...item, content: `${item.title}\n${outcome.article.text}` } : item);
    }
    return { evidence: out, report };
  }

  private async articleOf(url: string, signal: AbortSignal): Promise<Outcome> {
    const hit = this.cache.get(url);
    if (hit) return { article: hit, cached: true };
    let host: string;
    try {
      host = new URL(url).host;
    } catch {
      return { failure: 'not a URL' };
    }
    try {
      return await this.onHost(host, async () => {
        signal.throwIfAborted();
        // Another run may have read it while this one waited for the site.
        const fresh = this.cache.get(url);
        if (fresh) return { article: fresh, cached: true };
        // The signal carries the run's deadline and cancellation; timeoutMs is this article's own bound.
        const article = await this.fetch(url, {
          signal,
          timeoutMs: this.options.timeoutMs,
          maxBytes: this.options.maxBytes,
        });
        // A consent wall or an extraction that found no body says less than the search did.
        if (article.text.length < MIN_BODY_CHARS) return { failure: 'no article body' };
        this.cache.set(url, article);
        return { article, cached: false };
      });
    } catch (err) {
      return { failure: err instanceof Error ? err.message : String(err) };
    }
  }

  private async onHost<T>(host: string, fn: () => Promise<T>): Promise<T> {
    let slot = this.hosts.get(host);
    if (!slot) this.hosts.set(host, (slot = { limit: pLimit(this.options.perHost), users: 0 }));
    slot.users++;
    try {
      return await slot.limit(fn);
    } finally {
      if (--slot.users === 0) this.hosts.delete(host);
    }
  }
}

/** A body shorter than this is a fragment (a paywall, a consent page), not the article. */
const MIN_BODY_CHARS = 200;

/** The fetched page's final URL, canonical URL or title can reveal the checked article behind a redirect. */
function isCheckedArticle(article: Article, checked: CheckedArticle): boolean {
  return [article.url, article.canonical_url].some((url) => isSameArticle({ url, title: article.title }, checked));
}
