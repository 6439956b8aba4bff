import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assessEvidence } from '../../src/pipeline/rules/agreement.js';
import { claimEvent, datedDescription, describedValue } from '../../src/pipeline/rules/scope.js';
import { verbStem } from '../../src/pipeline/rules/terms.js';

/**
 * Claims that say which thing a description picks out ("전지현이 2012년에 출연한 영화는
 * 도둑들이다", "…선언한 날짜는 9월 15일이다"), the shape of quiz answers and of many news
 * claims, and the oppositions that are no refutation of them: each case came from statements
 * made of KorQuAD questions and their answers, read against the question's paragraph.
 */
const check = (claim: string, content: string) => assessEvidence(claim, { evid_id: 'ev', content });
const described = (claim: string) => describedValue(claim, (w) => verbStem(w) !== null);

test('describedValue: the description up to the last topic and the value the copula closes', () => {
  assert.deepEqual(described('전지현이 2012년에 출연한 영화는 도둑들이다.'), {
    description: '전지현이 2012년에 출연한 영화는',
    value: '도둑들',
  });
  assert.deepEqual(described('1983년에 일어난 전국적인 운동은 5.18 광주 민주화 운동이다.'), {
    description: '1983년에 일어난 전국적인 운동은',
    value: '5.18 광주 민주화 운동',
  });
  assert.equal(described('요시야가 죽은 것은 기원전 609년이다.')?.value, '기원전 609년');
  assert.equal(described('승부의 결과는 무승부다.')?.value, '무승부');
  // The time the claim speaks at is no part of what its description picks out.
  assert.equal(described('2021년 현재, 《성균관 스캔들》은 방영 중이다.')?.description.includes('2021년'), false);
  // A verb after the topic, or no topic: another shape.
  assert.equal(described('삼성전자가 2024년 1분기 영업이익 6조원을 기록했다.'), undefined);
  assert.equal(described('그는 1990년에 서울에서 태어났다.'), undefined);
});

test('a number of the description that differs, the value absent: another thing, no refutation', () => {
  const film =
    '전지현은 2001년에 차태현과 영화 《엽기적인 그녀》에 출연해 한국 로맨틱 코미디 영화로는 가장 높은 관객수를 동원한 영화라는 기록을 세우는 등 많은 인기를 얻었으며, 대종상영화제 여우주연상도 수상했다.';
  assert.equal(check('전지현이 2012년에 출연한 영화는 도둑들이다.', film), null);
  // The value there: the same film, another year — a refutation naming both dates.
  const same = check(
    '전지현이 2012년에 출연한 영화는 도둑들이다.',
    '전지현은 2001년에 영화 《도둑들》에 출연해 많은 인기를 얻었다.',
  );
  assert.equal(same?.stance, 'refute');
  assert.equal(same?.kind, 'date');
  assert.match(same?.reasons.join(' ') ?? '', /2001년.*2012년/);
  // The 17th election's date is not refuted by the 15th's.
  assert.equal(
    check(
      '이회창이 17대 대통령 선거 후보가 된 날짜는 2007년 11월 7일이다.',
      '마침내 11월 13일 총재 조순, 대통령 후보 이회창이라는 합의를 도출해내 11월 21일 한나라당의 제15대 대통령 선거 후보로 추대되었다.',
    ),
    null,
  );
});

test('a claim that says when its description happened dates the description’s verb', () => {
  assert.equal(datedDescription(described('요시야가 죽은 것은 기원전 609년이다.')), '요시야가 죽은');
  assert.equal(datedDescription(described('전지현이 2012년에 출연한 영화는 도둑들이다.')), undefined);
  // Dates of a sentence without the verb (another's reign) say nothing of the death.
  assert.equal(
    check(
      '요시야가 죽은 것은 기원전 609년이다.',
      '틸레 교수는 기원전 643/642년 - 641/640년 설을 주장했는데, 이는 아몬의 아들인 요시야의 통치 기간과도 맞아 떨어진다.',
    ),
    null,
  );
  assert.equal(check('요시야가 죽은 것은 기원전 609년이다.', '요시야는 기원전 610년에 죽었다.')?.kind, 'date');
  // Only a date of that same event: 임시정부 is no 정부, and a year whose verb cannot be read is no
  // refutation of a claim that names its event.
  assert.equal(
    check('대한민국 정부가 수립된 해는 1948년이다.', '1919년 3·1 운동을 계기로 대한민국 임시정부를 수립했다.'),
    null,
  );
  assert.equal(
    check('대한민국 정부가 수립된 해는 1950년이다.', '대한민국 정부는 1948년 8월 15일에 수립되었다.')?.kind,
    'date',
  );
  // 하다 after its object: the object is the event (공연을 한 → 공연).
  assert.equal(claimEvent(['로빈', '안틴', '구상한', '공연단', '처음', '공연', '한']), '공연');
});

