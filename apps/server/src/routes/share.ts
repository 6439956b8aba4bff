import fs from 'node:fs';
import path from 'node:path';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { VERDICT_LABELS, type ArticleCheckResponse, type StoredAnalysis } from '@olala/contract';
import { escapeHtml, truncate } from '@olala/contract/text-tools';
import { VERDICT_CHIP_TEXT, VERDICT_COLOURS, VERDICT_NAMES } from '@olala/contract/verdicts';
import { getAnalysis } from '@olala/core/analyses';
import { getArticle } from '@olala/core/articles';
import { claimReview, jsonLdScript, type ReviewAuthor } from './claim-review.js';
import { WEB_DIR } from '../plugins/static.js';
import { found, useAudience, type HttpError } from './errors.js';
import { AnalysisIdParams } from './v1/history.js';

/** One line of at most `max` characters for a preview. */
const clip = (text: string, max: number) => truncate(text.replace(/\s+/g, ' ').trim(), max);

export interface ShareMeta {
  title: string;
  description: string;
  /** The canonical address: absolute with a configured public URL, else the path. */
  url: string;
  /** Absolute URL of a preview picture (the app icon), when the build has one. */
  image?: string;
  /** schema.org ClaimReview objects (claim-review.ts), one per checked claim. */
  reviews?: Record<string, unknown>[];
}

/** The ClaimReview of a single check: the claim, and the checked URL when the input was one. */
export function analysisReviews(
  analysis: StoredAnalysis,
  author: ReviewAuthor,
  pageUrl: string | undefined,
): Record<string, unknown>[] {
  const review = claimReview(
    {
      claim: analysis.claim,
      label: analysis.result.label,
      reviewedAt: analysis.created_at,
      appearance: analysis.input_type === 'url' ? analysis.input_payload : null,
    },
    author,
    pageUrl,
  );
  return review ? [review] : [];
}

/** One ClaimReview per checked claim of an article, each appearing at the article's address. */
export function articleReviews(
  article: ArticleCheckResponse,
  author: ReviewAuthor,
  pageUrl: string | undefined,
): Record<string, unknown>[] {
  return article.claims.flatMap((c) => {
    if (!c.result) return [];
    const review = claimReview(
      {
        claim: c.text,
        label: c.result.label,
        reviewedAt: c.result.created_at,
        appearance: article.article.url,
        appearedAt: article.article.published_at,
      },
      author,
      pageUrl,
    );
    return review ? [review] : [];
  });
}

/** An article's name on the page: its headline, else its first line. */
const articleTitle = (a: ArticleCheckResponse) =>
  a.article.title.trim() || clip(a.article.text.split('\n')[0] ?? '', 80) || '기사 검증 결과';

/** `사실 2 · 거짓 1`: the labels the article's claims got, in the contract's order. */
const countsLine = (a: ArticleCheckResponse) =>
  VERDICT_LABELS.filter((l) => a.summary.counts[l] > 0)
    .map((l) => `${VERDICT_NAMES[l]} ${a.summary.counts[l]}`)
    .concat(a.summary.failed > 0 ? [`확인 실패 ${a.summary.failed}`] : [])
    .join(' · ');

export function articleShareMeta(article: ArticleCheckResponse, url: string, image?: string): ShareMeta {
  const counts = countsLine(article);
  return {
    title: clip(`기사 검증: ${articleTitle(article)}`, 100),
    description: clip(
      `주장 ${article.claims.length}개 검증${counts ? ` — ${counts}` : ''}. ${article.summary.overview}`,
      200,
    ),
    url,
    ...(image ? { image } : {}),
  };
}

export function shareMeta(analysis: StoredAnalysis, url: string, image?: string): ShareMeta {
  const r = analysis.result;
  const verdict = VERDICT_NAMES[r.label];
  // A refusal has no confidence worth showing.
  const confidence = r.label === 'REFUSED' ? '' : ` · 신뢰도 ${Math.round(r.confidence * 100)}%`;
  return {
    title: clip(r.headline || `${verdict}: ${analysis.claim}`, 100),
    description: `“${clip(analysis.claim, 120)}” — ${verdict}${confidence}`,
    url,
    ...(image ? { image } : {}),
  };
}

