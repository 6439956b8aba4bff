import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assessEvidence, statedBy, type Finding } from '../../src/pipeline/rules/agreement.js';

/** The rules' finding on one evidence text: stance and kind, or null. */
function finding(claim: string, content: string): Pick<Finding, 'stance' | 'kind'> | null {
  const f = assessEvidence(claim, { evid_id: 'ev_t', content });
  if (f) assert.ok(content.includes(f.quote), 'quote is verbatim');
  return f && { stance: f.stance, kind: f.kind };
}

const SEOUL = '서울특별시(서울特別市)는 대한민국의 수도이자 최대 도시이다.';
const MARS = '화성(火星, )은 태양계의 4번째 행성이며, 4개의 지구형 행성 중 하나이다.';
const FROG = '개구리는 겨울이 되면 땅속으로 들어가 겨울잠을 잔다.';

test("support of the kind 'stated': the sentence's own statement is the claim", () => {
  const cases: [string, string][] = [
    // The predicate ends the sentence, the subject is its topic (brackets read as absent).
    ['서울특별시는 대한민국의 수도이다.', SEOUL],
    ['화성은 태양계의 4번째 행성이다.', MARS],
    [`개구리는 겨울잠을 잔다.`, FROG],
    ['딸기는 장미과의 과일이다.', '딸기는 장미과 딸기속에 속하는 과일이다.'],
    // The predicate ends the first clause of a sentence whose topic is the claim's subject.
    ['김연경은 배구 선수이다.', '김연경(金軟景, 1988년 2월 26일~)은 대한민국의 배구 선수로 포지션은 레프트이다.'],
    // A modifier of the sentence's statement about the same topic: 연구하는 학문이다 states 연구한다.
    [
      '사회학은 인간의 사회적 행위를 연구한다.',
      '사회학(社會學, sociology)이란 인간 사회와 인간의 사회적 행위를 연구하는 학문이다.',
    ],
    // The subject is the word marked as such, not the first one.
    ['장미 전쟁에서 리처드 3세가 사망했다.', '장미 전쟁에서 리처드 3세가 전투 중 사망하였다.'],
    // An additive clause with the same topic before it states both.
    ['코난은 전쟁터에서 태어났다.', '코난은 북방의 야만족 킴메리아인이며, 대장장이의 아들로 전쟁터에서 태어났다.'],
    // The subject leading the sentence as its own subject (…가): its first clause states it.
    [
      '와트가 새로운 특허를 얻었다.',
      '1769년 와트가 새로운 증기기관 특허를 얻자 볼턴은 그것을 유망한 사업이라 생각했다.',
    ],
    [
      '디즈니는 픽사 애니메이션 스튜디오를 인수하였다.',
      '2006년 디즈니가 픽사 애니메이션 스튜디오를 인수하면서 피처 애니메이션은 이름을 바꾸었다.',
    ],
    // A noun's present modifier said as a statement of its own, joined by "and", in the same sentence.
    ['태양은 태양계의 중심에 있는 항성이다.', '태양(太陽, )은 태양계 중심에 있으며 지구에서 가장 가까운 항성이다.'],
    // A colon inside a name (워킹 데드: 더 라이드) or a gloss (본명: …) cuts no clause.
    ['워킹 데드: 더 라이드는 롤러코스터이다.', '워킹 데드: 더 라이드는 영국 소프 파크에 위치한 실내 롤러코스터이다.'],
    // Nearly verbatim.
    ['컴퓨터라는 말의 의미는 시대에 따라 변화했다.', '컴퓨터라는 말의 의미는 시대에 따라 변화했다.'],
    // Brackets in the claim are read as absent too.
    [
      'OPIc(Oral Proficiency Interview-Computer)은 공인인증 영어 말하기 시험이다.',
      'OPIc(Oral Proficiency Interview-Computer)는 공인인증 영어 말하기 시험이다.',
    ],
  ];
  for (const [claim, evidence] of cases)
    assert.deepEqual(finding(claim, evidence), { stance: 'support', kind: 'stated' }, claim);
});

