import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import {
  ConfigError,
  loadConfig,
  loadFetchConfig,
  loadLlmConfig,
  loadSourcesConfig,
  readBoolean,
  readEnum,
  readInteger,
  readNumber,
  readSecondsAsMs,
  readUrl,
  redactUrl,
} from '@olala/core';
import { indexWorkers } from '../src/search/postings-pool.js';

const src = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../src');

function refusal(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  assert.fail('expected a ConfigError');
}

test('readers: unset or blank is the fallback; a good value is parsed', () => {
  const env = { N: ' 42 ', F: '0.5', B: 'TRUE', E: 'OpenAI', U: 'http://h:1/x', BLANK: '  ' };
  assert.equal(readInteger(env, 'N', 1, { min: 0, max: 100 }), 42);
  assert.equal(readInteger(env, 'BLANK', 7, { min: 0, max: 100 }), 7);
  assert.equal(readInteger(env, 'MISSING', 7, { min: 0, max: 100 }), 7);
  assert.equal(readNumber(env, 'F', 1, { min: 0, max: 1 }), 0.5);
  assert.equal(readSecondsAsMs(env, 'F', 60, { min: 0.1, max: 10 }), 500);
  assert.equal(readSecondsAsMs(env, 'MISSING', 60, { min: 0.1, max: 10 }), 60_000);
  assert.equal(readBoolean(env, 'B', false), true);
  assert.equal(readBoolean({ B: '0' }, 'B', true), false);
  assert.equal(readBoolean(env, 'MISSING', true), true);
  assert.equal(readEnum(env, 'E', ['ollama', 'openai'], 'ollama'), 'openai');
  assert.equal(readUrl(env, 'U', { protocols: ['http:', 'https:'] }), 'http://h:1/x');
  assert.equal(readUrl(env, 'BLANK'), undefined);
});

test('every refused value: the variable, what was wrong, what is allowed, what was given', () => {
  const cases: [() => unknown, string, string][] = [
    [() => readInteger({ X: '1.5' }, 'X', 1, { min: 0, max: 9 }), 'X', 'X: expected an integer from 0 to 9, got "1.5"'],
    [() => readNumber({ X: 'hot' }, 'X', 1, { min: 0, max: 2 }), 'X', 'X: expected a number from 0 to 2, got "hot"'],
    [
      () => readSecondsAsMs({ X: '-1' }, 'X', 1, { min: 0.1, max: 3600 }),
      'X',
      'X: expected a number of seconds from 0.1 to 3600, got "-1"',
    ],
    [() => readBoolean({ X: 'yes please' }, 'X', false), 'X', 'X: expected 1 or 0 (true or false), got "yes please"'],
    [
      () => readEnum({ X: 'debugging' }, 'X', ['info', 'debug', 'trace'], 'info'),
      'X',
      'X: expected one of info, debug, trace, got "debugging"',
    ],
    [
      () => readUrl({ X: 'file:///etc/passwd' }, 'X', { protocols: ['http:', 'https:'] }),
      'X',
      'X: expected an http or https URL, got "file:///etc/passwd"',
    ],
    [() => readUrl({ X: 'not a url' }, 'X'), 'X', 'X: not a valid URL; expected a URL, got "not a url"'],
  ];
  for (const [fn, variable, message] of cases) {
    const err = refusal(fn);
    assert.equal(err.variable, variable);
    assert.equal(err.message, message);
  }
});

test('a URL is shown with its password hidden, valid or not', () => {
  const bad = refusal(() =>
    readUrl({ DATABASE_URL: 'postgres://olala:s3cret@db:5432/olala', X: '' }, 'DATABASE_URL', { protocols: ['http:'] }),
  );
  assert.ok(!bad.message.includes('s3cret') && bad.message.includes('olala:***@db'), bad.message);
  const unparsable = refusal(() => readUrl({ U: 'http://olala:s3cret@[bad/' }, 'U'));
  assert.ok(!unparsable.message.includes('s3cret'), unparsable.message);
  assert.equal(redactUrl('postgres://u:p@h/d'), 'postgres://u:***@h/d');
});

