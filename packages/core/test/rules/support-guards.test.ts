import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assessEvidence, statedBy } from '../../src/pipeline/rules/agreement.js';

const check = (claim: string, content: string) => assessEvidence(claim, { evid_id: 'ev', content });

test('a word said "instead of" (…대신) is what the sentence excludes: never support', () => {
  const roller = check('니켈하르파는 롤러로 소리를 낸다.', '니켈하르파는 롤러 대신에 활로 소리를 낸다.');
  assert.notEqual(roller?.stance, 'support');
  // The word the sentence keeps still supports.
  assert.equal(
    check('니켈하르파는 활로 소리를 낸다.', '니켈하르파는 롤러 대신에 활로 소리를 낸다.')?.stance,
    'support',
  );
});

test('a predicate modifying an object describes that noun; a definition’s object is the subject', () => {
  assert.equal(
    statedBy('당테스는 스파다 백작의 상속인이었다.', '당테스는 스파다 백작의 상속인인 파리아를 만나게 된다.'),
    false,
  );
  assert.equal(statedBy('입법자는 입법부의 구성원이다.', '입법자는 특히 입법부의 구성원인 사람을 말한다.'), true);
});

test('another value said with 도 (also) adds to the claim’s: shown, never an attribute contrast', () => {
  const also = check('도롱뇽은 대한민국에 서식한다.', '도롱뇽은 한반도에 서식하며 제주도나 중국에도 서식한다.');
  assert.notEqual(also?.kind, 'attribute-contrast');
  const instead = check('맥도날드는 일본의 체인점이다.', '맥도날드는 미국의 패스트푸드 체인점이다.');
  assert.equal(instead?.kind, 'attribute-contrast');
});
