import sharp from 'sharp';
import type { OcrConfig } from '../config.js';
import { inspectImage, unreadable, type ImageHeader } from './image.js';

/** One horizontal strip of the screenshot, ready for tesseract: grayscale PNG, dark text on light. */
export interface Band {
  png: Buffer;
  /** Where the strip starts in the original image, in original pixels. */
  top: number;
}

export interface PreparedImage {
  header: ImageHeader;
  bands: Band[];
  /** Factor the strips were enlarged by (1 = not): line boxes are divided by it. */
  scale: number;
  /** White padding added around each strip, in strip pixels. */
  pad: number;
  /** A dark-mode capture (its text was turned dark on light with the rest). */
  inverted: boolean;
}

/**
 * Tesseract's LSTM reads best with glyphs about 20–40 px tall. A phone capture at 1× (about
 * 400 px wide) has 10–15 px text, so narrow images are enlarged; 2× and 3× captures are not.
 */
const UPSCALE_BELOW_WIDTH = 1000;
const TARGET_WIDTH = 1600;
const MAX_SCALE = 3;
/** Strip height in tesseract pixels: a very tall capture is read as strips cut where a row is blank. */
const BAND_PX = 2400;
const PAD = 12;
/** Larger than a glyph at 3×, small enough to follow a bubble's edge: where the background is estimated. */
const CONTRAST_BLOCK = 32;
/**
 * How far from its surroundings a pixel must be to be ink. Message text differs by 180–240 in
 * both themes; grey timestamps on the wallpaper by 110–125, so they fade (they are furniture anyway).
 */
const CONTRAST_MIN = 140;
/** The top-hat's square is the capture's width over this (odd, at least 7 px). */
const STROKE_SQUARE_DIVISOR = 52;

export const scaleFor = (width: number) =>
  width >= UPSCALE_BELOW_WIDTH ? 1 : Math.min(MAX_SCALE, TARGET_WIDTH / width);

/**
 * Checks the header (format, pixel limit), decodes once (a truncated file is refused), and
 * produces the strips tesseract reads: EXIF-rotated, flattened on white, grayscale, strokes
 * found locally unless it is dark text on white paper (chats, dark mode), enlarged when the text is small, and cut into
 * bands at blank rows when the capture is very tall (a scrolled chat or article).
 */
export async function prepareImage(bytes: Buffer, limits: Pick<OcrConfig, 'maxPixels'>): Promise<PreparedImage> {
  const header = await inspectImage(bytes, limits);
  let gray: Buffer;
  let width: number;
  let height: number;
  try {
    const { data, info } = await sharp(bytes, { failOn: 'truncated', limitInputPixels: limits.maxPixels })
      .rotate()
      .flatten({ background: '#ffffff' })
      .greyscale()
      .extractChannel(0)
      .raw()
      .toBuffer({ resolveWithObject: true });
    gray = data;
    width = info.width;
    height = info.height;
  } catch {
    throw unreadable();
  }

  // Tesseract binarizes the page with one threshold: right for dark text on white paper, wrong
  // for a chat (wallpaper, white and yellow bubbles) or dark mode (light text, and dark text on
  // the yellow bubbles). Those get their strokes found locally, both polarities made dark on white.
  const dark = median(gray) < 110;
  if (dark || !whitePage(gray)) await inkOnWhite(gray, width, height);
  const scale = scaleFor(width);
  const bands: Band[] = [];
  for (const [top, bottom] of bandRows(gray, width, height, Math.floor(BAND_PX / scale))) {
    const png = await sharp(gray.subarray(top * width, bottom * width), {
      raw: { width, height: bottom - top, channels: 1 },
    })
      .resize(scale === 1 ? undefined : { width: Math.round(width * scale), kernel: 'lanczos3' })
      .extend({ top: PAD, bottom: PAD, left: PAD, right: PAD, background: { r: 255, g: 255, b: 255 } })
      .png({ compressionLevel: 1 })
      .toBuffer();
    bands.push({ png, top });
  }
  return { header, bands, scale, pad: PAD, inverted: dark };
}

function median(gray: Buffer): number {
  const hist = new Uint32Array(256);
  // Every 7th pixel is plenty for a background estimate.
  for (let i = 0; i < gray.length; i += 7) hist[gray[i]!]!++;
  const half = Math.ceil(gray.length / 7) / 2;
  let seen = 0;
  for (let v = 0; v < 256; v++) {
    seen += hist[v]!;
    if (seen >= half) return v;
  }
  return 255;
}

/**
 * [top, bottom) row ranges of at most `band` rows. Each cut is the flattest row (least spread
 * between its darkest and lightest pixel) in the last quarter of the band, so no text line is cut.
 */
export function bandRows(gray: Uint8Array, width: number, height: number, band: number): [number, number][] {
  const out: [number, number][] = [];
  let top = 0;
  while (height - top > band) {
    let best = top + band;
    let bestSpread = Infinity;
    for (let y = top + band; y >= top + Math.floor(band * 0.75); y--) {
      let lo = 255;
      let hi = 0;
      const row = gray.subarray(y * width, (y + 1) * width);
      for (const v of row) {
        if (v < lo) lo = v;
        if (v > hi) hi = v;
      }
      if (hi - lo < bestSpread) {
        bestSpread = hi - lo;
        best = y;
        if (bestSpread === 0) break;
      }
    }
    out.push([top, best]);
    top = best;
  }
  out.push([top, height]);
  return out;
}

