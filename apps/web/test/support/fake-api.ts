import type { ArticleCheckResponse } from '@olala/contract/articles';
import type { StageName, TruthCheckResponse } from '@olala/contract/truth';

/** One call the app made. */
export interface Call {
  method: string;
  path: string;
  body: unknown;
  headers: Record<string, string>;
  signal: AbortSignal | undefined;
}

export type Handler = (call: Call) => Response | Promise<Response>;

/** The `fetch` of each fake still installed, first installed first, for `restoreFakeApis`. */
const replaced: (typeof fetch)[] = [];

/** Puts back the `fetch` from before the first fake still installed (appHooks does after each test). */
export function restoreFakeApis(): void {
  if (replaced.length) globalThis.fetch = replaced[0]!;
  replaced.length = 0;
}

/**
 * Replaces `fetch` with routes of `handlers` ("POST /api/truth/check/stream" → handler);
 * unknown routes answer 404 like the server. Answers the calls seen.
 */
export function fakeApi(handlers: Record<string, Handler>): { calls: Call[]; restore(): void } {
  const calls: Call[] = [];
  const original = globalThis.fetch;
  replaced.push(original);
  globalThis.fetch = (async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const url = new URL(String(input), 'http://localhost:3000');
    const method = (init.method ?? 'GET').toUpperCase();
    const call: Call = {
      method,
      path: url.pathname + url.search,
      body: typeof init.body === 'string' ? JSON.parse(init.body) : undefined,
      headers: Object.fromEntries(
        Object.entries((init.headers ?? {}) as Record<string, string>).map(([k, v]) => [k.toLowerCase(), v]),
      ),
      signal: init.signal ?? undefined,
    };
    calls.push(call);
    if (call.signal?.aborted) throw new DOMException('aborted', 'AbortError');
    const handler = handlers[`${method} ${url.pathname}`];
    if (!handler) return json(404, { code: 'NOT_FOUND', message: `없음: ${method} ${url.pathname}` });
    return handler(call);
  }) as typeof fetch;
  const restore = () => {
    globalThis.fetch = original;
    const at = replaced.indexOf(original);
    if (at >= 0) replaced.length = at;
  };
  return { calls, restore };
}

export function json(status: number, body: unknown): Response {
  return new Response(status === 204 ? null : JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json' },
  });
}

/**
 * An NDJSON stream the test drives: `push` sends lines; the stream errors when the request's
 * signal aborts, as a closed connection does.
 */
export function ndjsonStream(signal: AbortSignal | undefined) {
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  const enc = new TextEncoder();
  const stream = new ReadableStream<Uint8Array>({ start: (c) => void (controller = c) });
  let aborted = false;
  signal?.addEventListener('abort', () => {
    aborted = true;
    controller.error(new DOMException('aborted', 'AbortError'));
  });
  return {
    response: new Response(stream, { status: 200, headers: { 'content-type': 'application/x-ndjson' } }),
    push: (value: unknown) => !aborted && controller.enqueue(enc.encode(`${JSON.stringify(value)}\n`)),
    /** Raw text, to split a line across chunks. */
    pushRaw: (text: string) => !aborted && controller.enqueue(enc.encode(text)),
    close: () => !aborted && controller.close(),
    get aborted() {
      return aborted;
    },
  };
}

export const stageEvent = (stage: StageName, status = 'ok') => ({
  event: 'stage_complete',
  stage,
  data: { status, ms: 12 },
});

export function sampleResult(over: Partial<TruthCheckResponse> = {}): TruthCheckResponse {
  return {
    analysis_id: '3f1c2d4e-0000-4000-8000-000000000001',
    label: 'TRUE',
    confidence: 0.9,
    headline: '화성은 태양계의 네 번째 행성이 맞아요',
    summary: '위키백과의 화성 문서가 이를 뒷받침해요.',
    rationale: ['화성 문서: 태양계의 네 번째 행성'],
    citations: [
      {
        source_type: 'WIKIPEDIA',
        title: '화성',
        url: 'https://ko.wikipedia.org/wiki?curid=518',
        quote: '화성은 태양계의 네 번째 행성이다.',
        relevance: 0.9,
        evid_id: 'ev_00000001',
        stance: 'support',
      },
      {
        source_type: 'NEWS',
        title: '화성 탐사 소식',
        url: 'https://news.example.com/a/1',
        quote: '네 번째 행성 화성',
        relevance: 0.5,
        evid_id: 'ev_00000002',
      },
    ],
    counter_evidence: [],
    limitations: ['위키 문서만 확인했어요.'],
    recommended_next_steps: ['천문 기관 자료를 확인해 보세요.'],
    risk_flags: ['NO_LLM'],
    model_info: { provider: 'none', model: 'rules', version: '1' },
    latency_ms: 120,
    cost_usd: 0,
    created_at: '2026-11-20T10:00:00.000Z',
    claim: '화성은 태양계의 4번째 행성이다.',
    cached: false,
    stages: [],
    ...over,
  };
}

/** A short pasted article as the server checks it in no-LLM mode: a true claim, a false one, an emoji line and an opinion skipped. */
export const ARTICLE_TEXT =
  '화성은 태양계의 4번째 행성이다. 🚀\n화성은 태양계의 3번째 행성이다.\n정말 아름다운 행성인 것 같다.';

export function sampleArticle(over: Partial<ArticleCheckResponse> = {}): ArticleCheckResponse {
  const text = ARTICLE_TEXT;
  const span = (s: string) => {
    const start = text.indexOf(s);
    if (start < 0) throw new Error(`not in the article: ${s}`);
    return { start, end: start + s.length };
  };
  const c1 = '화성은 태양계의 4번째 행성이다.';
  const c2 = '화성은 태양계의 3번째 행성이다.';
  return {
    article_id: '7a1c2d4e-0000-4000-8000-0000000000a1',
    created_at: '2026-11-20T10:00:00.000Z',
    status: 'complete',
    latency_ms: 300,
    model_info: { provider: 'none', model: 'rules', version: '1' },
    article: { title: '', url: null, published_at: null, text },
    claims: [
      {
        id: 'c1',
        text: c1,
        spans: [span(c1)],
        checkworthiness: 0.8,
        type: '기타',
        main: true,
        result: sampleResult({
          analysis_id: '3f1c2d4e-0000-4000-8000-0000000000c1',
          claim: c1,
          headline: '화성은 네 번째 행성이 맞아요',
        }),
      },
      {
        id: 'c2',
        text: c2,
        spans: [span(c2)],
        checkworthiness: 0.7,
        type: '기타',
        main: false,
        result: sampleResult({
          analysis_id: '3f1c2d4e-0000-4000-8000-0000000000c2',
          claim: c2,
          label: 'FALSE',
          headline: '화성은 세 번째 행성이 아니에요',
          citations: [],
        }),
      },
    ],
    skipped: [
      { text: '🚀', spans: [span('🚀')], reason: 'too_vague' },
      { text: '정말 아름다운 행성인 것 같다.', spans: [span('정말 아름다운 행성인 것 같다.')], reason: 'opinion' },
    ],
    summary: {
      counts: { TRUE: 1, FALSE: 1, MIXED: 0, UNVERIFIED: 0, REFUSED: 0 },
      failed: 0,
      main_claim_id: 'c1',
      overview: '주장 2개 중 1개는 사실, 1개는 거짓으로 확인됐어요.',
      decomposition: 'rules',
    },
    ...over,
  };
}
