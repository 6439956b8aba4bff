import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assessEvidence, type Finding } from '../../src/pipeline/rules/agreement.js';
import { countNegations, polarityConflicts } from '../../src/pipeline/rules/polarity.js';

/**
 * Issue 12 on everyday sentences (KorNLI): negations that restrict, grade or compare, a word
 * said both ways, a predicate stopped by a verb, and a homograph of an antonym are not the
 * claim denied. Each family: the look-alike it must leave alone and the refutation it keeps.
 */
const check = (claim: string, content: string): Finding | null => assessEvidence(claim, { evid_id: 'ev', content });
const refutes = (claim: string, content: string): boolean => check(claim, content)?.stance === 'refute';

test('밖에 + negative restricts ("only"): the claim affirms, and no mention of the noun refutes it', () => {
  assert.ok(!refutes('그는 한쪽 눈밖에 없다.', '그는 한쪽 눈의 꼬리로 회색 실크를 입은 사람을 흘끗 보았다.'));
  // 밖 as a noun (outside), spaced: still a plain negation that refutes.
  assert.ok(refutes('그 도시에는 공항이 없다.', '그 도시에는 국제 공항이 있다.'));
});

test('"X만이 아니다" (not only X) denies exclusivity: it refutes a restricted claim, not a plain one', () => {
  assert.ok(!refutes('기본 카테고리는 비용만이 아니다.', '기본 카테고리는 비용에 대한 백분율을 받는다.'));
  assert.ok(
    refutes(
      '이번 대회에는 프로게이머만이 참가할 수 있었다.',
      '이번 대회에는 프로게이머만 아니라 일반인도 참가할 수 있었다.',
    ),
  );
  assert.ok(!refutes('이번 대회에는 프로게이머가 참가했다.', '이번 대회에는 프로게이머만이 아니라 일반인도 참가했다.'));
});

test('"거의 …지 않다" (hardly) refutes a claim of much, never a claim of a little', () => {
  assert.ok(
    !refutes(
      '그의 직원들은 국가 안보 공동체와 약간의 정보를 공유했다.',
      '그의 직원들은 국가 안보 공동체와 거의 정보를 공유하지 않았다.',
    ),
  );
  assert.ok(refutes('전모는 귀족층에서 주로 착용했다.', '전모는 하류층의 쓰개로, 귀족층에서는 별로 착용하지 않았다.'));
});

test('"…만큼 …지 않다" compares; the predicate is not denied', () => {
  assert.ok(
    !refutes(
      '계절적 사건의 반환이 그들에게 더 중요하다.',
      '시간의 흐름을 표시하는 것은 계절적 사건의 반환을 축하하는 것만큼 중요하지 않습니다.',
    ),
  );
  assert.ok(refutes('계절적 사건의 반환이 그들에게 중요하다.', '계절적 사건의 반환은 그들에게 중요하지 않습니다.'));
});

test('a word said both ways ("의도적이고 의도적이지 않은") takes no side on it', () => {
  assert.deepEqual(
    polarityConflicts(
      '의도적인 아이러니는 의도하지 않은 아이러니보다 흔하다.',
      '아이러니(의도적이고 의도적이지 않은 선택과 함께)를 검색하십시오.',
    ),
    [],
  );
  assert.deepEqual(polarityConflicts('그 행사는 공개되었다.', '그 행사는 공개되지 않았다.'), ['공개']);
});

test('a predicate stopped by a verb (방문을 중단했다) is not read as its affirmative against a negated claim', () => {
  const f = check(
    '그들은 더 이상 그 가족을 방문하지 않았다.',
    '그들은 백인이 되기로 결정했기 때문에 그들은 가족 방문을 중단했다.',
  );
  // At most a loose negation finding, which the calibration does not let decide; never the predicate flipped.
  assert.notEqual(f?.kind, 'negated-predicate');
  const flipped = check('그들은 그 가족을 방문하지 않았다.', '그들은 그 가족을 방문했다.');
  assert.equal(flipped?.stance, 'refute');
});

test('인상적 (impressive) is not 인상 (a raise) against 인하; a raise still clashes with a cut', () => {
  assert.ok(!refutes('컴퓨터 시티는 스타 하우스에서 가장 인상적이다.', '스타 하우스의 컴퓨터 시티는 가격을 인하했다.'));
  const fare = check('서울시는 지하철 요금을 인상했다.', '서울시는 지하철 요금을 인하했다.');
  assert.equal(fare?.stance, 'refute');
  assert.equal(fare?.kind, 'antonym');
});

test('아니다 is counted once in its forms and never in a name that starts with 아니', () => {
  assert.equal(countNegations('교황 아니체토는 제11대 교황이다.'), 0);
  assert.equal(countNegations('그 소문은 사실이 아니다.'), 1);
  assert.equal(countNegations('그 소문은 사실이아니다.'), 1);
  assert.equal(countNegations('굳이 나무가 아니더라도 된다.'), 1);
  assert.equal(countNegations('파면되지 아니하며'), 1);
  // A name holding 아니 does not make its claim a denial of the sentence that names it.
  const pope = assessEvidence('교황 아니체토는 제11대 교황이다.', {
    evid_id: 'e',
    content: '《교황 연대표》에 따르면, 아니체토는 성직자들에게 머리카락을 짧게 깎으라고 지시하였다고 한다.',
    title: '교황 아니체토',
  });
  assert.notEqual(pope?.stance, 'refute');
});

test('a gloss in brackets neither splits a negated word from its particle nor adds a negation of its own', () => {
  const emergence =
    '창발또는 떠오름 현상은 하위 계층에는 없는 특성이나 행동이 상위 계층에서 자발적으로 돌연히 출현하는 현상이다.';
  const glossed = (said: string) =>
    `창발(創發)또는 떠오름 현상은 하위 계층(구성 요소)에는 ${said} 특성이나 행동이 상위 계층(전체 구조)에서 자발적으로 돌연히 출현하는 현상이다.`;
  assert.equal(assessEvidence(emergence, { evid_id: 'e', content: glossed('없는') })?.stance, 'support');
  // Outside the brackets the opposite still opposes.
  assert.equal(assessEvidence(emergence, { evid_id: 'e', content: glossed('있는') })?.stance, 'refute');
  const open =
    '열린 문제 또는 열린 질문은 과학이나 수학 등의 분야에서 정확하게 명시 되었으며, 객관적이고 검증 가능한 해결책을 가진 것으로 가정되었으나 아직 해결되지 않은 문제이다.';
  const lead =
    '열린 문제 또는 열린 질문은 과학이나 수학 등의 분야에서 정확하게 명시 되었으며, 객관적이고 검증 가능한 해결책을 가진 것으로 가정되었으나 아직 해결되지 않은 (알려진 해결책이 없는) 문제이다.';
  assert.equal(assessEvidence(open, { evid_id: 'e', title: '열린 문제', content: lead })?.kind, 'stated');
  // The quote alone, as the aggregate stage rereads a cited one: the gloss's 없는 opposes nothing.
  assert.notEqual(assessEvidence(open, { evid_id: 'e', content: lead })?.stance, 'refute');
  // A word only a gloss negates is not said there: no opposition to the claim's own negation.
  const f = assessEvidence('음수가 아닌 정수의 제곱근은 정수이다.', {
    evid_id: 'e',
    content: '(음수가 아닌) 정수가 제곱수라는 것을 말하는 또 다른 방법은 정수의 제곱근이 정수라는 것이다.',
  });
  assert.notEqual(f?.stance, 'refute');
});
