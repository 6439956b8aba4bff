import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assessEvidence } from '../../src/pipeline/rules/agreement.js';
import { isQualifierWord } from '../../src/pipeline/rules/qualifiers.js';
import { datedHolder, datedVerbs, editionName, eventArguments, namingDate } from '../../src/pipeline/rules/scope.js';
import { verbStem } from '../../src/pipeline/rules/terms.js';

/**
 * Found by the adversarial sweep of 2026-12-04 (217 claims against the bundled sample wiki, docs/eval.md
 * "Adversarial sweep"): a date refutes only a date of the same event. A sentence about the claim's
 * subject that dates another of its events, or the same verb with other arguments, said FALSE of
 * true claims; so did a year that is part of the subject's name. And a copula modifier of
 * another noun (표의문자인 한자에 비해서) was read as the subject's own statement.
 */
const check = (claim: string, content: string, title = '') => assessEvidence(claim, { evid_id: 'ev', content, title });

const GMAIL =
  '또한 검색 서비스 외에 추가적인 서비스들을 제공하는데 이에는 2004년 시작된 이메일 서비스인 Gmail 과 YouTube, 피카사, Google 사전, Google 리더, iGoogle, 기업 사용자를 위해서 각종 웹 애플리케이션을 제공하는 구글 앱스 등이 있다.';
const BACKRUB =
  '1998년에 스탠포드 대학교 학생들을 대상으로 하여 백럽(BackRub)이라는 이름으로 검색 서비스를 시작하였다.';

test("eventArguments: the verb's object, place, instrument, name and 되다's complement; not numbers nor qualifiers", () => {
  assert.deepEqual(eventArguments('구글은 1998년에 백럽이라는 이름으로 검색 서비스를 시작하였다.', isQualifierWord), [
    '백럽',
    '이름',
    '서비스',
  ]);
  assert.deepEqual(eventArguments('안중근은 1910년 뤼순형무소에서 교수형으로 순국하였다.', isQualifierWord), [
    '뤼순형무소',
    '교수형',
  ]);
  assert.deepEqual(eventArguments('파울 비트겐슈타인은 1946년에 미국 시민이 되었다.', isQualifierWord), ['시민']);
  assert.deepEqual(eventArguments('《부산행》은 2020년 최초로 개봉하였다.', isQualifierWord), []);
  assert.deepEqual(eventArguments('기후는 10년을 기준으로 삼는다.', isQualifierWord), ['기준']);
});

test("the same verb with other arguments: no date refutation; with the claim's arguments: a date refutation", () => {
  const other = check('구글은 1998년에 백럽이라는 이름으로 검색 서비스를 시작하였다.', GMAIL, '구글');
  assert.notEqual(other?.kind, 'date');
  assert.match(other?.reasons.join(' ') ?? '', /'백럽, 이름'가 없어 같은 사건의 날짜인지/);
  const same = check('구글은 2005년에 백럽이라는 이름으로 검색 서비스를 시작하였다.', BACKRUB, '구글');
  assert.equal(same?.stance, 'refute');
  assert.equal(same?.kind, 'date');
  assert.equal(same?.quote, BACKRUB);
  assert.match(same?.reasons[0] ?? '', /근거: '1998년' ↔ 주장: '2005년'/);
});

