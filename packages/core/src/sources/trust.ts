import type { TrustTier } from '../evidence.js';

/**
 * How much a source is trusted, by its host. The lists are hand-kept and deliberately short:
 * - government and academic: the registries' reserved second-level domains (.go.kr, .mil.kr,
 *   .ac.kr, .re.kr under KISA's .kr rules; .gov, .mil, .edu, .int) plus a few portals
 *   outside them (korea.kr is the government's news portal, kosis.kr its statistics portal);
 * - major_news: Korea's wire services (연합뉴스, 뉴시스, 뉴스1), terrestrial, general-programming
 *   and news-channel broadcasters and the national general and economic dailies as the Korea
 *   Press Foundation groups them, and international wire services and newspapers of record;
 * - community: user-written platforms (blogs, cafés, forums, video, social networks, and
 *   namu.wiki, which anyone edits without sources being required).
 * Everything else found by a news search is `news`; the rest is `unknown`.
 */

export const TRUST_SCORES: Record<TrustTier, number> = {
  government: 0.96,
  academic: 0.9,
  encyclopedia: 0.82,
  major_news: 0.8,
  news: 0.72,
  unknown: 0.55,
  community: 0.45,
};

const COMMUNITY = [
  'blog.naver.com',
  'cafe.naver.com',
  'post.naver.com',
  'kin.naver.com',
  'blog.daum.net',
  'cafe.daum.net',
  'tistory.com',
  'brunch.co.kr',
  'velog.io',
  'medium.com',
  'blogspot.com',
  'wordpress.com',
  'egloos.com',
  'namu.wiki',
  'dcinside.com',
  'fmkorea.com',
  'theqoo.net',
  'clien.net',
  'ruliweb.com',
  'instiz.net',
  'ppomppu.co.kr',
  'mlbpark.donga.com',
  'bobaedream.co.kr',
  'inven.co.kr',
  'todayhumor.co.kr',
  '82cook.com',
  'youtube.com',
  'youtu.be',
  'tiktok.com',
  'facebook.com',
  'instagram.com',
  'x.com',
  'twitter.com',
  'threads.net',
  'reddit.com',
];
const ENCYCLOPEDIA = [
  'wikipedia.org',
  'encykorea.aks.ac.kr',
  'terms.naver.com',
  'stdict.korean.go.kr',
  'britannica.com',
  '100.daum.net',
  'doopedia.co.kr',
];
const GOVERNMENT_SUFFIXES = ['go.kr', 'mil.kr', 'gov', 'mil', 'int', 'korea.kr', 'kosis.kr'];
/** Foreign government second-level domains such as gov.uk, gouv.fr, go.jp. */
const FOREIGN_GOVERNMENT = /(^|\.)(gov|gouv|go|gob)\.[a-z]{2}$/;
const ACADEMIC_SUFFIXES = [
  'ac.kr',
  're.kr',
  'edu',
  'riss.kr',
  'kci.go.kr',
  'dbpia.co.kr',
  'bok.or.kr',
  'kdi.re.kr',
  'arxiv.org',
  'doi.org',
  'nature.com',
  'science.org',
];
const FOREIGN_ACADEMIC = /(^|\.)(ac|edu)\.[a-z]{2}$/;
const MAJOR_NEWS = [
  // wire services and broadcasters
  'yna.co.kr',
  'yonhapnewstv.co.kr',
  'newsis.com',
  'news1.kr',
  'kbs.co.kr',
  'imbc.com',
  'sbs.co.kr',
  'ebs.co.kr',
  'ytn.co.kr',
  'jtbc.co.kr',
  'jtbc.joins.com',
  'tvchosun.com',
  'ichannela.com',
  'mbn.co.kr',
  'nocutnews.co.kr',
  // national general and economic dailies
  'chosun.com',
  'joongang.co.kr',
  'donga.com',
  'hani.co.kr',
  'khan.co.kr',
  'hankookilbo.com',
  'kmib.co.kr',
  'seoul.co.kr',
  'segye.com',
  'munhwa.com',
  'hankyung.com',
  'mk.co.kr',
  'sedaily.com',
  'mt.co.kr',
  // international
  'reuters.com',
  'apnews.com',
  'afp.com',
  'bbc.com',
  'bbc.co.uk',
  'nytimes.com',
  'washingtonpost.com',
  'wsj.com',
  'ft.com',
  'theguardian.com',
  'economist.com',
  'bloomberg.com',
  'nhk.or.jp',
  'npr.org',
];
/** Portals' news sections and other outlets whose host does not say "news". */
const OTHER_NEWS = [
  'news.naver.com',
  'n.news.naver.com',
  'news.daum.net',
  'v.daum.net',
  'news.nate.com',
  'news.google.com',
  'ohmynews.com',
  'pressian.com',
  'edaily.co.kr',
  'asiae.co.kr',
  'heraldcorp.com',
  'fnnews.com',
  'etnews.com',
  'zdnet.co.kr',
  'bloter.net',
  'sisain.co.kr',
  'sisajournal.com',
  'mediatoday.co.kr',
  'kyeongin.com',
  'busan.com',
  'imaeil.com',
  'kookje.co.kr',
];

function within(host: string, domains: readonly string[]): boolean {
  return domains.some((d) => host === d || host.endsWith(`.${d}`));
}

/** The site of a URL: lowercased, without `www.`, `m.`, `mobile.` or a trailing dot; undefined unless http(s). */
export function hostOf(raw: string | undefined): string | undefined {
  if (!raw) return undefined;
  try {
    const url = new URL(raw);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
    return url.hostname
      .toLowerCase()
      .replace(/\.$/, '')
      .replace(/^(www|m|mobile)\./, '');
  } catch {
    return undefined;
  }
}

function tierOfHost(host: string, news: boolean): TrustTier {
  if (within(host, COMMUNITY) || /^blogs?\./.test(host)) return 'community';
  if (within(host, ENCYCLOPEDIA)) return 'encyclopedia';
  if (within(host, GOVERNMENT_SUFFIXES) || FOREIGN_GOVERNMENT.test(host)) return 'government';
  if (within(host, ACADEMIC_SUFFIXES) || FOREIGN_ACADEMIC.test(host)) return 'academic';
  if (within(host, MAJOR_NEWS)) return 'major_news';
  if (
    news ||
    within(host, OTHER_NEWS) ||
    host
      .split('.')
      .slice(0, -1)
      .some((label) => label.includes('news'))
  )
    return 'news';
  return 'unknown';
}

export interface TrustHints {
  /**
   * The publisher's own site, for results whose URL is an aggregator's (a Google News
   * redirect, a Naver News copy): the publisher's host decides then.
   */
  publisherUrl?: string;
  /** Found by a news search: an unlisted host is still a news outlet. */
  news?: boolean;
}

export function trustOf(url: string, hints: TrustHints = {}): { tier: TrustTier; trust: number } {
  let tier: TrustTier;
  if (/^wiki:/i.test(url)) tier = 'encyclopedia';
  else {
    const host = hostOf(url);
    const publisher = hostOf(hints.publisherUrl);
    const aggregated =
      host === undefined ||
      within(host, ['news.google.com', 'news.naver.com', 'news.daum.net', 'v.daum.net', 'news.nate.com']);
    const judged = aggregated && publisher ? publisher : host;
    tier = judged ? tierOfHost(judged, hints.news ?? false) : 'unknown';
  }
  return { tier, trust: TRUST_SCORES[tier] };
}
