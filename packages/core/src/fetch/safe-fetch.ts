import dns from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import { pipeline, type Readable } from 'node:stream';
import zlib from 'node:zlib';
import { bareHostname, blockedAddressReason, isBlockedHostname, type AddressPolicy } from './address.js';
import { decodeBody } from './charset.js';
import { FetchError, FetchFailedError, FetchRefusedError } from './errors.js';

/**
 * Fetches a URL a user gave us without letting it reach our own network (SSRF). Each hop's
 * host is resolved once, every address it resolves to is checked, and the connection is made
 * to the checked address through a custom `lookup`, so DNS cannot answer differently between
 * the check and the connection. Redirects are followed by hand and every target is checked.
 */

export interface ResolvedAddress {
  address: string;
  family: number;
}
export type Resolver = (hostname: string) => Promise<ResolvedAddress[]>;

export interface SafeFetchOptions extends AddressPolicy {
  signal?: AbortSignal;
  /** For the whole fetch, redirects included. */
  timeoutMs?: number;
  /** Largest body accepted, after decompression. */
  maxBytes?: number;
  maxRedirects?: number;
  /** Replaces DNS, for tests. */
  resolve?: Resolver;
}

export type FetchedContentType = 'text/html' | 'application/xhtml+xml' | 'text/plain';

export interface FetchedDocument {
  requested_url: string;
  /** After redirects. */
  url: string;
  status: number;
  content_type: FetchedContentType;
  charset: string;
  text: string;
}

export const FETCH_TIMEOUT_MS = 5000;
export const FETCH_MAX_BYTES = 2 * 1024 * 1024;
export const FETCH_MAX_REDIRECTS = 5;
const ACCEPTED_TYPES: readonly string[] = ['text/html', 'application/xhtml+xml', 'text/plain'];

const HEADERS = {
  'user-agent': 'Mozilla/5.0 (compatible; OLaLA-FactCheck/0.1)',
  accept: 'text/html,application/xhtml+xml,text/plain;q=0.9',
  'accept-language': 'ko-KR,ko;q=0.9,en;q=0.5',
  'accept-encoding': 'gzip, deflate, br',
};

const systemResolve: Resolver = (hostname) => dns.promises.lookup(hostname, { all: true, verbatim: true });

export async function safeFetch(rawUrl: string, options: SafeFetchOptions = {}): Promise<FetchedDocument> {
  const timeoutMs = options.timeoutMs ?? FETCH_TIMEOUT_MS;
  const deadline = AbortSignal.timeout(timeoutMs);
  const signal = options.signal ? AbortSignal.any([options.signal, deadline]) : deadline;
  let url = parseUrl(rawUrl, rawUrl);
  try {
    for (let hop = 0; ; hop++) {
      const target = await checkTarget(url, options, signal);
      const res = await request(url, target, signal);
      const location = res.headers.location;
      if (res.statusCode && res.statusCode >= 300 && res.statusCode < 400 && location) {
        res.destroy();
        if (hop >= (options.maxRedirects ?? FETCH_MAX_REDIRECTS)) {
          throw new FetchRefusedError('TOO_MANY_REDIRECTS', `${rawUrl}: more than ${hop} redirects`, url.href);
        }
        url = parseUrl(new URL(location, url).href, rawUrl);
        continue;
      }
      return {
        requested_url: rawUrl,
        url: url.href,
        ...(await readBody(url, res, options.maxBytes ?? FETCH_MAX_BYTES)),
      };
    }
  } catch (err) {
    if (options.signal?.aborted) throw options.signal.reason;
    if (deadline.aborted)
      throw new FetchFailedError('TIMEOUT', `${url.href}: no complete answer within ${timeoutMs} ms`, url.href);
    if (err instanceof FetchError) throw err;
    throw new FetchFailedError('NETWORK', `${url.href}: ${(err as Error).message}`, url.href);
  }
}

function parseUrl(raw: string, original: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new FetchRefusedError('BAD_URL', `not a valid URL: "${raw}"`, raw);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    const where = raw === original ? '' : ` (redirected from ${original})`;
    throw new FetchRefusedError(
      'BAD_SCHEME',
      `${url.protocol} URLs are not fetched, only http and https: ${raw}${where}`,
      raw,
    );
  }
  // Credentials in a URL would be sent to the site; a user's link has no business carrying them.
  url.username = '';
  url.password = '';
  url.hash = '';
  return url;
}

