import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  blockedAddressReason,
  FetchFailedError,
  FetchRefusedError,
  loadFetchConfig,
  safeFetch,
  type Resolver,
} from '@olala/core';
import { fakeArticleServer } from '@olala/testing';

const PAGE = '<html><head><title>기사</title></head><body><p>본문입니다.</p></body></html>';

async function refused(promise: Promise<unknown>, code: string) {
  await assert.rejects(promise, (err: unknown) => {
    assert.ok(err instanceof FetchRefusedError, `expected FetchRefusedError, got ${String(err)}`);
    assert.equal(err.code, code);
    assert.match(err.display_message, /[가-힣]/);
    return true;
  });
}

/** A resolver that answers `address` for every host and counts its calls. */
function resolverTo(address: string, family = 4): Resolver & { calls: string[] } {
  const calls: string[] = [];
  return Object.assign(
    async (host: string) => {
      calls.push(host);
      return [{ address, family }];
    },
    { calls },
  );
}

describe('address policy', () => {
  test('private, loopback, link-local, CGNAT, unique-local, unspecified, multicast, reserved and mapped addresses are refused', () => {
    for (const ip of [
      '10.1.2.3',
      '172.16.0.1',
      '172.31.255.255',
      '192.168.0.1',
      '100.64.0.1',
      '127.0.0.1',
      '127.9.9.9',
      '169.254.169.254',
      '0.0.0.0',
      '224.0.0.1',
      '255.255.255.255',
      '240.0.0.1',
      '192.0.2.1',
      '::1',
      '::',
      'fe80::1',
      'fc00::1',
      'fd00:ec2::254',
      'ff02::1',
      '::ffff:127.0.0.1',
      '::ffff:10.0.0.1',
      '::127.0.0.1',
      '64:ff9b::a00:1',
      '2002:a00:1::1',
    ]) {
      assert.ok(blockedAddressReason(ip), `${ip} should be refused`);
    }
  });

  test('public unicast addresses pass; loopback passes only with the test allowance', () => {
    for (const ip of ['8.8.8.8', '223.130.200.104', '2001:4860:4860::8888', '::ffff:8.8.8.8'])
      assert.equal(blockedAddressReason(ip), undefined, ip);
    assert.equal(blockedAddressReason('127.0.0.1', { allowLoopback: true }), undefined);
    assert.equal(blockedAddressReason('::1', { allowLoopback: true }), undefined);
    assert.ok(blockedAddressReason('10.0.0.1', { allowLoopback: true }), 'the allowance covers loopback only');
    assert.ok(blockedAddressReason('169.254.169.254', { allowLoopback: true }));
  });

  test('OLALA_FETCH_ALLOW_LOOPBACK is off unless set to 1', () => {
    assert.equal(loadFetchConfig({}).allowLoopback, false);
    assert.equal(loadFetchConfig({ OLALA_FETCH_ALLOW_LOOPBACK: '1' }).allowLoopback, true);
    assert.equal(loadFetchConfig({ OLALA_FETCH_ALLOW_LOOPBACK: '0' }).allowLoopback, false);
    assert.throws(() => loadFetchConfig({ OLALA_FETCH_ALLOW_LOOPBACK: 'yes please' }), /OLALA_FETCH_ALLOW_LOOPBACK/);
  });
});