test('another event of the subject, or a later report about it, is no refutation of its date', () => {
  const left = check(
    '파울 비트겐슈타인은 1946년에 미국 시민이 되었다.',
    '파울 비트겐슈타인은 나치에 의해 연주 활동을 할 수 없었고, 결국 1938년에 미국으로 떠났다.',
    '파울 비트겐슈타인',
  );
  assert.notEqual(left?.kind, 'date');
  const citizen = '파울 비트겐슈타인은 1946년에 미국 시민이 되었고 미국에서 여생을 피아노를 가르치며 살았다.';
  const wrongYear = check('파울 비트겐슈타인은 1956년에 미국 시민이 되었다.', citizen, '파울 비트겐슈타인');
  assert.equal(wrongYear?.kind, 'date');
  assert.equal(wrongYear?.quote, citizen);

  const report = check(
    '안중근은 1910년 3월 26일 뤼순형무소에서 교수형으로 순국하였다.',
    '2008년 3월 25일 국제한국연구원은 안중근이 사형선고를 받은 2월 14일부터 순국한 3월 26일까지의 행적에 대한 새로운 자료를 공개하였다.',
    '안중근',
  );
  assert.notEqual(report?.kind, 'date');
  const died =
    '1909년 10월 26일 하얼빈 역에 잠입하여 이토 히로부미를 암살하여 붙잡혔고 1910년 3월 26일 오전 10시에 관동주 뤼순형무소에서 교수형으로 순국하였다.';
  const wrong = check('안중근은 1920년 3월 26일 뤼순형무소에서 교수형으로 순국하였다.', died, '안중근');
  assert.equal(wrong?.stance, 'refute');
  assert.equal(wrong?.kind, 'date');
});

test("namingDate: a bare year before the topic of a copula claim names the subject; before an event's verb it dates it", () => {
  const isVerb = (w: string) => verbStem(w) !== null;
  assert.equal(namingDate('2002년 FIFA 월드컵은 17번째 FIFA 월드컵 대회이다.', '2002년', isVerb), true);
  assert.equal(namingDate('1961년 아민은 우간다 최초의 유색 장교가 되었다.', '1961년', isVerb), false);
  assert.equal(namingDate('2021년 현재, 《성균관 스캔들》은 방영 중이다.', '2021년', isVerb), false);
  assert.equal(namingDate('3종 지레는 2종 지레와 비슷하다.', '3종', isVerb), false);

  const edition = check(
    '2002년 FIFA 월드컵은 17번째 FIFA 월드컵 대회이다.',
    '이 대회 우승으로 브라질은 FIFA 월드컵 우승팀 자격으로 2005년 FIFA 컨페더레이션스컵 참가 자격을 얻었으며, 이도 또한 해당 대회의 5번째 출전 대회이다.',
    '2002년 FIFA 월드컵',
  );
  assert.ok(!edition?.reasons.some((r) => r.includes('2002년')), JSON.stringify(edition?.reasons));
  assert.notEqual(edition?.kind, 'date');
  // A year before the verb of an event still dates it.
  const officer = check(
    '1962년 아민은 우간다 최초의 유색 장교가 되었다.',
    '1961년 아민은 우간다 최초의 유색 장교가 되었다.',
  );
  assert.equal(officer?.kind, 'date');
});

test('a copula modifier of another noun (표의문자인 한자에 비해서) says nothing of the subject', () => {
  const hangul =
    '한글은 표음문자(소리글자)이자 자질문자로서 표의문자인 한자에 비해서 배우기 쉽고 읽고 쓰기가 쉬운 장점을 가지고 있다.';
  assert.equal(check('한글은 표의문자이다.', hangul, '한글')?.stance ?? null, null);
  const own = check('한글은 표음문자이다.', hangul, '한글');
  assert.equal(own?.stance, 'support');
  assert.equal(own?.kind, 'stated');
  // The noun it modifies is what it says: 한자 is 표의문자.
  assert.equal(check('한자는 표의문자이다.', hangul, '한글')?.stance, 'support');
});

const RECORD =
  '유중권과 이씨를 포함해 20명이 같은 장소·날짜·상황에서 순국했다는 자료의 내용은 1987년에 작성된 독립유공자 공훈록에서 유관순 열사의 아버지 유중권과 어머니 이씨 등 열 아홉명이 현장에서 사망했다는 기록과 같다.';

