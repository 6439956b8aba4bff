import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ArticleCheckResponse, ArticleClaim } from '@olala/contract/articles';
import type { TruthCheckResponse } from '@olala/contract/truth';
import { VERDICT_COLOURS } from '@olala/contract/verdicts';
import { drawArticleCard } from '../../src/features/share/article-card.js';
import { CARD } from '../../src/features/share/card.js';

/** A 2D context that records what is drawn; every character is 20 px wide. */
function recorder() {
  const texts: { s: string; x: number; colour: string }[] = [];
  const rects: { x: number; y: number; w: number; colour: string }[] = [];
  const ctx = {
    font: '',
    fillStyle: '',
    textBaseline: '',
    measureText: (s: string) => ({ width: [...s].length * 20 }),
    fillText(s: string, x: number) {
      texts.push({ s, x, colour: String(this.fillStyle) });
    },
    fillRect(x: number, y: number, w: number) {
      rects.push({ x, y, w, colour: String(this.fillStyle) });
    },
    beginPath() {},
    roundRect() {},
    fill() {},
  };
  return { ctx: ctx as unknown as CanvasRenderingContext2D, texts, rects };
}

const claim = (id: string, text: string, label: TruthCheckResponse['label'] | null): ArticleClaim => ({
  id,
  text,
  spans: [{ start: 0, end: 1 }],
  checkworthiness: 0.8,
  type: '사건',
  main: id === 'c1',
  result: label ? ({ label } as TruthCheckResponse) : null,
});

test("the article share card: title, a summary bar in the verdicts' colours as wide as their shares, counts, the first claims", () => {
  const article = {
    article: { title: '정부, 내년 예산 600조 편성', url: null, published_at: null, text: '' },
    claims: [
      claim('c1', '내년 예산은 600조 원이다.', 'TRUE'),
      claim('c2', '국방비는 10% 늘었다.', 'FALSE'),
      claim('c3', '복지 예산은 늘었다.', 'TRUE'),
      claim('c4', '세수는 줄었다.', null),
    ],
    summary: {
      counts: { TRUE: 2, FALSE: 1, MIXED: 0, UNVERIFIED: 0, REFUSED: 0 },
      failed: 1,
      main_claim_id: 'c1',
      overview: '',
      decomposition: 'rules',
    },
  } as unknown as ArticleCheckResponse;
  const { ctx, texts, rects } = recorder();
  drawArticleCard(ctx, article);
  const all = texts.map((t) => t.s);
  assert.ok(all.includes('“정부, 내년 예산 600조 편성”'), all.join(' | '));
  assert.ok(all.includes('주장 4개 검증'));
  assert.deepEqual(
    texts.filter((t) => /^(사실|거짓|확인 실패) \d$/.test(t.s)).map((t) => [t.s, t.colour]),
    [
      ['사실 2', VERDICT_COLOURS.TRUE.light],
      ['거짓 1', VERDICT_COLOURS.FALSE.light],
      ['확인 실패 1', '#6b7280'],
    ],
  );
  const bar = rects.filter((r) => r.colour === VERDICT_COLOURS.TRUE.light || r.colour === VERDICT_COLOURS.FALSE.light);
  const inner = CARD.width - 128;
  assert.deepEqual(
    bar.map((r) => [r.colour, Math.round(r.w)]),
    [
      [VERDICT_COLOURS.TRUE.light, Math.round((inner * 2) / 3)],
      [VERDICT_COLOURS.FALSE.light, Math.round(inner / 3)],
    ],
  );
  // Three claims at most, each with its verdict; no line wider than the card's inside.
  assert.ok(
    all.includes('내년 예산은 600조 원이다.') && all.includes('복지 예산은 늘었다.') && !all.includes('세수는 줄었다.'),
  );
  for (const t of texts) assert.ok(t.x + [...t.s].length * 20 <= CARD.width, `${t.s} fits`);
});
