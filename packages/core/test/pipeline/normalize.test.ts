import assert from 'node:assert/strict';
import test from 'node:test';
import { normalize } from '../../src/pipeline/stages/normalize/index.js';

const scope = { signal: new AbortController().signal, remainingMs: () => 60_000 };

test('a long text with no sentence to choose is cut to 300 UTF-16 units, never inside a character', async () => {
  // 'a' then 200 emoji: position 300 falls between the two halves of an emoji's surrogate pair.
  const text = `a${'😀'.repeat(200)}`;
  const { claim } = await normalize({ input_type: 'text', input_payload: text }, scope, {});
  assert.equal(claim, `a${'😀'.repeat(149)}`);
  assert.ok(claim.length <= 300);
});
