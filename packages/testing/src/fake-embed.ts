import { createHash } from 'node:crypto';
import http from 'node:http';
import type { TestContext } from 'node:test';
import { listenLoopback } from './loopback.js';

/**
 * A deterministic unit vector for `text`: the same text always gives the same vector, and
 * different texts give nearly orthogonal ones, so a query equal to a chunk finds that chunk.
 */
export function fakeVector(text: string, dims = 16): number[] {
  const v: number[] = [];
  for (let block = 0; v.length < dims; block++) {
    const h = createHash('sha256').update(`${block}\u0000${text}`).digest();
    for (let i = 0; i + 1 < h.length && v.length < dims; i += 2) v.push(h.readUInt16BE(i) / 32767.5 - 1);
  }
  const norm = Math.hypot(...v) || 1;
  return v.map((x) => x / norm);
}

export interface FakeEmbedRequest {
  path: '/api/embed' | '/v1/embeddings';
  model: string;
  input: string[];
  authorization: string | undefined;
  status: number;
}

export interface FakeEmbedOptions {
  dims?: number;
  /** Answer 500 to any request that contains a text for which this is true. */
  reject?: (text: string) => boolean;
  /** Models the fake knows; others get 404 as from Ollama. Default: any. */
  models?: string[];
  /** Holds every answer back, to catch a client mid-run. */
  delayMs?: number;
  /** Demanded as `Authorization: Bearer <key>` on /v1/embeddings. */
  apiKey?: string;
}

export interface FakeEmbed {
  url: string;
  requests: FakeEmbedRequest[];
  /** Changes the vector length from now on (a model swapped behind the same name). */
  setDims(dims: number): void;
}

/**
 * A loopback stand-in for Ollama's `POST /api/embed` and an OpenAI-compatible
 * `POST /v1/embeddings`, embedding with `fakeVector`; closed when the test ends.
 */
export async function fakeEmbedServer(t: TestContext, options: FakeEmbedOptions = {}): Promise<FakeEmbed> {
  let dims = options.dims ?? 16;
  const requests: FakeEmbedRequest[] = [];
  const server = http.createServer(async (req, res) => {
    let raw = '';
    for await (const chunk of req) raw += String(chunk);
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    const path = req.url as FakeEmbedRequest['path'];
    if (req.method !== 'POST' || (path !== '/api/embed' && path !== '/v1/embeddings'))
      return send(404, { error: 'not found' });
    let body: { model?: string; input?: string | string[] };
    try {
      body = JSON.parse(raw) as typeof body;
    } catch {
      return send(400, { error: 'invalid JSON' });
    }
    const input = ([] as string[]).concat(body.input ?? []);
    const record: FakeEmbedRequest = {
      path,
      model: String(body.model),
      input,
      authorization: req.headers.authorization,
      status: 200,
    };
    requests.push(record);
    const answer = () => {
      const fail = (status: number, message: string) => {
        record.status = status;
        send(
          status,
          path === '/api/embed' ? { error: message } : { error: { message, type: 'invalid_request_error' } },
        );
      };
      if (path === '/v1/embeddings' && options.apiKey && req.headers.authorization !== `Bearer ${options.apiKey}`)
        return fail(401, 'invalid api key');
      if (options.models && !options.models.includes(record.model))
        return fail(404, `model "${record.model}" not found, try pulling it first`);
      if (options.reject && input.some(options.reject)) return fail(500, 'failed to embed: input rejected');
      const vectors = input.map((text) => fakeVector(text, dims));
      if (path === '/api/embed')
        return send(200, {
          model: record.model,
          embeddings: vectors,
          total_duration: 1,
          load_duration: 0,
          prompt_eval_count: input.length,
        });
      // Reversed on purpose: clients must order by `index`, not by position.
      const data = vectors.map((embedding, index) => ({ object: 'embedding', embedding, index })).reverse();
      send(200, {
        object: 'list',
        data,
        model: record.model,
        usage: { prompt_tokens: input.length, total_tokens: input.length },
      });
    };
    if (options.delayMs) setTimeout(answer, options.delayMs);
    else answer();
  });
  const url = await listenLoopback(t, server);
  return {
    url,
    requests,
    setDims(n) {
      dims = n;
    },
  };
}
