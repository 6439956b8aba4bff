import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assessEvidence } from '../../src/pipeline/rules/agreement.js';
import { extractQuantities, saidMoreOften } from '../../src/pipeline/rules/numbers.js';
import { datedVerbs, editionName, namedSubject } from '../../src/pipeline/rules/scope.js';

/**
 * A wiki sentence with its year moved is the commonest fake; each of these was read back from
 * kowiki (bench:readback) with no finding at all, because a rule meant for another sentence's
 * date took the claim's own date for another thing's.
 */
const check = (claim: string, content: string, title?: string) =>
  assessEvidence(claim, { evid_id: 'ev', content, ...(title ? { title } : {}) });

test("a date in a relative clause: the claim's own holder dates the same deed", () => {
  const sentence = '서태지컴퍼니는 서태지가 2001년 3월 24일에 설립한 기업이다.';
  const moved = check('서태지컴퍼니는 서태지가 2004년 3월 24일에 설립한 기업이다.', sentence, '서태지컴퍼니');
  assert.equal(moved?.stance, 'refute');
  assert.equal(moved?.kind, 'date');
  assert.equal(check('서태지컴퍼니는 서태지가 2001년 3월 24일에 설립한 기업이다.', sentence)?.stance, 'support');
  // Another holder's founding is still another thing's date.
  assert.notEqual(
    check(
      '서태지컴퍼니는 서태지가 2004년에 설립한 기업이다.',
      '서태지컴퍼니는 이수만이 2001년에 설립한 기업을 인수했다.',
    )?.kind,
    'date',
  );
});

test('a time said as the topic is when, not whom the claim is about', () => {
  assert.deepEqual(namedSubject('2011년에는 쾰른 도서관에 소장된 모든 도서가 위키문헌 독일어판에 업로드되었다.'), [
    '도서',
  ]);
  assert.deepEqual(namedSubject('조선 시대에는 양반이 관직을 독점했다.'), ['양반']);
  // A place keeps its reading: what is there is said of it.
  assert.deepEqual(namedSubject('로켓에는 사람을 태울 수 없다.'), ['로켓에']);
  const moved = check(
    '2011년에는 쾰른 도서관에 소장된 모든 도서가 위키문헌 독일어판에 업로드되었다.',
    '2008년에는 쾰른 도서관에 소장된 모든 도서가 위키문헌 독일어판에 업로드되었다.',
    '위키문헌',
  );
  assert.equal(moved?.kind, 'date');
});

test("an event the claim too says as another verb's argument: its date is that verb's in both", () => {
  const moved = check(
    '1872년 드미트리 멘델레예프가 하프늄의 존재를 처음으로 예상하였고 1923년 발견되어 안정한 원소 중에서는 마지막에서 두 번째로 발견된 원소가 되었다.',
    '1869년 드미트리 멘델레예프가 하프늄의 존재를 처음으로 예상하였고 1923년 발견되어 안정한 원소 중에서는 마지막에서 두 번째로 발견된 원소가 되었다.',
    '하프늄',
  );
  assert.equal(moved?.kind, 'date');
});

test('a year far before the topic, or before a verb, names nothing', () => {
  const moved = check(
    '1994년 중앙 정부의 몰락과 함께, 모가디슈는 적수 민병대와 계속하여 교전 중이다.',
    '1991년 중앙 정부의 몰락과 함께, 모가디슈는 적수 민병대와 계속하여 교전 중이다.',
    '모가디슈',
  );
  assert.equal(moved?.kind, 'date');
  assert.equal(editionName('무령왕릉 지석에 따르면 465년 태어났고 이름은 사마 또는 융이다.', '465년'), '');
  // Still a name: the year right before an edition's words.
  assert.equal(editionName('1988년 하계 올림픽은 서울에서 열렸다.', '1988년'), '하계 올림픽');
});

test('a value the claim says twice, the sentence once beside another: not confirmed', () => {
  const claim = '법적인 집단학살의 정의는 1951년 결의안이 채택되고 1951년 발효된 유엔 협약에서 나온다.';
  const sentence = '법적인 집단학살의 정의는 1948년 결의안이 채택되고 1951년 발효된 유엔 협약에서 나온다.';
  assert.equal(saidMoreOften(extractQuantities(claim), extractQuantities(sentence)), true);
  assert.notEqual(check(claim, sentence, '집단학살')?.stance, 'support');
  // Said as often as the sentence says it, or with no rival value: confirmed as before.
  const both = '법적인 집단학살의 정의는 1951년 결의안이 채택되고 1951년 발효된 유엔 협약에서 나온다.';
  assert.equal(saidMoreOften(extractQuantities(claim), extractQuantities(both)), false);
  assert.equal(check(claim, both, '집단학살')?.stance, 'support');
  assert.equal(
    saidMoreOften(extractQuantities('2000년 올림픽은 2000년에 열렸다.'), extractQuantities('2000년에 열렸다.')),
    false,
  );
});

