import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assessEvidence, statedBy } from '../../src/pipeline/rules/agreement.js';
import { splitClauses } from '../../src/pipeline/rules/sentences.js';

const check = (claim: string, content: string) => assessEvidence(claim, { evid_id: 'ev', content });
/** The claim is neither supported nor refuted by the sentence. */
const none = (claim: string, content: string) => assert.equal(check(claim, content)?.stance ?? null, null, claim);
/** The sentence supports the claim. */
const supported = (claim: string, content: string) => assert.equal(check(claim, content)?.stance, 'support', claim);

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

test('a verb said before another noun is said of that noun: "… 위치한 김일성경기장 대신" locates the stadium, not the team', () => {
  const match =
    '대한민국 축구 국가대표팀은 2008년 3월 26일에 열린 조선민주주의인민공화국과의 원정 경기를 평양에 위치한 김일성경기장 대신 중화인민공화국 상하이에 위치한 훙커우 축구장에서 치렀다.';
  assert.equal(check('국가대표팀은 공화국에 위치한다.', match), null);
  assert.equal(check('국가대표팀은 평양에 위치한다.', match), null);
  const court =
    '조란 진지치 유고슬라비아 연방 총리는 네덜란드 헤이그에 위치한 구유고슬라비아 국제형사재판소에 신병 인도 절차를 수행했다.';
  assert.equal(check('총리는 헤이그에 위치한다.', court), null);
  // The phrase the verb opens ending in a copula is the topic's own, through …의 and bare nouns.
  for (const [claim, content] of [
    ['리라아트고등학교는 예장동에 위치한다.', '리라아트고등학교는 서울특별시 중구 예장동에 위치한 사립 고등학교이다.'],
    ['청와대는 세종로에 위치한다.', '청와대는 대한민국 종로구 세종로에 위치한 조선 시대의 건축물이다.'],
    ['스타리오스콜은 벨고로드주에 위치한다.', '스타리오스콜은 벨고로드주에 위치한 도시로, 오스콜 강에 면해 있다.'],
  ])
    assert.equal(check(claim!, content!)?.stance, 'support', claim);
  // A time or dependent noun after the verb leaves it in the topic's clause; a relative verb
  // after a particle keeps the phrase going to its head.
  assert.equal(
    check(
      '《이웃집 토토로》는 1988년에 개봉하였다.',
      '《이웃집 토토로》는 1988년 4월 16일에 일본에서 개봉된 후 약 80만 명의 관객을 기록하였다.',
    )?.stance,
    'support',
  );
  assert.equal(
    check(
      '블루투스는 에릭슨이 최초로 개발하였다.',
      '블루투스는 1994년에 에릭슨이 최초로 개발한 디지털 통신 기기를 위한 무선 통신 산업 표준이다.',
    )?.stance,
    'support',
  );
});

test('a superlative’s measure is the claim’s own, even in one syllable: 가장 먼 is not 가장 가까운', () => {
  const mercury = '수성은 태양에서 평균 5,800만 km 떨어진 가장 가까운 궤도를 도는 행성이다.';
  assert.notEqual(check('수성은 태양에서 가장 먼 행성이다.', mercury)?.stance, 'support');
  // Said as the sentence says it, it supports; a one-syllable word outside a superlative may still be missing.
  assert.equal(check('수성은 태양에서 가장 가까운 행성이다.', mercury)?.stance, 'support');
});

test('가까운 and 먼 are opposites; 먼 alone starts 먼저 and 먼지, which are not', () => {
  const far = check('해왕성은 태양에서 가장 먼 행성이다.', '해왕성은 태양에서 가장 가까운 행성이다.');
  assert.equal(far?.stance, 'refute');
  assert.equal(far?.kind, 'antonym');
  assert.match(far?.reasons.join(' ') ?? '', /주장 '먼', 근거 '가까운'/);
  assert.notEqual(
    check(
      '해왕성은 태양에서 가장 가까운 행성이다.',
      '해왕성은 먼저 발견된 천왕성 다음으로 태양에서 가장 먼지 많은 행성이다.',
    )?.kind,
    'antonym',
  );
});

test('a clause joined by the copula’s 이고, is a clause of its own: its rank does not qualify the first', () => {
  const moon = '달(月, )은 지구의 유일한 자연위성이고, 태양계의 위성 중에서는 5번째로 크다.';
  assert.equal(check('달은 지구의 유일한 자연위성이다.', moon)?.stance, 'support');
  // The second clause still ranks what it ranks.
  assert.equal(check('달은 태양계의 위성 중에서 가장 크다.', moon)?.kind, 'ordinal');
});

