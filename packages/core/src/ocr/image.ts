import sharp, { type Metadata } from 'sharp';
import type { OcrConfig } from '../config.js';

export type ImageFormat = 'png' | 'jpeg' | 'webp';

/** A refused image: the HTTP status, an English code and a Korean message for the user. */
export class ImageInputError extends Error {
  readonly expose = true;
  constructor(
    readonly statusCode: 400 | 413,
    readonly code: 'IMAGE_TOO_LARGE' | 'IMAGE_FORMAT' | 'IMAGE_TOO_MANY_PIXELS' | 'IMAGE_UNREADABLE',
    message: string,
  ) {
    super(message);
    this.name = 'ImageInputError';
  }
}

const DATA_URL = /^data:([a-z]+\/[a-z0-9.+-]+)?(;[a-z0-9=._-]+)*;base64,/i;
const BASE64 = /^[A-Za-z0-9+/_-]*={0,2}$/;

/** Base64 characters of a file of `bytes` bytes: what a body must be allowed to hold. */
export const base64Length = (bytes: number) => Math.ceil(bytes / 3) * 4;

/**
 * The bytes of an image sent as a data URL or bare base64 (standard or URL-safe; line breaks
 * allowed). The size is checked from the length before anything is decoded.
 */
export function decodeImagePayload(payload: string, limits: Pick<OcrConfig, 'maxBytes'>): Buffer {
  const body = payload.trim().replace(DATA_URL, '').replace(/\s+/g, '');
  if (body.length === 0 || !BASE64.test(body)) {
    throw new ImageInputError(
      400,
      'IMAGE_UNREADABLE',
      '이미지를 읽지 못했습니다. PNG, JPEG, WebP 파일을 data URL이나 base64로 보내 주세요.',
    );
  }
  if (Math.floor((body.length * 3) / 4) - 2 > limits.maxBytes) throw imageTooLarge(limits.maxBytes);
  const bytes = Buffer.from(body, 'base64');
  if (bytes.length > limits.maxBytes) throw imageTooLarge(limits.maxBytes);
  return bytes;
}

const size = (bytes: number) =>
  bytes >= 1024 * 1024 ? `${Math.floor(bytes / 1024 / 1024)}MB` : `${Math.floor(bytes / 1024)}KB`;
/** Also the refusal of an upload cut off at the limit while it streams (the server's multipart route). */
export const imageTooLarge = (max: number) =>
  new ImageInputError(
    413,
    'IMAGE_TOO_LARGE',
    `이미지 파일이 너무 큽니다(최대 ${size(max)}). 화면을 나누어 캡처해 주세요.`,
  );

/** The format from the file's first bytes; the name or the declared type are never trusted. */
export function sniffFormat(bytes: Buffer): ImageFormat | undefined {
  if (bytes.length >= 8 && bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])))
    return 'png';
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpeg';
  if (bytes.length >= 12 && bytes.toString('latin1', 0, 4) === 'RIFF' && bytes.toString('latin1', 8, 12) === 'WEBP')
    return 'webp';
  return undefined;
}

export interface ImageHeader {
  format: ImageFormat;
  width: number;
  height: number;
}

/**
 * Format by magic bytes and dimensions from the header only (libvips reads no pixels for
 * metadata), so a decompression bomb is refused before it is decoded.
 */
export async function inspectImage(bytes: Buffer, limits: Pick<OcrConfig, 'maxPixels'>): Promise<ImageHeader> {
  const format = sniffFormat(bytes);
  if (!format)
    throw new ImageInputError(
      400,
      'IMAGE_FORMAT',
      'PNG, JPEG, WebP 이미지만 읽을 수 있습니다. 파일 내용이 이 형식이 아닙니다.',
    );
  let meta: Metadata;
  try {
    meta = await sharp(bytes, { limitInputPixels: false }).metadata();
  } catch {
    throw unreadable();
  }
  const width = meta.autoOrient?.width ?? meta.width;
  const height = meta.autoOrient?.height ?? meta.height;
  if (!width || !height || meta.format !== format) throw unreadable();
  if (width * height > limits.maxPixels) {
    throw new ImageInputError(
      400,
      'IMAGE_TOO_MANY_PIXELS',
      `이미지가 너무 큽니다(${width}×${height}, 최대 ${Math.round(limits.maxPixels / 1_000_000)}백만 화소). 화면을 나누어 캡처해 주세요.`,
    );
  }
  return { format, width, height };
}

export const unreadable = () =>
  new ImageInputError(
    400,
    'IMAGE_UNREADABLE',
    '이미지 파일이 손상되었거나 잘려 있어 읽지 못했습니다. 다시 캡처해 보내 주세요.',
  );