test("a point in time against a period's bounds: inside it or not, no number disagrees", () => {
  const period =
    '2003년부터는 이 슬로건이 삽입된 버전의 로고가 사용되기 시작했고, 이 로고는 2010년까지 마이크로소프트사가 지속적으로 사용했다.';
  assert.equal(check('2006년 마이크로소프트사는 이 슬로건이 삽입된 버전의 로고를 사용했다.', period), null);
  // Either way round: a period's end against a point ("…까지 …였다" against "…2003년 … 복귀했다").
  assert.equal(
    check(
      '짐 캔털루포는 2001년까지 최고경영자였다.',
      '이사회는 짐 캔털루포에게 시선을 돌렸고, 그는 2003년 1월 회장이자 최고경영자로 복귀했다.',
    ),
    null,
  );
  // A start against another start still disagrees.
  assert.equal(
    check('마이크로소프트사는 2006년부터 이 로고를 사용했다.', '마이크로소프트사는 2003년부터 이 로고를 사용했다.')
      ?.stance,
    'refute',
  );
});

test("a quoted motto and a list of founders between a date and its verb: the date is still the founding's", () => {
  const sentence =
    "김영사는 1976년 '사람 사는 바른 길, 행복한 삶의 길을 걷고, 실험하고, 널리 나누기 위함'이라는 출판정신으로 김경섭 박사, 김충섭 박사, 김강유 회장 3형제의 공동 기획, 자본, 참여로 설립되었다.";
  const moved = check(sentence.replace('1976년', '1979년'), sentence, '김영사');
  assert.equal(moved?.stance, 'refute');
  assert.equal(moved?.kind, 'date');
  assert.equal(check(sentence, sentence, '김영사')?.stance, 'support');
  assert.deepEqual(datedVerbs(sentence, '1976년'), ['설립']);
  // 사는 (살다) modifies 길; it is no topic that would make "1979년 사람 사" an edition's name. 교사는 is one.
  assert.equal(editionName('김영사는 1979년 사람 사는 길이라는 정신으로 설립되었다.', '1979년'), '');
  assert.equal(editionName('1988년 하계 올림픽 교사는 모두 자원봉사자였다.', '1988년'), '하계 올림픽 교사');
  // A comma that closes a clause (걷고,), a noun said as a clause's end (철수,) or a time's frame
  // (이후,) still ends the date's reach.
  assert.equal(datedVerbs('사단은 1942년 10월 말 전선에서 철수, 재편성을 위해 프랑스로 이동했다.', '1942년'), null);
  assert.notEqual(
    check('그는 1952년 고향을 떠나 걷고, 서울에 정착하였다.', '그는 1950년 고향을 떠나 걷고, 서울에 정착하였다.', '그')
      ?.kind,
    'date',
  );
  assert.notEqual(
    check('정부는 1950년 이후, 새 법을 제정하였다.', '정부는 1953년에 새 법을 제정하였다.', '정부')?.stance,
    'refute',
  );
});

test("a work's year (…의 2000년작) and where a period starts (…2301년부터) are dates of one thing", () => {
  const work = '《플란다스의 개》는 봉준호 감독의 2000년작 블랙 코미디·드라마 장르 영화이다.';
  const moved = check(work.replace('2000년작', '2003년작'), work, '플란다스의 개');
  assert.equal(moved?.kind, 'date');
  assert.match(moved?.reasons[0] ?? '', /날짜 불일치: 근거: '2000년작' ↔ 주장: '2003년작'/);
  assert.notEqual(
    check('《플란다스의 개》는 2000년에 개봉한 봉준호 감독의 영화이다.', work, '플란다스의 개')?.stance,
    'refute',
  );

  const century = '24세기는 2301년부터 2400년까지이다.';
  assert.equal(check('24세기는 2298년부터 2400년까지이다.', century, '24세기')?.kind, 'date');
  assert.equal(check(century, century, '24세기')?.stance, 'support');
  // An open bound or a part of a decade is no period's exact start: still only a number.
  assert.notEqual(
    check(
      '도네츠크는 2017년 이후부터 인민공화국이 장악하고 있다.',
      '도네츠크는 2014년 이후부터 인민공화국이 장악하고 있다.',
    )?.kind,
    'date',
  );
  assert.notEqual(
    check('탈리도마이드는 1960년대 초반부터 판매된 약이다.', '탈리도마이드는 1950년대 후반부터 판매된 약이다.')?.kind,
    'date',
  );
});
