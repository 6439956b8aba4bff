import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assessEvidence } from '../../src/pipeline/rules/agreement.js';
import { compareQuantities, extractQuantities, parseSinoKorean } from '../../src/pipeline/rules/numbers.js';
import { ordinals } from '../../src/pipeline/rules/qualifiers.js';
import { contentTerms } from '../../src/pipeline/rules/terms.js';

function pairs(text: string): [number, string][] {
  return extractQuantities(text).map((q) => [q.value, q.unit]);
}

test('Arabic numbers with Korean large-number words and units', () => {
  assert.deepEqual(pairs('영업이익 6조원을 기록했다'), [[6e12, '원']]);
  assert.deepEqual(pairs('영업이익은 5조 2천억원이었다'), [[5.2e12, '원']]);
  assert.deepEqual(pairs('6조6천억원'), [[6.6e12, '원']]);
  assert.deepEqual(pairs('관객 1,200만 명이 봤다'), [[1.2e7, '명']]);
  assert.deepEqual(pairs('물가가 3.5% 올랐다'), [[3.5, '%']]);
  assert.deepEqual(pairs('1분기 실적'), [[1, '분기']]);
  // 1주택 and 2주택 count houses: the counted noun is the unit.
  assert.deepEqual(pairs('1주택 세율과 2주택 세율'), [
    [1, '주택'],
    [2, '주택'],
  ]);
});

test('dates split into year, month and day; spans of time are a unit of their own', () => {
  assert.deepEqual(pairs('2024년 3월 5일 발표'), [
    [2024, '년'],
    [3, '월'],
    [5, '일'],
  ]);
  assert.deepEqual(pairs('3일 뒤에 해산됐다'), [[3, '일~']]);
  assert.deepEqual(pairs('7년만에 처음'), [[7, '년~']]);
});

test('native and Sino-Korean numerals before counters', () => {
  assert.deepEqual(pairs('세 명 중 두 명이 찬성했다'), [
    [3, '명'],
    [2, '명'],
  ]);
  assert.deepEqual(pairs('삼십 명이 모였다'), [[30, '명']]);
  assert.equal(parseSinoKorean('이천이십사'), 2024);
  assert.equal(parseSinoKorean('오백만'), 5_000_000);
  assert.ok(Number.isNaN(parseSinoKorean('서울')));
  // 세 alone is not a number (나이 세 살 needs its counter), nor are digits inside names.
  assert.deepEqual(pairs('갤럭시 S24 출시'), []);
});

test('a native numeral counts the noun after it; 한 and 열 do not (a hospital, heat)', () => {
  assert.deepEqual(pairs('두 아들과 세 딸을 두었다'), [
    [2, '아'],
    [3, '딸'],
  ]);
  assert.deepEqual(pairs('다섯 형제 중 막내'), [[5, '형제']]);
  assert.deepEqual(pairs('한 병원에서 열 에너지를'), []);
  assert.equal(extractQuantities('세 학문으로 나눈다')[0]?.raw, '세 학문');
  const refuted = assessEvidence('칸트는 고대 그리스 철학을 두 학문으로 나누었다.', {
    evid_id: 'e',
    content: '칸트는 고대 그리스 철학을 자연학과 윤리학 그리고 논리학의 세 학문으로 나눈다.',
  });
  assert.equal(refuted?.stance, 'refute');
  assert.match(refuted?.reasons.join(' ') ?? '', /두 학문.*세 학문/);
  // The claim's count among the sentence's is no other count.
  const told = assessEvidence('그는 두 아들을 두었다.', { evid_id: 'e', content: '그는 두 아들과 세 딸을 두었다.' });
  assert.equal(told?.stance, 'support');
});

test('approximations never conflict', () => {
  const [q] = extractQuantities('약 300명이 참석했다');
  assert.equal(q?.approximate, true);
  assert.equal(extractQuantities('100여 명')[0]?.approximate, true);
  assert.deepEqual(compareQuantities(extractQuantities('약 300명'), extractQuantities('320명')).conflicts, []);
});

