import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assessEvidence, predicateStem } from '../../src/pipeline/rules/agreement.js';
import { qualifierMismatches } from '../../src/pipeline/rules/qualifiers.js';
import { extractRelations, relationClashes } from '../../src/pipeline/rules/relations.js';

/** The stance of one evidence text on a claim: 'support', 'refute' or null (neither). */
function stance(claim: string, content: string, title?: string): string | null {
  const f = assessEvidence(claim, { evid_id: 'ev_t', content, ...(title ? { title } : {}) });
  if (f) assert.ok(content.includes(f.quote), 'quote is verbatim');
  return f?.stance ?? null;
}
function reasons(claim: string, content: string, title?: string): string {
  return assessEvidence(claim, { evid_id: 'ev_t', content, ...(title ? { title } : {}) })?.reasons.join(' / ') ?? '';
}

const SEOUL = '서울특별시(서울特別市)는 대한민국의 수도이자 최대 도시이다.';
const MARS = '화성(火星, )은 태양계의 4번째 행성이며, 4개의 지구형 행성 중 하나이다.';

test('support needs every qualifier of the claim: a superlative the evidence lacks is not support', () => {
  assert.equal(stance('화성은 태양계에서 가장 큰 행성이다.', MARS), null);
  assert.equal(
    stance('알루미늄은 지구에 가장 많은 원소다.', '알루미늄은 산소와 규소 다음으로 지구상에 많은 원소이다.'),
    null,
  );
  assert.equal(
    stance(
      '서오릉은 가장 규모가 큰 조선왕실의 왕릉군이다.',
      '서오릉은 동구릉 다음으로 규모가 큰 조선왕실의 왕릉군이다.',
    ),
    null,
  );
  assert.equal(stance('서울특별시는 대한민국의 최대 도시이다.', SEOUL), 'support');
});

test('what a rank follows (…에 이어 세 번째로) narrows nothing a claim that states the rank itself', () => {
  const niger = '나이저강은 아프리카에서 나일강과 콩고강에 이어 세 번째로 긴 강이다.';
  assert.equal(stance('나이저강은 아프리카에서 세 번째로 긴 강이다.', niger), 'support');
  assert.equal(stance('나이저강은 아프리카에서 두 번째로 긴 강이다.', niger), 'refute');
  // Without a rank of its own the claim is still narrowed by it.
  assert.equal(stance('나이저강은 아프리카에서 긴 강이다.', niger), null);
});

test('each kind of qualifier blocks support when only one side has it', () => {
  const cases: [string, string, string][] = [
    ['modality', '적혈구는 독자적인 운동을 할 수 있다.', '적혈구는 독자적인 운동을 한다.'],
    ['obligation', '비글은 넓은 공간에서 키워야 한다.', '비글은 넓은 공간에서 키운다.'],
    ['time', '베르사유 궁전은 원래 권력의 중심지였다.', '베르사유 궁전은 권력의 중심지였다.'],
    ['time (now)', '간경변은 현재 치료가 가능하다.', '간경변은 치료가 가능하다.'],
    ['quantifier', '모든 포유류는 새끼를 낳는다.', '포유류는 새끼를 낳는다.'],
    ['restriction in evidence', '포유류는 새끼를 낳는다.', '일부 포유류는 새끼를 낳는다.'],
    [
      'hedge in evidence',
      '시폰 케이크는 해리 베이커에 의해 탄생했다.',
      '시폰 케이크는 해리 베이커에 의해 탄생했다는 설이 있다.',
    ],
    ['identity', '돌림힘과 에너지는 같은 물리량이다.', '돌림힘과 에너지는 물리량이다.'],
  ];
  for (const [kind, claim, evidence] of cases) {
    assert.ok(qualifierMismatches(claim, evidence).length > 0, `${kind}: ${claim} / ${evidence}`);
    assert.notEqual(stance(claim, evidence), 'support', kind);
  }
  // Same qualifiers on both sides: nothing blocks.
  assert.deepEqual(
    qualifierMismatches('모든 포유류는 새끼를 낳을 수 있다.', '모든 포유류는 새끼를 낳을 수 있다고 한다.'),
    [],
  );
});

