import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assessEvidence } from '../../src/pipeline/rules/agreement.js';
import { negatedStems } from '../../src/pipeline/rules/polarity.js';

/**
 * News and policy sentences (the kind KLUE-NLI's wikinews, wikitree and policy premises are):
 * each case is a fault read there, written again with other names, beside the control that
 * must keep its finding.
 */
const check = (claim: string, content: string) => assessEvidence(claim, { evid_id: 'ev', content });

test('a plan is neither a deed nor its denial', () => {
  const plan = '시청은 내년 3월까지 옛 역사 건물을 시민에게 개방할 예정이다.';
  assert.equal(check('옛 역사 건물은 시민에게 아직 개방하지 않았다.', plan), null);
  assert.notEqual(check('옛 역사 건물은 시민에게 개방되었다.', plan)?.stance, 'support');
  // "예정대로" says it happened: a plan is no support for it either.
  assert.equal(
    check('김씨는 2019년 5월에 예정대로 퇴임했다.', '2012년 취임한 김씨는 2019년 5월에 퇴임할 예정이었다.'),
    null,
  );
  // Done against not done still refutes.
  const opened = check('옛 역사 건물은 시민에게 개방하지 않았다.', '시청은 옛 역사 건물을 시민에게 개방했다.');
  assert.equal(opened?.stance, 'refute');
});

test('a vice-chair is not the chair, though the word holds it', () => {
  const vice = '박 구청장은 서울에서 열린 전국구청장협의회 총회에 부회장으로 참석했다.';
  assert.equal(check('박 구청장은 전국구청장협의회 총회에 회장으로 참석했다.', vice), null);
  const chair = '박 구청장은 서울에서 열린 전국구청장협의회 총회에 회장으로 참석했다.';
  assert.equal(check('박 구청장은 전국구청장협의회 총회에 회장으로 참석했다.', chair)?.stance, 'support');
});

test('what a thing is likened to is not what it is', () => {
  const likened = '거실은 북유럽 별장 느낌에 밝고 아늑한 분위기입니다.';
  assert.equal(check('거실은 별장입니다.', likened), null);
  assert.equal(check('거실은 별장입니다.', '거실은 별장이고 밝고 아늑한 분위기입니다.')?.stance, 'support');
});

test('a negated light verb negates its noun, and two negations agree', () => {
  assert.deepEqual(negatedStems('훈련도 하지 않는다'), ['훈련']);
  assert.deepEqual(negatedStems('연구를 하지 못했다'), ['연구']);
  assert.equal(
    check('그 가수는 이후 제대로 된 공연을 못하고 있다.', '그 가수는 이후 제대로 된 공연도 하지 못하고 있는 상황이다.'),
    null,
  );
  const denied = check('그 부대는 야간 훈련을 한다.', '그 부대는 야간 훈련을 하지 않는다.');
  assert.equal(denied?.stance, 'refute');
});

test('before or after something else is no opposite', () => {
  const after = '이번 지진은 2016년 9월 12일과 2017년 11월 15일에 있었던 두 차례의 지진 이후 2년 만에 일어난 것이다.';
  assert.equal(check('2016년 9월 12일 이전에도 그 지역의 지진은 있었다.', after), null);
  // The same anchor, named in more or fewer words, is opposed.
  const same = check('을사조약은 러일전쟁 이후에 체결되었다.', '을사조약은 러일 전쟁 이전에 체결되었다.');
  assert.equal(same?.stance, 'refute');
  assert.equal(same?.kind, 'antonym');
});

test('a question states nothing either way', () => {
  assert.equal(
    check('그 영화를 지금 평가하는 것은 말이 되지 않는다.', '그 영화를 지금 평가하는 것이 말이 되는가.'),
    null,
  );
  assert.equal(
    check('그 영화를 지금 평가하는 것은 말이 되지 않는다.', '그 영화를 지금 평가하는 것은 말이 된다.')?.stance,
    'refute',
  );
});

test('a negation said as a condition is said neither way', () => {
  assert.deepEqual(negatedStems('약을 먹지 않아도 낫는다'), []);
  const condition = '경미한 염좌는 대개 약을 먹지 않아도 낫지만, 골절은 수술이 필요하다.';
  assert.notEqual(check('경미한 염좌는 약을 먹어야 낫는다.', condition)?.stance, 'refute');
  assert.equal(check('그 문은 열쇠로 잠그지 않을 수도 있다.', '그 문을 열쇠로 잠그지 않으면 경보가 울린다.'), null);
});

test("a subject set against another is not that other's statement", () => {
  const against = '향원정은 궁궐 내의 다른 정자와는 달리 단청을 하지 않고 소박하게 지어졌다.';
  assert.equal(check('궁궐 내 정자는 단청을 한다.', against), null);
  // Said of the subject itself, the denial refutes.
  assert.equal(check('향원정은 단청을 한다.', against)?.stance, 'refute');
});

