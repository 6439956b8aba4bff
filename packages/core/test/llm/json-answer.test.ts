import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Type } from 'typebox';
import { checkAnswer, extractJson } from '../../src/llm/index.js';

test('extractJson takes the outermost object out of fences, prose and raw line breaks', () => {
  const cases: [string, unknown][] = [
    ['{"a": 1}', { a: 1 }],
    ['```json\n{"a": {"b": [1, 2]}}\n```', { a: { b: [1, 2] } }],
    ['Here is the answer:\n{"a": "x}y", "b": {"c": 2}}\nHope this helps {:', { a: 'x}y', b: { c: 2 } }],
    ['Note {this}: {"a": "line one\nline two\ttab"}', { a: 'line one\nline two\ttab' }],
    ['{"q": "he said \\"{\\" then"} trailing', { q: 'he said "{" then' }],
  ];
  for (const [content, expected] of cases) {
    const got = extractJson(content);
    assert.ok(got.ok, `${JSON.stringify(content)}: ${got.ok ? '' : got.error}`);
    assert.deepEqual(got.value, expected);
  }
  for (const bad of ['', '   ', 'no json here', '{"a": 1', '{"a": tru}']) {
    const got = extractJson(bad);
    assert.equal(got.ok, false, JSON.stringify(bad));
  }
});

test('checkAnswer tells invalid JSON from a schema mismatch and names the field', () => {
  const schema = Type.Object({
    label: Type.Union([Type.Literal('TRUE'), Type.Literal('FALSE')]),
    score: Type.Number(),
  });
  assert.deepEqual(checkAnswer(schema, '{"label":"TRUE","score":0.5}'), {
    ok: true,
    value: { label: 'TRUE', score: 0.5 },
  });
  const invalid = checkAnswer(schema, 'I think it is true.');
  assert.equal(invalid.ok, false);
  assert.equal(!invalid.ok && invalid.code, 'INVALID_JSON');
  const mismatch = checkAnswer(schema, '{"label":"MAYBE"}');
  assert.equal(!mismatch.ok && mismatch.code, 'SCHEMA_MISMATCH');
  assert.match(!mismatch.ok ? mismatch.error : '', /score|\/label/);
});