test("support in passing stays 'full': another topic, a joined clause, an intention, another order", () => {
  const cases: [string, string][] = [
    // The claim follows a contrasting clause (…지만,): the sentence turns.
    [
      '세무사는 법인을 설립할 수 있다.',
      '세무사는 사무소를 설치할 수 있지만, 5인 이상의 세무사로 구성되는 법인을 설립할 수도 있다.',
    ],
    // A noun of a compound is no predicate: 미국 기업 캠퍼스 does not say 구글 is a 기업.
    [
      '구글은 미국의 기업이다.',
      '구글은 사옥 지붕에 미국 기업 캠퍼스 가운데 가장 큰 태양광 패널을 설치하여 전기를 생산한다.',
    ],
    // A leading subject's clause that is conditional (…면); one only reported (…다는 것은) is no
    // support at all (support-guards.test.ts).
    ['디즈니는 픽사 애니메이션 스튜디오를 인수한다.', '디즈니가 픽사 애니메이션 스튜디오를 인수하면 주가가 오른다.'],
    // Nor is the first clause stated when another subject comes first (주가가 … 디즈니가).
    [
      '디즈니는 픽사 애니메이션 스튜디오를 인수하였다.',
      '주가가 오르자 디즈니가 픽사 애니메이션 스튜디오를 인수하였고 피처 애니메이션은 이름을 바꾸었다.',
    ],
    // An intention is not the deed.
    [
      '선조는 생부를 왕으로 추존했다.',
      '선조는 재위 도중 여러 번에 걸쳐서 생부 덕흥대원군을 왕으로 추존하려고 시도하였으나.',
    ],
  ];
  for (const [claim, evidence] of cases) {
    assert.deepEqual(finding(claim, evidence), { stance: 'support', kind: 'full' }, claim);
    assert.equal(statedBy(claim, evidence), false, claim);
  }
  // The sentence's second topic (어머니는) carries the claim's predicate, in a clause of its own
  // (…이고 before it): no support at all, not even in passing.
  const vernon = [
    '버논의 아버지는 미국인이다.',
    '버논의 아버지는 전주 출신의 한국인이고 어머니는 프랑스계 미국인이다.',
  ] as const;
  assert.equal(finding(...vernon), null);
  assert.equal(statedBy(...vernon), false);
  // The object turned into the compared: 공부를 …보다 좋아한다 is not 공부보다는 뛰어 놀기를 좋아하는.
  assert.equal(
    statedBy('소년 프란츠는 공부를 뛰어 놀기보다 좋아한다.', '소년 프란츠는 공부보다는 뛰어 놀기를 좋아하는 아이이다.'),
    false,
  );
  // Two months in the sentence: which one the founding took is not stated.
  assert.equal(
    statedBy(
      '대한매일신보는 1904년 2월 창간되었다.',
      '대한매일신보는 1904년 2월에 일어난 러일전쟁을 취재하기 위해 베델이 1904년 7월 18일에 창간한 신문이다.',
    ),
    false,
  );
  assert.equal(statedBy('대한매일신보는 1904년 7월 창간되었다.', '대한매일신보는 1904년 7월에 창간되었다.'), true);
  // The claim's words in another order: 픽사가 배급한 is not 배급하고 픽사가 제작한.
  assert.equal(
    statedBy(
      '《니모를 찾아서》는 픽사가 배급한 애니메이션 미디어 프랜차이즈이다.',
      '《니모를 찾아서》는 월트 디즈니 픽처스가 배급하고 픽사가 제작한 애니메이션 미디어 프랜차이즈이다.',
    ),
    false,
  );
});

test('a statement-like sentence is no support when one qualifier of the claim is unmatched', () => {
  const cases: [string, string, string][] = [
    ['superlative', '화성은 태양계에서 가장 큰 행성이다.', MARS],
    ['quantifier', '모든 개구리는 겨울잠을 잔다.', FROG],
    ['negation', '개구리는 겨울잠을 자지 않는다.', FROG],
    ['modality', '개구리는 겨울잠을 잘 수 있다.', FROG],
    ['time', '개구리는 원래 겨울잠을 잔다.', FROG],
    ['ordinal', '화성은 태양계의 3번째 행성이다.', MARS],
    ['date', '카카는 2006년 월드컵 국가대표로 선발되었다.', '카카는 2002년 월드컵 국가대표로 선발되었다.'],
  ];
  for (const [kind, claim, evidence] of cases) assert.notEqual(finding(claim, evidence)?.stance, 'support', kind);
});