test("datedVerbs: the Sino-Korean verbs and a life's ends a date dates, chained ones included; null for a date said as a value", () => {
  assert.deepEqual(datedVerbs(RECORD, '1987년'), ['작성']);
  assert.deepEqual(datedVerbs('박상영은 2016년 문학동네신인상에 단편소설이 당선되어 데뷔했다.', '2016년'), [
    '당선',
    '데뷔',
  ]);
  // A life's two ends, however said, as one noun each.
  assert.deepEqual(datedVerbs('유관순은 1920년 9월 28일 서대문형무소에서 순국하였다.', '1920년'), ['사망']);
  assert.deepEqual(datedVerbs('안중근은 1879년에 태어나 1910년에 사망하였다.', '1879년'), ['출생']);
  assert.deepEqual(datedVerbs('걸 그룹은 1993년에 언론에 처음으로 등장하기 시작한 신조어이다.', '1993년'), ['등장']);
  assert.equal(datedVerbs('역사에 595년으로 기록되어 있는 김유신의 출생연도를 앞당겼다.', '595년'), null);
  assert.equal(datedVerbs('그는 1990년 미국하원 의원이 되었다.', '1990년'), null);
  // A verb modifying a noun after a chained one opens a clause of its own.
  assert.deepEqual(datedVerbs(TREATIES, '1965년'), ['포함']);
  // 했으며 is a verb's ending too.
  assert.deepEqual(
    datedVerbs('2016년 12월 1일, LG전자는 대표 체제를 1인 CEO 체제로 변경했으며, 후임을 정했다.', '2016년'),
    ['변경'],
  );
  // One founding, however it is said.
  assert.deepEqual(datedVerbs('1969년 삼성전자를 창립하면서 전자산업에 진출하였다.', '1969년'), ['설립']);
});

const TREATIES =
  '대한민국과 일본은 1965년 6월 22일 한일기본조약에서 한일 병탄 조약을 포함하여 대한제국과 일본 제국 간에 체결된 모든 조약 및 협정이 이미 무효임을 한 번 더 확인하였다.';

test("a date of another thing's event (1938년 설립된 삼성물산을) or of another clause says nothing of the claim's date", () => {
  assert.equal(datedHolder('1938년 설립된 삼성물산을 모태로 삼았다.', '1938년'), '삼성물산');
  // What the subject is, and a time, are no holders.
  assert.equal(datedHolder('《택시운전사》는 2017년에 개봉한 대한민국의 영화이다.', '2017년'), '');
  assert.equal(datedHolder('1966년 월트 디즈니가 사망한 이후 부서는 방향을 잃었다.', '1966년'), '');
  assert.equal(check('한일 병합 조약은 1910년에 체결되었다.', TREATIES, '한일 병합 조약'), null);
  const founded = check(
    '삼성전자는 1975년에 설립되었다.',
    '1938년 설립된 삼성물산을 모태로 삼성은 식품과 의복을 주력으로 해 오다가, 1969년 삼성전자를 창립하면서 전자산업에 진출하였다.',
    '삼성전자',
  );
  assert.equal(founded?.kind, 'date');
  // The reason names the founding of the claim's subject only.
  assert.deepEqual(founded?.reasons, ["날짜 불일치: 근거: '1969년' ↔ 주장: '1975년'"]);
  assert.equal(
    check('삼성물산은 1950년에 설립되었다.', '1938년 설립된 삼성물산을 모태로 삼았다.', '삼성물산')?.kind,
    'date',
  );
});

test("a date of another verb (1987년에 작성된 … 기록) says nothing of the claim's date; the same verb's date refutes", () => {
  // Not even a contrast: the sentence disagrees with nothing the claim says.
  assert.equal(check('유관순은 1920년에 사망했다.', RECORD, '유관순'), null);
  const died = check(
    '유관순은 1930년에 사망하였다.',
    '유관순은 1920년 9월 28일 서대문형무소에서 사망하였다.',
    '유관순',
  );
  assert.equal(died?.stance, 'refute');
  assert.equal(died?.kind, 'date');
  // The debut is the prize's: a chain of verbs shares its date.
  const debut = check(
    '박상영은 2019년에 데뷔하였다.',
    '박상영은 2016년 문학동네신인상에 단편소설 〈패리스 힐튼을 찾습니다〉가 당선되어 데뷔했다.',
    '박상영',
  );
  assert.equal(debut?.kind, 'date');
});