describe('safeFetch refusals', () => {
  test('schemes other than http and https are refused', async () => {
    for (const url of [
      'file:///etc/passwd',
      'ftp://example.com/a.txt',
      'data:text/html,<p>x</p>',
      'javascript:alert(1)',
      'gopher://example.com/',
    ]) {
      await refused(safeFetch(url), 'BAD_SCHEME');
    }
    await refused(safeFetch('not a url'), 'BAD_URL');
  });

  test('loopback, metadata and private literals are refused, in every spelling', async () => {
    for (const url of [
      'http://127.0.0.1/',
      'http://localhost/',
      'http://169.254.169.254/latest/meta-data/',
      'http://[::1]/',
      'http://[::ffff:127.0.0.1]/',
      'http://[fd00:ec2::254]/',
      'http://2130706433/',
      'http://0x7f.1/',
      'http://0177.0.0.1/',
      'http://0/',
      'http://10.0.0.1/',
      'http://metadata.google.internal/computeMetadata/v1/',
      'http://192.168.1.1:8080/admin',
    ]) {
      await refused(safeFetch(url), 'PRIVATE_ADDRESS');
    }
  });

  test('a public-looking host name that resolves to a private address is refused before connecting', async () => {
    const resolve = resolverTo('10.20.30.40');
    await refused(safeFetch('http://news.example.com/article/1', { resolve }), 'PRIVATE_ADDRESS');
    assert.deepEqual(resolve.calls, ['news.example.com']);
  });

  test('one private address among several public ones is enough to refuse', async () => {
    const resolve: Resolver = async () => [
      { address: '93.184.216.34', family: 4 },
      { address: '::ffff:192.168.0.7', family: 6 },
    ];
    await refused(safeFetch('https://mixed.example.com/', { resolve }), 'PRIVATE_ADDRESS');
  });

  test('a host that does not resolve fails with DNS', async () => {
    const resolve: Resolver = async (host) => {
      throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
    };
    for (const r of [resolve, (async () => []) as Resolver]) {
      await assert.rejects(safeFetch('https://no-such-host.example/', { resolve: r }), (err: unknown) => {
        assert.ok(err instanceof FetchFailedError);
        assert.equal(err.code, 'DNS');
        assert.match(err.display_message, /도메인/);
        return true;
      });
    }
  });

  test('an allowed fake that redirects to a private or metadata address is refused at the second hop', async (t) => {
    const site = await fakeArticleServer(t, {
      '/to-metadata': { redirect: 'http://169.254.169.254/latest/meta-data/' },
      '/to-private-name': { redirect: 'http://intranet.example.com/' },
      '/to-file': { redirect: 'file:///etc/passwd' },
    });
    await refused(safeFetch(`${site.url}/to-metadata`, { allowLoopback: true }), 'PRIVATE_ADDRESS');
    const resolve = resolverTo('192.168.10.10');
    await refused(safeFetch(`${site.url}/to-private-name`, { allowLoopback: true, resolve }), 'PRIVATE_ADDRESS');
    assert.deepEqual(resolve.calls, ['intranet.example.com']);
    await refused(safeFetch(`${site.url}/to-file`, { allowLoopback: true }), 'BAD_SCHEME');
    assert.equal(site.requests.length, 3, 'only the first hops reached the fake');
  });

  test('the loopback fake itself is refused without the test allowance, and nothing is sent', async (t) => {
    const site = await fakeArticleServer(t, { '/a': { body: PAGE } });
    await refused(safeFetch(`${site.url}/a`), 'PRIVATE_ADDRESS');
    assert.equal(site.requests.length, 0);
  });
});

