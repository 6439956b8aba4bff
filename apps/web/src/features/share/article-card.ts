import type { ArticleCheckResponse } from '@olala/contract/articles';
import { VERDICTS } from '../../lib/verdict.js';
import { CARD_FONT, cardPen, renderPng } from './card.js';

/** Claims drawn on the card at most; the rest are counted in the bar. */
const CLAIMS_SHOWN = 3;

/**
 * The share card of an article run, 800×1400 like a single check's: the article's title, the
 * summary bar (claims per verdict, in the contract's colours) with its counts, the first claims
 * with their verdicts, the app's name.
 */
export function drawArticleCard(ctx: CanvasRenderingContext2D, article: ArticleCheckResponse): void {
  const { pad, inner, measure, text, paragraph, frame, footer } = cardPen(ctx);
  frame('기사 검증');

  let y = 230;
  text('검증한 기사', pad, y, '600 28px', '#6b7280');
  const title = article.article.title.trim() || article.article.text.split('\n')[0] || '';
  y = paragraph(`“${title}”`, y + 56, '600 40px', '#111827', 56, 3) + 30;

  // The summary bar: one stretch per verdict, as wide as its share of the claims checked.
  const labels = (Object.keys(VERDICTS) as (keyof typeof VERDICTS)[]).filter((l) => article.summary.counts[l] > 0);
  const checked = labels.reduce((n, l) => n + article.summary.counts[l], 0);
  text(`주장 ${article.claims.length}개 검증`, pad, y, '600 28px', '#6b7280');
  y += 24;
  let x = pad;
  for (const l of labels) {
    const w = (inner * article.summary.counts[l]) / Math.max(1, checked);
    ctx.fillStyle = VERDICTS[l].colour;
    ctx.fillRect(x, y, w, 28);
    x += w;
  }
  if (checked === 0) {
    ctx.fillStyle = '#e5e7eb';
    ctx.fillRect(pad, y, inner, 28);
  }
  y += 76;
  x = pad;
  for (const l of labels) {
    const label = `${VERDICTS[l].text} ${article.summary.counts[l]}`;
    text(label, x, y, 'bold 30px', VERDICTS[l].colour);
    ctx.font = `bold 30px ${CARD_FONT}`;
    x += measure(label) + 36;
  }
  if (article.summary.failed > 0) text(`확인 실패 ${article.summary.failed}`, x, y, 'bold 30px', '#6b7280');
  y += 50;

  for (const c of article.claims.slice(0, CLAIMS_SHOWN)) {
    if (y > 1120) break;
    const v = c.result ? VERDICTS[c.result.label] : undefined;
    ctx.fillStyle = '#f3f4f6';
    ctx.beginPath();
    ctx.roundRect(pad, y, inner, 160, 20);
    ctx.fill();
    text(v?.text ?? '확인 실패', pad + 28, y + 50, 'bold 28px', v?.colour ?? '#6b7280');
    paragraph(c.text, y + 100, '28px', '#111827', 38, 2, inner - 56, pad + 28);
    y += 184;
  }

  footer('OLaLA 앱에서 주장마다 근거를 확인하세요');
}

/** The article's card as a PNG file. */
export function renderArticleCard(article: ArticleCheckResponse): Promise<Blob> {
  return renderPng((ctx) => drawArticleCard(ctx, article));
}