test('compareQuantities: confirmed, conflicting, swapped between the things counted', () => {
  const claim = extractQuantities('2024년 1분기 영업이익 6조원');
  const { confirmed, conflicts } = compareQuantities(
    claim,
    extractQuantities('2024년 1분기 영업이익은 5조 2천억원이었다.'),
  );
  assert.deepEqual(
    confirmed.map((q) => q.raw),
    ['2024년', '1분기'],
  );
  assert.deepEqual(
    conflicts.map((c) => [c.claim.raw, c.evidence.map((e) => e.raw)]),
    [['6조원', ['5조 2천억원']]],
  );
  // A bare year in the evidence confirms the year in the claim.
  assert.equal(
    compareQuantities(extractQuantities('1999년에 나왔다'), extractQuantities('1999에 나온 애니')).confirmed.length,
    1,
  );
  // Both values appear, but attached to the other region.
  const swapped = compareQuantities(
    extractQuantities('수도권에는 3077가구, 지방에는 2315가구가 공급된다.'),
    extractQuantities('수도권 2315가구, 지방 3077가구가 공급된다.'),
  );
  assert.equal(swapped.conflicts.length, 2);
});

test('프로 is percent only when written solid with the number; a spaced 프로 is a name (아이폰 12 프로)', () => {
  assert.deepEqual(pairs('지지율은 12프로이다'), [[12, '%']]);
  assert.equal(extractQuantities('지지율이 12프로가 넘는다')[0]?.raw, '12프로');
  assert.deepEqual(pairs('아이폰 12 프로를 샀다'), [[12, '']]);
  // A noun that starts with 프로 is counted, not a share.
  assert.notEqual(pairs('12프로그램을 방영했다')[0]?.[1], '%');
  // 12프로 against 15% is the same unit: a conflict; against 아이폰 12 프로 nothing.
  assert.equal(
    compareQuantities(extractQuantities('지지율은 15%이다'), extractQuantities('지지율은 12프로이다')).conflicts.length,
    1,
  );
  assert.equal(
    compareQuantities(extractQuantities('지지율은 15%이다'), extractQuantities('아이폰 12 프로가 나왔다')).conflicts
      .length,
    0,
  );
});

test('a length said to fall short (1년도 안 되어) is a span, not a date', () => {
  assert.deepEqual(pairs('창단한 지 1년도 안 되어 해체되었다'), [[1, '년~']]);
  assert.deepEqual(pairs('3개월이 채 못 되어 문을 닫았다'), [[3, '개월~']]);
  assert.deepEqual(pairs('2년도 되지 않아 복귀했다'), [[2, '년~']]);
  // A year said plainly, and 2019년도 as a fiscal year, are still dates.
  assert.deepEqual(pairs('2019년도 예산'), [[2019, '년']]);
  assert.deepEqual(pairs('1년 뒤에 돌아왔다'), [[1, '년~']]);
  // So a year in the claim is no date clash with it.
  const claim = extractQuantities('이 밴드는 2001년에 해체되었다.');
  assert.equal(
    compareQuantities(claim, extractQuantities('이 밴드는 결성된 지 1년도 안 되어 해체되었다.')).conflicts.length,
    0,
  );
});

test('a bare number after a name is part of the name: 아이폰 12 against 아이폰 11 is another model, not another amount', () => {
  const claim = extractQuantities('아이폰 12 프로는 방수 기능을 갖췄다.');
  assert.deepEqual(
    compareQuantities(claim, extractQuantities('기존 아이폰 11 프로 대비 향상된 램을 제공한다.')).conflicts,
    [],
  );
  // With a unit, the same word counting another amount is still a swap.
  assert.equal(
    compareQuantities(extractQuantities('수도권 3077가구'), extractQuantities('수도권 2315가구')).conflicts.length,
    1,
  );
});

test('ordinals read the native numerals with 첫 for 한, the longest word first', () => {
  const values = (text: string) => ordinals(text).map((o) => o.value);
  assert.deepEqual(values('태양계의 4번째 행성이며, 세 번째 위성과 첫 번째 달'), [4, 3, 1]);
  assert.deepEqual(values('열 번째와 열두 번째, 열한 번째, 스무 번째 대회'), [10, 12, 11, 20]);
  // 한 is a count (한 번), never an ordinal.
  assert.deepEqual(ordinals('한 번째'), []);
  assert.deepEqual(ordinals('세 번 만났다'), []);
});

test('an ordinal ranks the noun after it, or the predicate it is said with (로); alone, nothing', () => {
  const heads = (text: string) => ordinals(text).map((o) => o.head);
  assert.deepEqual(heads('태양으로부터 세 번째 행성이며, 두 번째의 위성'), ['행성', '위성']);
  assert.deepEqual(heads('목성에 이어 두 번째로 크며, 세 번째로 맞은 세자빈으로'), ['로:크', '세자빈']);
  assert.deepEqual(heads('열원은 3가지이며, 첫 번째는 충돌이다.'), ['']);
});