test("a year that names an edition (1988년 하계 올림픽은 …) is not contradicted by another edition's year", () => {
  assert.equal(editionName('1988년 하계 올림픽은 서울에서 개최되었다.', '1988년'), '하계 올림픽');
  assert.equal(editionName('1961년 아민은 장교가 되었다.', '1961년'), '');
  assert.equal(editionName('그는 1988년에 태어났다.', '1988년'), '');
  // A time and what it frames, no name.
  assert.equal(editionName('2021년 현재, 대한민국의 대통령은 박근혜이다.', '2021년'), '');
  assert.equal(editionName('2001년, 걷고 싶은 거리에서 하리수는 연설을 하였다.', '2001년'), '');
  assert.equal(editionName('2002년 FIFA 월드컵은 한국과 일본에서 개최되었다.', '2002년'), 'FIFA 월드컵');
  const other = check(
    '1988년 하계 올림픽은 서울에서 개최되었다.',
    '2016년 하계 올림픽이 개최된 브라질의 리우데자네이루는 남미에서 열리는 첫 번째 올림픽이다.',
    '올림픽',
  );
  assert.notEqual(other?.stance, 'refute');
  // Another edition's year however said (1934년의 이탈리아), and found through npm start.
  const possessed = check(
    '2002년 FIFA 월드컵은 한국과 일본에서 공동 개최되었다.',
    'FIFA 월드컵 개최국들 대회 유치 전까지 한번도 출전하지 못한 국가는 1934년의 이탈리아와 2022년의 카타르 뿐이다.',
    '2002년 FIFA 월드컵',
  );
  assert.ok(!possessed?.reasons.some((r) => r.includes('날짜 불일치')), JSON.stringify(possessed?.reasons));
  // A year that is no name is still a date.
  assert.equal(check('월드컵은 2003년에 한국에서 개최되었다.', '월드컵은 2002년에 한국에서 개최되었다.')?.kind, 'date');
});

test('a subject named only as what another thing is likened to or measured against has no date of its own there', () => {
  const OTHER_QUAKE =
    '1703년(겐로쿠 16년)에 일어난 지진도 간토 대지진과 거의 비슷한 구조로 일어났기 때문에 일본에서는 이 지진을 다이쇼 간토 지진으로 부른다.';
  // Not even a contrast: the date is the other quake's.
  assert.equal(check('간토 대지진은 1923년에 일어났다.', OTHER_QUAKE, '간토 대지진'), null);
  assert.equal(check('부산항은 1890년에 개항했다.', '인천항은 부산항보다 늦은 1883년에 개항했다.', '부산광역시'), null);
  // Said of the subject itself, the other date refutes.
  const lead = '간토 대지진은 1923년 9월 1일 11시 58분에 미나미칸토 지역을 중심으로 일어난 해구형 지진이다.';
  assert.equal(check('간토 대지진은 1925년에 일어났다.', lead, '간토 대지진')?.kind, 'date');
  // "X과 같이" says what the subject became, not another thing: the antonym stands.
  assert.equal(
    check(
      '오늘날 비글은 귀와 주둥이가 길다.',
      '20세기 이전까지만 해도 귀와 주둥이가 길었지만, 오늘날의 비글과 같이 주둥이와 귀가 짧아졌다.',
      '비글',
    )?.stance,
    'refute',
  );
});