function metaTags(m: ShareMeta): string {
  const [title, description, url] = [m.title, m.description, m.url].map(escapeHtml);
  return [
    `<title>${title} — OLaLA</title>`,
    `<meta name="description" content="${description}">`,
    `<meta property="og:type" content="article">`,
    `<meta property="og:site_name" content="OLaLA">`,
    `<meta property="og:locale" content="ko_KR">`,
    `<meta property="og:title" content="${title}">`,
    `<meta property="og:description" content="${description}">`,
    // Open Graph takes absolute URLs only; canonical may be relative.
    ...(/^https?:\/\//.test(m.url) ? [`<meta property="og:url" content="${url}">`] : []),
    ...(m.image ? [`<meta property="og:image" content="${escapeHtml(m.image)}">`] : []),
    `<meta name="twitter:card" content="summary">`,
    `<meta name="twitter:title" content="${title}">`,
    `<meta name="twitter:description" content="${description}">`,
    `<link rel="canonical" href="${url}">`,
    // What someone typed is shared by link, by choice; search engines need not list it.
    `<meta name="robots" content="noindex">`,
    ...(m.reviews?.length ? [jsonLdScript(m.reviews.length === 1 ? m.reviews[0] : m.reviews)] : []),
  ].join('\n    ');
}

/**
 * The web app's index.html with our tags in its head, replacing its own title, description and
 * preview tags (a messenger takes the first it finds). Replacements are functions, so a `$&`
 * in a claim stays text.
 */
export function injectMeta(template: string, m: ShareMeta): string {
  const stripped = template
    .replace(/<title>[\s\S]*?<\/title>\s*/i, () => '')
    .replace(/<meta\s+(?:name="(?:description|twitter:[^"]*)"|property="og:[^"]*")[^>]*>\s*/gi, () => '')
    .replace(/<link\s+rel="canonical"[^>]*>\s*/gi, () => '');
  const tags = metaTags(m);
  return /<\/head>/i.test(stripped)
    ? stripped.replace(/<\/head>/i, () => `  ${tags}\n  </head>`)
    : `${tags}\n${stripped}`;
}

const STYLE = `
  :root { color-scheme: light dark; font-family: system-ui, 'Apple SD Gothic Neo', 'Noto Sans KR', sans-serif; }
  body { margin: 0; background: Canvas; color: CanvasText; }
  main { max-width: 36rem; margin: 0 auto; padding: 2rem 1.25rem; line-height: 1.6; }
  .pill { display: inline-block; padding: 0.2rem 0.8rem; border-radius: 999px; color: ${VERDICT_CHIP_TEXT.light}; font-weight: 700; }
  .claim { font-size: 1.1rem; border-left: 4px solid GrayText; padding-left: 0.75rem; }
  .bar { height: 0.5rem; border-radius: 999px; background: color-mix(in srgb, CanvasText 15%, transparent); overflow: hidden; }
  .bar > span { display: block; height: 100%; }
  .muted { opacity: 0.7; font-size: 0.9rem; }
  .summary-bar { display: flex; height: 0.75rem; border-radius: 999px; overflow: hidden; margin: 0.5rem 0; }
  .counts { display: flex; flex-wrap: wrap; gap: 0.4rem; padding: 0; list-style: none; }
  .claims { padding: 0; list-style: none; }
  .claims > li { margin: 1.25rem 0; padding-left: 0.75rem; border-left: 4px solid GrayText; }
  blockquote { margin: 0.4rem 0; font-size: 0.95rem; }
  a.button { display: inline-block; margin-top: 1.5rem; padding: 0.6rem 1.2rem; border-radius: 0.5rem; background: #2563eb; color: #fff; text-decoration: none; }`;

function page(head: string, body: string): string {
  return `<!doctype html>
<html lang="ko">
  <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    ${head}
    <style>${STYLE}</style>
  </head>
  <body>
    <main>
${body}
    </main>
  </body>
</html>
`;
}

