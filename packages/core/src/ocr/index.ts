import type { OcrConfig } from '../config.js';
import { contentOf } from './chrome.js';
import { OcrPool } from './pool.js';
import { prepareImage, type PreparedImage } from './preprocess.js';

export { ImageInputError, base64Length, decodeImagePayload, imageTooLarge, sniffFormat } from './image.js';
export { prepareImage, type PreparedImage } from './preprocess.js';
export { contentOf } from './chrome.js';

export interface OcrLine {
  text: string;
  /** 0–1, tesseract's confidence for the line. */
  confidence: number;
  /** In the original image's pixels. */
  box: { x: number; y: number; width: number; height: number };
}

export interface OcrResult {
  /** The content lines in reading order, one per line. */
  text: string;
  /** 0–1, the content lines' confidence weighted by their length. */
  confidence: number;
  lines: OcrLine[];
  /** Lines read but dropped as screen furniture (clock, battery, 읽음, buttons). */
  dropped: string[];
  /** Recognition time, waiting for a worker excluded. */
  ms: number;
  inverted: boolean;
  scale: number;
}

/** The image's recognition took longer than its budget: the worker was recycled. */
export class OcrTimeoutError extends Error {
  readonly display_message =
    '이미지의 글자를 읽는 데 시간이 너무 오래 걸렸습니다. 확인할 부분만 잘라서 다시 보내 주세요.';
  constructor(ms: number) {
    super(`OCR took longer than ${ms} ms`);
    this.name = 'OcrTimeoutError';
  }
}

/**
 * Korean (and English) text from screenshots, offline: tesseract.js (WebAssembly) with the
 * traineddata of the @tesseract.js-data npm packages, on a pool of warm workers.
 */
export class OcrService {
  readonly pool: OcrPool;

  constructor(readonly config: OcrConfig) {
    this.pool = new OcrPool(config.workers, config.langs);
  }

  /** Header checks, decoding and the strips tesseract reads; throws ImageInputError (400/413). */
  prepare(bytes: Buffer): Promise<PreparedImage> {
    return prepareImage(bytes, this.config);
  }

  /**
   * Reads every strip of the image on one worker, within the per-image budget. `signal`
   * (the client went away) abandons the job and recycles the worker.
   */
  async recognize(image: PreparedImage, signal?: AbortSignal): Promise<OcrResult> {
    const budget = AbortSignal.timeout(this.config.timeoutMs);
    const combined = signal ? AbortSignal.any([signal, budget]) : budget;
    let ms = 0;
    try {
      const raw = await this.pool.run(async (worker) => {
        const t0 = performance.now();
        const lines: OcrLine[] = [];
        for (const band of image.bands) {
          const { data } = await worker.recognize(band.png, {}, { text: true, blocks: true });
          for (const line of (data.blocks ?? []).flatMap((b) => b.paragraphs.flatMap((p) => p.lines))) {
            const at = (v: number, offset: number) => Math.max(0, Math.round((v - image.pad) / image.scale + offset));
            const x = at(line.bbox.x0, 0);
            const y = at(line.bbox.y0, band.top);
            lines.push({
              text: line.text.trim(),
              confidence: Math.round(line.confidence) / 100,
              box: { x, y, width: at(line.bbox.x1, 0) - x, height: at(line.bbox.y1, band.top) - y },
            });
          }
        }
        ms = Math.round(performance.now() - t0);
        return lines;
      }, combined);
      return assemble(readingOrder(raw), image, ms);
    } catch (err) {
      if (budget.aborted && !signal?.aborted) throw new OcrTimeoutError(this.config.timeoutMs);
      throw err;
    }
  }

  close(): Promise<void> {
    return this.pool.close();
  }
}

/**
 * Top to bottom; lines that share most of their height (two bubbles side by side, a time next
 * to a bubble) left to right.
 */
export function readingOrder<T extends { box: OcrLine['box'] }>(lines: readonly T[]): T[] {
  const sorted = [...lines].sort((a, b) => a.box.y - b.box.y);
  const rows: T[][] = [];
  for (const line of sorted) {
    const row = rows.at(-1);
    const first = row?.[0];
    const overlap = first
      ? Math.min(first.box.y + first.box.height, line.box.y + line.box.height) - Math.max(first.box.y, line.box.y)
      : 0;
    if (row && first && overlap > 0.5 * Math.min(first.box.height, line.box.height)) row.push(line);
    else rows.push([line]);
  }
  return rows.flatMap((row) => row.sort((a, b) => a.box.x - b.box.x));
}

