import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import {
  ARTICLE_LIMITS,
  ArticleCheckRequest,
  ArticleCheckResponse,
  ErrorResponse,
  hasControlChars,
  type ArticleStreamEvent,
} from '@olala/contract';
import { ArticleInputError, getArticle } from '@olala/core/articles';
import { RunCancelledError } from '@olala/core/analyses';
import type { ArticleOptions } from '@olala/core/truth';
import { badRequest, commonErrors, notFound } from '../errors.js';
import { uuidParams } from '../schemas.js';
import { disconnectSignal, dropAnswer, openStream, streamFormat } from '../streaming.js';
import { imageRouteOptions } from '../truth/image.js';

/**
 * An article is up to 20 checks in one request: a third of the truth route's budget per client
 * (30 a minute), and one slot of the run limiter for the whole article.
 */
const RATE_LIMIT = { max: 10, timeWindow: '1 minute' };
const HEARTBEAT_MS = 10_000;

const Params = uuidParams('id');

/**
 * What the schema cannot say because it depends on `input_type`: a URL is one line of at most
 * `ARTICLE_LIMITS.url.max` characters, and a title or date is for pasted text only.
 */
function checkUrl(body: ArticleCheckRequest): void {
  if (body.input_type !== 'url') return;
  const url = body.input_payload.trim();
  const refuse = (message: string) => badRequest('BAD_REQUEST', message, 'body/input_payload');
  if (url.length > ARTICLE_LIMITS.url.max) throw refuse(`URL은 최대 ${ARTICLE_LIMITS.url.max}자입니다`);
  if (hasControlChars(url)) throw refuse('URL에는 줄바꿈이나 제어 문자를 쓸 수 없습니다');
  if (!/^https?:\/\//i.test(url)) throw refuse('http:// 또는 https://로 시작하는 주소를 입력해 주세요');
}

/**
 * `POST /v1/articles/check` (synchronous), `POST /v1/articles/check/stream` (NDJSON, or
 * Server-Sent Events when the client accepts text/event-stream: for a screenshot first its
 * `stage_complete` of `stage00_ocr` with `claim_id: null`, then `claim_found` per claim, the
 * claims' `stage_complete` events with their `claim_id`, `claim_complete`, then `complete`),
 * and `GET /v1/articles/:id`, a stored run (public like `/v1/analyses/:id`: the id is an
 * unguessable UUID).
 */
const articles: FastifyPluginAsyncTypebox = async (fastify) => {
  const truth = fastify.truth;
  const limiter = truth.limiter;
  const options = (request: FastifyRequest, signal: AbortSignal, streamed: boolean): ArticleOptions => ({
    streamed,
    signal,
    log: request.log,
    userId: request.user?.user_id,
  });
  // A screenshot (input_type image, JSON or multipart) is read as the truth routes read it: the same
  // body limit, preValidation and upload parser (truth/image.ts).
  const routeOptions = {
    config: { rateLimit: RATE_LIMIT, auth: 'optional' as const },
    ...(await imageRouteOptions(fastify)),
  };

  fastify.post(
    '/articles/check',
    {
      ...routeOptions,
      schema: {
        tags: ['articles'],
        body: ArticleCheckRequest,
        response: {
          200: ArticleCheckResponse,
          400: ErrorResponse,
          401: ErrorResponse,
          413: ErrorResponse,
          502: ErrorResponse,
          503: ErrorResponse,
          ...commonErrors,
        },
      },
    },
    async (request, reply) => {
      checkUrl(request.body);
      const signal = disconnectSignal(request, reply);
      try {
        return await truth.checkArticle(request.body, options(request, signal, false));
      } catch (err) {
        if (!(err instanceof RunCancelledError)) throw err;
        return dropAnswer(reply);
      }
    },
  );

  fastify.post(
    '/articles/check/stream',
    {
      ...routeOptions,
      schema: {
        tags: ['articles'],
        body: ArticleCheckRequest,
        response: { 400: ErrorResponse, 401: ErrorResponse, 413: ErrorResponse, 503: ErrorResponse, ...commonErrors },
      },
    },
    async (request, reply) => {
      checkUrl(request.body);
      // Refuse before the stream starts: afterwards a status code can no longer be sent.
      limiter.check();
      const signal = disconnectSignal(request, reply);
      const stream = openStream<ArticleStreamEvent>(reply, streamFormat(request), { heartbeatMs: HEARTBEAT_MS });
      const send = stream.send;
      try {
        const result = await truth.checkArticle(request.body, {
          ...options(request, signal, true),
          onArticleStage: (e) =>
            send({
              event: 'stage_complete',
              claim_id: null,
              stage: 'stage00_ocr',
              data: { status: e.status, ms: e.ms, ...e.data },
            }),
          onClaimFound: (claim) => send({ event: 'claim_found', data: claim }),
          onStage: (claimId, e) =>
            send({
              event: 'stage_complete',
              claim_id: claimId,
              stage: e.stage,
              data: { status: e.status, ms: e.ms, ...e.data },
            }),
          onClaimComplete: (claim) => send({ event: 'claim_complete', data: claim }),
        });
        send({ event: 'complete', data: result });
      } catch (err) {
        if (err instanceof ArticleInputError) send({ event: 'error', data: { code: err.code, message: err.message } });
        else if (!(err instanceof RunCancelledError)) {
          request.log.error({ err }, 'streamed article check failed');
          send({
            event: 'error',
            data: { code: 'PIPELINE_ERROR', message: '검증 중 문제가 생겼습니다. 잠시 후 다시 시도해 주세요.' },
          });
        }
      } finally {
        stream.end();
      }
    },
  );

  fastify.get(
    '/articles/:id',
    {
      config: { auth: 'optional' },
      schema: {
        tags: ['articles'],
        params: Params,
        response: {
          200: ArticleCheckResponse,
          400: ErrorResponse,
          401: ErrorResponse,
          404: ErrorResponse,
          ...commonErrors,
        },
      },
    },
    async (request) => {
      const found = await getArticle(fastify.db, request.params.id);
      if (!found) throw notFound('article', request.params.id);
      return found;
    },
  );
};

export default articles;
