import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assessEvidence } from '../../src/pipeline/rules/agreement.js';
import { claimEvent, datedHolder } from '../../src/pipeline/rules/scope.js';

/**
 * Another date, number, ordinal or attribute refutes only the same event: the sentence is about
 * the claim's subject (its topic), or it states the claim's predicate. "X는 2019년에 결혼했다" is
 * not refuted by a sentence where X is mentioned in passing and 2017년 goes with another verb.
 */
const check = (claim: string, content: string) => assessEvidence(claim, { evid_id: 'ev', content });

test('claimEvent: the predicate term, past numbers and auxiliary verbs', () => {
  assert.equal(claimEvent(['할머니', '1899년', '태어났다']), '태어났다');
  assert.equal(claimEvent(['분석가', 'ctc', '10년', '동안', '일해', '왔다']), '일해');
  assert.equal(claimEvent(['맥도날드', '일본', '체인점']), '체인점');
  assert.equal(claimEvent(['1950년']), '');
});

test('another date said of another verb, the subject only in passing: no disagreement, not a refutation', () => {
  // The date is of another event: shown as counter-evidence, it would mislead.
  assert.equal(
    check('김민수는 2019년 서울 공연에서 노래했다.', '박영희는 2017년 서울 공연에서 김민수와 춤을 췄다.'),
    null,
  );
  assert.equal(
    check(
      '삼성전자는 1975년에 설립되었다.',
      '2010년 11월 26일 삼성전자로부터 해고된 박종태는 노조설립 필요성을 주장하는 글을 올렸다는 이유로 해고되었다고 주장하고 있다.',
    ),
    null,
  );
  // The same sentence with the claim's own verb is the same event.
  assert.equal(
    check('김민수는 2019년 서울 공연에서 노래했다.', '박영희는 2017년 서울 공연에서 김민수와 노래했다.')?.kind,
    'date',
  );
  // Another place, said of another verb in a sentence about someone else.
  const place = check(
    '향수 공장은 남아프리카 지역 앞에 있다.',
    '남미 지역 뒤에서 당신은 향수 공장을 찾을 수 있습니다.',
  );
  assert.equal(place?.kind, 'contrast');
});

test('a birth date a long clause away from its verb is the birth’s, not the death’s the claim dates', () => {
  const joyce =
    '제임스 조이스는 1882년 더블린의 중심에서 남쪽으로 약 4km 떨어진 라스가(Rathgar)의 브라이턴 서부 스퀘어 41번지에서 아버지 존 스태니스라우스 조이스(John Stanislaus Joyce)와 어머니 매리 제인 머래이(Mary Jane Murray) 사이에서 첫 번째 아들로 태어났다.';
  assert.equal(check('제임스 조이스는 1941년에 사망하였다.', joyce), null);
  // The same clause dates the birth the claim names: another year is a refutation.
  assert.equal(check('제임스 조이스는 1885년에 태어났다.', joyce)?.kind, 'date');
  // A comma before what a place is called now closes no clause.
  const renoir =
    '통명 오귀스트 르누아르는 1841년 2월 25일 리모주의 구(舊) 생트카테린 대로, 지금의 강베타 대로 71번가에서 태어났다.';
  assert.equal(check('오귀스트 르누아르는 1919년에 사망하였다.', renoir), null);
});

test('a date in the brackets after another name is that name’s; after the topic, the topic’s own', () => {
  const son = '마라도나는 이혼 과정 중에 디에고 시나그라(1986년 9월 20일 나폴리 출생)라는 아들이 있다는 것을 인정했다.';
  assert.notEqual(check('디에고 마라도나는 2020년에 사망하였다.', son)?.stance, 'refute');
  const lead = '데즈카 오사무(1928년 11월 3일 ~ 1989년 2월 9일)는 일본의 만화가이다.';
  assert.equal(check('데즈카 오사무는 1990년에 사망하였다.', lead)?.stance, 'refute');
});

