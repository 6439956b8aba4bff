import http from 'node:http';
import zlib from 'node:zlib';
import type { TestContext } from 'node:test';
import iconv from 'iconv-lite';
import { listenLoopback } from './loopback.js';

/** Loopback stand-ins for news sites and news search APIs, recording what they were asked. */

export interface RecordedRequest {
  method: string;
  /** Path and query, e.g. `/v1/search/news.json?query=…`. */
  path: string;
  headers: http.IncomingHttpHeaders;
}

export interface FakeServer {
  url: string;
  requests: RecordedRequest[];
  /** Most requests that were being answered at the same moment. */
  peakConcurrency: () => number;
}

export interface FakeRoute {
  status?: number;
  body?: string;
  /** Default `text/html; charset=<charset>`. */
  contentType?: string;
  /** How `body` is encoded. Default utf-8. */
  charset?: 'utf-8' | 'euc-kr';
  /** Answers 302 (or `status`) with this Location. */
  redirect?: string;
  delayMs?: number;
  /** Streams this many filler bytes without a Content-Length, for size caps. */
  streamBytes?: number;
  gzip?: boolean;
  headers?: Record<string, string>;
}

interface Answer {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

async function serve(
  t: TestContext,
  handle: (req: http.IncomingMessage, res: http.ServerResponse) => void,
): Promise<FakeServer> {
  const requests: RecordedRequest[] = [];
  let open = 0;
  let peak = 0;
  const server = http.createServer((req, res) => {
    requests.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers });
    peak = Math.max(peak, ++open);
    res.on('close', () => open--);
    handle(req, res);
  });
  return { url: await listenLoopback(t, server), requests, peakConcurrency: () => peak };
}

function send(res: http.ServerResponse, answer: Answer, delayMs = 0): void {
  const reply = () => {
    if (res.destroyed) return;
    res.writeHead(answer.status, { ...answer.headers, 'content-length': String(answer.body.length) });
    res.end(answer.body);
  };
  // unref: a test that gave up waiting must not be held open by the pending answer.
  if (delayMs > 0) setTimeout(reply, delayMs).unref();
  else reply();
}

function streamFiller(res: http.ServerResponse, contentType: string, total: number): void {
  res.writeHead(200, { 'content-type': contentType });
  const chunk = Buffer.alloc(64 * 1024, 'a');
  let sent = 0;
  const pump = () => {
    while (sent < total && !res.destroyed) {
      sent += chunk.length;
      if (!res.write(chunk)) return void res.once('drain', pump);
    }
    res.end();
  };
  pump();
}

/**
 * A news site serving `routes` by path (query ignored); 404 elsewhere. Paths may redirect,
 * answer slowly, stream huge bodies, use any content type or EUC-KR.
 */
export async function fakeArticleServer(t: TestContext, routes: Record<string, FakeRoute>): Promise<FakeServer> {
  return serve(t, (req, res) => {
    const route = routes[new URL(req.url ?? '/', 'http://x').pathname];
    if (!route)
      return send(res, { status: 404, headers: { 'content-type': 'text/plain' }, body: Buffer.from('not found') });
    const charset = route.charset ?? 'utf-8';
    const contentType = route.contentType ?? `text/html; charset=${charset}`;
    if (route.streamBytes) return streamFiller(res, contentType, route.streamBytes);
    const headers: Record<string, string> = { 'content-type': contentType, ...route.headers };
    if (route.redirect) headers.location = route.redirect;
    let body = iconv.encode(route.body ?? '', charset);
    if (route.gzip) {
      body = zlib.gzipSync(body);
      headers['content-encoding'] = 'gzip';
    }
    send(res, { status: route.status ?? (route.redirect ? 302 : 200), headers, body }, route.delayMs);
  });
}

export interface FakeApiOptions {
  /** The first `failures` requests answer `failStatus` (default 500). */
  failures?: number;
  failStatus?: number;
  delayMs?: number;
}

function failing(options: FakeApiOptions): () => boolean {
  let left = options.failures ?? 0;
  return () => left-- > 0;
}

/** As Naver's search API returns them: markup and entities in title and description. */
export interface FakeNaverItem {
  title: string;
  originallink: string;
  link: string;
  description: string;
  /** RFC 822, e.g. `Mon, 03 Mar 2025 09:30:00 +0900`. */
  pubDate: string;
}

/**
 * Naver's news search API (`GET /v1/search/news.json`), answering 401 like Naver does when
 * the client id or secret header is missing.
 */
export async function fakeNaverNews(
  t: TestContext,
  items: FakeNaverItem[],
  options: FakeApiOptions = {},
): Promise<FakeServer> {
  const shouldFail = failing(options);
  return serve(t, (req, res) => {
    const json = (status: number, value: unknown) =>
      send(
        res,
        {
          status,
          headers: { 'content-type': 'application/json; charset=utf-8' },
          body: Buffer.from(JSON.stringify(value)),
        },
        options.delayMs,
      );
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname !== '/v1/search/news.json') return json(404, { errorMessage: 'Not Found', errorCode: '404' });
    if (!req.headers['x-naver-client-id'] || !req.headers['x-naver-client-secret']) {
      return json(401, {
        errorMessage: 'Not Exist Client ID : Authentication failed. (인증에 실패했습니다.)',
        errorCode: '024',
      });
    }
    if (shouldFail()) return json(options.failStatus ?? 500, { errorMessage: 'System error.', errorCode: 'SE99' });
    const display = Number(url.searchParams.get('display') ?? 10);
    const shown = items.slice(0, display);
    json(200, {
      lastBuildDate: 'Mon, 03 Mar 2025 10:00:00 +0900',
      total: items.length,
      start: 1,
      display: shown.length,
      items: shown,
    });
  });
}

export interface FakeRssItem {
  title: string;
  link: string;
  pubDate: string;
  /** HTML, escaped into the XML as Google News does. */
  description: string;
  source: string;
  sourceUrl: string;
}

const xmlEscape = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Google News' RSS search (`GET /rss/search?q=…`). */
export async function fakeGoogleNewsRss(
  t: TestContext,
  items: FakeRssItem[],
  options: FakeApiOptions = {},
): Promise<FakeServer> {
  const shouldFail = failing(options);
  return serve(t, (req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const text = (status: number, type: string, body: string) =>
      send(res, { status, headers: { 'content-type': type }, body: Buffer.from(body) }, options.delayMs);
    if (url.pathname !== '/rss/search') return text(404, 'text/html', '<h1>Not Found</h1>');
    if (shouldFail()) return text(options.failStatus ?? 503, 'text/html', '<h1>Service Unavailable</h1>');
    const entries = items.map(
      (i) =>
        `<item><title>${xmlEscape(i.title)}</title><link>${xmlEscape(i.link)}</link>` +
        `<guid isPermaLink="false">${xmlEscape(i.link)}</guid><pubDate>${i.pubDate}</pubDate>` +
        `<description>${xmlEscape(i.description)}</description>` +
        `<source url="${xmlEscape(i.sourceUrl)}">${xmlEscape(i.source)}</source></item>`,
    );
    const q = xmlEscape(url.searchParams.get('q') ?? '');
    text(
      200,
      'application/xml; charset=utf-8',
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/"><channel>` +
        `<generator>NFE/5.0</generator><title>"${q}" - Google 뉴스</title><link>https://news.google.com/search?q=${q}</link>` +
        `<language>ko</language>${entries.join('')}</channel></rss>`,
    );
  });
}
