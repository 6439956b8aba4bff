import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assessEvidence } from '../../src/pipeline/rules/agreement.js';
import { fold, matchAt, verbStem } from '../../src/pipeline/rules/terms.js';

test('a verb or adjective form gives its stem; a noun that merely ends like one does not', () => {
  const stems: [string, string][] = [
    ['얻었다', '얻'],
    ['바꾸었다', '바꾸'],
    ['먹는다', '먹'],
    ['다닌다', '다니'],
    ['발표했다', '발표하'],
    ['밝다', '밝'],
    ['흘러들던', '흘러들'],
  ];
  for (const [word, stem] of stems) assert.equal(verbStem(word), stem, word);
  // 바다 and 사고 are nouns, not 바+다 or 사+고; 전기 is no 전+기; 일본 no modifier of 일보.
  for (const noun of ['바다', '사고', '전기', '일본', '하나', '시간', 'abc']) assert.equal(verbStem(noun), null, noun);
});

test('a claim word is found in the evidence in another ending of the same verb', () => {
  const found: [string, string][] = [
    ['얻었다', '와트가 새로운 증기기관 특허를 얻자 볼턴은'],
    ['맺었다', '일본에 의해 을사늑약을 맺으며 외교권을 박탈당하고'],
    ['바꾸었다', '구조를 새롭게 바꾸어 진행하였다'],
    ['흘러든다', '혈액이 조직 속으로 직접 흘러드는 혈관계'],
    ['받았다', '물고문을 받던 청년'],
  ];
  for (const [term, evidence] of found) assert.ok(matchAt(fold(evidence), term) >= 0, `${term} in ${evidence}`);
  // A one-syllable stem must start a word: 받 inside 안받침 is not 받았다, and 얻 is not 얼.
  assert.equal(matchAt(fold('기둥의 안받침이 무너졌다'), '받았다'), -1);
  assert.equal(matchAt(fold('강물이 꽁꽁 얼었다'), '얻었다'), -1);
  // Another verb with the same first syllable is another verb: 바꾸었다 is not 바라보았다.
  assert.equal(matchAt(fold('구조를 바라보며 진행하였다'), '바꾸었다'), -1);
});

test("a verb's other ending is found where it stands first, its stem's last syllable closed or not", () => {
  // Where, not only whether: the position orders the claim's words (coverage's order).
  const at: [string, string, number][] = [
    // 지나 + ㅆ: the stem's last syllable closed by the ending (지났다), after the stem's head.
    ['지난다', '그해를 지났다', 3],
    // 보 (one syllable, open): closed as 본 where a word starts (after 를), not inside a word (다시본).
    ['보았다', '영화를 본', 3],
    ['보았다', '정보를 본', 3],
    ['보았다', '그는 다시본', -1],
    // The first of two places from `from` on.
    ['바꾸었다', '구조를 바꾸어 다시 바꾸고', 3],
  ];
  for (const [term, evidence, where] of at)
    assert.equal(matchAt(fold(evidence), term), where, `${term} in ${evidence}`);
  assert.equal(matchAt(fold('구조를 바꾸어 다시 바꾸고'), '바꾸었다', 4), 8);
});

test('the same verb in another ending supports the claim; negated, it refutes', () => {
  const premise =
    '대한제국은 1905년 11월 17일 일본에 의해 강제적 조약인 을사늑약을 맺으며 외교권을 박탈당하고 고종은 강제 폐위된다.';
  const f = assessEvidence('대한제국은 일본에 의해 을사늑약을 맺었다.', { evid_id: 'p', content: premise });
  assert.equal(f?.stance, 'support');
  assert.equal(f?.kind, 'stated');
  // The look-alike: the evidence says the verb negated. Never support.
  const denied = assessEvidence('스타리그는 이번 시즌에 구조를 바꾸었다.', {
    evid_id: 'p',
    content: '스타리그는 이번 시즌에도 구조를 바꾸지 않고 그대로 진행하였다.',
  });
  assert.equal(denied?.stance, 'refute');
  assert.equal(denied?.kind, 'negated-predicate');
  // Another verb in the claim's place (얻었다 against 잃자) is never support either.
  const other = assessEvidence('와트가 새로운 특허를 얻었다.', {
    evid_id: 'p',
    content: '그리고 1769년 와트가 새로운 증기기관 특허를 잃자 볼턴은 그것을 매우 아쉬워했다.',
  });
  assert.notEqual(other?.stance, 'support');
});

test('a negated claim whose affirmative the sentence states is refuted; a partial negation is not', () => {
  const premise = '사카모토 마사유키는 일본 제국의 경찰로, 경성에서 태어난 조선인이다.';
  const f = assessEvidence('사카모토 마사유키는 조선인이 아니다.', { evid_id: 'p', content: premise });
  assert.equal(f?.stance, 'refute');
  assert.equal(f?.kind, 'negated-predicate');
  assert.match(f?.reasons[0] ?? '', /조선인이 아니다/);
  // 것은 아니다 denies "all", not the statement: never read as its affirmative.
  const some = assessEvidence('모든 관상기관이 층 구조로 이루어져 있는 것은 아니다.', {
    evid_id: 'p',
    content: '모든 관상기관은 층 구조로 이루어져 있다.',
  });
  assert.notEqual(some?.kind, 'negated-predicate');
});

test('a purpose or an intention in another ending is not the deed', () => {
  const content = '존은 이 두 형사의 의심에서 벗어나기 위해 친구 스탠리와 온갖 거짓말을 꾸며댄다.';
  assert.notEqual(assessEvidence('존은 형사들의 의심에서 벗어난다.', { evid_id: 'p', content })?.stance, 'support');
  assert.equal(matchAt(fold('의심에서 벗어나려고 했다'), '벗어났다'), -1);
  // The deed itself, in another ending, is found.
  assert.ok(matchAt(fold('의심에서 벗어나자 그는'), '벗어났다') >= 0);
});

test('the auxiliary 있다 written solid (등재되어있다) reads as spaced: the verb matched in its other ending', () => {
  const listed = '난중일기는 2013년 6월 18일 유네스코 세계기록유산으로 등재되었다.';
  const at = (claim: string) => assessEvidence(claim, { evid_id: 'ev', content: listed });
  assert.equal(at('난중일기는 유네스코 세계기록유산에 등재되어있다.')?.kind, 'stated');
  assert.equal(at('난중일기는 유네스코 세계기록유산에 등재되어 있다.')?.kind, 'stated');
  // Near misses stay unsupported: a negation, a modal, another subject.
  for (const claim of [
    '난중일기는 유네스코 세계기록유산에 등재되어있지 않다.',
    '난중일기는 유네스코 세계기록유산에 등재되어있을 수 있다.',
    '징비록은 유네스코 세계기록유산에 등재되어있다.',
  ])
    assert.notEqual(at(claim)?.stance, 'support', claim);
});