test('a relative as the dated verb’s subject (아들 자크가 태어났는데, 부친이 사망한 후): the relative’s event, not the claim’s', () => {
  assert.notEqual(
    check(
      '장 칼뱅은 1509년에 태어났다.',
      '또한 1542년 7월 28일 칼뱅과 이델레트 사이에 아들 자크가 태어났는데, 조산아였던 터라 곧 사망한다.',
    )?.stance,
    'refute',
  );
  assert.notEqual(
    check(
      '이홍장은 1901년에 사망하였다.',
      '이홍장은 은퇴를 택하는 대신 1855년 부친이 사망한 후, 그 직위에 비공식적으로 머물렀다.',
    )?.stance,
    'refute',
  );
  // The subject's own birth in another year still refutes.
  assert.equal(check('장 칼뱅은 1509년에 태어났다.', '장 칼뱅은 1510년 7월 10일 누아용에서 태어났다.')?.kind, 'date');
});

test('the same event with another value still refutes: the predicate stated, or the subject as topic', () => {
  // The predicate stated, the subject not the topic.
  const born = check('김민수는 1899년에 태어났다.', '마을 사람들은 김민수가 1910년에 태어났다고 기억한다.');
  assert.equal(born?.kind, 'date');
  // The subject as the topic: the sentence speaks of its attribute, in whatever verb.
  const warming = check(
    '지구 온난화는 18세기 후반부터 발생했다.',
    '지구 온난화는 19세기 후반부터 시작된 전 세계적인 기온 상승을 의미한다.',
  );
  assert.equal(warming?.kind, 'number');
  // The value is the predicate itself: nothing else to share.
  const chain = check('맥도날드는 일본의 체인점이다.', '맥도날드는 미국의 패스트푸드 체인점이다.');
  assert.equal(chain?.kind, 'attribute-contrast');
});

test('an ordinal refutes only an ordinal of the same thing', () => {
  const claim = '지구는 태양계의 두 번째 행성이다.';
  const earth = (sentence: string) => assessEvidence(claim, { evid_id: 'ev', content: sentence, title: '지구' });
  const planet = earth('지구(地球, )는 태양으로부터 세 번째 행성이며, 조금 두꺼운 대기층으로 둘러싸여 있다.');
  assert.equal(planet?.kind, 'ordinal');
  assert.deepEqual(planet?.reasons, ["순서 불일치: 근거: '3번째' ↔ 주장: '2번째'"]);
  // Another thing ranked (a heat source, a size), or an ordinal standing alone: nothing.
  assert.equal(earth('원시 지구의 열원은 크게 3가지로 설명할 수 있으며, 첫 번째는 소행성의 충돌이다.'), null);
  assert.equal(earth('지구는 태양계의 행성 중 목성과 토성에 이어 다섯 번째로 크다.'), null);
});

