import assert from 'node:assert/strict';
import { afterEach, beforeEach, mock, test } from 'node:test';
import { UserError } from '@olala/core';
import { handleError } from '../src/lib/handle-error.js';

/** handleError ends the process: exit is replaced by a throw carrying the code, stderr is captured. */
class Exit extends Error {
  constructor(readonly code: number) {
    super(`exit ${code}`);
  }
}

let written: string;
const saved = process.env.OLALA_DEBUG;

beforeEach(() => {
  written = '';
  mock.method(process, 'exit', (code: number) => {
    throw new Exit(code);
  });
  mock.method(process.stderr, 'write', (chunk: string) => {
    written += chunk;
    return true;
  });
});

afterEach(() => {
  mock.restoreAll();
  if (saved === undefined) delete process.env.OLALA_DEBUG;
  else process.env.OLALA_DEBUG = saved;
});

function exitCodeOf(err: unknown): number {
  try {
    handleError(err);
  } catch (exit) {
    if (exit instanceof Exit) return exit.code;
    throw exit;
  }
  throw new Error('handleError returned');
}

test('an unexpected error prints its message and exits 1; its stack only with OLALA_DEBUG=1 or true', () => {
  const boom = new Error('boom');
  for (const [value, stack] of [
    [undefined, false],
    ['', false],
    ['0', false],
    ['false', false],
    ['1', true],
    ['TRUE', true],
  ] as const) {
    if (value === undefined) delete process.env.OLALA_DEBUG;
    else process.env.OLALA_DEBUG = value;
    written = '';
    assert.equal(exitCodeOf(boom), 1);
    assert.match(written, /^error: boom\n/);
    assert.equal(written.includes('at '), stack, `OLALA_DEBUG=${value}: ${written}`);
  }
});

test('a bad OLALA_DEBUG is named as a warning and does not hide the error being reported', () => {
  process.env.OLALA_DEBUG = 'yes';
  assert.equal(exitCodeOf(new Error('boom')), 1);
  assert.match(written, /^error: boom\nwarning: OLALA_DEBUG: expected 1 or 0 \(true or false\), got "yes"\n$/);
});

test('an error the operator can act on prints one line, never a stack, and exits with its code', () => {
  process.env.OLALA_DEBUG = '1';
  assert.equal(exitCodeOf(new UserError('the wiki is empty')), 2);
  assert.equal(written, 'error: the wiki is empty\n');
});