/** The one address this hop may connect to, after checking every address the host has. */
async function checkTarget(
  url: URL,
  policy: AddressPolicy & { resolve?: Resolver },
  signal: AbortSignal,
): Promise<ResolvedAddress> {
  const host = bareHostname(url);
  const refuse = (why: string) => new FetchRefusedError('PRIVATE_ADDRESS', `${url.href}: ${why}`, url.href);
  if (isBlockedHostname(host, policy)) throw refuse(`host name ${host} is not public`);
  const literal = /^[\d.]+$/.test(host) || host.includes(':');
  let addresses: ResolvedAddress[];
  if (literal) {
    addresses = [{ address: host, family: host.includes(':') ? 6 : 4 }];
  } else {
    try {
      addresses = await abortable((policy.resolve ?? systemResolve)(host), signal);
    } catch (err) {
      if (signal.aborted) throw err;
      throw new FetchFailedError('DNS', `${url.href}: cannot resolve ${host} (${(err as Error).message})`, url.href);
    }
    if (addresses.length === 0) throw new FetchFailedError('DNS', `${url.href}: ${host} has no address`, url.href);
  }
  for (const { address } of addresses) {
    const reason = blockedAddressReason(address, policy);
    if (reason) throw refuse(`${host} resolves to ${address} (${reason})`);
  }
  return addresses[0] as ResolvedAddress;
}

function abortable<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

function request(url: URL, target: ResolvedAddress, signal: AbortSignal): Promise<http.IncomingMessage> {
  // Node asks for every address when it races IPv4 and IPv6 (autoSelectFamily), one otherwise.
  const lookup: LookupFunction = (_hostname, opts, callback) => {
    if (opts.all) callback(null, [target]);
    else callback(null, target.address, target.family);
  };
  const client = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    // agent: false → no pooled socket is ever reused for a later hop.
    const req = client.request(url, { headers: HEADERS, lookup, signal, agent: false }, resolve);
    req.on('error', reject);
    req.end();
  });
}

async function readBody(url: URL, res: http.IncomingMessage, maxBytes: number) {
  const status = res.statusCode ?? 0;
  if (status < 200 || status >= 300) {
    res.destroy();
    throw new FetchFailedError('HTTP_STATUS', `${url.href}: HTTP ${status}`, url.href, status);
  }
  const contentType = res.headers['content-type'];
  const mime = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  if (!ACCEPTED_TYPES.includes(mime)) {
    res.destroy();
    throw new FetchRefusedError(
      'BAD_CONTENT_TYPE',
      `${url.href}: content type "${contentType ?? '(none)'}" is not HTML or text`,
      url.href,
    );
  }
  const tooLarge = () =>
    new FetchRefusedError('TOO_LARGE', `${url.href}: body larger than ${maxBytes} bytes`, url.href);
  if (Number(res.headers['content-length']) > maxBytes) {
    res.destroy();
    throw tooLarge();
  }
  const chunks: Buffer[] = [];
  let size = 0;
  // The cap counts decompressed bytes, so a small gzip bomb is stopped too.
  for await (const chunk of decompressed(res)) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) {
      res.destroy();
      throw tooLarge();
    }
    chunks.push(chunk as Buffer);
  }
  return {
    status,
    content_type: mime as FetchedContentType,
    ...decodeBody(Buffer.concat(chunks), contentType, mime !== 'text/plain'),
  };
}

function decompressed(res: http.IncomingMessage): Readable {
  const encoding = (res.headers['content-encoding'] ?? '').trim().toLowerCase();
  const decoder =
    encoding === 'gzip' || encoding === 'x-gzip'
      ? zlib.createGunzip()
      : encoding === 'deflate'
        ? zlib.createInflate()
        : encoding === 'br'
          ? zlib.createBrotliDecompress()
          : undefined;
  if (!decoder) return res;
  return pipeline(res, decoder, () => {});
}