describe('safeFetch answers', () => {
  test('the connection goes to the address that was checked, resolved once', async (t) => {
    const site = await fakeArticleServer(t, { '/a': { body: PAGE } });
    const port = new URL(site.url).port;
    const resolve = resolverTo('127.0.0.1');
    // news.invalid cannot resolve through real DNS, so reaching the fake proves the checked address was dialled.
    const page = await safeFetch(`http://news.invalid:${port}/a`, { allowLoopback: true, resolve });
    assert.equal(page.status, 200);
    assert.match(page.text, /본문입니다/);
    assert.deepEqual(resolve.calls, ['news.invalid']);
    assert.equal(site.requests[0]?.headers.host, `news.invalid:${port}`);
  });

  test('redirects are followed (relative ones too) up to five', async (t) => {
    const routes: Record<string, { redirect?: string; body?: string }> = { '/final': { body: PAGE } };
    for (let i = 0; i < 7; i++) routes[`/r${i}`] = { redirect: i === 6 ? '/final' : `/r${i + 1}` };
    const site = await fakeArticleServer(t, routes);
    const page = await safeFetch(`${site.url}/r2`, { allowLoopback: true });
    assert.equal(page.url, `${site.url}/final`);
    assert.equal(page.requested_url, `${site.url}/r2`);
    await refused(safeFetch(`${site.url}/r0`, { allowLoopback: true }), 'TOO_MANY_REDIRECTS');
  });

  test('a slow site times out with TIMEOUT, and the caller can abort', async (t) => {
    const site = await fakeArticleServer(t, { '/slow': { body: PAGE, delayMs: 3000 } });
    const started = Date.now();
    await assert.rejects(safeFetch(`${site.url}/slow`, { allowLoopback: true, timeoutMs: 200 }), (err: unknown) => {
      assert.ok(err instanceof FetchFailedError);
      assert.equal(err.code, 'TIMEOUT');
      return true;
    });
    assert.ok(Date.now() - started < 2000, 'gave up at the deadline');
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error('client went away')), 100);
    await assert.rejects(
      safeFetch(`${site.url}/slow`, { allowLoopback: true, signal: controller.signal }),
      /client went away/,
    );
  });

  test('bodies over the cap are cut off, with or without Content-Length, compressed or not', async (t) => {
    const big = `<p>${'가'.repeat(400_000)}</p>`; // 1.2 MB of UTF-8
    const site = await fakeArticleServer(t, {
      '/stream': { streamBytes: 3 * 1024 * 1024 },
      '/declared': { body: big },
      '/gzip': { body: big, gzip: true },
    });
    await refused(safeFetch(`${site.url}/stream`, { allowLoopback: true }), 'TOO_LARGE');
    await refused(safeFetch(`${site.url}/declared`, { allowLoopback: true, maxBytes: 1024 * 1024 }), 'TOO_LARGE');
    await refused(safeFetch(`${site.url}/gzip`, { allowLoopback: true, maxBytes: 1024 * 1024 }), 'TOO_LARGE');
    const page = await safeFetch(`${site.url}/gzip`, { allowLoopback: true });
    assert.equal(page.text.length, big.length, 'gzip bodies under the cap are decompressed');
  });

  test('only HTML and plain text are accepted', async (t) => {
    const site = await fakeArticleServer(t, {
      '/pdf': { body: '%PDF-1.7', contentType: 'application/pdf' },
      '/json': { body: '{}', contentType: 'application/json' },
      '/none': { body: 'x', contentType: '' },
      '/txt': { body: '첫 줄\n둘째 줄', contentType: 'text/plain; charset=utf-8' },
      '/xhtml': { body: PAGE, contentType: 'application/xhtml+xml' },
    });
    await refused(safeFetch(`${site.url}/pdf`, { allowLoopback: true }), 'BAD_CONTENT_TYPE');
    await refused(safeFetch(`${site.url}/json`, { allowLoopback: true }), 'BAD_CONTENT_TYPE');
    await refused(safeFetch(`${site.url}/none`, { allowLoopback: true }), 'BAD_CONTENT_TYPE');
    assert.equal((await safeFetch(`${site.url}/txt`, { allowLoopback: true })).content_type, 'text/plain');
    assert.equal((await safeFetch(`${site.url}/xhtml`, { allowLoopback: true })).content_type, 'application/xhtml+xml');
  });

  test('HTTP errors carry the status', async (t) => {
    const site = await fakeArticleServer(t, { '/gone': { status: 410, body: 'gone' } });
    for (const path of ['/gone', '/missing']) {
      await assert.rejects(safeFetch(`${site.url}${path}`, { allowLoopback: true }), (err: unknown) => {
        assert.ok(err instanceof FetchFailedError);
        assert.equal(err.code, 'HTTP_STATUS');
        assert.equal(err.status, path === '/gone' ? 410 : 404);
        return true;
      });
    }
  });

  test('EUC-KR pages are decoded from the header charset, a <meta> charset or a Microsoft alias', async (t) => {
    const korean = '대한민국 헌법 제1조 ①대한민국은 민주공화국이다.';
    const site = await fakeArticleServer(t, {
      '/header': { body: `<html><body><p>${korean}</p></body></html>`, charset: 'euc-kr' },
      '/meta': {
        body: `<html><head><meta http-equiv="Content-Type" content="text/html; charset=euc-kr"></head><body><p>${korean}</p></body></html>`,
        charset: 'euc-kr',
        contentType: 'text/html',
      },
      '/meta5': {
        body: `<html><head><meta charset="EUC-KR"></head><body><p>${korean}</p></body></html>`,
        charset: 'euc-kr',
        contentType: 'text/html',
      },
      '/alias': { body: `<p>${korean}</p>`, charset: 'euc-kr', contentType: 'text/html; charset=cp949' },
      '/utf8': { body: `<p>${korean}</p>`, contentType: 'text/html' },
    });
    for (const path of ['/header', '/meta', '/meta5', '/alias', '/utf8']) {
      const page = await safeFetch(`${site.url}${path}`, { allowLoopback: true });
      assert.ok(page.text.includes(korean), `${path}: ${page.text.slice(0, 120)}`);
      assert.equal(page.charset, path === '/utf8' ? 'utf-8' : 'euc-kr', path);
    }
  });
});