test('a date dates its own verb: 일어났다 is 발생, a verb of a state dates nothing, a native predicate is another event than a death', () => {
  const PAPER =
    '1971년 가나모리 히로가 발표한 지진 메커니즘에 따르면 간토 대지진은 사가미 해곡의 주축에 평행한 역단층으로 일어난 지진으로 추정된다.';
  assert.deepEqual(datedVerbs('간토 대지진은 1923년에 일어났다.', '1923년'), ['발생']);
  assert.equal(check('간토 대지진은 1923년에 일어났다.', PAPER, '간토 대지진'), null);
  // …을 포함한 says where, not when: the date is the quake's, and another year refutes it.
  const LEAD =
    '간토 대지진은 1923년 9월 1일 11시 58분에 일본 도쿄도 등을 포함한 미나미칸토 지역을 중심으로 일어난 해구형 지진이다.';
  assert.deepEqual(datedVerbs(LEAD, '1923년'), ['발생']);
  assert.equal(check('간토 대지진은 1925년에 일어났다.', LEAD, '간토 대지진')?.kind, 'date');
  // The sentence's last predicate, a native verb, is what its date dates: not a death.
  const LED = '그는 항복을 거부하고 1877년 5월 캐나다의 우드산으로 무리를 이끌었다.';
  assert.deepEqual(datedVerbs(LED, '1877년'), ['이끌었다']);
  assert.equal(
    check('타탕카 이오타케는 1890년에 사망하였다.', `타탕카 이오타케는 ${LED.slice(3)}`, '타탕카 이오타케'),
    null,
  );
  // …but it may be the claim's Sino-Korean verb said natively (문을 열었다 = 오픈했다): the dates still clash.
  assert.equal(
    check('무신사 테라스는 2018년에 오픈했다.', '2019년 8월 패션문화 편집공간 무신사 테라스가 문을 열었다.', '무신사')
      ?.kind,
    'date',
  );
});

test("the claim's event dated with the claim's date is a statement of it; a date of another event or of another's is not", () => {
  const LEAD =
    '간토 대지진은 1923년 9월 1일 11시 58분에 일본 도쿄도 등을 포함한 미나미칸토 지역을 중심으로 일어난 해구형 지진이다.';
  const quake = check('간토 대지진은 1923년에 일어났다.', LEAD, '간토 대지진');
  assert.equal(quake?.kind, 'stated');
  assert.ok(quake?.reasons.includes("근거 문장의 날짜가 같은 사건의 날짜임: '발생 1923년'"), JSON.stringify(quake));
  // The date dates a war the paper was founded to report on: all the words, not the founding's date.
  const paper = check(
    '《대한매일신보》는 1904년 2월, 창간되었다.',
    '《대한매일신보》는 1904년 2월에 일어난 러일전쟁을 취재하기 위해 대한제국에 머무르던 베델이 창간하였다.',
    '대한매일신보',
  );
  assert.equal(paper?.stance, 'support');
  assert.equal(paper?.kind, 'full');
  // Another's founding (1938년 설립된 삼성물산을), and a date said as a guess, are no statement either.
  assert.equal(
    check('삼성은 1938년에 설립되었다.', '1938년 설립된 삼성물산을 모태로 삼성은 식품을 주력으로 하였다.', '삼성')
      ?.kind,
    undefined,
  );
  assert.notEqual(
    check('간토 대지진은 1923년에 일어났다.', LEAD.replace('지진이다.', '지진으로 추정된다.'), '간토 대지진')?.kind,
    'stated',
  );
});

test("an event's lead gives its day in the topic's gloss: a statement of the event its predicate names it by", () => {
  const TREATY =
    '을사조약(乙巳條約, 1905년 11월 17일)은 일제가 대한제국의 외교권을 박탈하기 위해 강제로 체결한 조약이다.';
  const signed = check('을사조약은 1905년에 체결되었다.', TREATY, '을사조약');
  assert.deepEqual([signed?.stance, signed?.kind], ['support', 'stated']);
  assert.ok(
    signed?.reasons.includes("근거 문장의 날짜가 같은 사건의 날짜임: '체결 1905년'"),
    signed?.reasons.join(' / '),
  );
  // Another event of the treaty, on the day it was signed: nothing said of it.
  assert.equal(check('을사조약은 1905년에 폐기되었다.', TREATY, '을사조약'), null);
  // A span glossed is a life or a reign, not one day.
  assert.notEqual(
    check('을사조약은 1905년에 체결되었다.', '을사조약(1905년 ~ 1910년)은 일제가 강제로 체결한 조약이다.', '을사조약')
      ?.kind,
    'stated',
  );
});

