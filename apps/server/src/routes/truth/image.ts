import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { attachImage, base64Length, decodeImagePayload, ImageInputError, type OcrService } from '@olala/core/ocr/index';

/** The body limit of the truth-check routes: what every body may hold, plus an image at the OCR byte limit in base64. */
export const truthBodyLimit = (globalLimit: number, ocr: OcrService) => globalLimit + base64Length(ocr.config.maxBytes);

/**
 * Before validation, an image input (`input_type: "image"`) is decoded and checked — size,
 * format by magic bytes, pixels from the header, a complete file — so a bad image is a 400/413
 * with a Korean message, on the stream too, and no OCR worker is taken. The decoded image rides
 * on the body to the OCR stage; `input_payload` becomes the image's hash, which is all that is
 * stored of it (and what the result cache keys on).
 */
export function imageInput(ocr: OcrService) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const body = request.body as { input_type?: unknown; input_payload?: unknown } | null | undefined;
    if (!body || typeof body !== 'object' || body.input_type !== 'image' || typeof body.input_payload !== 'string') return undefined;
    try {
      const bytes = decodeImagePayload(body.input_payload, ocr.config);
      const image = await ocr.prepare(bytes);
      body.input_payload = `image:sha256:${createHash('sha256').update(bytes).digest('hex')}`;
      attachImage(body, image);
      return undefined;
    } catch (err) {
      if (!(err instanceof ImageInputError)) throw err;
      request.log.info({ code: err.code, reason: err.message }, 'image refused');
      return reply.code(err.statusCode).send({ code: err.code, message: err.message });
    }
  };
}
