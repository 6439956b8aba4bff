import { XMLParser } from 'fast-xml-parser';
import { isoDate } from '../fetch/article.js';
import { NewsEndpoint, plainText, SearchProviderError, type NewsEndpointOptions } from './http.js';
import type { SearchOptions, SearchProvider, SearchResult } from './types.js';

export interface GoogleNewsOptions extends NewsEndpointOptions {
  /** Default https://news.google.com. */
  baseUrl?: string;
}

interface RssItem {
  title?: string;
  link?: string;
  pubDate?: string;
  description?: string;
  source?: string | { '#text'?: string; url?: string };
}

const MAX_QUERY_CHARS = 200;

/**
 * Google News' keyless RSS search, in Korean for Korea. Its links are Google redirects, so each
 * result also carries the publisher's site (the <source url>) for trust tiers. Undocumented
 * and rate-limited by Google, hence off unless an operator enables it.
 */
export class GoogleNewsProvider implements SearchProvider {
  readonly name = 'google-news';
  readonly kind = 'news' as const;
  private readonly endpoint: NewsEndpoint;
  private readonly parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '',
    parseTagValue: false,
    isArray: (name) => name === 'item',
  });

  constructor(options: GoogleNewsOptions = {}) {
    this.endpoint = new NewsEndpoint(this.name, options, {
      baseUrl: 'https://news.google.com',
      concurrency: 2,
      maxQueryChars: MAX_QUERY_CHARS,
    });
  }

  async search(query: string, { limit, signal }: SearchOptions): Promise<SearchResult[]> {
    const q = this.endpoint.query(query);
    if (!q || limit <= 0) return [];
    const params = new URLSearchParams({ q, hl: 'ko', gl: 'KR', ceid: 'KR:ko' });
    const headers = {
      accept: 'application/rss+xml, application/xml;q=0.9',
      'user-agent': 'Mozilla/5.0 (compatible; OLaLA-FactCheck/0.1)',
    };
    const body = await this.endpoint.get(`/rss/search?${params}`, headers, signal);
    let items: RssItem[] | undefined;
    try {
      items = (this.parser.parse(body) as { rss?: { channel?: { item?: RssItem[] } } }).rss?.channel?.item;
    } catch (err) {
      throw new SearchProviderError(this.name, `answer is not RSS (${(err as Error).message})`);
    }
    if (items === undefined && !/<rss[\s>]/.test(body)) throw new SearchProviderError(this.name, 'answer is not RSS');
    return (items ?? []).flatMap((item) => toResult(item)).slice(0, limit);
  }
}

function toResult(item: RssItem): SearchResult[] {
  const source = typeof item.source === 'string' ? { '#text': item.source } : (item.source ?? {});
  const publisher = plainText(source['#text']);
  let title = plainText(item.title);
  // Google appends " - <publisher>" to every title.
  if (publisher && title.endsWith(` - ${publisher}`)) title = title.slice(0, -(publisher.length + 3)).trim();
  const url = item.link?.trim();
  if (!title || !url) return [];
  // The description is the title again as a link, then the publisher: worth keeping only if it says more.
  let description = plainText(item.description);
  const rest = description.replace(title, '').replace(publisher, '').trim();
  if (!rest) description = '';
  const published_at = isoDate(item.pubDate);
  return [
    {
      title,
      url,
      description,
      ...(published_at ? { published_at } : {}),
      ...(publisher ? { publisher } : {}),
      ...(source.url ? { publisher_url: source.url } : {}),
    },
  ];
}
