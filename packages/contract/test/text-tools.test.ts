import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cutAt, escapeHtml, graphemeBoundary, truncate } from '@olala/contract/text-tools';

const FAMILY = '👩‍👩‍👧‍👦'; // a ZWJ sequence, 11 UTF-16 units
const THUMB = '👍🏽'; // emoji + skin tone modifier, 4 units
const KR = '🇰🇷'; // two regional indicators, 4 units
const E_ACUTE = 'e\u0301'; // e + combining acute accent
const HAN_JAMO = '\u1112\u1161\u11ab'; // 한 written as three conjoining jamo
const GEUL_JAMO = '\u1100\u1173\u11af'; // 글

test('cuts never split a surrogate pair, an emoji sequence, combining marks or jamo of one syllable', () => {
  assert.equal(cutAt('𝐀𝐁', 3), '𝐀');
  assert.equal(cutAt(`가${FAMILY}나`, 11), '가');
  assert.equal(cutAt(`가${FAMILY}나`, 12), `가${FAMILY}`);
  assert.equal(cutAt(`가나${THUMB}다`, 3), '가나');
  assert.equal(cutAt(`가나${THUMB}다`, 5), '가나', 'the skin tone stays with its emoji');
  assert.equal(cutAt(`가나${THUMB}다`, 6), `가나${THUMB}`);
  assert.equal(cutAt(`${KR}${KR}`, 7), KR, 'a flag is never halved');
  assert.equal(cutAt(`caf${E_ACUTE}!`, 4), 'caf', 'the accent stays on its letter');
  assert.equal(cutAt(`caf${E_ACUTE}!`, 5), `caf${E_ACUTE}`);
  assert.equal(cutAt(HAN_JAMO + GEUL_JAMO, 2), '');
  assert.equal(cutAt(HAN_JAMO + GEUL_JAMO, 5), HAN_JAMO);
  assert.equal(cutAt(HAN_JAMO + GEUL_JAMO, 6), HAN_JAMO + GEUL_JAMO);
  assert.equal(cutAt('한글', 1), '한');
  assert.equal(cutAt('짧다', 10), '짧다');
  assert.equal(cutAt('짧다', 0), '');
});

test('far from the cut: a long run of flags keeps its pairs, a long cluster of marks stays whole', () => {
  assert.equal(cutAt(KR.repeat(20), 61), KR.repeat(15));
  assert.equal(cutAt(`x${KR.repeat(20)}`, 62), `x${KR.repeat(15)}`);
  const zalgo = `가 a${'\u0301'.repeat(60)}b`;
  assert.equal(cutAt(zalgo, 40), '가 ');
});

test('a cut deep in a long text agrees with segmenting the whole text (flag runs, spaces, jamo)', () => {
  const pieces = ['가', '나', ' ', '\n', KR, KR, KR, '🇯🇵', FAMILY, THUMB, E_ACUTE, HAN_JAMO, 'a', '𝐀'];
  let seed = 7;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
  for (let round = 0; round < 20; round++) {
    // Long runs without spaces, flags among them, so the window's start matters.
    const parts = Array.from({ length: 400 }, (_, i) => (i % 197 === 0 ? ' ' : pieces[next() % pieces.length]!));
    const text = parts.join('');
    const bounds = new Set([
      0,
      ...[...new Intl.Segmenter('ko', { granularity: 'grapheme' }).segment(text)].map((s) => s.index),
      text.length,
    ]);
    for (let k = 0; k < 25; k++) {
      const max = next() % (text.length + 1);
      let expected = max;
      while (!bounds.has(expected)) expected--;
      assert.equal(graphemeBoundary(text, max), expected, `round ${round}, max ${max}`);
      assert.equal(cutAt(text, max), text.slice(0, expected));
    }
  }
});

test('truncate: the text when it fits, else a cut plus … within the limit', () => {
  assert.equal(truncate('한글 문장', 5), '한글 문장');
  assert.equal(truncate('한글 문장입니다', 5), '한글 문…');
  const t = truncate(`${FAMILY}${FAMILY}`, 15);
  assert.equal(t, `${FAMILY}…`);
  assert.ok(t.length <= 15);
  assert.equal(truncate('abcdef', 4, '...'), 'a...');
});

test('escapeHtml escapes exactly & < > " and \'', () => {
  assert.equal(
    escapeHtml(`<a href="x" title='y'>&amp;</a>`),
    '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt;',
  );
  const rest = '한글 text 123 /=`{}()\\…🇰🇷';
  assert.equal(escapeHtml(rest), rest, 'nothing else changes');
});
