/**
 * Streamed answers (the truth check, the article check, the batch) and the signal that stops the
 * work behind a request when its client goes away: one way for every route that streams.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';

/** Aborts when the client goes away before the answer is sent, so the run stops its LLM calls. */
export function disconnectSignal(request: FastifyRequest, reply: FastifyReply): AbortSignal {
  const controller = new AbortController();
  reply.raw.on('close', () => {
    if (!reply.raw.writableFinished) controller.abort();
  });
  request.raw.on('aborted', () => controller.abort());
  return controller.signal;
}

/** Ends a request whose client went away: nobody is there to answer (its run is stored as cancelled). */
export function dropAnswer(reply: FastifyReply): undefined {
  reply.hijack();
  reply.raw.destroy();
  return undefined;
}

/** Server-Sent Events, or NDJSON (one JSON object a line, the predecessor's format). */
export type StreamFormat = 'sse' | 'ndjson';

/** SSE when the client accepts text/event-stream, else NDJSON. */
export const streamFormat = (request: FastifyRequest): StreamFormat =>
  (request.headers.accept ?? '').includes('text/event-stream') ? 'sse' : 'ndjson';

export interface EventStream<T> {
  /** Writes one item; nothing once the client is gone. */
  send(item: T): void;
  /** Stops the heartbeat and ends the response. */
  end(): void;
}

export interface StreamOptions {
  /** SSE only: a `heartbeat` event this often keeps proxies from closing a quiet stream. */
  heartbeatMs?: number;
}

/**
 * Takes the reply over and starts the stream: status 200 and the headers go out at once (a status
 * can no longer be sent afterwards, so refuse before calling this). An SSE item's `event` names it.
 */
export function openStream<T extends { event: string }>(
  reply: FastifyReply,
  format: StreamFormat,
  options?: StreamOptions,
): EventStream<T>;
export function openStream<T extends object>(reply: FastifyReply, format: 'ndjson'): EventStream<T>;
export function openStream<T extends object>(
  reply: FastifyReply,
  format: StreamFormat,
  options: StreamOptions = {},
): EventStream<T> {
  reply.hijack();
  reply.raw.writeHead(200, {
    'content-type': format === 'sse' ? 'text/event-stream; charset=utf-8' : 'application/x-ndjson; charset=utf-8',
    'cache-control': 'no-store, no-transform',
    // nginx would otherwise buffer the stream until it ends.
    'x-accel-buffering': 'no',
    connection: 'keep-alive',
  });
  reply.raw.flushHeaders();
  const send = (item: object) => {
    if (reply.raw.writableEnded || reply.raw.destroyed) return;
    const json = JSON.stringify(item);
    reply.raw.write(format === 'sse' ? `event: ${(item as { event: string }).event}\ndata: ${json}\n\n` : `${json}\n`);
  };
  // NDJSON clients of the predecessor know only its events; heartbeats are for SSE.
  const heartbeat =
    format === 'sse' && options.heartbeatMs
      ? setInterval(() => send({ event: 'heartbeat', data: { ts: new Date().toISOString() } }), options.heartbeatMs)
      : undefined;
  reply.raw.on('close', () => clearInterval(heartbeat));
  return {
    send,
    end() {
      clearInterval(heartbeat);
      reply.raw.end();
    },
  };
}