test('a choice joined inside the relative clause of a noun predicate does not turn the statement', () => {
  const claim = '트랜지스터는 반도체소자이다.';
  assert.equal(statedBy(claim, '트랜지스터는 전력을 증폭하거나 스위칭하는 데 사용되는 반도체소자이다.'), true);
  // Joined to the statement itself, a choice or a turn still withholds it.
  assert.equal(statedBy(claim, '트랜지스터는 다이오드이거나 반도체소자이다.'), false);
  assert.equal(statedBy(claim, '트랜지스터는 한때 진공관이었으나 지금은 반도체소자이다.'), false);
});

test('a claim word said only inside a purpose clause (…하기 위해) is what was wanted, not what was done', () => {
  const sentence =
    '이에 사기가 올라간 너구리들은 지방의 변신술 사범을 초빙하기 위해 시코쿠와 사도 지방에 사자를 보낸다.';
  assert.equal(statedBy('너구리들은 지방에 변신술 사범을 보냈다.', sentence), false);
  // A purpose clause elsewhere leaves the statement itself stated.
  assert.equal(
    statedBy(
      '버크는 시즌10에서 복귀한다.',
      '버크는 크리스티나 양의 이탈을 결론짓기 위해 시즌10에 공식적으로 복귀한다.',
    ),
    true,
  );
});

test('a claim that states the purpose itself is stated by the sentence that says it', () => {
  assert.equal(
    statedBy(
      '파우스트는 병을 고치기 위해 노력했다.',
      '파우스트는 아버지와 함께 마을 사람들의 병을 고치기 위해 노력했다.',
    ),
    true,
  );
});

test("a possessive subject (영조의 시대는) must be said as one phrase: another's 시대 is not stated", () => {
  const claim = '영조의 시대는 "조선의 르네상스"라고 불린다.';
  assert.equal(
    statedBy(claim, '영조의 뒤를 이은 정조의 시대는 “조선의 르네상스”라고 불릴 만큼 크게 성장하게 된다.'),
    false,
  );
  assert.equal(statedBy(claim, '영조의 시대는 흔히 "조선의 르네상스"라고 불린다.'), true);
});

test('a modifier the sentence does not state, or states denied, leaves the noun predicate unsupported', () => {
  const SUN = '태양(太陽, )은 태양계 중심에 있으며 지구에서 가장 가까운 항성이다.';
  assert.equal(finding('태양은 은하의 중심에 있는 항성이다.', SUN), null);
  assert.equal(finding('태양은 태양계의 중심에 없는 항성이다.', SUN), null);
  // Joined as a contrast (…있지만), the first clause turns against the second.
  assert.equal(
    finding('태양은 태양계의 중심에 있는 항성이다.', '태양은 태양계 중심에 있지만 지구에서 가장 가까운 항성이다.')
      ?.kind ?? null,
    null,
  );
});

test('one noun of the list the topic is, with the list’s modifiers, is stated; a list of another noun or topic is not', () => {
  const SHO =
    '사쿠라이 쇼(櫻井 翔, Sho Sakurai, 1982년 1월 25일~ )는 일본의 가수, 배우, 캐스터이며, 아이돌 그룹 아라시의 메인래퍼이다.';
  for (const claim of [
    '사쿠라이 쇼는 일본의 가수이다.',
    '사쿠라이 쇼는 일본의 배우이다.',
    '사쿠라이 쇼는 일본의 캐스터이다.',
  ])
    assert.deepEqual(finding(claim, SHO), { stance: 'support', kind: 'stated' }, claim);
  assert.notEqual(finding('사쿠라이 쇼는 일본의 정치인이다.', SHO)?.stance, 'support');
  // Items with a particle: the list modifies another noun (the son), which the copula is of.
  assert.notEqual(
    finding('김철수는 일본의 가수이다.', '김철수(1950년 ~ )는 일본의 가수, 배우의 아들이다.')?.kind,
    'stated',
  );
  // A clause and another topic before the list: the mother's, not the father's.
  assert.notEqual(
    finding('버논의 아버지는 미국인이다.', '버논의 아버지는 전주 출신의 한국인이고 어머니는 프랑스계 미국인이다.')
      ?.kind,
    'stated',
  );
  // 이자 also joins a relative clause on another noun (…왕이자 …황제였던 고종).
  assert.notEqual(
    finding(
      '덕혜옹주는 조선의 제26대 왕이다.',
      '덕혜옹주(德惠翁主, 1912년 ~ 1989년)는 조선의 제26대 왕이자 대한제국의 초대 황제였던 고종과 귀인 양씨 사이의 딸이다.',
    )?.kind,
    'stated',
  );
});

