import type {
  FastifyError,
  FastifyInstance,
  FastifyReply,
  FastifyRequest,
  FastifySchemaValidationError,
} from 'fastify';
import { ErrorCodes, ErrorResponse } from '@olala/contract';
import { UserError } from '@olala/core';
import { ArticleInputError } from '@olala/core/articles';
import { formatIssueSchemaErrors } from '@olala/core/issues';
import { ImageInputError, OcrTimeoutError } from '@olala/core/ocr';
import { EmbeddingsUnavailableError } from '@olala/core/search';
import { UUID_PATTERN } from './schemas.js';

/**
 * The server's one error path. Handlers and plugins throw an `HttpError` (made by the factories
 * below) or a core domain error; `useAudience` installs, per plugin scope, the one error handler
 * that maps both to `{ code, message }` (plus `display_message` where a person reads the answer)
 * and the one schema-error formatter of that audience.
 */

/** Responses every route can give besides its own: rate limit and unexpected failure. */
export const commonErrors = { 429: ErrorResponse, 500: ErrorResponse } as const;

/**
 * Who reads a scope's errors. `api`: programs (JSON clients, batch, API keys) get the stable
 * English `code` and the fields named as sent. `person`: the app's screens and the predecessor's
 * console also get `display_message`, Korean, which they show as it is.
 */
export type Audience = 'api' | 'person';

/** A refusal with its HTTP status, an English code for programs and a Korean message for people. */
export class HttpError extends Error {
  override name = 'HttpError';
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    /** Korean, for the person who sees the answer; the message when that already is. */
    readonly display_message: string = message,
    /** Sent with the answer (Retry-After). */
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
  }
}

/** Everything a route looks up by id, with the Korean name the 404 uses. */
const NOT_FOUND = {
  analysis: (id: string) => `검증 기록을 찾을 수 없습니다: ${id}`,
  article: (id: string) => `기사 검증 기록을 찾을 수 없습니다: ${id}`,
  issue: (id: string) => `이슈를 찾을 수 없습니다: ${id}`,
  today_issue: () => '오늘의 이슈가 아직 없습니다.',
  chat_message: (id: string) => `메시지를 찾을 수 없습니다: ${id}`,
  wiki_page: (id: string) => `위키 문서 ${id}을(를) 찾을 수 없습니다.`,
  /** `id` is `page/chunk`. */
  wiki_chunk: (id: string) => `위키 문서 ${id.split('/')[0]}에 조각 ${id.split('/')[1]}이(가) 없습니다.`,
  route: (id: string) => `요청한 주소를 찾을 수 없습니다: ${id}`,
  /** A shared link's result (`/r/:id`): read by whoever got the link, so no id. */
  shared_result: () => '이 링크의 검증 결과가 없거나 삭제되었습니다.',
} satisfies Record<string, (id: string) => string>;
export type NotFoundKind = keyof typeof NOT_FOUND;

export const notFound = (kind: NotFoundKind, id = '') => new HttpError(404, 'NOT_FOUND', NOT_FOUND[kind](id));
/** `value`, or the 404 of its kind when the lookup found nothing. */
export function found<T>(value: T | null | undefined, kind: NotFoundKind, id: string): T {
  if (value === null || value === undefined) throw notFound(kind, id);
  return value;
}
/** A rule no schema can state (one field depends on another, ids unique in a list); `field` as the schema errors name it (`body/claims/2`). */
export const badRequest = (code: string, message: string, field?: string) =>
  new HttpError(400, code, field ? `${field}: ${message}` : message);
export const unauthorized = (message: string, code = 'UNAUTHORIZED') => new HttpError(401, code, message);
export const forbidden = (message: string, code = 'FORBIDDEN') => new HttpError(403, code, message);
export const conflict = (code: string, message: string) => new HttpError(409, code, message);
export const tooLarge = (code: string, message: string) => new HttpError(413, code, message);
export const tooMany = (message: string, retryAfterSeconds?: number) =>
  new HttpError(
    429,
    'RATE_LIMITED',
    message,
    message,
    retryAfterSeconds === undefined ? {} : { 'retry-after': String(retryAfterSeconds) },
  );
export const unavailable = (code: string, message: string) => new HttpError(503, code, message);

const MESSAGES = {
  413: '요청 본문이 너무 큽니다.',
  500: '서버에서 오류가 발생했습니다. 잠시 후 다시 시도해 주세요.',
};

/**
 * Core's domain errors, mapped here and nowhere else: those that carry a status and code keep
 * them (an image or article refused, embeddings missing for the asked mode: 409 or 503), any
 * other `UserError` is a 400, and an OCR timeout is the service's, not the image's: 503.
 */