test('a year of something else the subject did is no date of its birth or death', () => {
  // The topic is the subject, but nothing in the sentence is a death: 1633 dates the sentence.
  const galileo =
    '1633년에 가톨릭 교회의 단죄에 따라, 갈릴레오 갈릴레이는 종신 징역형을 받았으나 감형되어 가택 연금에 처해졌으며, 행동도 제한되었다.';
  assert.equal(check('갈릴레오 갈릴레이는 1642년에 사망하였다.', galileo), null);
  assert.equal(
    check(
      '어니스트 헤밍웨이는 1961년에 사망하였다.',
      '어니스트 헤밍웨이는 고등학교 졸업 후 1917년 지방 신문에 "캔자스 시티 스타"지의 인턴 기자였다.',
    ),
    null,
  );
  // A birth said of the noun it modifies is that child's, even with the subject as the topic.
  const mandela =
    '2005년 1월 7일에 전처 위니와 사이에서 태어난 아이 마카토 만델라가 에이즈에 의한 합병증으로 사망했다는 것을 공개했다.';
  assert.equal(check('넬슨 만델라는 1918년에 태어났다.', mandela), null);
  const sul =
    '2015년, 설경구는 극작가 천성일의 감독 입봉작인 전쟁 영화 《서부전선》에서 갓 태어난 아이를 두고 갑자기 전쟁터에 끌려나온 농사꾼 장남복 역을 연기했다.';
  assert.equal(check('설경구는 1967년에 태어났다.', sul), null);
  // A sentence that says the event still refutes with another year, read or not: the lifespan's
  // gloss, a birth said of the subject, a native verb in another ending (열리는 for 열린다).
  assert.equal(
    check(
      '가브리엘 가르시아 마르케스는 1976년에 태어났다.',
      '가브리엘 호세 데 라 콘코르디아 가르시아 마르케스(, 1927년 3월 6일 ~ 2014년 4월 17일)는 콜롬비아의 소설가이다.',
    )?.stance,
    'refute',
  );
  assert.equal(
    check('설경구는 1968년에 태어났다.', '설경구는 1967년 대한민국 충청남도 서천군 한산면 지현리에서 태어났다.')?.kind,
    'date',
  );
  assert.equal(
    check('아시안 게임은 2년마다 열린다.', '아시안 게임은 4년마다 열리는 아시아의 국가들을 위한 종합 스포츠 대회이다.')
      ?.stance,
    'refute',
  );
});

test('a topic named right after a date holds that date, though another date stops the reading', () => {
  const record =
    '2008년 3월 25일 국제한국연구원은 안중근이 사형선고를 받은 2월 14일부터 순국한 3월 26일까지의 행적에 대한 새로운 자료를 공개하였다.';
  assert.equal(datedHolder(record, '2008년'), '국제한국연구원');
  assert.equal(check('안중근은 1910년 3월 26일에 순국하였다.', record), null);
  // The topic is the claim's subject: its date still disagrees.
  const own = '1909년 10월 26일 안중근은 하얼빈 역에서 이토 히로부미를 저격한 뒤 3월 26일 순국하였다.';
  assert.equal(datedHolder(own, '1909년'), '안중근');
  // No topic before the next date: nothing is read.
  assert.equal(datedHolder('아시안 게임은 4년마다 열리는 아시아의 국가들을 위한 종합 스포츠 대회이다.', '4년마다'), '');
});

test('a full date is stated only where the sentence dates the claim’s event with the whole date', () => {
  const treaty =
    '한일 병합 조약() 또는 한국 병합에 관한 조약()은 1910년 8월 22일에 조인되어 8월 29일 발효된 대한제국과 일본 제국 사이에 이루어진 합병조약이다.';
  const signed = check('한일 병합 조약은 1910년 8월 22일에 조인되었다.', treaty);
  assert.equal(signed?.stance, 'support');
  assert.equal(signed?.kind, 'stated');
  assert.ok(
    signed?.reasons.some((r) => r.includes('조인 1910년 8월 22일')),
    JSON.stringify(signed?.reasons),
  );
  assert.equal(check('한일 병합 조약은 1910년 8월 23일에 조인되었다.', treaty)?.stance, 'refute');
  // The lead's gloss dates the event its predicate names.
  const gloss =
    '을사조약(乙巳條約, 1905년 11월 17일)은 일제가 대한제국의 외교권을 박탈하기 위해 강제로 체결한 조약이다.';
  assert.equal(check('을사조약은 1905년 11월 17일에 체결되었다.', gloss)?.kind, 'stated');
  // The year and the day there, but not as one date: 22일 is another month's.
  const apart = '한일 병합 조약은 1910년 7월에 논의되어 8월 22일 이전에 작성되었고 8월 29일 조인되었다.';
  assert.notEqual(check('한일 병합 조약은 1910년 8월 22일에 조인되었다.', apart)?.kind, 'stated');
  // A topic sentence dating the same event with another year refutes a full date as it does a year.
  const lifted =
    '남해 갈화리 느티나무는 1982년 11월 4일 대한민국의 천연기념물 제276호로 지정되었으나, 2013년 1월 2일 천연기념물 지정이 해제되었다.';
  assert.equal(check('남해 갈화리 느티나무는 1982년 11월 4일에 해제되었다.', lifted)?.stance, 'refute');
});