/** Without the web app's build: the verdict on a page of its own. */
export function standalonePage(analysis: StoredAnalysis, m: ShareMeta): string {
  const r = analysis.result;
  const pct = Math.round(r.confidence * 100);
  const when = new Date(analysis.created_at).toLocaleString('ko-KR', { timeZone: 'Asia/Seoul' });
  // The chip keeps the light theme's colours in both schemes: it has its own background.
  const colour = VERDICT_COLOURS[r.label].light;
  return page(
    metaTags(m),
    `      <p><span class="pill" style="background:${colour}">${escapeHtml(VERDICT_NAMES[r.label])}</span></p>
      <h1>${escapeHtml(r.headline)}</h1>
      <p class="claim">${escapeHtml(analysis.claim)}</p>
      ${r.label === 'REFUSED' ? '' : `<p>신뢰도 ${pct}%</p><div class="bar" role="img" aria-label="신뢰도 ${pct}%"><span style="width:${pct}%;background:${colour}"></span></div>`}
      <p>${escapeHtml(r.summary)}</p>
      <p class="muted">${escapeHtml(when)}에 검증한 결과입니다. AI가 찾은 근거에 따른 판단이며 틀릴 수 있습니다.</p>
      <a class="button" href="/">OLaLA에서 직접 검증하기</a>`,
  );
}

/** Without the web app's build: the article, its label counts and each checked claim. */
export function standaloneArticlePage(article: ArticleCheckResponse, m: ShareMeta): string {
  const a = article.article;
  const when = new Date(article.created_at).toLocaleString('ko-KR', { timeZone: 'Asia/Seoul' });
  const total = article.claims.length;
  const pill = (label: keyof typeof VERDICT_NAMES, text = VERDICT_NAMES[label]) =>
    `<span class="pill" style="background:${VERDICT_COLOURS[label].light}">${escapeHtml(text)}</span>`;
  const present = VERDICT_LABELS.filter((l) => article.summary.counts[l] > 0);
  const bar = total
    ? `<div class="summary-bar" role="img" aria-label="${escapeHtml(countsLine(article))}">${present
        .map(
          (l) =>
            `<span style="width:${Math.round((article.summary.counts[l] / total) * 10000) / 100}%;background:${VERDICT_COLOURS[l].light}"></span>`,
        )
        .join('')}</div>`
    : '';
  const counts = present.map((l) => `<li>${pill(l, `${VERDICT_NAMES[l]} ${article.summary.counts[l]}`)}</li>`).join('');
  const claims = article.claims
    .map((c) => {
      const quoted = c.spans.map((s) => a.text.slice(s.start, s.end)).join(' … ');
      const cited = c.result?.citations.find((q) => q.quote);
      return `        <li>
          <p>${c.result ? pill(c.result.label) : pill('UNVERIFIED', '확인 실패')}</p>
          <p class="claim">${escapeHtml(c.text)}</p>
          <blockquote>기사 원문: “${escapeHtml(clip(quoted, 300))}”</blockquote>
          ${c.result ? `<p>${escapeHtml(c.result.headline)}</p>` : `<p class="muted">${escapeHtml(c.error?.message ?? '')}</p>`}
          ${cited ? `<p class="muted">근거: “${escapeHtml(clip(cited.quote, 200))}” — ${escapeHtml(cited.title)}</p>` : ''}
        </li>`;
    })
    .join('\n');
  const source =
    a.url && /^https?:\/\//i.test(a.url)
      ? `<p><a href="${escapeHtml(a.url)}" rel="noopener noreferrer nofollow">기사 원문 보기</a></p>`
      : '';
  return page(
    metaTags(m),
    `      <p class="muted">기사 검증</p>
      <h1>${escapeHtml(articleTitle(article))}</h1>
      ${source}
      ${bar}
      <ul class="counts">${counts}</ul>
      <p>${escapeHtml(article.summary.overview)}</p>
      <ul class="claims">
${claims}
      </ul>
      <p class="muted">${escapeHtml(when)}에 검증한 결과입니다. AI가 찾은 근거에 따른 판단이며 틀릴 수 있습니다.</p>
      <a class="button" href="/">OLaLA에서 직접 검증하기</a>`,
  );
}