function fromDomain(err: unknown): HttpError | undefined {
  if (err instanceof HttpError) return err;
  if (err instanceof ImageInputError || err instanceof ArticleInputError)
    return new HttpError(err.statusCode, err.code, err.message);
  if (err instanceof EmbeddingsUnavailableError) return new HttpError(err.status, err.code, err.message);
  if (err instanceof UserError) return new HttpError(400, ErrorCodes[400], err.message);
  if (err instanceof OcrTimeoutError) return unavailable('OCR_TIMEOUT', err.display_message);
  return undefined;
}

/** Fastify's and its plugins' own 4xx (bad JSON, unsupported media type, a body too large, …). */
function fromFastify(err: FastifyError, request: FastifyRequest): HttpError | undefined {
  const status = err.statusCode;
  if (!status || status < 400 || status >= 500) return undefined;
  // FST_* are internal names; the status's code says the same to a client.
  const code =
    typeof err.code === 'string' && !err.code.startsWith('FST_')
      ? err.code
      : (ErrorCodes[status as keyof typeof ErrorCodes] ?? `HTTP_${status}`);
  const message =
    status === 413
      ? `${MESSAGES[413]} (최대 ${request.routeOptions.bodyLimit ?? request.server.initialConfig.bodyLimit}바이트)`
      : err.message;
  return new HttpError(status, code, message);
}

/** The answer's body: what every client gets, and the Korean line for a person. */
function bodyOf(err: HttpError, audience: Audience): ErrorResponse {
  const body: ErrorResponse = { code: err.code, message: err.message };
  return audience === 'person' ? { ...body, display_message: err.display_message } : body;
}

/**
 * A refusal as a whole HTML page, for a scope whose reader is a person's browser that opened a
 * link (the share page): the same mapping, status, headers and log line, shown as a page.
 */
export type ErrorPage = (err: HttpError) => string;

/** The error handler of a scope; 5xx details other than our own refusals go to the log only. */
export function errorHandler(audience: Audience, page?: ErrorPage) {
  return (err: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    let known = fromDomain(err) ?? fromFastify(err, request);
    if (known) {
      request.log.info(
        { status: known.statusCode, code: known.code, method: request.method, url: request.url, reason: known.message },
        'request rejected',
      );
    } else {
      request.log.error({ err, method: request.method, url: request.url }, 'request failed');
      known = new HttpError(500, 'INTERNAL_ERROR', MESSAGES[500]);
    }
    reply.code(known.statusCode).headers(known.headers);
    return page ? reply.type('text/html; charset=utf-8').send(page(known)) : reply.send(bodyOf(known, audience));
  };
}

/**
 * Fastify's wording with the fields as sent (`body/claims/0/text`), plus the allowed values of an
 * enum (Ajv only says "one of the allowed values"), the name of an unknown field (Ajv only says
 * there is one), and "a UUID" instead of the pattern.
 */
function englishSchemaErrors(errors: FastifySchemaValidationError[], dataVar: string): string {
  return errors
    .map((e) => {
      if (e.keyword === 'additionalProperties')
        return `${dataVar}${e.instancePath}/${String(e.params.additionalProperty)}: 알 수 없는 항목입니다`;
      if (e.keyword === 'pattern' && e.params.pattern === UUID_PATTERN)
        return `${dataVar}${e.instancePath} must be a UUID`;
      const allowed =
        e.keyword === 'enum' && Array.isArray(e.params.allowedValues) ? `: ${e.params.allowedValues.join(', ')}` : '';
      return `${dataVar}${e.instancePath} ${e.message ?? 'is invalid'}${allowed}`;
    })
    .join(', ');
}

/**
 * The schema-error formatter of an audience: both say what was wrong in Fastify's words with the
 * fields as sent; a person's also says it in Korean, one clause per field with its Korean name.
 */
export function schemaErrorFormatter(audience: Audience) {
  return (errors: FastifySchemaValidationError[], dataVar: string): Error => {
    const message = englishSchemaErrors(errors, dataVar);
    const display = audience === 'person' ? formatIssueSchemaErrors(errors, dataVar).message : message;
    return new HttpError(400, ErrorCodes[400], message, display);
  };
}

/**
 * Sets a plugin scope's audience: its error handler and schema-error formatter, once for all its
 * routes; with `page`, its refusals are answered as that HTML page instead of the JSON body.
 */
export function useAudience(fastify: FastifyInstance, audience: Audience, options: { page?: ErrorPage } = {}): void {
  fastify.setErrorHandler(errorHandler(audience, options.page));
  fastify.setSchemaErrorFormatter(schemaErrorFormatter(audience));
}
