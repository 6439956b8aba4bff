import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import {
  ErrorResponse,
  OcrReadRequest,
  OcrView,
  TruthCheckRequest,
  TruthCheckResponse,
  type PipelineErrorData,
  type TruthStreamEvent,
} from '@olala/contract';
import { attachedImage } from '@olala/core/ocr';
import { RunCancelledError } from '@olala/core/analyses';
import type { TruthCheckOptions } from '@olala/core/truth';
import { commonErrors } from '../errors.js';
import { disconnectSignal, dropAnswer, openStream, streamFormat } from '../streaming.js';
import { resultView } from './debug-view.js';
import { imageRouteOptions } from './image.js';

/** Verification runs are the expensive requests: a tighter budget per client than the app's default. */
const RATE_LIMIT = { max: 30, timeWindow: '1 minute' };
const HEARTBEAT_MS = 10_000;
/** What each of the three routes may refuse with: a bad or too large body, no session, the run limiter or OCR full. */
const REFUSALS = {
  400: ErrorResponse,
  401: ErrorResponse,
  413: ErrorResponse,
  503: ErrorResponse,
  ...commonErrors,
} as const;

const errorData = (err: unknown): PipelineErrorData => ({
  code: 'PIPELINE_ERROR',
  stage: null,
  message: err instanceof Error ? err.message : String(err),
  display_message: '검증 중 문제가 생겼습니다. 잠시 후 다시 시도해 주세요.',
});

/**
 * `POST /truth/check` (synchronous) and `POST /api/truth/check/stream` (NDJSON, or Server-Sent
 * Events when the client accepts text/event-stream), and `POST /truth/ocr`; each takes JSON or a
 * multipart/form-data upload (image.ts). Registered at the root and under `/v1`,
 * like the predecessor. Every run goes through the truth service and is stored, streamed ones included.
 */
const truth: FastifyPluginAsyncTypebox = async (fastify) => {
  const options = (
    request: FastifyRequest,
    signal: AbortSignal,
    streamed: boolean,
    onStage?: TruthCheckOptions['onStage'],
  ): TruthCheckOptions => ({
    streamed,
    signal,
    onStage,
    log: request.log,
    userId: request.user?.user_id,
  });
  const truth = fastify.truth;
  const limiter = truth.limiter;
  // Every truth route: optional sign-in, one rate limit, a screenshot-sized body (JSON or multipart:
  // the app's share target, curl -F);
  // their errors are worded for people (app.ts registers them in the 'person' scope).
  const routeOptions = {
    config: { rateLimit: RATE_LIMIT, auth: 'optional' as const },
    ...(await imageRouteOptions(fastify)),
  };

  fastify.post(
    '/truth/check',
    {
      ...routeOptions,
      schema: {
        tags: ['truth'],
        body: TruthCheckRequest,
        response: {
          200: TruthCheckResponse,
          ...REFUSALS,
        },
      },
    },
    async (request, reply) => {
      const signal = disconnectSignal(request, reply);
      try {
        const result = await truth.check(request.body, options(request, signal, false));
        return resultView(result, request.body.include_full_outputs);
      } catch (err) {
        if (!(err instanceof RunCancelledError)) throw err;
        return dropAnswer(reply);
      }
    },
  );

  fastify.post(
    '/truth/ocr',
    {
      ...routeOptions,
      schema: {
        tags: ['truth'],
        body: OcrReadRequest,
        response: {
          200: OcrView,
          ...REFUSALS,
        },
      },
    },
    async (request, reply) => {
      const signal = disconnectSignal(request, reply);
      const image = attachedImage(request.body)!;
      try {
        const ocr = await limiter.run(() => fastify.ocr.recognize(image, signal));
        return { text: ocr.text, confidence: ocr.confidence, lines: ocr.lines };
      } catch (err) {
        // An OCR timeout is answered 503 OCR_TIMEOUT by the error handler.
        if (!signal.aborted) throw err;
        return dropAnswer(reply);
      }
    },
  );

  fastify.post(
    '/api/truth/check/stream',
    {
      ...routeOptions,
      schema: {
        tags: ['truth'],
        body: TruthCheckRequest,
        response: REFUSALS,
      },
    },
    async (request, reply) => {
      // Refuse before the stream starts: afterwards a status code can no longer be sent.
      limiter.check();
      const signal = disconnectSignal(request, reply);
      const stream = openStream<TruthStreamEvent>(reply, streamFormat(request), { heartbeatMs: HEARTBEAT_MS });
      const send = stream.send;
      try {
        const result = await truth.check(
          request.body,
          options(request, signal, true, (e) =>
            send({ event: 'stage_complete', stage: e.stage, data: { status: e.status, ms: e.ms, ...e.data } }),
          ),
        );
        send({ event: 'complete', data: resultView(result, request.body.include_full_outputs) });
      } catch (err) {
        if (!(err instanceof RunCancelledError)) {
          request.log.error({ err }, 'streamed check failed');
          send({ event: 'error', data: errorData(err) });
        }
      } finally {
        stream.end();
      }
    },
  );
};

export default truth;
