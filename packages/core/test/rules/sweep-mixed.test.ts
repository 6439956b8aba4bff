import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assessEvidence } from '../../src/pipeline/rules/agreement.js';
import { copulaSaidBothWays } from '../../src/pipeline/rules/polarity.js';
import { attributedUpTo, eventOnlyAsArgument } from '../../src/pipeline/rules/scope.js';

/**
 * Found by the sample-wiki sweep (docs/eval.md, "True claims that ended MIXED"): three true claims
 * met a refutation from another sentence that says nothing against them — a country's name inside
 * another place's name (동중국해), a negation inside a position someone argues (…다고 주장하는
 * 해석) or restricted to one respect (외국에 대해서만 …이고, 내국에 대해서는 … 아니며), and the date
 * of another event whose argument the claim's event is (반포에 반대하는 … 상소를 올렸다).
 */
const check = (claim: string, content: string, title = '') => assessEvidence(claim, { evid_id: 'ev', content, title });

test("a country's name inside another name (동중국해) is no other country; at a word's start it is", () => {
  const sea = check(
    '제주도는 대한민국에서 가장 큰 섬이다.',
    '한반도는 삼면이 바다로 둘러싸인 반도형이며, 가장 큰 부속 도서인 제주도 남쪽으로는 동중국해와 접한다.',
    '대한민국',
  );
  assert.notEqual(sea?.stance, 'refute');
  const china = check('제주도는 중국에서 가장 큰 섬이다.', '제주도는 대한민국에서 가장 큰 섬이다.', '제주도');
  assert.equal(china?.stance, 'refute');
  assert.match(china?.reasons.join(' ') ?? '', /다른 대상: 주장 '중국', 근거 '대한민국'/);
  // A continent keeps a direction before it: 동남아시아 is in Asia.
  const asia = check('쌀국수는 유럽의 대표적인 음식이다.', '쌀국수는 동남아시아의 대표적인 음식이다.', '쌀국수');
  assert.equal(asia?.stance, 'refute');
  assert.match(asia?.reasons.join(' ') ?? '', /주장 '유럽', 근거 '아시아'/);
});

const ARGUED =
  '군통수권의 경우도 대통령은 대내적으로는 국가원수가 아니라 단지 행정부 수반일 뿐이기 때문에, 1심 판결권도 사법부에서 통수해야 한다고 주장하는 헌법해석론이 유력하다.';

test('a negation inside a position the sentence attributes (…다고 주장하는) does not refute; asserted, it does', () => {
  assert.equal(attributedUpTo(ARGUED), ARGUED.indexOf('다고 주장') + 2);
  assert.equal(attributedUpTo('대통령은 국가원수가 아니라고 밝혔다.'), -1);
  assert.notEqual(check('대한민국의 대통령은 대한민국의 국가원수이다.', ARGUED, '국가원수')?.stance, 'refute');
  const said = check(
    '대한민국의 대통령은 대한민국의 국가원수이다.',
    '대통령은 대내적으로는 국가원수가 아니라 단지 행정부 수반일 뿐이다.',
    '국가원수',
  );
  assert.equal(said?.stance, 'refute');
  assert.equal(said?.kind, 'negated-predicate');
  // The claim itself reporting the argument is compared as before.
  assert.equal(
    check('대통령은 국가원수가 아니라고 주장하는 해석이 있다.', '대통령은 국가원수라고 주장하는 해석이 있다.')?.stance,
    'refute',
  );
});

test('a predicate one sentence affirms and denies in two respects refutes no unrestricted claim', () => {
  const respects =
    '이에 대한 헌법해석은, 대통령이 외국에 대해서만 국가원수이고, 내국에 대해서는 국가원수가 아니며, 국가원수는 존재하지 않는다고 한다.';
  assert.deepEqual(copulaSaidBothWays(respects), ['국가원수']);
  assert.deepEqual(copulaSaidBothWays('대통령은 국가원수가 아니며 행정부 수반일 뿐이다.'), []);
  assert.notEqual(check('대한민국의 대통령은 대한민국의 국가원수이다.', respects, '국가원수')?.stance, 'refute');
  const denied = check(
    '대한민국의 대통령은 대한민국의 국가원수이다.',
    '대통령은 국가원수가 아니며 행정부 수반일 뿐이다.',
    '국가원수',
  );
  assert.equal(denied?.stance, 'refute');
});

