import { isoDate } from '../fetch/article.js';
import { NewsEndpoint, plainText, SearchProviderError, type NewsEndpointOptions } from './http.js';
import { hostOf } from './trust.js';
import type { SearchOptions, SearchProvider, SearchResult } from './types.js';

export interface NaverNewsOptions extends NewsEndpointOptions {
  clientId: string;
  clientSecret: string;
  /** Default https://openapi.naver.com. */
  baseUrl?: string;
}

interface NaverItem {
  title?: string;
  originallink?: string;
  link?: string;
  description?: string;
  pubDate?: string;
}

const MAX_QUERY_CHARS = 100;
const MAX_DISPLAY = 100;

/** Naver's news search API (developers.naver.com, "검색 > 뉴스"): 25,000 calls a day per application. */
export class NaverNewsProvider implements SearchProvider {
  readonly name = 'naver';
  readonly kind = 'news' as const;
  private readonly endpoint: NewsEndpoint;

  constructor(private readonly options: NaverNewsOptions) {
    this.endpoint = new NewsEndpoint(this.name, options, {
      baseUrl: 'https://openapi.naver.com',
      concurrency: 4,
      maxQueryChars: MAX_QUERY_CHARS,
    });
  }

  async search(query: string, { limit, signal }: SearchOptions): Promise<SearchResult[]> {
    const q = this.endpoint.query(query);
    if (!q || limit <= 0) return [];
    const params = new URLSearchParams({
      query: q,
      display: String(Math.min(limit, MAX_DISPLAY)),
      start: '1',
      sort: 'sim',
    });
    const headers = {
      'X-Naver-Client-Id': this.options.clientId,
      'X-Naver-Client-Secret': this.options.clientSecret,
      accept: 'application/json',
    };
    const body = await this.endpoint.get(`/v1/search/news.json?${params}`, headers, signal);
    let items: unknown;
    try {
      items = (JSON.parse(body) as { items?: unknown }).items;
    } catch {
      throw new SearchProviderError(this.name, 'answer is not JSON');
    }
    if (!Array.isArray(items)) throw new SearchProviderError(this.name, 'answer has no items list');
    return (items as NaverItem[])
      .flatMap((item) => {
        // originallink is the publisher's page; link may be Naver's copy of it (n.news.naver.com).
        const url = item.originallink?.trim() || item.link?.trim();
        const title = plainText(item.title);
        if (!url || !title) return [];
        const publisher = item.originallink ? hostOf(item.originallink) : undefined;
        const published_at = isoDate(item.pubDate);
        return [
          {
            title,
            url,
            description: plainText(item.description),
            ...(published_at ? { published_at } : {}),
            ...(publisher ? { publisher, publisher_url: new URL(item.originallink!).origin } : {}),
          },
        ];
      })
      .slice(0, limit);
  }
}
