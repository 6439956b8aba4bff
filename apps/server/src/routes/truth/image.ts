import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import multipart, { type MultipartFile, type MultipartValue } from '@fastify/multipart';
import {
  attachImage,
  base64Length,
  decodeImagePayload,
  ImageInputError,
  imageTooLarge,
  type OcrService,
} from '@olala/core/ocr';
import { badRequest, HttpError, tooLarge } from '../errors.js';

/** The body limit of the truth-check routes: what every body may hold, plus an image at the OCR byte limit in base64. */
export const truthBodyLimit = (globalLimit: number, ocr: OcrService) => globalLimit + base64Length(ocr.config.maxBytes);

/** The multipart field that carries the image. */
export const UPLOAD_FIELD = 'file';
/** A text field of an upload: room for the longest field of the JSON body (querygen_prompt, 20,000 characters of Hangul). */
export const UPLOAD_FIELD_BYTES = 64 * 1024;
const UPLOAD_FIELDS = 20;

/**
 * busboy's limits for `@fastify/multipart` on the truth routes: one file, cut off at the OCR byte
 * limit while it streams, and a bounded number of bounded fields. Nothing is written to disk.
 */
export const uploadLimits = (ocr: OcrService) => ({
  fileSize: ocr.config.maxBytes,
  files: 1,
  fields: UPLOAD_FIELDS,
  fieldSize: UPLOAD_FIELD_BYTES,
  parts: UPLOAD_FIELDS + 1,
  headerPairs: 20,
});

/**
 * Before validation, an image input (`input_type: "image"`) is decoded and checked — size,
 * format by magic bytes, pixels from the header, a complete file — so a bad image is a 400/413
 * with a Korean message, on the stream too, and no OCR worker is taken. The image comes as a
 * data URL or base64 in a JSON body, or as the `file` of a multipart/form-data upload whose other
 * fields are the JSON body's. The decoded image rides on the body to the OCR stage;
 * `input_payload` becomes the image's hash, which is all that is stored of it (and what the
 * result cache keys on).
 */
export function imageInput(ocr: OcrService) {
  // A refusal (ImageInputError, or an upload's HttpError) is thrown to the error handler.
  return async (request: FastifyRequest) => {
    let bytes: Buffer | undefined;
    if (request.isMultipart()) {
      const upload = await readUpload(request, ocr).catch((err: unknown) => Promise.reject(uploadRefusal(err, ocr)));
      request.body = upload.fields;
      bytes = upload.file;
    }
    const body = request.body as { input_type?: unknown; input_payload?: unknown } | null | undefined;
    if (!bytes) {
      if (!body || typeof body !== 'object' || body.input_type !== 'image' || typeof body.input_payload !== 'string')
        return;
      bytes = decodeImagePayload(body.input_payload, ocr.config);
    }
    const image = await ocr.prepare(bytes);
    const fields = body as Record<string, unknown>;
    fields.input_payload = `image:sha256:${createHash('sha256').update(bytes).digest('hex')}`;
    attachImage(fields, image);
  };
}

/**
 * Reads a multipart upload into the fields of the JSON body and the image's bytes, in memory.
 * A field the route's schema declares boolean is read from "true"/"false", as a form sends it.
 */
async function readUpload(
  request: FastifyRequest,
  ocr: OcrService,
): Promise<{ fields: Record<string, unknown>; file?: Buffer }> {
  const properties =
    (request.routeOptions.schema?.body as { properties?: Record<string, { type?: string }> } | undefined)?.properties ??
    {};
  const fields: Record<string, unknown> = {};
  let file: Buffer | undefined;
  for await (const part of request.parts({ limits: uploadLimits(ocr) })) {
    if (part.type === 'file') {
      if (part.fieldname !== UPLOAD_FIELD) {
        part.file.resume();
        throw badRequest('UPLOAD_INVALID', `이미지는 '${UPLOAD_FIELD}' 항목으로 보내 주세요.`);
      }
      file = await (part as MultipartFile).toBuffer();
      continue;
    }
    const field = part as MultipartValue;
    if (field.valueTruncated || field.fieldnameTruncated) {
      throw tooLarge(
        'UPLOAD_FIELD_TOO_LARGE',
        `'${field.fieldname.slice(0, 40)}' 항목이 너무 깁니다(최대 ${UPLOAD_FIELD_BYTES / 1024}KB).`,
      );
    }
    if (Object.hasOwn(fields, field.fieldname))
      throw badRequest('UPLOAD_INVALID', `'${field.fieldname}' 항목이 두 번 왔습니다.`);
    const value = field.value;
    fields[field.fieldname] =
      properties[field.fieldname]?.type === 'boolean' && (value === 'true' || value === 'false')
        ? value === 'true'
        : value;
  }
  if (!file) return { fields };
  if (fields.input_payload !== undefined)
    throw badRequest('UPLOAD_INVALID', `이미지 파일과 input_payload를 함께 보낼 수 없습니다. 하나만 보내 주세요.`);
  fields.input_type ??= 'image';
  if (fields.input_type !== 'image')
    throw badRequest('UPLOAD_INVALID', `이미지 파일을 보낼 때 input_type은 'image'여야 합니다.`);
  return { fields, file };
}

/** The refusal of an error raised while the form is read (by @fastify/multipart, or busboy on a malformed form). */
function uploadRefusal(err: unknown, ocr: OcrService): ImageInputError | HttpError {
  if (err instanceof HttpError) return err;
  switch ((err as { code?: string } | undefined)?.code) {
    case 'FST_REQ_FILE_TOO_LARGE':
      return imageTooLarge(ocr.config.maxBytes);
    case 'FST_FILES_LIMIT':
    case 'FST_FIELDS_LIMIT':
    case 'FST_PARTS_LIMIT':
      return tooLarge(
        'UPLOAD_TOO_MANY_PARTS',
        '보낸 항목이 너무 많습니다. 이미지 파일 하나와 필요한 항목만 보내 주세요.',
      );
    default:
      return badRequest('UPLOAD_INVALID', '보낸 양식(multipart/form-data)을 읽지 못했습니다. 다시 보내 주세요.');
  }
}

/**
 * What every route that takes a screenshot (the truth routes, the article check) adds to its
 * options: a body up to an image at the OCR byte limit, and `imageInput` as preValidation. JSON
 * or multipart/form-data: @fastify/multipart is registered in the caller's plugin scope (so only
 * those routes parse forms), in memory, within `uploadLimits`.
 */
export async function imageRouteOptions(
  fastify: FastifyInstance,
): Promise<{ bodyLimit: number; preValidation: ReturnType<typeof imageInput> }> {
  await fastify.register(multipart, { limits: uploadLimits(fastify.ocr) });
  return { bodyLimit: truthBodyLimit(fastify.config.bodyLimit, fastify.ocr), preValidation: imageInput(fastify.ocr) };
}