test('an ordinal in words has the unit of one in digits: 다섯 번째 is 5번째, not 다섯 번 (five times)', () => {
  const unit = (text: string) => extractQuantities(text).map((q) => [q.value, q.unit]);
  assert.deepEqual(unit('태양계의 다섯 번째 행성'), [[5, '번째']]);
  assert.deepEqual(unit('다섯번째로 큰'), [[5, '번째']]);
  assert.deepEqual(unit('첫 번째 대회'), [[1, '번째']]);
  assert.deepEqual(unit('다섯 번 우승했다'), [[5, '번']]);
  // So a word ordinal and a digit ordinal of the same thing are compared: 5 against 4 is a conflict.
  const { conflicts } = compareQuantities(
    extractQuantities('태양계의 다섯 번째 행성'),
    extractQuantities('태양계의 4번째 행성'),
  );
  assert.equal(conflicts.length, 1);
});

test('a count of years differs only from the same count’s, and is no rival of a calendar year', () => {
  const conflicts = (claim: string, evidence: string) =>
    compareQuantities(extractQuantities(claim), extractQuantities(evidence)).conflicts.map((c) => c.claim.raw);
  // 취임 3년 and 잃어버린 10년 are two periods; 10년을 기준으로 and 30년을 기준으로 one.
  assert.deepEqual(conflicts('이명박 정부의 취임 3년을 맞아 평가했다.', '"잃어버린 10년"이라고 공격했다.'), []);
  assert.deepEqual(conflicts('기후는 10년을 기준으로 삼는다.', '기후는 보통 30년을 기준으로 삼는다.'), ['10년']);
  assert.deepEqual(conflicts('정부는 취임 3년을 맞았다.', '정부는 취임 4년을 맞았다.'), ['3년']);
  // 62년 (a year shortened, or a count) is no rival of 1958년; 기원전 57년 is a year.
  assert.deepEqual(conflicts('펜더사는 1958년에 기타를 공개했다.', '펜더사에서 62년 공개된 기타이다.'), []);
  assert.deepEqual(conflicts('신라는 기원전 57년에 건국되었다.', '신라는 기원전 18년에 건국되었다.'), ['57년']);
});

test('a number with a particle is a content term as the number itself (시즌 2가 against 시즌 2의), not as a unit', () => {
  const terms = (text: string) => contentTerms(text).map((t) => t.term);
  assert.deepEqual(terms('코브라기아 시즌 2가 있다.'), ['코브라기아', '시즌', '2']);
  assert.deepEqual(terms('아이폰 15는 2023년에 나왔다.'), ['아이폰', '15', '2023년', '나왔다']);
  const SEASON =
    '2018년 5월 24일, 마틴 코브는 코브라기아 시즌 2의 정규 시리즈로 시즌 1 피날레에 카메오 출연을 한 후, 존 크리세 역으로 재등장할 것이라고 발표되었다.';
  assert.equal(assessEvidence('코브라기아 시즌 2가 있다.', { evid_id: 'e', content: SEASON })?.stance, 'support');
  // Another season is not said there, though 5 and 24 are (5월 24일).
  assert.equal(assessEvidence('코브라기아 시즌 5가 있다.', { evid_id: 'e', content: SEASON })?.stance, undefined);
  assert.equal(assessEvidence('코브라기아 시즌 24가 있다.', { evid_id: 'e', content: SEASON })?.stance, undefined);
});

test('a rank is refuted by another rank of the same thing only (제4대 국왕 against 제5대 왕), as an ordinal', () => {
  const SEJONG =
    '세종(世宗, 1397년 5월 7일 ~ 1450년 3월 30일)은 조선의 제4대 국왕(재위 : 1418년 9월 9일 ~ 1450년 3월 30일)이다.';
  const fifth = assessEvidence('세종은 조선의 제5대 왕이다.', { evid_id: 'e', content: SEJONG, title: '조선 세종' });
  assert.equal(fifth?.kind, 'ordinal');
  assert.deepEqual(fifth?.reasons, ["순서 불일치: 근거: '제4대' ↔ 주장: '제5대'"]);
  const mars = '화성(火星, )은 태양계의 4번째 행성이며, 4개의 지구형 행성 중 하나이다.';
  assert.equal(
    assessEvidence('화성은 태양계의 3번째 행성이다.', { evid_id: 'e', content: mars, title: '화성' })?.kind,
    'ordinal',
  );
  // The rank of another office on the same page is no rank of the claim's.
  const other = assessEvidence('알렉산데르 6세는 제214대 교황이다.', {
    evid_id: 'e',
    content:
      '발렌시아 대교구의 제3대 대교구장은 후안 데 보르자이며, 제4대 대교구장은 페드로 루이스 데 보르자인데, 두 사람 모두 알렉산데르 6세의 종손에 해당한다.',
    title: '교황 알렉산데르 6세',
  });
  assert.notEqual(other?.stance, 'refute');
  // A rank in the claim's subject picks out which thing: another rank there speaks of another
  // concert, unless the sentence holds the claim's value too.
  const concert = assessEvidence('방탄소년단이 두 번째 단독 콘서트를 한 곳은 서울 올림픽공원 올림픽홀이다.', {
    evid_id: 'e',
    content: '방탄소년단은 5월 7일 서울 올림픽공원 체조경기장에서 진행된 네 번째 단독 콘서트를 개최하며 첫 입성했다.',
  });
  assert.equal(concert, null);
  const principle = assessEvidence('우니쉬의 어휘 선정 세 번째 원칙은 공통성이다.', {
    evid_id: 'e',
    content: '우니쉬 어휘 선정의 첫 번째 원칙은 ‘공통성’이다.',
  });
  assert.equal(principle?.kind, 'ordinal');
});