function assemble(raw: OcrLine[], image: PreparedImage, ms: number): OcrResult {
  const lines: OcrLine[] = [];
  const dropped: string[] = [];
  for (const line of raw) {
    const text = ghost(line, raw) || statusBar(line, image.header.width) ? undefined : contentOf(line.text);
    if (text === undefined) {
      if (line.text) dropped.push(line.text);
    } else {
      lines.push({ ...line, text });
    }
  }
  const weight = lines.reduce((n, l) => n + l.text.length, 0);
  const confidence =
    weight === 0 ? 0 : Math.round((lines.reduce((n, l) => n + l.confidence * l.text.length, 0) / weight) * 100) / 100;
  return {
    text: paragraphs(lines),
    confidence,
    lines,
    dropped,
    ms,
    inverted: image.inverted,
    scale: Math.round(image.scale * 100) / 100,
  };
}

/**
 * Lines joined into paragraphs (one per line of `text`): a line continues the previous one when
 * it starts at the same left edge right below it, as a wrapped sentence does; a new bubble or
 * paragraph starts after a larger gap. Sentences then survive wrapping for the claim choice.
 */
export function paragraphs(lines: readonly Pick<OcrLine, 'text' | 'box'>[]): string {
  let out = '';
  let prev: Pick<OcrLine, 'text' | 'box'> | undefined;
  for (const line of lines) {
    const h = Math.max(line.box.height, prev?.box.height ?? 0);
    const continues =
      prev !== undefined &&
      line.box.y - (prev.box.y + prev.box.height) < 0.8 * h &&
      Math.abs(line.box.x - prev.box.x) < h;
    out += prev === undefined ? line.text : `${continues ? ' ' : '\n'}${line.text}`;
    prev = line;
  }
  return out;
}

/**
 * The phone's status bar: a clock or battery level in the top strip of the capture (as tall as
 * 12 % of its width, about 47 px on a 390 px wide phone), however OCR misspelled its icons and
 * the clock's colon (3:.41, 3.41).
 */
export function statusBar(line: Pick<OcrLine, 'text' | 'box'>, imageWidth: number): boolean {
  return (
    line.box.y + line.box.height < 0.12 * imageWidth &&
    /\d{1,3}\s*%|\d{1,2}\s*[:.;]+\s*\d{2}|\d{3,}|(?:오전|오후)\s*\d/.test(line.text)
  );
}

/**
 * A second, worse reading of text another line already covers (tesseract sometimes reads a
 * bold headline twice, once as noise): it lies mostly inside a line read with more confidence.
 */
function ghost(line: OcrLine, all: readonly OcrLine[]): boolean {
  const area = line.box.width * line.box.height;
  return all.some((other) => {
    if (other === line || other.confidence <= line.confidence) return false;
    const w = Math.min(line.box.x + line.box.width, other.box.x + other.box.width) - Math.max(line.box.x, other.box.x);
    const h =
      Math.min(line.box.y + line.box.height, other.box.y + other.box.height) - Math.max(line.box.y, other.box.y);
    return w > 0 && h > 0 && w * h > 0.5 * area;
  });
}

const IMAGE = Symbol('olala.image');

/**
 * The route decodes and checks the image before the run (so a bad file is a 400, also on the
 * stream) and hands it to the OCR stage on the request object, whose `input_payload` then holds
 * only the image's hash: the image itself is never stored.
 */
export function attachImage(request: object, image: PreparedImage): void {
  Object.defineProperty(request, IMAGE, { value: image, enumerable: false });
}

export function attachedImage(request: object): PreparedImage | undefined {
  return (request as { [IMAGE]?: PreparedImage })[IMAGE];
}

/** Too little or too unsure text to check: the Korean reason, which says what was read. */
export function ocrRefusal(result: OcrResult): string | undefined {
  const letters = (result.text.match(/[\p{L}\p{N}]/gu) ?? []).length;
  const shown = result.text.replace(/\s+/g, ' ').slice(0, 80);
  if (letters < MIN_LETTERS) {
    return letters === 0 ? '이미지에서 글자를 찾지 못했습니다.' : `이미지에서 읽은 글자가 너무 적습니다: "${shown}"`;
  }
  if (result.confidence < MIN_CONFIDENCE) {
    return `이미지의 글자를 확실하게 읽지 못했습니다(신뢰도 ${Math.round(result.confidence * 100)}%). 읽은 내용: "${shown}"`;
  }
  return undefined;
}

/** A claim needs a few words; below this, OCR found a caption or a button, not a claim. */
const MIN_LETTERS = 8;
const MIN_CONFIDENCE = 0.6;