/**
 * Ink becomes black, everything else white. Ink is a stroke thinner than a square of about a
 * fifty-second of the capture's width (15 px on a 780 px capture, wider than any stroke of
 * message text, narrower than a bubble), darker than what surrounds it where the background is
 * light, lighter where it is dark: a morphological top-hat, so a bubble's edge, which is a step
 * and no stroke, adds nothing whatever the colours of bubble and wallpaper (a yellow bubble on
 * dark mode's black left junk along its edges with a plain local threshold).
 */
export async function inkOnWhite(gray: Uint8Array, width: number, height: number): Promise<void> {
  const ink = await topHatInk(gray, width, height, Math.max(7, Math.round(width / STROKE_SQUARE_DIVISOR) | 1));
  for (let i = 0; i < gray.length; i++) gray[i] = ink[i]! >= CONTRAST_MIN ? 0 : 255;
}

/** The median of 32 px blocks, smoothed back to full size: the colour text sits on, light or dark. */
async function localBackground(gray: Uint8Array, width: number, height: number): Promise<Buffer> {
  const block = CONTRAST_BLOCK;
  const bw = Math.ceil(width / block);
  const bh = Math.ceil(height / block);
  const med = new Uint8Array(bw * bh);
  const hist = new Uint32Array(256);
  for (let by = 0; by < bh; by++) {
    for (let bx = 0; bx < bw; bx++) {
      hist.fill(0);
      let n = 0;
      for (let y = by * block; y < Math.min(height, (by + 1) * block); y++) {
        for (let x = bx * block; x < Math.min(width, (bx + 1) * block); x++) {
          hist[gray[y * width + x]!]!++;
          n++;
        }
      }
      let seen = 0;
      let v = 0;
      for (; v < 256; v++) {
        seen += hist[v]!;
        if (seen >= n / 2) break;
      }
      med[by * bw + bx] = v;
    }
  }
  return sharp(med, { raw: { width: bw, height: bh, channels: 1 } })
    .resize(width, height, { kernel: 'linear', fit: 'fill' })
    .extractChannel(0)
    .raw()
    .toBuffer();
}

/** Mostly white: a page of dark text on white paper, which tesseract's own threshold handles best. */
function whitePage(gray: Uint8Array): boolean {
  let white = 0;
  let n = 0;
  for (let i = 0; i < gray.length; i += 7, n++) if (gray[i]! >= 235) white++;
  return white >= 0.6 * n;
}

/**
 * Running minimum or maximum over `k` (odd) samples centred on each, along rows or columns, in
 * three comparisons a sample whatever `k` (van Herk / Gil-Werman). Outside the image counts as
 * nothing (255 for a minimum, 0 for a maximum).
 */
export function rankFilter(
  src: Uint8Array,
  width: number,
  height: number,
  k: number,
  max: boolean,
  vertical: boolean,
): Uint8Array {
  const out = new Uint8Array(src.length);
  const r = (k - 1) >> 1;
  const n = vertical ? height : width;
  const lines = vertical ? width : height;
  const step = vertical ? width : 1;
  const stride = vertical ? 1 : width;
  const padded = n + 2 * r;
  const len = Math.ceil(padded / k) * k;
  const none = max ? 0 : 255;
  const pick = max ? (a: number, b: number) => (a > b ? a : b) : (a: number, b: number) => (a < b ? a : b);
  const line = new Uint8Array(len);
  const g = new Uint8Array(len);
  const h = new Uint8Array(len);
  for (let l = 0; l < lines; l++) {
    const base = l * stride;
    line.fill(none);
    for (let i = 0; i < n; i++) line[i + r] = src[base + i * step]!;
    for (let b = 0; b < len; b += k) {
      g[b] = line[b]!;
      for (let i = b + 1; i < b + k; i++) g[i] = pick(g[i - 1]!, line[i]!);
      h[b + k - 1] = line[b + k - 1]!;
      for (let i = b + k - 2; i >= b; i--) h[i] = pick(h[i + 1]!, line[i]!);
    }
    for (let i = 0; i < n; i++) out[base + i * step] = pick(h[i]!, g[i + 2 * r]!);
  }
  return out;
}

const square = (src: Uint8Array, width: number, height: number, k: number, max: boolean) =>
  rankFilter(rankFilter(src, width, height, k, max, false), width, height, k, max, true);

/**
 * How much each pixel is a stroke thinner than a k×k square: on a light background how much
 * darker it is than the closing (the image with such strokes filled in), on a dark one how much
 * lighter than the opening. Both leave a step, such as a bubble's edge, as it is. Only one
 * polarity is taken, by the local background: the gaps between light strokes are dark strokes too.
 */
export async function topHatInk(gray: Uint8Array, width: number, height: number, k: number): Promise<Uint8Array> {
  const bg = await localBackground(gray, width, height);
  const closing = square(square(gray, width, height, k, true), width, height, k, false);
  const opening = square(square(gray, width, height, k, false), width, height, k, true);
  const ink = new Uint8Array(gray.length);
  for (let i = 0; i < gray.length; i++) {
    const v = gray[i]!;
    ink[i] = bg[i]! < 128 ? v - opening[i]! : closing[i]! - v;
  }
  return ink;
}
