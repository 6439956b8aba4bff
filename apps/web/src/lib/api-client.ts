import type { ErrorResponse } from '@olala/contract/errors';
import { env } from '../config/env.js';

/** A failed API call, with a message fit to show (Korean). `status` 0: no answer (offline, aborted). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export const NETWORK_MESSAGE = '서버에 연결하지 못했어요. 인터넷 연결을 확인해 주세요.';

export interface RequestOptions {
  method?: string;
  body?: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

export function apiUrl(path: string): string {
  return `${env.apiBase}${path}`;
}

/** Sends one request; answers the response itself, leaving the body unread (streams need that). */
export async function send(path: string, options: RequestOptions = {}): Promise<Response> {
  const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  let res: Response;
  try {
    res = await fetch(apiUrl(path), {
      method: options.method ?? 'GET',
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: options.signal,
    });
  } catch (err) {
    if ((err as Error).name === 'AbortError') throw err;
    throw new ApiError(0, 'NETWORK', NETWORK_MESSAGE);
  }
  if (!res.ok) throw await errorOf(res);
  return res;
}

/** The server's `{code, message}` when it sent one, else a message by status. */
export async function errorOf(res: Response): Promise<ApiError> {
  let body: Partial<ErrorResponse> = {};
  try {
    body = (await res.json()) as Partial<ErrorResponse>;
  } catch {}
  const fallback =
    res.status === 429
      ? '요청이 너무 많아요. 잠시 후 다시 시도해 주세요.'
      : res.status === 404
        ? '찾을 수 없어요.'
        : res.status >= 500
          ? '서버에 문제가 생겼어요. 잠시 후 다시 시도해 주세요.'
          : '요청을 처리하지 못했어요.';
  // display_message is the Korean line the server words for a person; message may be Fastify's English.
  return new ApiError(res.status, body.code ?? `HTTP_${res.status}`, body.display_message ?? body.message ?? fallback);
}

/** A JSON request; 204 answers `undefined`. */
export async function request<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const res = await send(path, options);
  if (res.status === 204) return undefined as T;
  return (await res.json()) as T;
}
