import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assessEvidence } from '../../src/pipeline/rules/agreement.js';

/**
 * Words marked 은/는 that are no topic of another subject: a verb's modifier after its object or
 * subject (현상을 다루는, 단맛이 나는) and a frame of time or place (현재는, 일본에서는). A frame
 * still limits what is said: the present supports a claim in the present, another time set
 * against the predicate supports nothing. And a kind named in a clause of its own (…의 일종으로,)
 * is not undone by a negation in a later clause.
 */
const check = (claim: string, content: string) => assessEvidence(claim, { evid_id: 'ev', content });

test('a kind named in its own clause supports "X는 Y에 속한다"; a negation of that clause does not', () => {
  const panic = check(
    '공황장애는 불안장애에 속한다.',
    '공황장애는 불안장애의 일종으로, 발작을 예측할 수 없이 반복적으로 일으키는 질환이다.',
  );
  assert.equal(panic?.stance, 'support');
  assert.equal(panic?.kind, 'paraphrase');
  assert.notEqual(
    check('공황장애는 불안장애에 속한다.', '공황장애는 불안장애의 일종으로 분류되지 않는다.')?.stance,
    'support',
  );
  assert.notEqual(
    check('공황장애는 불안장애에 속한다.', '공황장애는 불안장애의 일종이 아니며, 발작을 일으키는 질환이다.')?.stance,
    'support',
  );
});

test("a verb's modifier after its object or subject is no second topic; a real one still is", () => {
  assert.equal(
    check('양자역학은 물리학에 속한다.', '양자역학은 미시적인 계의 현상을 다루는 물리학의 분야이다.')?.stance,
    'support',
  );
  assert.equal(
    check('양자역학은 물리학에 속한다.', '양자역학은 미시적인 계의 현상을 다루고, 고전역학은 물리학의 분야이다.'),
    null,
  );
  assert.equal(
    check('스테비오사이드는 감미료이다.', '스테비오사이드는 스테비아 잎에 들어 있는 단맛이 나는 감미료이다.')?.kind,
    'stated',
  );
  assert.equal(
    check('스테비오사이드는 감미료이다.', '스테비오사이드는 스테비아 잎에 들어 있고, 설탕은 단맛이 나는 감미료이다.'),
    null,
  );
});

test('a verb modifier after the bound noun 데 (…하는 데 쓰이는) is no topic either', () => {
  const claim = '용수철은 탄력이 있다.';
  assert.equal(check(claim, '용수철은 에너지를 축적하는 데 쓰이는 탄력이 있는 물체이다.')?.kind, 'stated');
  assert.notEqual(check(claim, '용수철은 에너지를 축적하는 데 쓰이는 탄력이 없는 물체이다.')?.stance, 'support');
  assert.equal(check(claim, '용수철은 에너지를 축적하는 데 쓰이고, 고무는 탄력이 있는 물체이다.'), null);
});

test('the present as a frame supports a claim in the present; another time, a past claim or a negation do not', () => {
  const lead = '중산층 가장인 마이클은';
  assert.equal(check('마이클은 보험설계사이다.', `${lead} 전직 경찰이자 현재는 보험설계사이다.`)?.kind, 'stated');
  assert.equal(check('마이클은 보험설계사이다.', `${lead} 전직 보험설계사이자 현재는 경찰이다.`), null);
  assert.equal(check('마이클은 보험설계사였다.', `${lead} 전직 경찰이자 현재는 보험설계사이다.`), null);
  assert.notEqual(
    check('마이클은 보험설계사이다.', `${lead} 전직 경찰이지만 현재는 보험설계사가 아니다.`)?.stance,
    'support',
  );
  // A frame turns a topicless sentence from the one before: its subject is not carried.
  assert.equal(
    check(
      '스판덱스는 기저귀에 사용된다.',
      '스판덱스는 신축성이 뛰어난 합성 섬유이다. 현재는 기저귀와 운동복에 사용된다.',
    ),
    null,
  );
});