test('an ordinal in words is the ordinal in figures: 다섯 번째 is 5번째, and 여섯 번째 is another', () => {
  const moon = '달(月, )은 지구의 유일한 자연위성이고, 태양계의 위성 중에서는 5번째로 크다.';
  assert.equal(check('달은 태양계의 위성 중에서 다섯 번째로 크다.', moon)?.stance, 'support');
  assert.equal(check('달은 태양계의 위성 중에서 여섯 번째로 크다.', moon)?.stance, 'refute');
  assert.equal(
    check('토성은 태양계에서 2번째로 큰 행성이다.', '토성은 태양계에서 두 번째로 큰 행성이다.')?.stance,
    'support',
  );
  // 열두 번째 is 12, not the 두 inside it.
  assert.notEqual(
    check('토성은 태양계에서 2번째로 큰 행성이다.', '토성은 태양계에서 열두 번째로 큰 행성이다.')?.stance,
    'support',
  );
});

test('an amount of a compound of the claim’s attribute is another measure: 반지름 is not 지름', () => {
  const radius = '(달의 평균 반지름 1740 km) 달의 핵은 달 전체 질량의 2% 미만을 차지하고 있다고 추측하고 있다.';
  assert.equal(check('달의 지름은 3,476 km이다.', radius), null);
  // The same attribute said with another amount still disagrees.
  assert.equal(check('달의 반지름은 3,476 km이다.', radius)?.kind, 'number');
});

test('a rank by a measure of another noun is another ranking: "크기 비가 가장 큰 위성" is not the largest satellite', () => {
  const ratio =
    '비록 왜행성인 명왕성의 위성 카론에 비해서는 작지만, 태양계에서 행성(지구)과 위성(달)의 크기 비가 가장 큰 위성이다.';
  assert.notEqual(check('달은 태양계에서 다섯 번째로 큰 위성이다.', ratio)?.kind, 'ordinal');
  assert.notEqual(check('달은 태양계에서 가장 큰 위성이다.', ratio)?.stance, 'support');
});

test('the copula’s 이고 cuts a clause before a topic of its own, never inside brackets', () => {
  const clauses = (text: string) => splitClauses({ text, start: 0, end: text.length }).map((c) => c.text);
  assert.deepEqual(clauses('산소는 화학 원소의 하나로, 원소 기호는 O이고 원자 번호는 8이다.'), [
    '산소는 화학 원소의 하나로,',
    '원소 기호는 O이고',
    '원자 번호는 8이다.',
  ]);
  // Without a topic after it, 이고 joins what one clause says.
  assert.deepEqual(clauses('그는 시인이고 소설가이다.'), ['그는 시인이고 소설가이다.']);
  assert.deepEqual(clauses('아이러니(의도적이고 은밀한 것은 드물다)는 흔하다.'), [
    '아이러니(의도적이고 은밀한 것은 드물다)는 흔하다.',
  ]);
});

test('"X의 A는 V" is said by a sentence on X whose clause says "A는 V"', () => {
  const oxygen = '산소(, )는 화학 원소의 하나로, 원소 기호는 O()이고 원자 번호는 8이다.';
  assert.equal(check('산소의 원자 번호는 8이다.', oxygen)?.stance, 'support');
  // Another thing's attribute, or the attribute of another topic, is not.
  assert.equal(check('수소의 원자 번호는 8이다.', oxygen), null);
  assert.notEqual(check('산소의 원자 번호는 8이다.', '수소는 화학 원소이고 원자 번호는 8이다.')?.stance, 'support');
});

test('a causative or passive verb is not the plain one: 패배시켰다 is not 패배했다', () => {
  const won = '이순신은 한산도 대첩에서 일본 수군을 패배시켰다.';
  assert.equal(check('이순신은 한산도 대첩에서 패배했다.', won)?.stance ?? null, null);
  assert.equal(check('이순신은 한산도 대첩에서 일본 수군을 패배시켰다.', won)?.stance, 'support');
});

test('the copula before another noun says it of that noun, not of the subject; a definition’s generic head is the subject', () => {
  const father = '김철수는 축구 선수였던 아버지의 영향을 받았다.';
  assert.equal(check('김철수는 축구 선수였다.', father)?.stance ?? null, null);
  assert.equal(
    check('당테스는 스파다 백작의 상속인이었다.', '당테스는 감옥에서 스파다 백작의 상속인인 파리아를 만나게 된다.')
      ?.stance ?? null,
    null,
  );
  assert.equal(
    check(
      '입법자는 입법부의 구성원이다.',
      '입법자는 법률을 작성하고 통과시키는 사람, 특히 입법부의 구성원인 사람을 말한다.',
    )?.stance,
    'support',
  );
  assert.equal(check('김철수는 축구 선수이다.', '김철수는 축구 선수인 동시에 감독이다.')?.stance, 'support');
});

