import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assessEvidence } from '../../src/pipeline/rules/agreement.js';

/**
 * An encyclopedia sentence with no subject of its own continues the sentence right before it
 * ("스판덱스는 … 섬유이다. 기저귀와 운동복에 사용된다."): read with that subject, it may support the
 * claim. It never refutes through the carried subject, and any qualifier, number or negation it
 * disagrees on still withholds it.
 */
const check = (claim: string, content: string) => assessEvidence(claim, { evid_id: 'ev', content });
const LEAD = '스판덱스는 신축성이 뛰어난 합성 섬유이다.';
/** A passage of the page titled `title`. */
const onPage = (content: string, title: string) => ({ evid_id: 'ev', content, title });

test('a topicless sentence after one about the claim subject supports it, quoting both sentences', () => {
  const used = check('스판덱스는 기저귀에 사용된다.', `${LEAD} 기저귀와 운동복에 사용된다.`);
  assert.equal(used?.stance, 'support');
  assert.equal(used?.kind, 'stated');
  assert.equal(used?.quote, `${LEAD} 기저귀와 운동복에 사용된다.`);
  assert.match(used?.reasons.join(' ') ?? '', /주어 '스판덱스'는 앞 문장에서 이어짐/);
  // A subject of several words is carried whole.
  const airline = check(
    '코파 항공은 항공기 30대를 운항한다.',
    '코파 항공은 파나마의 항공사이다. 항공기 30대를 운항한다.',
  );
  assert.equal(airline?.stance, 'support');
});

test('the carried reading still needs the same polarity, number and modality', () => {
  assert.notEqual(check('스판덱스는 기저귀에 사용된다.', `${LEAD} 기저귀에는 사용되지 않는다.`)?.stance, 'support');
  assert.notEqual(
    check('코파 항공은 항공기 30대를 운항한다.', '코파 항공은 파나마의 항공사이다. 항공기 40대를 운항한다.')?.stance,
    'support',
  );
  assert.equal(check('스판덱스는 기저귀에 사용될 수 있다.', `${LEAD} 기저귀와 운동복에 사용된다.`), null);
});

test('another subject, before or in the sentence, or a sentence between: no support', () => {
  const nylon = '나일론은 신축성이 뛰어난 합성 섬유이다. 기저귀와 운동복에 사용된다.';
  assert.equal(check('스판덱스는 기저귀에 사용된다.', nylon), null);
  assert.equal(check('스판덱스는 기저귀에 사용된다.', `${LEAD} 나일론이 기저귀와 운동복에 사용된다.`), null);
  // Only the sentence right before is continued.
  assert.equal(
    check('스판덱스는 기저귀에 사용된다.', `${LEAD} 1950년대에 개발되었다. 기저귀와 운동복에 사용된다.`),
    null,
  );
});

test('a carried subject never makes a refutation: another year read that way is only withheld', () => {
  assert.equal(check('스판덱스는 1980년에 개발되었다.', `${LEAD} 1958년에 개발되었다.`), null);
  assert.equal(check('스판덱스는 1958년에 개발되었다.', `${LEAD} 1958년에 개발되었다.`)?.stance, 'support');
});

test("on the subject's own page a run of sentences without a subject continues the page's subject", () => {
  const page = (content: string, title = '유관순') => onPage(content, title);
  const bio =
    '1916년 이화학당 보통과 3학년에 장학생으로 편입하고, 1919년에 이화학당 고등부에 진학하였다. 3월 1일 3.1 운동에 참여하고 3월 5일의 만세 시위에도 참여하였다.';
  const joined = assessEvidence('유관순은 3·1 운동에 참여했다.', page(bio));
  assert.equal(joined?.stance, 'support');
  assert.match(joined?.reasons.join(' ') ?? '', /주어 '유관순'는 문서 제목에서 이어짐/);
  // Back to the page's own topic, past a sentence between.
  assert.equal(
    assessEvidence(
      '스판덱스는 기저귀에 사용된다.',
      page(`${LEAD} 1950년대에 개발되었다. 기저귀와 운동복에 사용된다.`, '스판덱스'),
    )?.stance,
    'support',
  );
  // Another page, another topic on the way back, or a subject of its own in between: nobody's.
  assert.equal(assessEvidence('유관순은 3·1 운동에 참여했다.', page(bio, '3·1 운동')), null);
  for (const before of ['오빠 유우석은 공주에서 만세 운동을 주도했다.', '오빠 유우석이 공주에서 만세 운동을 주도했다.'])
    assert.equal(
      assessEvidence('유관순은 3·1 운동에 참여했다.', page(`${before} 3월 1일 3.1 운동에 참여하였다.`)),
      null,
      before,
    );
});

