/**
 * Whether a search result is the article being checked: an article cannot be evidence for
 * itself, yet news searches find it first, under another URL form or a retouched title.
 */

/** Query parameters that only say where a click came from. */
const TRACKING =
  /^(utm_.*|fbclid|gclid|dclid|gbraid|wbraid|msclkid|yclid|igshid|mc_cid|mc_eid|_ga|ref_src|ocid|cmpid|sns|from)$/i;
const TITLE_SIMILARITY = 0.9;
/** Shorter normalised titles must match exactly: two short headlines share bigrams by chance. */
const MIN_FUZZY_TITLE = 8;

/** Naver shows one article under several URL forms; they all name the press (oid) and article (aid). */
function naverNewsKey(url: URL): string | undefined {
  if (!/(^|\.)news\.naver\.com$/.test(url.hostname)) return undefined;
  const path = /\/(?:mnews\/)?article\/(\d+)\/(\d+)/.exec(url.pathname);
  if (path) return `naver-news:${path[1]}/${path[2]}`;
  const oid = url.searchParams.get('oid');
  const aid = url.searchParams.get('aid');
  return oid && aid ? `naver-news:${oid}/${aid}` : undefined;
}

/** One string per article address: scheme, www./m. prefixes, trailing slash, fragment and tracking parameters ignored. */
export function normalizeArticleUrl(raw: string): string | undefined {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return undefined;
  }
  const naver = naverNewsKey(url);
  if (naver) return naver;
  const host = url.hostname
    .toLowerCase()
    .replace(/\.$/, '')
    .replace(/^(www|m|mobile)\./, '');
  const params = [...url.searchParams]
    .filter(([key]) => !TRACKING.test(key))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const query = params.length ? `?${new URLSearchParams(params).toString()}` : '';
  const path = url.pathname.replace(/\/+$/, '') || '/';
  return `${host}${url.port ? `:${url.port}` : ''}${path}${query}`;
}

/** Without bracketed tags ([단독], (종합), 【속보】 …), a trailing " - 언론사" and all punctuation and spaces. */
export function normalizeTitle(title: string): string {
  return title
    .normalize('NFKC')
    .replace(/\s+[-|:–—]\s+[^-|:–—]{1,20}$/u, '')
    .replace(/^\s*(?:[[(【<〈「『][^\])】>〉」』]{1,12}[\])】>〉」』]\s*)+/u, '')
    .replace(/(?:\s*[[(【<〈「『][^\])】>〉」』]{1,12}[\])】>〉」』])+\s*$/u, '')
    .toLowerCase()
    .replace(/[\p{P}\p{S}\s]+/gu, '');
}

function bigrams(s: string): Map<string, number> {
  const counts = new Map<string, number>();
  const chars = [...s];
  for (let i = 0; i + 1 < chars.length; i++) {
    const gram = chars[i]! + chars[i + 1]!;
    counts.set(gram, (counts.get(gram) ?? 0) + 1);
  }
  return counts;
}

/** Sørensen–Dice coefficient of the two strings' character bigrams (as multisets). */
export function diceSimilarity(a: string, b: string): number {
  const x = bigrams(a);
  const y = bigrams(b);
  let total = 0;
  let shared = 0;
  for (const n of x.values()) total += n;
  for (const [gram, n] of y) {
    total += n;
    shared += Math.min(n, x.get(gram) ?? 0);
  }
  return total === 0 ? (a === b ? 1 : 0) : (2 * shared) / total;
}

export function isNearIdenticalTitle(a: string, b: string): boolean {
  const x = normalizeTitle(a);
  const y = normalizeTitle(b);
  if (!x || !y) return false;
  if (x === y) return true;
  if (Math.min(x.length, y.length) < MIN_FUZZY_TITLE) return false;
  return diceSimilarity(x, y) >= TITLE_SIMILARITY;
}

export function isSameArticle(
  candidate: { url: string; title: string },
  checked: { url: string; canonical_url?: string; title?: string },
): boolean {
  const candidateUrl = normalizeArticleUrl(candidate.url);
  if (candidateUrl) {
    for (const url of [checked.url, checked.canonical_url]) {
      if (url && normalizeArticleUrl(url) === candidateUrl) return true;
    }
  }
  return Boolean(checked.title) && isNearIdenticalTitle(candidate.title, checked.title ?? '');
}