test('a subject right before a date holds its event, named with the bare words before it', () => {
  const brother =
    '큰형(김광동)이 1980년 10월에 군복무 중 사망했기 때문이고, 관련해서 김광석은 인생이야기 음반에서 이등병의 편지 부르기 전에 이야기한다.';
  assert.equal(datedHolder(brother, '1980년'), '큰형');
  assert.equal(check('김광석은 1996년에 사망하였다.', brother), null);
  // The claim's own subject so named still dates its event.
  const missionary = '미국 북감리교회 소속의 맥클레이 선교사가 1884년 6월 24일 내한하여 최초로 전래되었다.';
  assert.equal(datedHolder(missionary, '1884년'), '맥클레이 선교사');
  assert.equal(
    datedHolder("예인됐던 '800 연안호' 선원과 선박이 8월 29일 무사히 귀환했다.", '8월').endsWith('선원과 선박'),
    true,
  );
});

test('a date dates the verbs after it in its clause and the clauses chained to it, not an event said before it', () => {
  // The relation set's true births refuted: 태어난 before the date, or past a clause set against it.
  for (const [claim, sentence] of [
    [
      '파보 누르미는 1897년에 태어났다.',
      '투르쿠에서 태어난 누르미는 1920년에서 올림픽 명예를 얻은 다른 핀란드의 선수들 중에 1912년 스톡홀름 올림픽에서 3개의 장거리 육상을 우승한 하네스 콜레마이넨에 의하여 영감을 받았다.',
    ],
    [
      '조모 케냐타는 1897년에 태어났다.',
      '케냐타의 3번째 부인 그레이스 완지쿠는 1950년 해산 후에 사망하였지만, 새로 태어난 딸 제인 왐부이는 생존하였다.',
    ],
  ] as const)
    assert.notEqual(check(claim, sentence)?.stance, 'refute', sentence);
  // A clause chained by …고 shares the date (KLUE-NLI dev 1024, contradiction).
  const chained = check(
    '미 정부는 8월 24일 아르소나에 있는 대사관에서 개관식을 진행하였다.',
    '미 정부는 5월 14일 오후 예루살렘 남부 지역인 아르소나에 위치한 미 영사관을 대사관으로 바꾸었고, 개관식을 진행하였다.',
  );
  assert.equal(chained?.stance, 'refute');
});

test('another instance of the same kind of event, each named by a word the other lacks, dates nothing of the claim', () => {
  const title = '대한민국 제8대 대통령 선거';
  const korea = '대한민국 제8대 대통령 선거는 1972년 12월 23일 열린 통일주체국민회의에 의한 간접선거였다.';
  const us = '1972년 미국 대통령 선거는 1972년 11월 7일에 치른 미국의 대통령선거이다.';
  assert.equal(assessEvidence(us, { evid_id: 'ev', title, content: korea }), null);
  // A year against an ordinal may name the same election: the date still disagrees.
  const moved = assessEvidence('2022년 대한민국 대통령 선거는 2022년 4월 9일에 치러졌다.', {
    evid_id: 'ev',
    title: '제20대 대한민국 대통령 선거',
    content: '제20대 대한민국 대통령 선거는 2022년 3월 9일에 치러졌다.',
  });
  assert.equal(moved?.kind, 'date');
});