test('a denial moved onto "not one" is the same denial', () => {
  const none = '시의회가 90일 동안 통과시킨 조례는 단 한 건도 없고, 특위는 성과 없이 끝났다.';
  assert.equal(check('시의회는 90일 동안 한 건의 조례도 통과시키지 않았다.', none), null);
  // A denial of another word is still a refutation.
  assert.equal(
    check('시의회는 90일 동안 조례를 통과시켰다.', '시의회는 90일 동안 조례를 통과시키지 않았다.')?.stance,
    'refute',
  );
});

test('"2년 전 부터" is "2년 전부터", a time counted back', () => {
  const both = '결혼한 김씨와 이씨는 3년 전 부터 함께 살았으며, 정씨는 김씨를 1년 전부터 알았다.';
  assert.notEqual(check('김씨와 이씨는 3년 전부터 함께 살았다.', both)?.stance, 'refute');
});

test("a date that names another event is that event's", () => {
  const counted = '이 시위는 2003년의 장미 혁명과 2004년 오렌지 혁명 이후 세 번째로 일어난 혁명이다.';
  const third = check('세 번째 혁명은 2014년에 일어났다.', counted);
  assert.notEqual(third?.stance, 'refute');
  // The event the date names is still dated by it.
  const named = check('오렌지 혁명은 2007년에 일어났다.', '2004년 오렌지 혁명 이후 세 번째로 일어난 혁명이다.');
  assert.equal(named?.stance, 'refute');
  assert.equal(named?.kind, 'date');
});

test('a deed denied with a verb of its own (행동을 취하지 않았다) is the deed denied', () => {
  assert.deepEqual(negatedStems('시는 적극적인 조치를 취하지 않았다'), ['조치', '취']);
  assert.equal(check('시는 적극적으로 조치하지 않았다.', '시는 안타깝게도 적극적인 조치를 취하지 않았다.'), null);
  assert.equal(
    check('시는 적극적인 조치를 취했다.', '시는 안타깝게도 적극적인 조치를 취하지 않았다.')?.stance,
    'refute',
  );
  // 없애다 removes; it denies nothing.
  assert.deepEqual(negatedStems('냄새를 없애준다'), []);
});

test('a noun denied as what something is says nothing of a claim naming it as an argument', () => {
  assert.equal(
    check('그 축제에 대해 나는 어릴 적부터 상상해왔다.', '어릴 적부터 내가 상상해왔던 그 축제가 아니다.'),
    null,
  );
  // 아니라 moves the role to the other: still a denial of the claim's.
  const moved = check(
    '그 이론에 따르면 일탈은 내적 특성에 의해 만들어진다.',
    '그 이론에 따르면 일탈은 내적 특성이 아니라, 주위의 낙인에 의해 만들어진다.',
  );
  assert.equal(moved?.stance, 'refute');
});

test('"nothing more … than this" is no denial', () => {
  assert.equal(check('가장 오래된 다리 이야기이다.', '이것보다 오래된 다리 이야기는 없다.'), null);
});

test("a topic whose value the sentence gives is not denied of the claim's subject", () => {
  const focus = '전투 장면은 그냥 배경일뿐 중점은 두 인물의 우정이다.';
  assert.equal(check('전투 장면이 중점이 아니다.', focus), null);
  // The value naming the claim's subject opposes its denial.
  assert.equal(check('서울은 대한민국의 수도가 아니다.', '대한민국의 수도는 서울이다.')?.stance, 'refute');
});

test('석 달 and 넉 달 are counts', () => {
  const month = '정부의 2차 추경안이 제출된 지 한 달 만에 국회를 통과했다.';
  const four = check('정부의 2차 추경안은 제출한 지 넉 달 만에 국회를 통과했다.', month);
  assert.equal(four?.stance, 'refute');
  assert.equal(four?.kind, 'number');
  assert.equal(check('정부의 2차 추경안은 제출한 지 한 달 만에 국회를 통과했다.', month)?.stance, 'support');
});

test('an opposite the claim denies is the other side said', () => {
  const together = '조사 결과 김군은 친구들과 함께 승합차를 타고 다니다 사고를 냈다.';
  assert.equal(check('김군은 승합차를 혼자 타고 있지 않았다.', together), null);
  assert.equal(check('김군은 승합차를 혼자 타고 있었다.', together)?.kind, 'antonym');
});

test('a claim that calls a story false agrees with a denial of it', () => {
  const denied = '2005년 그 배우가 사고로 숨졌다는 소문이 돌았지만 사실무근이었다.';
  assert.notEqual(check('2005년 그 배우가 사고로 숨졌다는 소문은 거짓이었다.', denied)?.stance, 'refute');
  assert.equal(check('2005년 그 배우가 사고로 숨졌다.', denied)?.stance, 'refute');
});

test('a deed put off is neither done nor denied', () => {
  const extended = '두 은행은 30일 현행 협정 만료를 6개월 연장하기로 합의했다고 밝혔다.';
  assert.equal(check('두 은행의 현행 협정은 30일 만료되지 않았다.', extended), null);
  // Said as done, the deed is still opposed by its denial.
  assert.equal(
    check('두 은행의 현행 협정은 30일 만료되었다.', '두 은행의 현행 협정은 30일 만료되지 않았다.')?.stance,
    'refute',
  );
});