test('an event the sentence says was only planned, wished, nearly done or rumoured is neither stated nor refuted', () => {
  none('공항은 2020년에 개항했다.', '공항은 2020년에 개항할 예정이었으나 연기되었다.');
  none('공항은 2021년에 개항했다.', '공항은 2020년에 개항할 예정이었으나 연기되었다.');
  none('김철수는 노벨상을 받았다.', '김철수는 노벨상을 받을 뻔했다.');
  none('이 법은 2015년에 폐지되었다.', '이 법은 2015년에 폐지될 뻔했으나 살아남았다.');
  none('김철수는 영희와 결혼했다.', '김철수는 영희와 결혼할 계획이었다.');
  none('김철수는 영희와 결혼했다.', '김철수는 영희와 결혼했다는 보도를 부인했다.');
  none('김철수는 대통령이 되었다.', '김철수는 대통령이 되고 싶었다.');
  none('카빌라는 탄자니아에서 태어났다.', '카빌라가 실제로 탄자니아에서 태어났다는 소문이 무성했다.');
  // Only someone's account of it: argued, believed, accused (a belief the sentence debunks is
  // refuted: unasserted-opposition.test.ts).
  none('김철수는 회사 자금을 횡령했다.', '검찰은 김철수가 회사 자금을 횡령했다고 주장했다.');
  none('김철수는 회사 자금을 횡령했다.', '김철수는 회사 자금을 횡령한 혐의로 기소되었으나 무죄 판결을 받았다.');
  none('백신은 자폐증을 유발한다.', '백신이 자폐증을 유발한다는 연구는 철회되었다.');
  none('미다스는 당나귀 귀를 가지고 있다.', '미다스가 당나귀 귀를 가지고 있다는 것은 그리스 희극 개구리에 언급된다.');
  none('김철수는 서울에서 태어났다.', '김철수는 서울에서 태어났다고 알려져 있으나 실제로는 부산 출신이다.');
  // A finding or a fact stated, and what was announced, are the sentence's own.
  assert.equal(
    check('유전자는 염색체에 위치한다.', '모건은 유전자가 염색체에 위치한다는 것을 발견하였다.')?.stance,
    'support',
  );
  assert.equal(
    check('김철수는 회사 자금을 횡령했다.', '김철수가 회사 자금을 횡령했다는 사실이 밝혀졌다.')?.stance,
    'support',
  );
  assert.equal(check('회사는 매출이 증가했다.', '회사는 매출이 증가했다고 밝혔다.')?.stance, 'support');
  // Said as having happened, or claimed as a plan too: as before.
  assert.equal(check('공항은 2020년에 개항했다.', '공항은 2020년에 개항했다.')?.stance, 'support');
  assert.equal(check('공항은 2021년에 개항했다.', '공항은 2020년에 개항했다.')?.stance, 'refute');
  assert.equal(check('공항은 2020년에 개항할 예정이다.', '공항은 2020년에 개항할 예정이다.')?.stance, 'support');
  assert.equal(
    check('김철수는 영희와 결혼했다.', '김철수는 영희와 결혼했으며 이듬해 이혼할 생각이었다.')?.stance,
    'support',
  );
});

test("a claim's verb that the sentence uses only as another noun's modifier is no support", () => {
  // The nurse died; 안옥윤 only talks of her.
  none(
    '안옥윤은 간도 참변 때 죽었다.',
    '안옥윤은 간도 참변으로 죽은 유모에 대해 이야기하며, 계속 싸워야 한다고 말한다.',
  );
  none('영화예술만이 대중들의 총애를 받았다.', '1968년에는 영화예술만이 대중들의 총애를 받던 시대가 지나갔다.');
  // Said of the claim's own noun (책), or before a dependent noun (같은 것), it stays the claim's.
  assert.equal(
    check('림프종과 림프종 백혈병은 같다.', '림프종과 림프종 백혈병은 같은 것을 가리킨다.')?.stance,
    'support',
  );
});

test('a sentence that says the predicate and its negated form (불가능) supports neither', () => {
  const both =
    '골다공증은 유전적 요인의 교정은 불가능하고 환경적 요인은 수정할 수 있기 때문에 조절 가능한 발생위험 요인이 높은 사람에게는 교육이 중요하다.';
  none('골다공증의 유전적 요인도 교정이 가능하다.', both);
  assert.equal(
    check('골다공증의 유전적 요인도 교정이 가능하다.', '골다공증의 유전적 요인의 교정은 불가능하다.')?.stance,
    'refute',
  );
});

test('a claim of now is not said by a state the sentence gives only as a former one (…던)', () => {
  const moved =
    '삼층석탑은 고선사의 옛 터에 세워져 있던 탑으로, 절터가 물에 잠기게 되자 지금의 자리인 국립경주박물관으로 옮겨 세워 놓았다.';
  none('삼층석탑은 현재 고선사 옛 터에 있다.', moved);
  // Said of the past, the same sentence is the claim's.
  supported('삼층석탑은 고선사의 옛 터에 세워져 있었다.', '삼층석탑은 고선사의 옛 터에 세워져 있었다.');
  supported('삼층석탑은 현재 국립경주박물관에 있다.', '삼층석탑은 현재 국립경주박물관에 있다.');
});