test('a count of another noun is no rival (91개의 섬 against 9개의 화산암층), nor a number glossed on another name', () => {
  const dokdo =
    '독도는 동도와 서도를 포함한 총 91개의 크고 작은 섬들로 이루어져 있는 대한민국의 섬이다. ' +
    '독도는 해양섬 기원의 화산체로서, 지층들을 아래에서부터 괴상 응회각력암, 각력암, 조면암 등 총 9개의 화산암층으로 이루어져 있다.';
  const kind = (claim: string, content: string) => {
    const f = assessEvidence(claim, { evid_id: 'e', content });
    return f && `${f.stance}/${f.kind}`;
  };
  // The counted noun read past its modifiers (크고 작은): the islands' count states the claim.
  assert.equal(kind('독도는 91개의 섬으로 이루어져 있다.', dokdo), 'support/stated');
  assert.equal(kind('독도는 51개의 섬으로 이루어져 있다.', dokdo), 'refute/number');
  assert.equal(kind('독도는 5개의 화산암층으로 이루어져 있다.', dokdo), 'refute/number');
  const temple =
    '경내에는 불국사다보탑(국보 20호), 불국사삼층석탑(국보 21호), 불국사 청운교백운교(국보 23호) 등 다량의 문화재를 보유하고 있으며, ' +
    '1995년 12월 석굴암과 함께 세계문화유산으로 등재되어 있다.';
  // The pagodas' numbers are theirs: they neither refute nor support a number of 석굴암.
  assert.equal(kind('석굴암은 국보 24호이다.', temple), null);
  assert.equal(kind('석굴암은 국보 20호이다.', temple), null);
  // Glossed on the claim's own subject, the number is its.
  assert.equal(kind('석굴암은 국보 25호이다.', '석굴암(국보 24호)은 경주시 토함산에 있는 석굴이다.'), 'refute/number');
});

test('a superlative is the first by its measure: 가장 큰 섬 against 두 번째로 큰 섬, not against 가장 오래된 섬', () => {
  const JEJU = '제주도(濟州島, )는 대한민국의 남해에 위치한 섬이자 대한민국에서 가장 큰 섬이다.';
  const on = (claim: string, content: string) => {
    const f = assessEvidence(claim, { evid_id: 'e', content, title: '제주도' });
    return f && { stance: f.stance, kind: f.kind, reasons: f.reasons };
  };
  assert.deepEqual(on('제주도는 대한민국에서 두 번째로 큰 섬이다.', JEJU), {
    stance: 'refute',
    kind: 'ordinal',
    reasons: ["순서 불일치: 근거: '가장 큰' ↔ 주장: '2번째'"],
  });
  assert.equal(
    on('제주도는 대한민국에서 가장 큰 섬이다.', '제주도는 대한민국에서 두 번째로 큰 섬이다.')?.kind,
    'ordinal',
  );
  // Another measure ranks another list; one of the largest is no rank at all.
  assert.equal(on('제주도는 대한민국에서 두 번째로 오래된 섬이다.', JEJU), null);
  assert.notEqual(
    on('제주도는 대한민국에서 두 번째로 큰 섬이다.', '제주도는 대한민국에서 가장 큰 섬 중 하나이다.')?.stance,
    'refute',
  );
  // A one-syllable noun said with the copula (섬이다) ends the lead's statement: a 'stated' support.
  assert.deepEqual(on('제주도는 대한민국에서 가장 큰 섬이다.', JEJU)?.kind, 'stated');
});