test('a place the sentence narrows (…중구 운서동에 있는) states the wider one the claim names', () => {
  const airport = '인천국제공항(仁川國際空港, , )은 인천광역시 중구 운서동에 있는 국제공항이다.';
  assert.equal(statedBy('인천국제공항은 인천광역시 중구에 있다.', airport), true);
  assert.equal(statedBy('인천국제공항은 중구에 있다.', airport), true);
  // Only places on the way to the verb: another noun between (대사관 옆에) is no finer place.
  assert.equal(statedBy('한국 대사관은 일본에 있다.', '한국 대사관은 일본 대사관 옆에 있는 건물이다.'), false);
  assert.equal(statedBy('인천국제공항은 일본에 있다.', airport), false);
});

test('a rank said the other way round (행성 중 … 두 번째로 크며) states the claim that ranks its subject so', () => {
  const saturn = '토성은 태양계 내의 행성 중 목성에 이어 두 번째로 크며, 지름은 약 12만 km로, 지구의 9.1배이다.';
  const ranked = assessEvidence('토성은 태양계에서 두 번째로 큰 행성이다.', { evid_id: 'ev', content: saturn });
  assert.deepEqual([ranked?.stance, ranked?.kind], ['support', 'stated']);
  assert.match(ranked?.reasons[0] ?? '', /같은 순위: 근거 '행성 중 … 두 번째로 크며' = 주장 '두 번째로 큰 행성'/);
  const largest = assessEvidence('목성은 태양계에서 가장 큰 행성이다.', {
    evid_id: 'ev',
    content: '목성은 태양계의 행성 중 가장 크다.',
  });
  assert.deepEqual([largest?.stance, largest?.kind], ['support', 'stated']);
  // Another rank is refuted; another measure, another class, another frame or another subject states nothing.
  assert.equal(
    assessEvidence('토성은 태양계에서 세 번째로 큰 행성이다.', { evid_id: 'ev', content: saturn })?.stance,
    'refute',
  );
  for (const claim of [
    '토성은 태양계에서 두 번째로 무거운 행성이다.',
    '토성은 태양계에서 두 번째로 큰 위성이다.',
    '토성은 은하계에서 두 번째로 큰 행성이다.',
    '목성은 태양계에서 두 번째로 큰 행성이다.',
  ])
    assert.notEqual(assessEvidence(claim, { evid_id: 'ev', content: saturn })?.stance, 'support', claim);
});

test('a rank by a measure is another ranking than a plain one, and another topic’s rank is not the subject’s', () => {
  const earth = '지구(地球, )는 태양으로부터 세 번째 행성이며, 지금까지 발견된 지구형 행성 가운데 가장 크다.';
  // Earth is the fifth largest: its place from the sun says nothing of it.
  assert.notEqual(
    assessEvidence('지구는 태양계에서 다섯 번째로 큰 행성이다.', { evid_id: 'ev', content: earth })?.stance,
    'refute',
  );
  assert.equal(
    assessEvidence('지구는 태양계의 다섯 번째 행성이다.', { evid_id: 'ev', content: earth })?.stance,
    'refute',
  );
  const saturn = '토성은 태양계 내의 행성 중 목성에 이어 두 번째로 크며, 지름은 약 12만 km로, 지구의 9.1배이다.';
  assert.notEqual(
    assessEvidence('지구는 태양계에서 다섯 번째로 큰 행성이다.', { evid_id: 'ev', content: saturn })?.stance,
    'refute',
  );
});
