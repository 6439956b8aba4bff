import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';
import { cleanText } from '@olala/contract';
import { safeFetch, type SafeFetchOptions } from './safe-fetch.js';

/**
 * The article of a fetched page. Mozilla's Readability (Firefox's reader view) finds the body
 * text; linkedom gives it a DOM at a fraction of jsdom's cost. Titles and descriptions prefer
 * the Open Graph tags that Korean news sites fill in carefully, over the <title>, which
 * usually carries the site name too.
 */
export interface Article {
  url: string;
  /** <link rel=canonical>, else og:url, else `url`. */
  canonical_url: string;
  title: string;
  description: string;
  /** Paragraphs separated by "\n", whitespace collapsed within them, at most `maxChars`. */
  text: string;
  site_name: string;
  published_at?: string;
}

export const ARTICLE_MAX_CHARS = 20_000;
/** Below this, Readability probably kept a fragment, and the whole page's text is tried too. */
const MIN_ARTICLE_CHARS = 200;

/** Elements whose text starts a new line, so paragraphs stay apart in `text`. */
const BLOCKS = new Set(
  'ADDRESS ARTICLE ASIDE BLOCKQUOTE BR DD DIV DL DT FIGCAPTION FIGURE FOOTER H1 H2 H3 H4 H5 H6 HEADER HR LI MAIN OL P PRE SECTION TABLE TD TH TR UL'.split(
    ' ',
  ),
);

interface TextNode {
  nodeType: number;
  nodeName: string;
  textContent: string | null;
  childNodes: ArrayLike<TextNode>;
}

function blockText(node: TextNode, out: string[] = []): string {
  for (const child of Array.from(node.childNodes)) {
    if (child.nodeType === 3) out.push(child.textContent ?? '');
    else if (child.nodeType === 1) {
      const block = BLOCKS.has(child.nodeName.toUpperCase());
      if (block) out.push('\n');
      blockText(child, out);
      if (block) out.push('\n');
    }
  }
  return out.join('');
}

/** Collapses whitespace within lines and drops empty lines. */
function normalizeText(text: string): string {
  return text
    .split('\n')
    .map((line) => line.replace(/\s+/g, ' ').trim())
    .filter(Boolean)
    .join('\n');
}

function cap(text: string, maxChars: number): string {
  if (text.length <= maxChars) return text;
  const cut = text.slice(0, maxChars);
  const space = cut.search(/\s\S*$/);
  return (space > maxChars * 0.8 ? cut.slice(0, space) : cut).trimEnd();
}

function httpUrl(raw: string | undefined, base: string): string | undefined {
  if (!raw) return undefined;
  try {
    const u = new URL(raw, base);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : undefined;
  } catch {
    return undefined;
  }
}

/** RFC 822 dates (`Mon, 03 Mar 2025 09:30:00 +0900`, news feeds) and ISO ones (page metadata), as ISO 8601. */
export function isoDate(raw: string | null | undefined): string | undefined {
  if (!raw) return undefined;
  const t = Date.parse(raw.trim());
  return Number.isNaN(t) ? undefined : new Date(t).toISOString();
}

function pageText(html: string): string {
  const { document } = parseHTML(html);
  for (const el of document.querySelectorAll('script, style, noscript, template, nav, header, footer, aside, form'))
    el.remove();
  return normalizeText(document.body ? blockText(document.body as unknown as TextNode) : '');
}

export function extractArticle(html: string, url: string, options: { maxChars?: number } = {}): Article {
  const { document } = parseHTML(html);
  const meta = (key: string) =>
    document
      .querySelector(`meta[property="${key}"], meta[name="${key}"]`)
      ?.getAttribute('content')
      ?.replace(/\s+/g, ' ')
      .trim() || undefined;
  const head = {
    ogTitle: meta('og:title') ?? meta('twitter:title'),
    htmlTitle: document.querySelector('title')?.textContent?.replace(/\s+/g, ' ').trim() || undefined,
    description: meta('og:description') ?? meta('description') ?? meta('twitter:description'),
    siteName: meta('og:site_name'),
    published: meta('article:published_time') ?? meta('pubdate') ?? meta('publishdate') ?? meta('date'),
    canonical:
      httpUrl(document.querySelector('link[rel="canonical"]')?.getAttribute('href') ?? undefined, url) ??
      httpUrl(meta('og:url'), url),
    time: document.querySelector('time[datetime]')?.getAttribute('datetime'),
  };
  // Readability changes the document it reads, so everything above is taken first.
  const parsed = new Readability(document as never, {
    serializer: (node: unknown) => blockText(node as TextNode),
  }).parse();

  let text = normalizeText(parsed?.content ?? '');
  if (text.length < MIN_ARTICLE_CHARS) {
    const whole = pageText(html);
    if (whole.length > text.length) text = whole;
  }
  const description = head.description ?? parsed?.excerpt?.trim() ?? '';
  if (!text) text = normalizeText(description);
  const title = head.ogTitle ?? parsed?.title?.trim() ?? head.htmlTitle ?? '';
  const published_at = isoDate(head.published) ?? isoDate(parsed?.publishedTime) ?? isoDate(head.time);
  return {
    url,
    canonical_url: head.canonical ?? url,
    title,
    description: description.replace(/\s+/g, ' ').trim(),
    text: cap(text, options.maxChars ?? ARTICLE_MAX_CHARS),
    site_name: head.siteName ?? parsed?.siteName?.trim() ?? new URL(url).hostname.replace(/^www\./, ''),
    ...(published_at ? { published_at } : {}),
  };
}

/** A plain-text page: its first line is the title. */
export function articleFromText(text: string, url: string, options: { maxChars?: number } = {}): Article {
  const body = normalizeText(text);
  const title = (body.split('\n')[0] ?? '').slice(0, 200);
  return {
    url,
    canonical_url: url,
    title,
    description: body.slice(0, 300),
    text: cap(body, options.maxChars ?? ARTICLE_MAX_CHARS),
    site_name: new URL(url).hostname.replace(/^www\./, ''),
  };
}

/** Fetches `url` with the SSRF checks of safeFetch and extracts its article. */
export async function fetchArticle(
  url: string,
  options: SafeFetchOptions & { maxChars?: number } = {},
): Promise<Article> {
  const page = await safeFetch(url, options);
  // The page's words become a claim and a stored result: the request boundary's rule applies to them too.
  const text = cleanText(page.text);
  return page.content_type === 'text/plain'
    ? articleFromText(text, page.url, options)
    : extractArticle(text, page.url, options);
}