/**
 * The share route's refusals as a page (useAudience's `page`): whoever opened the link reads it in
 * a browser. A malformed link is told as such, not in the schema's words.
 */
function errorPage(err: HttpError): string {
  const [title, text] =
    err.statusCode === 400
      ? ['잘못된 주소입니다', '결과 주소의 형식이 올바르지 않습니다. 받은 링크를 다시 확인해 주세요.']
      : [err.statusCode === 404 ? '결과를 찾을 수 없습니다' : '결과를 보여 드리지 못했습니다', err.display_message];
  return page(
    `<title>${escapeHtml(title)} — OLaLA</title>\n    <meta name="robots" content="noindex">`,
    `      <h1>${escapeHtml(title)}</h1>\n      <p>${escapeHtml(text)}</p>\n      <a class="button" href="/">OLaLA로 가기</a>`,
  );
}

/** The web build's app icon (apps/web/public): the preview picture, square, so `summary` cards suit it. */
const ICON = 'icon-512.png';

export interface ShareOptions {
  /** Where `dist/index.html` is looked for; the web app's folder by default. */
  webDir?: string;
}

const HTML = 'text/html; charset=utf-8';
const HtmlPage = Type.String({ description: 'HTML' });

/**
 * `GET /r/:analysisId`: a stored result — a single check or a whole article — for people who
 * got a link, with a schema.org ClaimReview per checked claim for search engines and
 * fact-check aggregators. Messengers read the Open
 * Graph tags in the head; browsers get the web app (which reads the id from the path and shows
 * the result read-only) or, before the app is built, a page of its own.
 */
const share: FastifyPluginAsyncTypebox<ShareOptions> = async (fastify, opts) => {
  const indexFile = path.join(opts.webDir ?? WEB_DIR, 'dist', 'index.html');
  // Decided once, like the static plugin: without a build there are no assets for the app to load.
  const withApp = fs.existsSync(indexFile);
  const icon = withApp && fs.existsSync(path.join(path.dirname(indexFile), ICON));
  useAudience(fastify, 'person', { page: errorPage });

  fastify.get(
    '/r/:analysisId',
    {
      schema: {
        tags: ['share'],
        params: AnalysisIdParams,
        // Refusals too are pages (errorPage above), whatever their status.
        response: { 200: HtmlPage, 400: HtmlPage, 404: HtmlPage, 429: HtmlPage, 500: HtmlPage },
      },
    },
    async (request, reply) => {
      const id = request.params.analysisId.toLowerCase();
      // A single check or a whole article: both ids are random UUIDs, so one path serves both.
      const analysis = await getAnalysis(fastify.db, id);
      const article = analysis ? undefined : found(await getArticle(fastify.db, id), 'shared_result', id);
      reply.type(HTML);
      // Absolute URLs come from configuration only: the Host and X-Forwarded-Host headers are the
      // client's to choose, and this page is cached. Without one the page names no host at all.
      const base = fastify.config.publicUrl;
      const url = `${base ?? ''}/r/${id}`;
      const image = base && icon ? `${base}/${ICON}` : undefined;
      const author = fastify.config.organization;
      const pageUrl = base ? url : undefined;
      const meta = analysis
        ? { ...shareMeta(analysis, url, image), reviews: analysisReviews(analysis, author, pageUrl) }
        : { ...articleShareMeta(article!, url, image), reviews: articleReviews(article!, author, pageUrl) };
      // A result never changes, but the app's build does: a short cache. Without an origin the
      // page lacks og:url and og:image, so no shared cache keeps it past OLALA_PUBLIC_URL being set.
      reply.header('cache-control', base ? 'public, max-age=300' : 'private, max-age=300');
      if (withApp) return injectMeta(await fs.promises.readFile(indexFile, 'utf8'), meta);
      return analysis ? standalonePage(analysis, meta) : standaloneArticlePage(article!, meta);
    },
  );
};

export default share;