test('a topic named between a date and its verb holds the dated event', () => {
  const claim = '유시민이 이해찬과 단일화를 선언한 날짜는 9월 15일이다.';
  const other = check(
    claim,
    '9월 14일 한명숙후보는 결국 이해찬후보로 단일화를 선언하면서 유시민 후보의 단일화를 촉구했다.',
  );
  assert.notEqual(other?.stance, 'refute');
  assert.equal(check(claim, '9월 14일 유시민후보는 결국 이해찬후보와 단일화를 선언하였다.')?.kind, 'date');
  // A word ending in 란 is no topic of its own (임진왜란 중에): the birth is still 인조's.
  assert.equal(
    check(
      '인조는 1953년에 태어났다',
      '인조는 1595년 12월 7일(음력 11월 7일) 임진왜란 중에 선조의 다섯째 아들인 정원군과 구사맹의 딸 군부인 구씨의 장남으로 황해도 해주부에서 태어났다.',
    )?.kind,
    'date',
  );
});

test('what the claim says its subject is, standing in the sentence as a subject of its own, is not stated', () => {
  const sentence =
    '이러한 역법은 중국 최초의 역법인 태초력 이래 청나라의 역법인 시헌력에 이르기까지 국가에 의해 공인된 역법이 49개나 되고, 개력도 40여 차례에 걸쳐서 일어났다.';
  // All four words are there, but 개력 is what happened 40 times, not what the first calendar is.
  assert.notEqual(check('중국 최초의 역법은 개력이다.', sentence)?.kind, 'stated');
  assert.equal(check('태초력은 중국 최초의 역법이다.', '태초력은 중국 최초의 역법이다.')?.kind, 'stated');
});

test('a description that picks out the first time is not refuted by a date said without it', () => {
  const claim = '로빈 안틴이 구상한 클럽 공연단이 처음으로 공연을 한 해는 1995년이다.';
  assert.equal(
    check(claim, '1990년, 안무가 로빈 안틴은 크리스티나 애플게이트, 카마 칼라와 함께 클럽 공연단을 구상한다.'),
    null,
  );
  assert.equal(check(claim, '로빈 안틴이 구상한 클럽 공연단은 1993년에 처음으로 공연하였다.')?.kind, 'date');
});

test('a sentence that dates the description’s verb with the claim’s date states it', () => {
  const claim = '김영삼이 서울대학교에 입학한 해는 1948년이다.';
  const sentence =
    '김영삼의 생가에는 김영삼이 1948년 9월 서울대학교 문리과 대학 철학과에 입학해 1951년 9월에 졸업했음을 보여주는 성적 증명서가 전시되어 있다.';
  const found = check(claim, sentence);
  assert.equal(found?.stance, 'support');
  assert.equal(found?.kind, 'stated');
  assert.match(found?.reasons[0] ?? '', /입학 날짜.*1948년/);
  // The year of another verb (졸업), of another person, denied, or a rumour: not stated.
  assert.notEqual(check('김영삼이 서울대학교를 졸업한 해는 1948년이다.', sentence)?.stance, 'support');
  assert.notEqual(
    check(claim, '1948년 김영삼의 형이 서울대학교에 입학하여 김영삼은 부산에 남았다.')?.stance,
    'support',
  );
  assert.notEqual(check(claim, '김영삼이 1948년에 서울대학교에 입학하지 않았다는 기록이 있다.')?.stance, 'support');
  // The year in another subject's clause.
  assert.notEqual(
    check(
      '대한민국 정부가 수립된 해는 1948년이다.',
      '1948년 조선 정부가 수립되었고, 1950년 대한민국 정부가 수립되었다.',
    )?.stance,
    'support',
  );
  assert.notEqual(check(claim, '김영삼이 1948년에 서울대학교에 입학했다는 소문이 돌았다.')?.stance, 'support');
});

test('a sentence whose subject does the description’s verb names who did it', () => {
  const claim = '명성황후를 세계에서 가장 나쁜 여성이라고 혹평한 사람은 유길준이다.';
  const found = check(
    claim,
    '그의 벗 윤치호가 명성황후를 살해한 범인이라고 지목했던 유길준은 명성황후를 ‘세계에서 가장 나쁜 여성’이라고 혹평하였다.',
  );
  assert.equal(found?.stance, 'support');
  assert.equal(found?.kind, 'stated');
  assert.match(found?.reasons[0] ?? '', /혹평.*유길준/);
  const king = '한글을 창제한 왕은 세종대왕이다.';
  assert.equal(check(king, '세종대왕은 1443년 한글을 창제하였다.')?.stance, 'support');
  // Another subject between, the event as another verb's noun, or denied: not said.
  assert.notEqual(check('한글을 창제한 왕은 태종이다.', '태종은 세종이 한글을 창제했다고 말했다.')?.stance, 'support');
  assert.notEqual(check(king, '세종대왕은 한글 창제를 반대하였다.')?.stance, 'support');
  assert.notEqual(check(king, '세종대왕은 한글을 창제하지 않았다.')?.stance, 'support');
  // The claim's qualifier the sentence lacks blocks it, as for any support; another clause's does not.
  assert.notEqual(
    check('가장 먼저 한글을 창제한 왕은 세종대왕이다.', '세종대왕은 1443년 한글을 먼저 창제하였다.')?.stance,
    'support',
  );
  assert.equal(
    check(
      '김일성 주석과 김영삼 대통령의 정상회담을 주선한 인물은 지미 카터 전 대통령이다.',
      '이 때 지미 카터 전 대통령은 김일성 주석의 요청으로 김영삼 대통령과 김일성 주석의 정상회담을 주선하였으며, 김영삼은 이를 수락하여 남북 정상회담의 주인공이 될 수 있었다.',
    )?.stance,
    'support',
  );
});
