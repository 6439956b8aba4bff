import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assessEvidence } from '../../src/pipeline/rules/agreement.js';

// assessEvidence keeps what it read of the last claim (agreement.ts, readClaim): a claim checked
// against one piece of evidence after another, or after another claim, must get the findings it
// gets alone.
const CASES: [claim: string, evidence: string][] = [
  ['삼성전자가 2024년 1분기 영업이익 6조원을 기록했다', '삼성전자가 2024년 1분기 영업이익 5조 2천억원을 기록했다.'],
  ['삼성전자가 2024년 1분기 영업이익 6조원을 기록했다', '삼성전자가 2024년 1분기 영업이익 6조원을 기록했다고 밝혔다.'],
  ['그 드라마는 미국에서 방영되었다', '그 드라마는 미국에서 방영되지 않았다.'],
  ['수출이 작년보다 증가했다', '올해 수출은 작년보다 감소했다.'],
  // A claim with another form of its predicate (쓰인다 = 사용된다): its variants are read as claims of their own.
  ['티베트어는 티베트에서 쓰인다.', '티베트어는 티베트에서 사용된다.'],
  ['오만은 서남아시아에 위치한다.', '서남아시아에 있는 오만의 요리는 향신료를 많이 쓴다.'],
];

const alone = (claim: string, evidence: string) =>
  JSON.stringify(assessEvidence(claim, { evid_id: 'e', content: evidence }));

test('a claim read after other claims and other evidence gets the findings it gets alone', () => {
  const expected = CASES.map(([claim, evidence]) => {
    // Another claim in between, so that each is read afresh.
    assessEvidence('전혀 다른 주장의 문장이다', { evid_id: 'x', content: '아무 관련 없는 문장이다.' });
    return alone(claim, evidence);
  });
  assert.ok(
    expected.some((f) => f !== 'null'),
    'the cases must produce findings, or the test checks nothing',
  );
  // Interleaved, repeated, and each claim against every piece of evidence in turn.
  for (let round = 0; round < 2; round++)
    for (const [i, [claim, evidence]] of CASES.entries()) {
      for (const [, other] of CASES) assessEvidence(claim, { evid_id: 'e', content: other });
      assert.equal(JSON.stringify(assessEvidence(claim, { evid_id: 'e', content: evidence })), expected[i], claim);
    }
});

test('the findings of one claim do not change with the evidence checked before', () => {
  const claim = '그 드라마는 미국에서 방영되었다';
  const first = alone(claim, '그 드라마는 미국에서 방영되지 않았다.');
  assessEvidence(claim, { evid_id: 'e', content: '그 드라마는 미국에서 방영되었다. 시청률은 높았다.' });
  assessEvidence(claim, { evid_id: 'e', content: '그 드라마는 영국에서 방영되었다.' });
  assert.equal(alone(claim, '그 드라마는 미국에서 방영되지 않았다.'), first);
  assert.match(first, /"stance":"refute"/);
});