test("on the subject's own page a paragraph that opens without a subject continues the page's, not the last paragraph's topic", () => {
  const page = (content: string, title = '경주시') => onPage(content, title);
  const city =
    '경주시(慶州市)는 대한민국 경상북도 동남부에 있는 시이다. 시청 소재지는 동천동이고, 행정구역은 4읍 8면 11동이다.\n기원전 57년 신라의 건국부터 935년 신라 멸망까지 992년 동안 신라의 수도였고, 서라벌(徐羅伐), 금성(金城) 등으로 불렸다.';
  const capital = assessEvidence('경주시는 신라의 수도였다.', page(city));
  assert.equal(capital?.stance, 'support');
  assert.match(capital?.reasons.join(' ') ?? '', /주어 '경주시'는 문서 제목에서 이어짐/);
  // The paragraph's own sentence is the quote: the one before it says nothing of where the subject comes from.
  assert.equal(capital?.quote.startsWith('기원전 57년'), true);
  // In the same paragraph the topic between still stops it; on another page nothing is carried.
  assert.equal(assessEvidence('경주시는 신라의 수도였다.', page(city.replace('\n', ' '))), null);
  assert.equal(assessEvidence('경주시는 신라의 수도였다.', page(city, '신라')), null);
  // A paragraph whose sentence has a subject of its own (a title's, an amount's) says nothing of the page's.
  const film = '박형식은 대한민국의 배우이다.\n2019년 영화 《배심원들》이 5월 15일 개봉하였다.';
  assert.equal(assessEvidence('박형식은 5월 15일 개봉하였다.', page(film, '박형식')), null);
  const share = '이칼루이트는 누나부트 준주의 주도이다.\n25세 이상의 인구 중 5.7%가 고등교육을 받았다.';
  assert.equal(assessEvidence('이칼루이트는 고등교육을 받았다.', page(share, '이칼루이트')), null);
});

test('"X의 A는 …" is carried to a sentence whose topic is A, after one on X: the owner is carried, not the attribute', () => {
  const lead = '안중근(安重根, 1879년 9월 2일 ~ 1910년 3월 26일)은 대한제국의 독립운동가이다.';
  const name = check('안중근의 세례명은 토마스이다.', `${lead} 세례명은 토마스(Thomas, 도마)이다.`);
  assert.equal(name?.stance, 'support');
  assert.match(name?.reasons.join(' ') ?? '', /주어 '안중근'는 앞 문장에서 이어짐/);
  // Said after another person, the attribute is theirs; another name is never refuted through it.
  assert.equal(check('안중근의 세례명은 토마스이다.', `아버지 안태훈은 천주교 신자였다. 세례명은 토마스이다.`), null);
  assert.equal(check('안중근의 세례명은 베드로이다.', `${lead} 세례명은 토마스(Thomas, 도마)이다.`), null);
  // On the owner's page, back over sentences without a topic, and said after a frame (…에 따르면).
  const river = assessEvidence(
    '한강의 본류 총연장은 494km이다.',
    onPage(
      '한강(漢江)은 한반도 중부를 흐르는 하천이다. 금대봉에서 발원하여 어귀로 흘러가는 물줄기를 본류로 한다. 《한국하천일람》에 따르면 본류 총연장은 494km 남짓이다.',
      '한강',
    ),
  );
  assert.equal(river?.stance, 'support');
  // An attribute opening a later clause, after another bare attribute of the same thing; not after a subject.
  const seoul = (content: string) =>
    assessEvidence('서울특별시의 인구는 약 950만 명이다.', onPage(content, '서울특별시'));
  const capital = '서울특별시는 대한민국의 수도이다.';
  assert.equal(
    seoul(
      `${capital} 면적은 605.23 km2로 대한민국 면적의 0.6%이고, 인구는 약 950만 명으로 대한민국 인구의 17%를 차지한다.`,
    )?.stance,
    'support',
  );
  assert.equal(
    seoul(`${capital} 경기도가 둘러싸고 있으며, 인구는 약 950만 명으로 대한민국 인구의 17%를 차지한다.`),
    null,
  );
});

test('a sentence that turns to another topic carries no subject to the next', () => {
  // 어머니는 opens the last clause: whose birthplace the next sentence gives is not said.
  const turned = '버논의 아버지는 전주 출신의 한국인이고 어머니는 프랑스계 미국인이다. 미국 뉴욕에서 태어났다.';
  assert.equal(check('버논의 아버지는 미국 뉴욕에서 태어났다.', turned)?.stance ?? null, null);
  assert.equal(
    check('버논의 아버지는 미국 뉴욕에서 태어났다.', '버논의 아버지는 전주 출신의 한국인이다. 미국 뉴욕에서 태어났다.')
      ?.stance,
    'support',
  );
});
