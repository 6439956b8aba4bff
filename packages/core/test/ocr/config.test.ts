import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConfigError, loadConfig } from '@olala/core';

test('OCR settings: defaults, bounds and languages are checked at start', () => {
  const ocr = loadConfig({}).ocr;
  assert.deepEqual(ocr, {
    workers: 1,
    langs: ['kor'],
    timeoutMs: 30_000,
    maxBytes: 8 * 1024 * 1024,
    maxPixels: 40_000_000,
  });
  assert.deepEqual(loadConfig({ OLALA_OCR_LANGS: 'kor+eng', OLALA_OCR_WORKERS: '2' }).ocr.langs, ['kor', 'eng']);
  for (const [name, value] of [
    ['OLALA_OCR_LANGS', 'jpn'],
    ['OLALA_OCR_LANGS', 'kor+kor'],
    ['OLALA_OCR_WORKERS', '0'],
    ['OLALA_OCR_MAX_BYTES', '64000000'],
    ['OLALA_OCR_MAX_PIXELS', 'lots'],
  ] as const) {
    assert.throws(
      () => loadConfig({ [name]: value }),
      (err: unknown) => err instanceof ConfigError && err.variable === name,
      `${name}=${value}`,
    );
  }
});