test('뿐만 아니라 (not only) adds to the claim, it does not restrict it as …만 does', () => {
  assert.deepEqual(
    qualifierMismatches(
      '약과는 과일의 모양을 본따 만들기도 한다.',
      '약과를 과일뿐만 아니라 짐승의 모양을 본따 만들기도 하였다.',
    ),
    [],
  );
  assert.deepEqual(qualifierMismatches('늑대는 사슴을 먹는다.', '늑대는 사슴뿐 아니라 토끼도 먹는다.'), []);
  assert.deepEqual(qualifierMismatches('성제는 성곽에서 볼 수 있다.', '성제는 화성에서만 볼 수 있다.'), [
    { name: '만', side: 'evidence' },
  ]);
});

test('negation: a negated claim is not supported by the plain statement, and is refuted by it', () => {
  assert.equal(stance('서울특별시는 대한민국의 수도가 아니다.', SEOUL), 'refute');
  assert.match(
    reasons('서울특별시는 대한민국의 수도가 아니다.', SEOUL),
    /근거: '수도이자 최대' ↔ 주장: '수도가 아니다'/,
  );
  assert.equal(stance('서울특별시는 대한민국의 수도이다.', SEOUL), 'support');
  // Evidence negated, claim plain.
  assert.equal(stance('우편물에는 반송 주소가 필수적이다.', '우편물에는 반송 주소가 필수적이진 않다.'), 'refute');
  // A negation in a neighbouring clause is not the predicate's.
  assert.equal(
    stance(
      '박정희 정권은 유신체제를 한국적 민주주의라고 선전했다.',
      '박정희 정권은 유신 체제를 소위 한국적 민주주의라고 선전하였으나, 찬성하는 국민들조차 이를 민주정치로 받아들이지 않았다.',
    ),
    'support',
  );
});

test('ordinals and numbers: a different ordinal refutes, the same one supports', () => {
  assert.equal(stance('화성은 태양계의 3번째 행성이다.', MARS), 'refute');
  assert.equal(stance('화성은 태양계의 4번째 행성이다.', MARS), 'support');
  assert.equal(stance('헌덕왕후는 첫 번째 세자빈이다.', '헌덕왕후는 세 번째로 맞은 세자빈이다.'), 'refute');
});

test('a word that merely contains the claim noun (비수도권) is no refutation', () => {
  const content = '한국철도공사 부산경남본부에서 관리 및 운영하는 비수도권 최초의 광역전철으로 운영되고 있다.';
  assert.equal(stance('대한민국의 수도는 부산이다.', content), null);
  // A real prefix negation still refutes.
  assert.equal(stance('이 회의는 공개로 진행되었다.', '이 회의는 비공개로 진행되었다.'), 'refute');
});

test('the predicate must be the predicate in the evidence too, and the subject the subject', () => {
  assert.equal(stance('태양과 달도 행성이다.', '옛날에는 태양과 달도 행성으로 믿었다.'), null);
  assert.equal(
    stance('적혈구는 독자적인 운동을 할 수 있다.', '백혈구는 적혈구와 달리 독자적인 운동을 할 수 있다.'),
    null,
  );
  assert.equal(predicateStem('서울특별시는 대한민국의 수도가 아니다.'), '수도');
  assert.equal(predicateStem('모링가의 잎은 음식으로 먹을 수 없다.'), '먹을');
});

test('a noun with 하다 after it is the predicate on both sides (역할을 한다), not an argument', () => {
  const ROLE = '랭제뉘는 이 작품에서 유럽의 문명과 가톨릭교회에 대한 비판을 감행하는 볼테르의 대변자 역할을 한다.';
  assert.equal(stance('랭제뉘는 이 작품에서 볼테르의 대변자 역할을 한다.', ROLE), 'support');
  // The noun as another verb's object is still an argument: the role is not played.
  assert.equal(stance('랭제뉘는 볼테르의 대변자 역할을 한다.', '랭제뉘는 볼테르의 대변자 역할을 거부했다.'), null);
});

