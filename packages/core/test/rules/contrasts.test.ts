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
    [{ claimWord: '아빠', evidenceWord: '엄마' }],
  );
  // The claim names the member without 의: it may be the claim's own argument.
  assert.deepEqual(contrastClashes('희수는 아빠를 간병했다.', '엄마의 만류에도 희수는 간병에 매달린다.'), [
    { claimWord: '아빠', evidenceWord: '엄마' },
  ]);
  // A modifier between the possessor and its noun (엄마의 오랜 간병) is the same noun.
  assert.deepEqual(contrastClashes('희수는 아빠의 간병에 지쳤다.', '희수는 엄마의 오랜 간병에 지쳤다.'), [
    { claimWord: '아빠', evidenceWord: '엄마' },
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

test('contrast: a country written bare before another noun (한국 천주교, 대한제국 농상공부) names that thing, not the claim’s value', () => {
  const church = '오랜 기간동안 한국 천주교에서 살인자로 단죄되었으나, 안중근에 대한 한국천주교회의 평가가 변화하였다.';
  assert.deepEqual(contrastClashes('안중근은 일본의 독립운동가이다.', church), []);
  // Either way round.
  assert.deepEqual(
    contrastClashes(
      '대한제국 농상공부 관측소는 러일전쟁 때 설치되었다.',
      '관측소는 러일 전쟁 때 일본의 필요로 설치되었다.',
    ),
    [],
  );
  // With a particle, its own suffix, or before the same noun, it still replaces the claim's; the
  // Korean Empire is Korea, shown as written.
  const lead =
    '안중근(安重根, 1879년 9월 2일 ~ 1910년 3월 26일)은 대한제국의 독립운동가, 항일 의병장 겸 정치 사상가이다.';
  assert.deepEqual(contrastClashes('안중근은 일본의 독립운동가이다.', lead), [
    { claimWord: '일본', evidenceWord: '대한제국' },
  ]);
  assert.equal(contrastClashes('안중근은 일본의 독립운동가이다.', '안중근은 한국인 독립운동가이다.').length, 1);
  assert.equal(contrastClashes('안중근은 일본의 독립운동가이다.', '안중근은 한국 독립운동가이다.').length, 1);
  assert.deepEqual(contrastClashes('안중근은 대한민국의 독립운동가이다.', lead), []);
});

test('contrast: another country only as an actor or an object (일본이 강화함으로써) says not whose the claim’s noun is', () => {
  const claim = '독도는 대한민국의 영토이다.';
  assert.deepEqual(
    contrastClashes(
      claim,
      '영토(독도) 문제 등에서 논란이 계속되고 있고, 일본이 집단자위권을 강화함으로써 관계가 경직되었다.',
    ),
    [],
  );
  // As a possessor, a place or one of two possessors (영국과 잉글랜드의 수도), it still replaces the claim's.
  assert.equal(contrastClashes(claim, '독도는 일본의 영토이다.').length, 1);
  assert.equal(
    contrastClashes('런던은 인도네시아의 수도이다.', '런던은 영국과 잉글랜드의 수도이자 최대 도시이다.').length,
    1,
  );
});

test('contrast: a period of Korean history is one value of when (고려 시대 against 조선 시대), said with 시대', () => {
  const turtle = '거북선 또는 귀선(龜船, Geobukseon, turtle ship)은 조선 시대의 군함이다.';
  assert.deepEqual(contrastClashes('거북선은 고려 시대의 군함이다.', turtle), [
    { claimWord: '고려 시대', evidenceWord: '조선 시대' },
  ]);
  assert.equal(
    assessEvidence('거북선은 고려 시대의 군함이다.', { evid_id: 'ev', content: turtle })?.kind,
    'attribute-contrast',
  );
  // Written solid, it is the same period; 조선 alone (a shipyard, a newspaper) is none.
  assert.deepEqual(contrastClashes('거북선은 조선시대의 군함이다.', turtle), []);
  assert.deepEqual(contrastClashes('거북선은 고려 시대의 군함이다.', '거북선은 조선소에서 복원되었다.'), []);
  // In another role: a scholar of another period, a time against a possessor.
  const scholar = '고려 시대의 문신이자 학자인 김부식의 《삼국사기》 기록에 실린 온조 설화에 따라 예술이 등장하였다.';
  assert.deepEqual(contrastClashes('삼국 시대에는 예술이 등장하였다.', scholar), []);
  assert.deepEqual(
    contrastClashes('거북선은 고려 시대의 군함이다.', '고려 시대의 문신 김부식은 거북선이 군함이라 하였다.'),
    [],
  );
});

test('contrast: a quoted title as the subject (《가웨인 경과 녹기사》는) is the subject an attribute is said of', () => {
  const poem = '《가웨인 경과 녹기사》(""Syr Gawayn ande þe Grene Knyt"")는 14세기 말에 쓰인 영국의 로맨스 서사시이다.';
  const f = assessEvidence('《가웨인 경과 녹기사》는 14세기 말에 쓰인 일본의 로맨스 서사시이다.', {
    evid_id: 'ev',
    content: poem,
  });
  assert.deepEqual([f?.stance, f?.kind], ['refute', 'attribute-contrast']);
});

test('contrast: a place before a noun some verb takes (일본 기업을 따라잡는) is not what the subject is', () => {
  const rival = '1980년대~1990년대만 하더라도 삼성전자의 목표는 경쟁사인 일본 기업을 따라잡는 것이었다.';
  assert.deepEqual(contrastClashes('삼성전자는 한국 기업이다.', rival), []);
  assert.deepEqual(contrastClashes('삼성전자는 한국의 기업이다.', '삼성전자는 일본의 대형 기업과 경쟁했다.'), []);
  // Whoever ranked it: the place names the ranking's author, the subject of 발표한.
  const ranking = '영국 브랜드파이낸스가 발표한 2012년 500대 글로벌 기업 순위에서 삼성전자는 6위를 차지하였다.';
  assert.deepEqual(contrastClashes('삼성전자는 미국 기업이다.', ranking), []);
  // "한국만의 독자적인 무술을 만들기 위해서": a martial art to be made, not what 태권도 is.
  assert.deepEqual(
    contrastClashes('태권도는 일본의 무술이다.', '한국만의 독자적인 무술을 만들기 위해서 새로운 기술이 만들어졌다.'),
    [],
  );
  // What the subject is still clashes: the same noun as the predicate, or closed by the copula.
  for (const evidence of [
    '삼성전자는 일본 기업이다.',
    '삼성전자는 일본의 기업으로 알려져 있다.',
    '삼성전자는 일본 기업이 되었다.',
    '구글은 검색 사업을 하는 미국의 기업이다.',
  ])
    assert.equal(
      contrastClashes('삼성전자는 한국 기업이다.'.replace('삼성전자', evidence.split('는')[0]!), evidence).length,
      1,
      evidence,
    );
});

test('contrast: a claim naming two members is read as the sentence with one swapped, every other word the same', () => {
  const sentence = '헤르만 민코프스키(Hermann Minkowski)는 러시아 제국 태생 독일 수학자이다.';
  const claim = '헤르만 민코프스키는 러시아 제국 태생 스페인 수학자이다.';
  assert.deepEqual(contrastClashes(claim, sentence), [{ claimWord: '스페인', evidenceWord: '독일' }]);
  const finding = assessEvidence(claim, { evid_id: 'ev', title: '헤르만 민코프스키', content: sentence });
  assert.equal(finding?.stance, 'refute');
  assert.equal(finding?.kind, 'attribute-contrast');
  // Two words changed, or a member inside another name (북이탈리아, 북일본): which one stands
  // against the sentence's is not known.
  assert.deepEqual(contrastClashes('헤르만 민코프스키는 러시아 제국 출신 스페인 수학자이다.', sentence), []);
  assert.deepEqual(
    contrastClashes(
      '티치아노는 북일본 카도레에서 출생한 이탈리아의 화가이다.',
      '티치아노는 북이탈리아 카도레에서 출생한 이탈리아의 화가이다.',
    ),
    [],
  );
  // The sentence itself, and a claim naming one member (read as before), are unchanged.
  assert.deepEqual(contrastClashes(sentence, sentence), []);
  assert.deepEqual(contrastClashes('민코프스키는 스페인 수학자이다.', '민코프스키는 독일 수학자이다.'), [
    { claimWord: '스페인', evidenceWord: '독일' },
  ]);
});
