/** A news or web search result before it becomes evidence. */
export interface SearchResult {
  title: string;
  url: string;
  /** The provider's summary of the article (plain text, markup removed). */
  description: string;
  published_at?: string;
  /** The publisher's name or domain when the provider says. */
  publisher?: string;
  /**
   * The publisher's site when `url` is an aggregator's link (Google News redirects): trust tiers
   * judge the publisher then (`trustOf(url, { publisherUrl })`).
   */
  publisher_url?: string;
}

export interface SearchOptions {
  limit: number;
  signal?: AbortSignal;
}

/** A news or web search API behind one interface, so the collect stage can run any set of them. */
export interface SearchProvider {
  readonly name: string;
  readonly kind: 'news' | 'web';
  search(query: string, options: SearchOptions): Promise<SearchResult[]>;
}