test('relations: the same owner with another value of a single-valued relation refutes', () => {
  assert.deepEqual(
    extractRelations(SEOUL).map((r) => [r.relation, r.owner, r.value]),
    [
      ['수도', '대한민국', '서울특별시'],
      ['최대 도시', '대한민국', '서울특별시'],
    ],
  );
  // Capital, both sentence shapes, and the page title as the owner of a subjectless sentence.
  assert.equal(stance('대한민국의 수도는 부산이다.', SEOUL), 'refute');
  assert.match(
    reasons('대한민국의 수도는 부산이다.', SEOUL),
    /다른 수도: 근거: '서울특별시는 대한민국의 수도이자' ↔ 주장: '대한민국의 수도는 부산이다'/,
  );
  assert.equal(stance('대한민국의 수도는 부산이다.', '수도는 서울이다.', '대한민국'), 'refute');
  // 서울 ⊂ 서울특별시: no clash, the same capital (relation-agreement.test.ts).
  assert.equal(stance('대한민국의 수도는 서울이다.', SEOUL), 'support');
  // 최대 / 최초 make the noun after them single-valued.
  assert.equal(stance('부산광역시는 대한민국의 최대 도시이다.', SEOUL), 'refute');
  assert.equal(stance('한반도 일대의 최초의 국가는 고구려이다.', '한반도 일대의 최초의 국가는 고조선이다.'), 'refute');
  assert.equal(stance('한반도 일대의 최초의 국가는 고조선이다.', '한반도 일대의 최초의 국가는 고조선이다.'), 'support');
  // Founder, author, nationality: relation nouns.
  assert.equal(stance('구글의 창립자는 빌 게이츠이다.', '구글의 창립자는 래리 페이지와 세르게이 브린이다.'), 'refute');
  assert.equal(stance('《토지》의 저자는 이광수이다.', '《토지》의 저자는 박경리이다.'), 'refute');
  assert.equal(stance('케빈 미트닉의 국적은 영국이다.', '케빈 미트닉의 국적은 미국이다.'), 'refute');
  // Birthplace and location: verb relations, the topic is the owner.
  assert.equal(stance('코난은 대장간에서 태어났다.', '코난은 대장장이의 아들로 전쟁터에서 태어났다.'), 'refute');
  assert.equal(stance('코난은 전쟁터에서 태어났다.', '코난은 대장장이의 아들로 전쟁터에서 태어났다.'), 'support');
  assert.equal(stance('불국사는 안성시에 위치한다.', '불국사는 경주시에 위치한 절이다.'), 'refute');
  // Another owner is another relation: no clash.
  assert.deepEqual(relationClashes('일본의 수도는 도쿄이다.', SEOUL), []);
  // A birthplace the evidence names at another level is not a clash when the claim's place is in it.
  assert.deepEqual(relationClashes('안중근은 해주에서 태어났다.', '안중근은 황해도 해주에서 태어났다.'), []);
});

test('comparisons: an antonym refutes only when both sides compare with the same thing', () => {
  assert.notEqual(
    stance('트럼펫은 트롬본보다 높은 음역을 담당한다.', '트롬본은 트럼펫에 비해 낮은 음역을 담당한다.'),
    'refute',
  );
  assert.equal(stance('올해 수출은 작년보다 10% 감소했다.', '올해 수출은 작년보다 10% 증가했다.'), 'refute');
});

test('idioms built on 없다 are not negations, and 못함 is', () => {
  assert.notEqual(
    stance('저고리를 여미는 방향은 상관 없었다.', '저고리를 여미는 방향은 상관없이 각기 달랐다.'),
    'refute',
  );
  assert.notEqual(stance('경종은 후사를 두지 못했다.', '경종은 병약하여 후사를 두지 못함을 걱정하였다.'), 'refute');
});

test('the ending …지만 ("but") is not the restriction …만', () => {
  // A restriction in the evidence still blocks; the concessive ending does not.
  assert.deepEqual(
    qualifierMismatches(
      '부통령은 상원의 의장이다.',
      '부통령은 상원 의장으로서 심의를 주재하지만, 투표는 하지 않는다.',
    ).filter((m) => m.name === '만'),
    [],
  );
  assert.deepEqual(
    qualifierMismatches('성제는 성곽에서 볼 수 있다.', '성제는 화성에서만 볼 수 있다.').map((m) => m.name),
    ['만'],
  );
});

test('a passage that states the claim in one sentence and opposes it in another decides nothing, unless a relation opposes it', () => {
  const twice = assessEvidence('삼성전자는 1969년에 설립되었다.', {
    evid_id: 'ev',
    content: '삼성전자는 1969년에 설립되었다. 삼성전자는 1975년에 설립되었다.',
  });
  assert.equal(twice?.stance, 'refute');
  assert.equal(twice?.kind, 'contrast');
  assert.ok(twice?.reasons.some((r) => r.includes('그대로 진술함')));
  const capital = assessEvidence('대한민국의 수도는 부산이다.', {
    evid_id: 'ev',
    content: '대한민국의 수도는 부산이다. 서울특별시는 대한민국의 수도이다.',
  });
  assert.match(capital?.kind ?? '', /^relation/);
});
