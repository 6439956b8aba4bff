import http from 'node:http';
import type { TestContext } from 'node:test';
import { listenLoopback } from './loopback.js';

export interface FakeChatMessage {
  role: string;
  content: string;
}

/** One request as the fake saw it. */
export interface FakeChatRequest {
  api: 'ollama' | 'openai';
  model: string;
  messages: FakeChatMessage[];
  /** The system prompt and the last user message, for scripts that route on the prompt. */
  system: string;
  user: string;
  /** The JSON schema asked for: Ollama's `format`, or OpenAI's `response_format.json_schema.schema`. */
  schema: unknown;
  /** The whole parsed body, to assert on any field (`options.num_predict`, `response_format`, …). */
  body: Record<string, unknown>;
  authorization: string | undefined;
  /** 0 for the first request this fake received. */
  index: number;
  /** Set when the client closed the connection before the answer was sent (aborted, timed out). */
  closedEarly: boolean;
}

/**
 * What the fake answers: the model's content (`jsonReply(value)` builds it from a value), an
 * HTTP error, or no answer at all (`hang`: the connection stays open until the client gives up).
 * `delayMs` holds any answer back.
 */
export type FakeChatReply =
  | string
  | { content: string; delayMs?: number }
  | { status: number; error?: string; delayMs?: number }
  | { hang: true };

export type FakeChatScript = (request: FakeChatRequest) => FakeChatReply | Promise<FakeChatReply>;

export interface FakeChatOptions {
  /** Models the fake knows; others get 404 "model not found" as from Ollama or OpenAI. Default: any. */
  models?: string[];
  /** Demanded as `Authorization: Bearer <key>`; others get 401. */
  apiKey?: string;
  /** Holds every answer back, `GET /api/tags` included (a slow endpoint, for timeouts). */
  delayMs?: number;
}

export interface FakeChat {
  /** Base URL; the clients add `/api/chat` or `/v1/chat/completions`. */
  url: string;
  /** The chat requests, parsed. */
  requests: FakeChatRequest[];
  /** Every request as `METHOD /path` (`GET /api/tags` too), in arrival order. */
  paths: string[];
}

/** A reply carrying `value` as the model's JSON answer. */
export function jsonReply(value: unknown, delayMs?: number): FakeChatReply {
  return { content: JSON.stringify(value), ...(delayMs ? { delayMs } : {}) };
}

/** The script of a fake asked only for its models (`GET /api/tags`): any chat is an error. */
export const noChat: FakeChatScript = () => ({ status: 501, error: 'this fake only lists its models' });

/**
 * A loopback stand-in for both Ollama's `POST /api/chat` and an OpenAI-compatible
 * `POST /v1/chat/completions` (and Ollama's `GET /api/tags`, listing `models`), answering in
 * their real JSON shapes what `script` says; closed when the test ends.
 */
export async function fakeChatServer(
  t: TestContext,
  script: FakeChatScript,
  options: FakeChatOptions = {},
): Promise<FakeChat> {
  const requests: FakeChatRequest[] = [];
  const paths: string[] = [];
  const server = http.createServer(async (req, res) => {
    paths.push(`${req.method} ${req.url}`);
    let raw = '';
    for await (const chunk of req) raw += String(chunk);
    if (options.delayMs) await new Promise((resolve) => setTimeout(resolve, options.delayMs));
    const send = (status: number, body: unknown) => {
      if (res.destroyed) return;
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (req.method === 'GET' && req.url === '/api/tags') {
      return send(200, { models: (options.models ?? []).map((name) => ({ name, model: name, size: 1 })) });
    }
    const api = req.url === '/api/chat' ? 'ollama' : req.url === '/v1/chat/completions' ? 'openai' : undefined;
    if (req.method !== 'POST' || !api) return send(404, { error: 'not found' });
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(raw) as Record<string, unknown>;
    } catch {
      return send(400, { error: 'invalid JSON' });
    }
    const messages = Array.isArray(body.messages) ? (body.messages as FakeChatMessage[]) : [];
    const responseFormat = body.response_format as { json_schema?: { schema?: unknown } } | undefined;
    const record: FakeChatRequest = {
      api,
      model: String(body.model),
      messages,
      system: messages.find((m) => m.role === 'system')?.content ?? '',
      user: messages.filter((m) => m.role === 'user').at(-1)?.content ?? '',
      schema: api === 'ollama' ? body.format : responseFormat?.json_schema?.schema,
      body,
      authorization: req.headers.authorization,
      index: requests.length,
      closedEarly: false,
    };
    requests.push(record);
    res.on('close', () => {
      if (!res.writableFinished) record.closedEarly = true;
    });

    const fail = (status: number, message: string, code?: string) =>
      send(
        status,
        api === 'ollama'
          ? { error: message }
          : { error: { message, type: 'invalid_request_error', code: code ?? null } },
      );
    if (options.apiKey && req.headers.authorization !== `Bearer ${options.apiKey}`)
      return fail(401, 'invalid api key', 'invalid_api_key');
    if (options.models && !options.models.includes(record.model)) {
      return api === 'ollama'
        ? fail(404, `model "${record.model}" not found, try pulling it first`)
        : fail(404, `The model \`${record.model}\` does not exist or you do not have access to it.`, 'model_not_found');
    }

    let reply: FakeChatReply;
    try {
      reply = await script(record);
    } catch (err) {
      return fail(500, `fake script failed: ${(err as Error).message}`);
    }
    if (typeof reply === 'string') reply = { content: reply };
    if ('hang' in reply) return;
    const answer = (r: Exclude<FakeChatReply, string | { hang: true }>) => {
      if ('status' in r) return fail(r.status, r.error ?? `fake error ${r.status}`);
      const { content } = r;
      if (api === 'ollama') {
        return send(200, {
          model: record.model,
          created_at: new Date().toISOString(),
          message: { role: 'assistant', content },
          done: true,
          done_reason: 'stop',
          total_duration: 1,
          eval_count: content.length,
        });
      }
      send(200, {
        id: `chatcmpl-fake-${record.index}`,
        object: 'chat.completion',
        created: Math.floor(Date.now() / 1000),
        model: record.model,
        choices: [{ index: 0, message: { role: 'assistant', content, refusal: null }, finish_reason: 'stop' }],
        usage: { prompt_tokens: 1, completion_tokens: content.length, total_tokens: content.length + 1 },
      });
    };
    if (reply.delayMs) {
      const pending = reply;
      const timer = setTimeout(() => answer(pending), reply.delayMs);
      res.on('close', () => clearTimeout(timer));
    } else answer(reply);
  });
  const url = await listenLoopback(t, server);
  return { url, requests, paths };
}

/** The fake as Ollama: point `OLLAMA_URL` / `*_BASE_URL` at `url`. */
export const fakeOllamaChat = fakeChatServer;

/** The fake as an OpenAI-compatible API: `*_PROVIDER=openai`, `*_BASE_URL` = `url`. */
export const fakeOpenAiChat = fakeChatServer;
