import type { TruthCheckResponse } from '@olala/contract/truth';
import { cutAt } from '@olala/contract/text-tools';
import { percent, VERDICTS, verdictOf } from '../../lib/verdict.js';

export const CARD = { width: 800, height: 1400 } as const;
export const CARD_FONT = "system-ui, 'Apple SD Gothic Neo', 'Noto Sans KR', 'Noto Sans CJK KR', sans-serif";

/** Lines of `text` that fit `maxWidth`, at most `maxLines` (the last one ends in … when cut). Korean wraps anywhere. */
export function wrapText(measure: (s: string) => number, text: string, maxWidth: number, maxLines: number): string[] {
  const lines: string[] = [];
  let line = '';
  const chars = [...text.replace(/\s+/g, ' ').trim()];
  for (let i = 0; i < chars.length; i++) {
    const next = line + chars[i];
    if (measure(next) <= maxWidth) {
      line = next;
      continue;
    }
    // Prefer breaking at the last space when the line has one.
    const space = line.lastIndexOf(' ');
    if (space > line.length * 0.6) {
      lines.push(line.slice(0, space));
      line = line.slice(space + 1) + chars[i];
    } else {
      lines.push(line);
      line = chars[i]!.trim();
    }
    if (lines.length === maxLines) {
      let last = lines[maxLines - 1]!;
      while (last && measure(`${last}…`) > maxWidth) last = cutAt(last, last.length - 1);
      lines[maxLines - 1] = `${last}…`;
      return lines;
    }
  }
  if (line) lines.push(line);
  return lines;
}

/**
 * What both cards draw with: the card's measures, text in the card's font, wrapped paragraphs,
 * the white card with the blue band naming the app and the card's kind, and the footer line.
 */
export function cardPen(ctx: CanvasRenderingContext2D) {
  const W = CARD.width;
  const pad = 64;
  const inner = W - pad * 2;
  const measure = (s: string) => ctx.measureText(s).width;
  const text = (s: string, x: number, y: number, font: string, colour: string) => {
    ctx.font = `${font} ${CARD_FONT}`;
    ctx.fillStyle = colour;
    ctx.fillText(s, x, y);
  };
  const paragraph = (
    s: string,
    y: number,
    font: string,
    colour: string,
    lineHeight: number,
    maxLines: number,
    width = inner,
    x = pad,
  ) => {
    ctx.font = `${font} ${CARD_FONT}`;
    const lines = wrapText(measure, s, width, maxLines);
    lines.forEach((l, i) => text(l, x, y + i * lineHeight, font, colour));
    return y + lines.length * lineHeight;
  };
  const frame = (kind: string) => {
    ctx.fillStyle = '#ffffff';
    ctx.fillRect(0, 0, W, CARD.height);
    ctx.fillStyle = '#2563eb';
    ctx.fillRect(0, 0, W, 140);
    ctx.textBaseline = 'alphabetic';
    text('OLaLA', pad, 92, 'bold 56px', '#ffffff');
    ctx.font = `500 30px ${CARD_FONT}`;
    text(kind, W - pad - measure(kind), 88, '500 30px', '#dbeafe');
  };
  const footer = (line: string) => {
    ctx.fillStyle = '#f9fafb';
    ctx.fillRect(0, CARD.height - 120, W, 120);
    text(line, pad, CARD.height - 52, '500 28px', '#4b5563');
  };
  return { W, pad, inner, measure, text, paragraph, frame, footer };
}

/** The share card, 800×1400: the claim, verdict, confidence, the first two pieces of evidence, the app's name. */
export function drawCard(ctx: CanvasRenderingContext2D, result: TruthCheckResponse, input: string): void {
  const v = verdictOf(result.label);
  const { W, pad, inner, measure, text, paragraph, frame, footer } = cardPen(ctx);
  frame('가짜뉴스 검증');

  let y = 230;
  text('검증한 내용', pad, y, '600 28px', '#6b7280');
  y = paragraph(`“${result.claim || input}”`, y + 56, '600 40px', '#111827', 56, 4) + 30;

  // Verdict pill and headline.
  ctx.font = `bold 44px ${CARD_FONT}`;
  const pillW = measure(v.text) + 64;
  ctx.fillStyle = v.colour;
  ctx.beginPath();
  ctx.roundRect(pad, y, pillW, 84, 42);
  ctx.fill();
  text(v.text, pad + 32, y + 58, 'bold 44px', '#ffffff');
  y = paragraph(result.headline || v.headline, y + 150, 'bold 38px', '#111827', 52, 2) + 20;

  text('신뢰도', pad, y + 10, '600 28px', '#6b7280');
  text(percent(result.confidence), W - pad - 90, y + 10, 'bold 32px', '#111827');
  ctx.fillStyle = '#e5e7eb';
  ctx.beginPath();
  ctx.roundRect(pad, y + 34, inner, 20, 10);
  ctx.fill();
  ctx.fillStyle = v.colour;
  ctx.beginPath();
  ctx.roundRect(pad, y + 34, Math.max(20, inner * result.confidence), 20, 10);
  ctx.fill();
  y += 110;

  const evidence = [...result.citations, ...result.counter_evidence].slice(0, 2);
  text(`근거 ${result.citations.length + result.counter_evidence.length}건`, pad, y, '600 28px', '#6b7280');
  y += 24;
  for (const c of evidence) {
    if (y > 1180) break;
    ctx.fillStyle = '#f3f4f6';
    ctx.beginPath();
    ctx.roundRect(pad, y, inner, 190, 20);
    ctx.fill();
    const mark = c.stance === 'refute' ? '✕ 반박' : c.stance === 'support' ? '✓ 뒷받침' : '• 근거';
    text(mark, pad + 28, y + 48, 'bold 26px', c.stance === 'refute' ? VERDICTS.FALSE.colour : VERDICTS.TRUE.colour);
    paragraph(c.title, y + 48, 'bold 28px', '#111827', 36, 1, inner - 200, pad + 170);
    paragraph(c.quote, y + 100, '26px', '#374151', 36, 2, inner - 56, pad + 28);
    y += 214;
  }

  footer('OLaLA 앱에서 근거 전체를 확인하세요');
}

/** A card drawn by `draw` as a PNG file. */
export async function renderPng(draw: (ctx: CanvasRenderingContext2D) => void): Promise<Blob> {
  const canvas = document.createElement('canvas');
  canvas.width = CARD.width;
  canvas.height = CARD.height;
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('no 2D canvas');
  draw(ctx);
  return new Promise((resolve, reject) =>
    canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('toBlob failed'))), 'image/png'),
  );
}

/** The single check's card as a PNG file. */
export function renderCard(result: TruthCheckResponse, input: string): Promise<Blob> {
  return renderPng((ctx) => drawCard(ctx, result, input));
}
