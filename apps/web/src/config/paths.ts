import { cutAt } from '@olala/contract/text-tools';

/** Every path of the app, beside the function that builds its link. */
export const paths = {
  verify: { pattern: '/', href: () => '/' },
  history: { pattern: '/history', href: () => '/history' },
  bookmarks: { pattern: '/bookmarks', href: () => '/bookmarks' },
  settings: { pattern: '/settings', href: () => '/settings' },
  login: { pattern: '/login', href: (next?: string) => (next ? `/login?next=${encodeURIComponent(next)}` : '/login') },
  register: {
    pattern: '/register',
    href: (next?: string) => (next ? `/register?next=${encodeURIComponent(next)}` : '/register'),
  },
  profile: { pattern: '/profile', href: () => '/profile' },
  admin: {
    pattern: '/admin',
    href: (tab?: string) => (tab && tab !== 'stats' ? `/admin?tab=${encodeURIComponent(tab)}` : '/admin'),
  },
  issue: { pattern: '/issues/:id', href: (id: string) => `/issues/${encodeURIComponent(id)}` },
  chat: { pattern: '/issues/:id/chat', href: (id: string) => `/issues/${encodeURIComponent(id)}/chat` },
  result: { pattern: '/r/:id', href: (id: string) => `/r/${encodeURIComponent(id)}` },
  /** An article check in the app; its share page is `result` (the server renders `/r/:id` for articles too). */
  article: { pattern: '/articles/:id', href: (id: string) => `/articles/${encodeURIComponent(id)}` },
  wiki: {
    pattern: '/wiki/:pageId',
    /** `quote` finds the chunk holding the quote; `chunk` (the citation's search hit) is the fallback. */
    href: (pageId: number, focus: { chunk?: number; quote?: string } = {}) => {
      const q = new URLSearchParams();
      if (focus.chunk !== undefined) q.set('chunk', String(focus.chunk));
      if (focus.quote) q.set('q', cutAt(focus.quote, 200));
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

/** A `?next=` path to return to after login: only this app's own paths (never another site). */
export function safeNext(next: string | null): string | undefined {
  return next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\') ? next : undefined;
}