test('every loader refuses a bad value in the same shape', () => {
  const shape = /^([A-Z0-9_]+): (?:[^;]+; )?expected .+, got ".*"$/;
  const cases: [() => unknown, string][] = [
    [() => loadConfig({ PORT: '70000' }), 'PORT'],
    [() => loadConfig({ LOG_LEVEL: 'loud' }), 'LOG_LEVEL'],
    [() => loadConfig({ EMBED_PROVIDER: 'cohere' }), 'EMBED_PROVIDER'],
    [() => loadConfig({ OLLAMA_URL: 'not a url' }), 'OLLAMA_URL'],
    [() => loadConfig({ OLALA_PUBLIC_URL: 'https://olala.example/app' }), 'OLALA_PUBLIC_URL'],
    [() => loadConfig({ OLALA_TRUST_PROXY: 'everyone' }), 'OLALA_TRUST_PROXY'],
    [() => loadFetchConfig({ OLALA_FETCH_ALLOW_LOOPBACK: 'yes please' }), 'OLALA_FETCH_ALLOW_LOOPBACK'],
    [() => loadSourcesConfig({ OLALA_NEWS_TIMEOUT_MS: '5s' }), 'OLALA_NEWS_TIMEOUT_MS'],
    [() => loadSourcesConfig({ OLALA_NEWS_PROVIDERS: 'bing' }), 'OLALA_NEWS_PROVIDERS'],
    [() => loadSourcesConfig({ GOOGLE_NEWS_RSS_URL: 'ftp://x' }), 'GOOGLE_NEWS_RSS_URL'],
    [() => loadLlmConfig({ SLM_MODEL: 'm', SLM_PROVIDER: 'llamafile', OLLAMA_URL: 'http://o:1' }), 'SLM_PROVIDER'],
    [() => loadLlmConfig({ JUDGE_MODEL: 'm', JUDGE_BASE_URL: 'file:///etc/passwd' }), 'JUDGE_BASE_URL'],
    [() => loadLlmConfig({ LLM_MAX_RETRIES: 'many' }), 'LLM_MAX_RETRIES'],
    [() => indexWorkers({ OLALA_INDEX_WORKERS: 'four' }), 'OLALA_INDEX_WORKERS'],
  ];
  for (const [fn, variable] of cases) {
    const err = refusal(fn);
    assert.equal(err.variable, variable);
    assert.match(err.message, shape);
    assert.equal(shape.exec(err.message)?.[1], variable);
  }
});

test('OLALA_INDEX_WORKERS: 0 to 64 threads, default one per core (at most 64)', () => {
  assert.equal(indexWorkers({ OLALA_INDEX_WORKERS: '0' }), 0);
  assert.equal(indexWorkers({ OLALA_INDEX_WORKERS: ' 64 ' }), 64);
  assert.ok(indexWorkers({}) >= 1 && indexWorkers({}) <= 64);
  for (const bad of ['65', '-1', '2.5']) {
    assert.equal(
      refusal(() => indexWorkers({ OLALA_INDEX_WORKERS: bad })).message,
      `OLALA_INDEX_WORKERS: expected an integer from 0 to 64, got "${bad}"`,
    );
  }
});

/** Value imports (not `import type`) of a source file, as written. */
function valueImports(file: string): string[] {
  const code = fs.readFileSync(path.join(src, file), 'utf8');
  return [...code.matchAll(/^import\s+(?!type\b)[^;]*?from\s+'([^']+)';/gms)].map((m) => m[1] as string);
}

test('config.ts and the loaders do not import each other: the readers are a leaf', () => {
  assert.deepEqual(valueImports('config-readers.ts'), [], 'config-readers.ts imports nothing');
  for (const loader of ['fetch/config.ts', 'llm/config.ts', 'sources/config.ts']) {
    assert.ok(!valueImports(loader).includes('../config.js'), `${loader} must not import config.ts`);
  }
});