test("a claim of only when its subject's event happened, against the subject's sentence dating that event in other words", () => {
  const WAR = '병자호란(丙子胡亂)은 1636년 12월 28일 ~ 1637년 2월 24일까지 조선과 청나라 사이에 벌어진 전쟁이다.';
  const on = (claim: string, content: string, title = '병자호란') => {
    const f = check(claim, content, title);
    return f && [f.stance, f.kind, f.reasons[0]];
  };
  // 벌어진 is 발생, 발발 too; a span's start is the day it began.
  assert.deepEqual(on('병자호란은 1636년에 일어났다.', WAR), [
    'support',
    'stated',
    "근거 문장의 날짜가 같은 사건의 날짜임: '발생 1636년'",
  ]);
  assert.equal(on('병자호란은 1636년에 발발했다.', WAR)?.[0], 'support');
  assert.deepEqual(on('병자호란은 1592년에 일어났다.', WAR), [
    'refute',
    'date',
    "날짜 불일치: 근거: '1636년' ↔ 주장: '1592년'",
  ]);
  // Another event of the page has its own topic; another event of the subject (끝났다) is not dated here.
  assert.equal(on('병자호란은 1627년에 일어났다.', '1627년 정묘호란이 일어났다.'), null);
  assert.equal(on('병자호란은 1636년에 끝났다.', WAR), null);
  // The topic is the subject only with the owners the claim names it by: another country's emblem.
  const EMBLEM = '콩고 민주 공화국의 국장은 2006년 2월 18일에 제정되었다.';
  assert.equal(on('태국의 국장은 1911년에 제정되었다.', EMBLEM, '콩고 민주 공화국의 국장'), null);
  assert.equal(on('콩고 민주 공화국의 국장은 1911년에 제정되었다.', EMBLEM)?.[1], 'date');
  // A birth is read from the lead's gloss only: a relative's reads the same way.
  assert.equal(
    on(
      '니콜 키드먼은 1967년에 태어났다.',
      '또한 키드먼의 여동생인 안토니아 키드먼은 1970년에 태어났고, 키드먼 가족은 시드니에 거주했다.',
      '니콜 키드먼',
    ),
    null,
  );
});

test('a year that names the edition where the claim’s event took place (2002년 FIFA 월드컵에서 …) is no date to refute', () => {
  assert.equal(editionName('2002년 FIFA 월드컵에서 브라질이 우승했다.', '2002년'), 'FIFA 월드컵');
  assert.equal(editionName('2008년 하계 올림픽에서 박태환이 금메달을 땄다.', '2008년'), '하계 올림픽');
  // A place, or a time frame before the event, names nothing.
  assert.equal(editionName('2002년 서울에서 브라질이 우승했다.', '2002년'), '');
  assert.equal(editionName('2021년 현재 대회에서 브라질이 우승했다.', '2021년'), '');
  const won = check(
    '2002년 FIFA 월드컵에서 브라질이 우승했다.',
    '이 대회 우승으로 브라질은 FIFA 월드컵 우승팀 자격으로 2005년 FIFA 컨페더레이션스컵 참가 자격을 얻었다.',
    '2002년 FIFA 월드컵',
  );
  assert.notEqual(won?.stance, 'refute');
});

test('a year before a place and a kind of event is the event’s date, no edition’s name', () => {
  assert.equal(editionName('김민수는 2019년 서울 공연에서 노래했다.', '2019년'), '');
});

test('an event’s noun right after a date and said with 과 동시에 is what the date dates', () => {
  const opened = '인천국제공항은 2001년 3월 29일 개항과 동시에 김포국제공항의 국제선 노선을 일괄 이관받았다.';
  assert.deepEqual(datedVerbs(opened, '2001년'), ['개항']);
  // "데뷔 후 처음으로" may frame the verb after it: the date is not read as the debut's.
  assert.notDeepEqual(datedVerbs('김희선이 2014년 데뷔 후 처음으로 사투리 연기를 했다.', '2014년'), ['데뷔']);
  // A noun before another noun is no event: 한국 전쟁 is what happened.
  assert.deepEqual(datedVerbs('1950년 한국 전쟁이 일어났다.', '1950년'), ['발생']);
  assert.equal(check('인천국제공항은 2001년에 개항했다.', opened, '인천국제공항')?.kind, 'stated');
  assert.equal(check('인천국제공항은 2003년에 개항했다.', opened, '인천국제공항')?.kind, 'date');
});