const APPEAL =
  '1444년 2월 최만리, 신석조, 김문, 하위지, 정창손 등 집현전 내 훈민정음 반포에 반대하는 학자들은 6가지 이유를 들며 반대상소를 올렸다.';

test("the date of a predicate the claim's event is an argument of (반포에 반대하는) is not the event's date", () => {
  assert.equal(eventOnlyAsArgument(APPEAL, '반포'), true);
  assert.equal(
    eventOnlyAsArgument('1446년(세종 28년) 9월 29일, 훈민정음을 반포하였고 정인지가 서문을 작성하였다.', '반포'),
    false,
  );
  // A date right before the noun is its own (1446년 정식 반포), and so is a light verb's (반포를 하였다).
  assert.equal(eventOnlyAsArgument('1446년 정식 반포에 이어 한글은 널리 쓰였다.', '반포'), false);
  assert.equal(eventOnlyAsArgument('세종은 1446년에 훈민정음 반포를 하였다.', '반포'), false);
  // Nothing else differs: the sentence disagrees with nothing (a contrast here made the true claim MIXED).
  assert.equal(check('훈민정음은 1446년에 반포되었다.', APPEAL, '훈민정음'), null);
  // The event's own date still refutes a wrong year.
  const own = check(
    '훈민정음은 1443년에 반포되었다.',
    '1446년(세종 28년) 9월 29일, 훈민정음을 반포하였고 예조판서 정인지가 서문을 작성하였다.',
    '조선 세종',
  );
  assert.equal(own?.stance, 'refute');
  assert.equal(own?.kind, 'date');
});

test('a superlative noun predicate is refuted by the subject ranked by its measure, not by what that rank follows', () => {
  const saturn = '토성은 태양계 내의 행성 중 목성에 이어 두 번째로 크며, 지름은 약 12만 km이다.';
  const largest = check('토성은 태양계에서 가장 큰 행성이다.', saturn, '토성');
  assert.equal(largest?.kind, 'ordinal');
  assert.deepEqual(largest?.reasons, ["순서 불일치: 근거: '2번째' ↔ 주장: '가장 큰'"]);
  // 목성 is what the rank follows: the sentence ranks 토성.
  assert.notEqual(check('목성은 태양계에서 가장 큰 행성이다.', saturn, '토성')?.kind, 'ordinal');
  // Another measure ranks something else.
  assert.equal(check('토성은 태양계에서 가장 무거운 행성이다.', saturn, '토성')?.kind ?? null, null);
});

test('a series of events is not one edition of it, nor another series named with its words', () => {
  const firstCup = 'FIFA 월드컵은 1930년에 첫 대회가 열렸다.';
  for (const edition of [
    '가장 최근에 열린 2018년 FIFA 월드컵은 러시아에서 열렸고, 프랑스가 우승했다.',
    '2002년 FIFA 월드컵(, )은 17번째 FIFA 월드컵 대회로, 2002년 5월 31일에서 6월 30일까지 대한민국과 일본에서 열렸다.',
  ])
    assert.equal(check(firstCup, edition, 'FIFA 월드컵'), null, edition);
  const youth = '제1회 하계 청소년 올림픽은 2010년 싱가포르에서 개최되었다.';
  assert.equal(check('하계 올림픽은 1900년에 처음 열렸다.', youth, '하계 올림픽'), null);
  // The series itself, named so, still refutes; so does a person named whole in a lead, middle names and all.
  assert.equal(
    check('하계 올림픽은 1900년에 처음 열렸다.', '하계 올림픽은 1896년에 처음 열렸다.', '하계 올림픽')?.kind,
    'date',
  );
  assert.equal(
    check(
      '게오르크 칸토어는 1890년에 사망하였다.',
      '게오르크 페르디난트 루트비히 필리프 칸토어( , 1845년 3월 3일 ~ 1918년 1월 6일)는 독일의 수학자이다.',
      '게오르크 칸토어',
    )?.stance,
    'refute',
  );
});
