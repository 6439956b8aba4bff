import { setTimeout as sleep } from 'node:timers/promises';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  BATCH_LIMITS,
  BatchRequest,
  ErrorResponse,
  TRUTH_LIMITS,
  type BatchClaim,
  type BatchLine,
} from '@olala/contract';
import { RunCancelledError } from '@olala/core/analyses';
import type { ClaimOutcome } from '@olala/core/truth';
import { ANONYMOUS_CLAIMS_PER_MINUTE, budgetSubject, takeBudget, clientKey } from '@olala/core/identity';
import { isBusy } from '../../plugins/pipeline.js';
import { badRequest, commonErrors, tooMany } from '../errors.js';
import { disconnectSignal, openStream } from '../streaming.js';
import { resultView } from '../truth/debug-view.js';

/** A batch that finds every run slot taken waits for one this long (in steps), then answers BUSY. */
const BUSY_WAIT = { stepMs: 500, steps: 20 };
/** Room for 100 claims of the longest text, in UTF-8 Korean (3 bytes a character), plus the JSON around them. */
const BATCH_BODY_LIMIT = BATCH_LIMITS.claims.max * (TRUTH_LIMITS.input_payload.max * 3 + 512);

const input = (c: BatchClaim) =>
  c.url !== undefined
    ? { input_type: 'url' as const, input_payload: c.url }
    : { input_type: 'text' as const, input_payload: c.claim! };

/** Exactly one of `claim` and `url` per item, and ids unique within the batch: what the schema cannot say. */
function checkClaims(claims: readonly BatchClaim[]): void {
  const seen = new Map<string, number>();
  for (const [i, c] of claims.entries()) {
    if ((c.claim === undefined) === (c.url === undefined))
      throw badRequest('BAD_REQUEST', 'claim(검증할 문장)과 url 중 하나만 보내 주세요', `body/claims/${i}`);
    const first = seen.get(c.id);
    if (first !== undefined)
      throw badRequest(
        'BAD_REQUEST',
        `id "${c.id}"가 body/claims/${first}/id와 겹칩니다. 배치 안의 id는 서로 달라야 합니다`,
        `body/claims/${i}/id`,
      );
    seen.set(c.id, i);
  }
}

/**
 * `POST /v1/truth/batch`: up to 100 claims, answered as NDJSON lines `{ id, result }` or
 * `{ id, error }` in the order they finish. Each claim spends one unit of the caller's budget —
 * its API key's rate, or without a key the anonymous 30 per minute per address — taken for the
 * whole batch before the stream starts: none left is a 429, claims beyond what is left are
 * answered RATE_LIMITED at once. The claims are one run of the truth service (`checkMany`: one
 * slot of the run limiter, their searches and stored runs shared, all at once without an LLM, four
 * at a time with one). The client going away stops the claims still running or waiting.
 */
const batch: FastifyPluginAsyncTypebox = async (fastify) => {
  const truth = fastify.truth;
  const limiter = truth.limiter;

  fastify.post(
    '/truth/batch',
    {
      config: { auth: 'optional' },
      bodyLimit: Math.max(fastify.config.bodyLimit, BATCH_BODY_LIMIT),
      schema: {
        tags: ['truth'],
        body: BatchRequest,
        response: {
          400: ErrorResponse,
          401: ErrorResponse,
          403: ErrorResponse,
          413: ErrorResponse,
          503: ErrorResponse,
          ...commonErrors,
        },
      },
    },
    async (request, reply) => {
      const { claims } = request.body;
      checkClaims(claims);
      const key = request.apiKey;
      const rate = key?.rate_per_min ?? ANONYMOUS_CLAIMS_PER_MINUTE;
      const subject = budgetSubject(key ? { apiKey: key } : { address: clientKey(request.ip) });
      // Refuse before the stream starts (afterwards a status code can no longer be sent), and before spending the budget.
      limiter.check();
      const grant = await takeBudget(fastify.db, subject, claims.length, rate, fastify.now());
      const overBudget = (after: number) => `검증 한도(분당 ${rate}건)를 넘었습니다. ${after}초 후에 다시 보내 주세요.`;
      if (grant.granted === 0) throw tooMany(overBudget(grant.retryAfterSeconds), grant.retryAfterSeconds);

      const signal = disconnectSignal(request, reply);
      // Headers go out now, not with the first finished claim: the client knows at once it was accepted.
      const stream = openStream<BatchLine>(reply, 'ndjson');
      const send = stream.send;

      for (const c of claims.slice(grant.granted))
        send({ id: c.id, error: { code: 'RATE_LIMITED', message: overBudget(grant.retryAfterSeconds) } });

      const queue = claims.slice(0, grant.granted);
      const answered = new Set<number>();
      const answer = (i: number, line: BatchLine) => {
        answered.add(i);
        send(line);
      };
      const failed = (i: number) =>
        answer(i, {
          id: queue[i]!.id,
          error: { code: 'INTERNAL_ERROR', message: '검증 중 오류가 발생했습니다. 이 항목만 다시 보내 주세요.' },
        });
      const onResult = (i: number, outcome: ClaimOutcome) => {
        if ('result' in outcome) return answer(i, { id: queue[i]!.id, result: resultView(outcome.result, false) });
        if (outcome.error instanceof RunCancelledError || signal.aborted) return;
        request.log.error({ err: outcome.error, batch_claim: queue[i]!.id }, 'batch claim failed');
        failed(i);
      };
      try {
        for (let attempt = 0; !signal.aborted; attempt++) {
          try {
            await truth.checkMany(queue.map(input), {
              signal,
              log: (i) => request.log.child({ batch_claim: queue[i]!.id }),
              userId: request.user?.user_id,
              onResult,
            });
            break;
          } catch (err) {
            if (!isBusy(err)) {
              request.log.error({ err }, 'batch failed');
              for (let i = 0; i < queue.length; i++) if (!answered.has(i)) failed(i);
              break;
            }
            // Every slot is taken (by runs that started since the check above): wait for one.
            if (attempt >= BUSY_WAIT.steps) {
              for (const c of queue) send({ id: c.id, error: { code: 'BUSY', message: (err as Error).message } });
              break;
            }
            await sleep(BUSY_WAIT.stepMs, undefined, { signal }).catch(() => undefined);
          }
        }
      } finally {
        stream.end();
      }
      request.log.info(
        { claims: claims.length, granted: grant.granted, cancelled: signal.aborted, api_key: key?.prefix },
        'batch complete',
      );
    },
  );
};

export default batch;
