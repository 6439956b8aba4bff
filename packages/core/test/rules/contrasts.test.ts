import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assessEvidence } from '../../src/pipeline/rules/agreement.js';
import { contrastClashes } from '../../src/pipeline/rules/contrasts.js';

/**
 * A contrast set's other member refutes only as another value of the same attribute. Two family
 * members each possessing a different noun fill two roles of one event (the one cared for, the one
 * objecting): KLUE-NLI dev's "희수는 아빠의 간병을 하기위해 휴학했다" (neutral) was FALSE 0.93 on
 * "엄마의 만류에도 불구하고 … 간병에 매달린다".
 */
test('contrast: a family member possessing another noun is another role, not another value', () => {
  const claim = '희수는 아빠의 간병을 하기위해 휴학했다.';
  const premise = '엄마의 만류에도 불구하고 희수는 대학 마지막 학기를 휴학하고 간병에 매달린다.';
  assert.deepEqual(contrastClashes(claim, premise), []);
  const finding = assessEvidence(claim, { evid_id: 'ev', content: premise });
  assert.notEqual(finding?.stance, 'refute', finding?.reasons.join(' / '));
});

test('contrast: the same noun possessed by another family member, or a member not possessing, still clashes', () => {
  // The same role of the same event, filled by another person.
  assert.deepEqual(
    contrastClashes('희수는 아빠의 간병을 하기위해 휴학했다.', '희수는 엄마의 간병을 하기 위해 휴학했다.'),
    [{ claimWord: '아버지', evidenceWord: '어머니' }],
  );
  // The claim names the member without 의: it may be the claim's own argument.
  assert.deepEqual(contrastClashes('희수는 아빠를 간병했다.', '엄마의 만류에도 희수는 간병에 매달린다.'), [
    { claimWord: '아버지', evidenceWord: '어머니' },
  ]);
  // A modifier between the possessor and its noun (엄마의 오랜 간병) is the same noun.
  assert.deepEqual(contrastClashes('희수는 아빠의 간병에 지쳤다.', '희수는 엄마의 오랜 간병에 지쳤다.'), [
    { claimWord: '아버지', evidenceWord: '어머니' },
  ]);
});

test('contrast: a country possessing another noun is still another value (the origin of the thing itself)', () => {
  assert.deepEqual(contrastClashes('팟 타이는 한국의 전통음식이다.', '팟 타이는 태국의 쌀국수 요리이다.'), [
    { claimWord: '한국', evidenceWord: '태국' },
  ]);
  const chain = assessEvidence('맥도날드는 일본의 체인점이다.', {
    evid_id: 'ev',
    content: '맥도날드는 미국의 세계적인 패스트푸드 체인점이다.',
  });
  assert.equal(chain?.stance, 'refute');
  assert.equal(chain?.kind, 'attribute-contrast');
});
