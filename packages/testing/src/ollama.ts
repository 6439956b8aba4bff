import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TestContext } from 'node:test';
import { listenLoopback } from './loopback.js';

export interface FakeOllama {
  url: string;
  /** Paths requested so far, e.g. `GET /api/tags`. */
  requests: string[];
}

/**
 * A loopback stand-in for Ollama that lists `models` on `GET /api/tags` (404 elsewhere),
 * closed when the test ends. `delayMs` holds every answer back, to test timeouts.
 */
export async function fakeOllama(t: TestContext, models: string[], options: { delayMs?: number } = {}): Promise<FakeOllama> {
  const requests: string[] = [];
  const server = http.createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`);
    const answer = () => {
      if (req.method === 'GET' && req.url === '/api/tags') {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ models: models.map((name) => ({ name, model: name, size: 1 })) }));
      } else {
        res.writeHead(404, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: 'not found' }));
      }
    };
    if (options.delayMs) setTimeout(answer, options.delayMs);
    else answer();
  });
  const url = await listenLoopback(t, server);
  return { url, requests };
}

/** A loopback URL on which nothing listens (the port was free a moment ago). */
export async function closedPortUrl(scheme = 'http'): Promise<string> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `${scheme}://127.0.0.1:${port}`;
}
