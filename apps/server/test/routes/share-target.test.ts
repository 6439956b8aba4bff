import assert from 'node:assert/strict';
import { test } from 'node:test';
import { build } from '../helper.js';

test('a share posted before the service worker is active lands on the verify screen with the share marker, not a 404', async (t) => {
  const app = await build(t, 'pglite');
  const boundary = '----olala';
  const form = [
    `--${boundary}`,
    'Content-Disposition: form-data; name="text"',
    '',
    '공유한 문장',
    `--${boundary}`,
    'Content-Disposition: form-data; name="image"; filename="a.png"',
    'Content-Type: image/png',
    '',
    '\x89PNG not really',
    `--${boundary}--`,
    '',
  ].join('\r\n');
  const res = await app.inject({
    method: 'POST',
    url: '/share-target',
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
    payload: form,
  });
  assert.equal(res.statusCode, 303);
  assert.equal(res.headers.location, '/?shared=1');

  // Only this address: a form posted elsewhere is still refused.
  const other = await app.inject({
    method: 'POST',
    url: '/share-elsewhere',
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
    payload: form,
  });
  assert.notEqual(other.statusCode, 303);
});