test('a refutation read in a sentence about something else, the subject in another role, is marked aside', () => {
  const claim = '성남시는 대한민국 경기도 중동부에 위치한 시이다.';
  const other = assessEvidence(claim, {
    evid_id: 'ev',
    title: '수정구',
    content: '수정구(壽井區)는 대한민국 경기도 성남시 북서부에 있는 구이다.',
  });
  assert.equal(other?.stance, 'refute');
  assert.equal(other?.aside, true);
  // The subject's own sentence (or page) is no aside.
  const own = assessEvidence(claim, {
    evid_id: 'ev',
    title: '성남시',
    content: '성남시(城南市)는 대한민국 경기도 북서부에 위치한 시이다.',
  });
  assert.equal(own?.stance, 'refute');
  assert.equal(own?.aside, undefined);
});

test('a sentence is about something else when its topic shares only the head noun, or it has none on another page', () => {
  const aside = (claim: string, title: string, content: string) =>
    assessEvidence(claim, { evid_id: 'ev', title, content });
  // 랴홉스키 제도 is not 노보시비르스크 제도, though both are 제도.
  const islands = aside(
    '노보시비르스크 제도는 동시베리아의 북쪽, 북극해에 위치한 제도이다.',
    '랴홉스키 제도',
    '랴홉스키 제도 또는 랴홉스키예 제도()는 노보시비르스크 제도의 남쪽에 위치한 섬들의 무리이다.',
  );
  assert.equal(islands?.stance, 'refute');
  assert.equal(islands?.aside, true);
  // Another edition of the same event, named by its year.
  const cup = aside(
    '2010년 FIFA 월드컵은 남자 축구 세계 선수권 대회인 FIFA 월드컵의 19번째 대회이다.',
    '2006년 FIFA 월드컵',
    '2006년 FIFA 월드컵()은 4년 주기로 열리는 축구 세계 선수권 대회인 FIFA 월드컵의 18번째 대회이다.',
  );
  assert.equal(cup?.kind, 'ordinal');
  assert.equal(cup?.aside, true);
  // A sentence without a topic goes on with its page's subject: 아마미오시마, not 혼슈.
  const rank =
    '면적 712.35 km2으로, 혼슈 등 4개 섬과 분쟁중인 쿠릴 열도를 제외하면 일본에서 면적 순으로 오키나와섬, 사도가섬 다음으로 세 번째로 큰 섬이다.';
  const other = aside('혼슈는 일본에서 가장 큰 섬이다.', '아마미오시마', rank);
  assert.equal(other?.kind, 'ordinal');
  assert.equal(other?.aside, true);
  // On the subject's own page the same topicless sentence is about it; so is its own topic in full.
  assert.equal(aside('혼슈는 일본에서 가장 큰 섬이다.', '혼슈', rank)?.aside, undefined);
  const own = aside(
    '2010년 FIFA 월드컵은 남자 축구 세계 선수권 대회인 FIFA 월드컵의 19번째 대회이다.',
    '2010년 FIFA 월드컵',
    '2010년 FIFA 월드컵()은 남자 축구 세계 선수권 대회인 FIFA 월드컵의 18번째 대회이다.',
  );
  assert.equal(own?.kind, 'ordinal');
  assert.equal(own?.aside, undefined);
});

test('a name written with dots or quotes is the same name on its page and in its topic', () => {
  const claim = '3·1 운동은 1919년 3월 1일에 일어난 독립운동이다.';
  const own = assessEvidence(claim, {
    evid_id: 'ev',
    title: '3·1 운동',
    content: '1919년 3월 1일에 일어난 독립운동이 아니다.',
  });
  assert.equal(own?.stance, 'refute');
  assert.equal(own?.aside, undefined);
  const quoted = assessEvidence('영화 《택시운전사》는 2017년에 개봉한 영화가 아니다.', {
    evid_id: 'ev',
    title: '택시운전사 (영화)',
    content: '영화 택시운전사는 2017년에 개봉한 영화이다.',
  });
  assert.equal(quoted?.stance, 'refute');
  assert.equal(quoted?.aside, undefined);
});
