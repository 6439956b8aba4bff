import assert from 'node:assert/strict';
import { test } from 'node:test';
import { chooseClaim, scoreSentence } from '../../src/pipeline/rules/claim-choice.js';

const ARTICLE = `반도체 경기, 언제 살아날까?
삼성전자가 올해 1분기 영업이익 6조6천억원을 기록했다고 30일 공시했다. 업계에서는 반도체 업황이 바닥을 지났다는 평가가 나온다.
일각에서는 감산 규모를 둘러싼 소문과 의혹이 끊이지 않는다. 따라서 하반기에는 실적이 더 좋아질 것이다.
회사 측은 "고대역폭메모리 판매가 늘었다"고 말했다.`;

test('the sentence with numbers and statistic cues wins; questions and predictions are not candidates', () => {
  const choice = chooseClaim(ARTICLE);
  assert.ok(choice);
  assert.equal(choice.claim, '삼성전자가 올해 1분기 영업이익 6조6천억원을 기록했다고 30일 공시했다.');
  assert.equal(choice.type, '통계');
  const all = [choice.claim, ...choice.runnersUp.map((c) => c.sentence)];
  assert.ok(!all.some((s) => s.includes('살아날까')), 'the question headline is not a candidate');
  assert.ok(!all.some((s) => s.includes('좋아질 것이다')), 'the prediction is not a candidate');
  // Runners-up come best first, and the quote keeps its quotation marks and 고 말했다.
  const scores = choice.runnersUp.map((c) => c.score);
  assert.deepEqual(
    scores,
    [...scores].sort((a, b) => b - a),
  );
  assert.ok(choice.runnersUp.some((c) => c.sentence === '회사 측은 "고대역폭메모리 판매가 늘었다"고 말했다.'));
});

test('rumour words and reasoning lower the score', () => {
  const plain = scoreSentence('감산 규모를 둘러싼 보도가 이어지고 있다.').score;
  assert.ok(scoreSentence('감산 규모를 둘러싼 소문과 의혹이 이어지고 있다.').score < plain - 20);
  assert.ok(scoreSentence('따라서 감산 규모를 둘러싼 보도가 이어지고 있다.').score < plain);
});

test('a text without a checkable statement has no claim', () => {
  assert.equal(chooseClaim('정말일까요? 너무 재밌다.'), null);
  assert.equal(chooseClaim(''), null);
});
