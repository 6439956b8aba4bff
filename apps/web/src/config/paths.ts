/** Every path of the app, beside the function that builds its link. */
export const paths = {
  verify: { pattern: '/', href: () => '/' },
  history: { pattern: '/history', href: () => '/history' },
  bookmarks: { pattern: '/bookmarks', href: () => '/bookmarks' },
  settings: { pattern: '/settings', href: () => '/settings' },
  result: { pattern: '/r/:id', href: (id: string) => `/r/${encodeURIComponent(id)}` },
  wiki: {
    pattern: '/wiki/:pageId',
    /** `quote` finds the chunk holding the quote; `chunk` (the citation's search hit) is the fallback. */
    href: (pageId: number, focus: { chunk?: number; quote?: string } = {}) => {
      const q = new URLSearchParams();
      if (focus.chunk !== undefined) q.set('chunk', String(focus.chunk));
      if (focus.quote) q.set('q', focus.quote.slice(0, 200));
      const s = q.toString();
      return `/wiki/${pageId}${s ? `?${s}` : ''}`;
    },
  },
} as const;

/** The wiki page a citation's URL names: `wiki://page/19` or `https://ko.wikipedia.org/wiki?curid=19`. */
export function wikiPageIdOf(url: string): number | undefined {
  const m = /^wiki:\/\/page\/(\d+)$/.exec(url) ?? /[?&]curid=(\d+)(?:&|$)/.exec(url);
  return m ? Number(m[1]) : undefined;
}
