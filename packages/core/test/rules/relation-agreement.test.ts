import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assessEvidence, predicateStem } from '../../src/pipeline/rules/agreement.js';
import { extractRelations, relationAgreements, relationClashes } from '../../src/pipeline/rules/relations.js';
import { slotTaken } from '../../src/pipeline/rules/roles.js';
import { contentTerms } from '../../src/pipeline/rules/terms.js';

/**
 * Single-valued relations decided where the kowiki relation set measured them precise (docs/eval.md,
 * "Single-valued relations measured on kowiki"): agreement in another order than the claim's is
 * support (`relation`), a value of another time or another polity is neither support nor
 * refutation, and readings that named no value on kowiki (a writer's country, a verb's past, a
 * relative's birthplace) are no relation at all.
 */

const SEOUL = '서울특별시(서울特別市)는 대한민국의 수도이자 최대 도시이다.';

function finding(claim: string, content: string, title?: string) {
  const f = assessEvidence(claim, { evid_id: 'ev_t', content, ...(title ? { title } : {}) });
  if (f) assert.ok(content.includes(f.quote), 'quote is verbatim');
  return f;
}

test('the same value of the claim’s relation, said in another order, is relation support', () => {
  const f = finding('대한민국의 수도는 서울특별시이다.', SEOUL);
  assert.equal(f?.stance, 'support');
  assert.equal(f?.kind, 'relation');
  assert.match(
    f?.reasons.join(' / ') ?? '',
    /같은 수도: 근거: '서울특별시는 대한민국의 수도이자' = 주장: '대한민국의 수도는 서울특별시이다'/,
  );
  // The page's title is the owner of a sentence that leaves it out.
  assert.equal(finding('그린란드의 수도는 누크이다.', '수도는 누크이다.', '그린란드')?.kind, 'relation');
  // Another value is still a refutation of the same kind, naming both values.
  const busan = finding('대한민국의 수도는 부산이다.', SEOUL);
  assert.equal(busan?.stance, 'refute');
  assert.equal(busan?.kind, 'relation');
  // A birthplace said with a verb, and a location, are measured as kinds of their own.
  assert.equal(finding('코난은 전쟁터에서 태어났다.', '코난의 출생지는 전쟁터이다.')?.kind, 'relation');
  assert.equal(finding('불국사는 안성시에 위치한다.', '불국사는 경주시에 위치한 절이다.')?.kind, 'relation-place');
  assert.equal(
    finding('아이히만은 졸링겐에서 태어났다.', '아돌프 아이히만은 1906년 독일 졸링겐에서 태어났다고 전한다.')?.stance,
    'support',
  );
});

test('another value said as a guess, a story or hearsay refutes nothing: the sources differ', () => {
  const hedged = [
    '중국내 국민들은 일반적으로 위안이 원채에서 태어난 것으로 추정한다.',
    '하지만 이탈리아 발레다오스타주 라살에서 태어났다는 이야기도 있다.',
    '조선민주주의인민공화국에서는 그가 제주도 북제주군에서 태어났다고 한다.',
    // The hedge at the sentence's end covers the verbs chained to it.
    '그는 평안도 용천에서 태어나 경남 산청에서 자랐다고 한다.',
    '《교황 연대표》에 의하면, 그는 사비나에서 태어났으며, 아버지의 이름은 타이노라고 한다.',
  ];
  for (const sentence of hedged) {
    assert.equal(extractRelations(sentence, '인물')[0]?.hedged, true, sentence);
    assert.deepEqual(relationClashes('인물은 한성에서 태어났다.', sentence, '인물'), [], sentence);
    assert.notEqual(finding('인물은 한성에서 태어났다.', sentence, '인물')?.stance, 'refute', sentence);
  }
  // Said as what is, the same value refutes; the same hedged value still agrees (…다고 전한다, above).
  const stated = '그는 평안도 용천에서 태어나 경남 산청에서 자랐다.';
  assert.equal(extractRelations(stated, '인물')[0]?.hedged, undefined);
  assert.equal(relationClashes('인물은 한성에서 태어났다.', stated, '인물').length, 1);
  // Nor a clause set against the hearsay after it (…지만, …는데): its own statement.
  const against = '그는 용천에서 태어났지만, 양천에서 자랐다고 한다.';
  assert.equal(relationClashes('인물은 한성에서 태어났다.', against, '인물').length, 1);
  assert.equal(relationAgreements('인물은 용천에서 태어났다.', hedged[3]!, '인물').length, 1);
});

test('a birthplace named as a country against one named as a city is measured as a place at another level', () => {
  const HANDEL = '게오르크 프리드리히 헨델은 독일에서 태어나 영국에서 활동한 바로크 시대의 작곡가이다.';
  // 할레 is in 독일, which nothing here knows: the refutation is of the kind the calibration withholds.
  for (const claim of ['헨델은 할레에서 태어났다.', '헨델의 출생지는 할레이다.']) {
    const f = finding(claim, HANDEL);
    assert.equal(f?.stance, 'refute', claim);
    assert.equal(f?.kind, 'relation-place', claim);
  }
  assert.equal(
    finding('나보코프는 상트페테르부르크에서 태어났다.', '나보코프는 러시아 제국에서 태어났다.')?.kind,
    'relation-place',
  );
  // Two countries, or two cities, are two birthplaces.
  assert.equal(finding('헨델은 프랑스에서 태어났다.', HANDEL)?.kind, 'relation-verb');
  assert.equal(finding('헨델은 파리에서 태어났다.', '헨델은 할레에서 태어났다.')?.kind, 'relation-verb');
});

test('a former value (…였다) neither supports nor refutes a claim in the present', () => {
  const temporary = '부산광역시는 한국 전쟁 때 대한민국의 수도였다.';
  assert.deepEqual(relationAgreements('대한민국의 수도는 부산광역시이다.', temporary), []);
  assert.equal(finding('대한민국의 수도는 부산광역시이다.', temporary)?.stance === 'support', false);
  // The past claim agrees with the past statement.
  assert.equal(relationAgreements('부산광역시는 대한민국의 수도였다.', temporary).length, 1);
  // 러시아 제국 (past) is another time, and another polity, than 러시아.
  assert.deepEqual(
    relationClashes(
      '러시아의 수도는 모스크바이다.',
      '14세기에서 18세기 초까지 러시아 제국의 수도는 상트페테르부르크였다.',
    ),
    [],
  );
  // 조선 is not 조선민주주의인민공화국, though one name holds the other.
  assert.deepEqual(
    relationClashes('조선민주주의인민공화국의 수도는 평양직할시이다.', '조선의 수도는 한성이며 한양이라고도 한다.'),
    [],
  );
  // A claim that denies the relation agrees with nothing.
  assert.deepEqual(relationAgreements('서울특별시는 대한민국의 수도가 아니다.', SEOUL), []);
});

test('readings that named no value on kowiki are no relation', () => {
  // 작가 is a writer, not a book's author: "프랑스의 작가" names a country.
  assert.deepEqual(
    extractRelations('귀스타브 플로베르는 1821년 프랑스 루앙에서 태어난 프랑스의 작가이다.').map((r) => r.relation),
    ['출생지'],
  );
  // 하였다 is a verb's past, not a copula; a clause is no value.
  assert.deepEqual(
    extractRelations('이 이동은 인상파들이 세잔의 고향이 있는 남쪽으로 중심을 옮기는 역할을 하였다.'),
    [],
  );
  // 대략적인 is no value, nor is the relation named again (옛 수도인).
  assert.deepEqual(extractRelations('수도는 대략적인 하수 시설은 갖추어져있으나 우물을 이용한다.', '라이베리아'), []);
  assert.deepEqual(extractRelations('벨리즈의 최대 도시는 옛 수도인 벨리즈시티이다.'), []);
  // A relative's birthplace is not the page's person's; a frame (…보다는) is no topic.
  assert.deepEqual(extractRelations('한편, 아버지 새뮤얼 세이건은 카메네츠포돌스키에서 태어났다.', '칼 세이건'), []);
  assert.deepEqual(
    extractRelations('루터나 츠빙글리보다는 한 세대 후배인 칼빈은 프랑스 피카르디에서 태어났다.').map((r) => [
      r.owner,
      r.value,
    ]),
    [['칼빈', '피카르디']],
  );
  // A generic place (농가, 시) names no birthplace; "이곳" is the page's subject.
  assert.deepEqual(extractRelations('닉슨은 캘리포니아주의 넉넉하지 못한 농가에서 태어났다.'), []);
  assert.deepEqual(extractRelations('요한슨은 미국 뉴욕주 뉴욕 시에서 태어났다.'), []);
  assert.deepEqual(
    extractRelations('이곳은 반 고흐의 고향이다.', '쥔더르트').map((r) => [r.relation, r.owner, r.value]),
    [['출생지', '반 고흐', '쥔더르트']],
  );
  // "크로아티아가 고향이었던 티토는": the relation of the noun that follows, not of the page.
  assert.deepEqual(
    extractRelations('크로아티아가 고향이었던 요시프 브로즈 티토는 국가의 안정을 우려하였다.', '유고슬라비아'),
    [],
  );
});

test('relation agreement supports only a claim that says nothing beyond the relation', () => {
  assert.equal(finding('대한민국의 수도는 서울특별시이다.', SEOUL)?.kind, 'relation');
  // A date, a second predicate or a qualifier the sentence does not state is left unchecked: no support.
  for (const claim of [
    '서울특별시는 1950년부터 대한민국의 수도이다.',
    '서울특별시는 대한민국의 수도이자 최대 항구도시이다.',
    '대한민국의 유일한 수도는 서울특별시이다.',
  ]) {
    const f = finding(claim, SEOUL);
    assert.notEqual(f?.stance, 'support', `${claim}: ${f?.kind} ${f?.reasons.join(' / ')}`);
  }
});

test('a relation the sentence agrees on is its finding, not a support in passing the same sentence also gives', () => {
  // Every word of the claim is there too ('full', withheld); the location is what the sentence states.
  const galaxy = '삼각형자리 은하()는 지구에서 300만 광년 가량 떨어져 있는 삼각형자리에 위치한 나선 은하이다.';
  assert.equal(finding('삼각형자리 은하는 삼각형자리에 위치한다.', galaxy)?.kind, 'relation-place');
});

test("a place the sentence names on the page of the claim's place is inside it, not another place", () => {
  const airport = '대한민국 최대 국제공항인 인천국제공항이 중구 영종도에 위치해 있다.';
  assert.deepEqual(relationClashes('인천국제공항은 인천광역시에 위치해 있다.', airport, '인천광역시'), []);
  // On another page the finer place is still read as another.
  assert.equal(relationClashes('인천국제공항은 부산광역시에 위치해 있다.', airport, '인천광역시').length, 1);
});

test('a birthplace named inside larger places: a claim of one of them states the relation, another is no clash', () => {
  const hong = '1868년 10월 12일 평안도 평양에서 태어나 자성, 양덕 등을 전전하였다.';
  assert.deepEqual(extractRelations(hong, '홍범도')[0]?.within, ['평안도']);
  const province = finding('홍범도는 평안도에서 태어났다.', hong, '홍범도');
  assert.equal(province?.stance, 'support');
  assert.match(province?.reasons[0] ?? '', /같은 출생지: 근거: '평안도 평양에서 태어나'/);
  assert.equal(finding('홍범도는 함경도에서 태어났다.', hong, '홍범도')?.stance, 'refute');
  // Only places that follow one another up to it: "일본 점령하의" names no birthplace in 일본.
  assert.equal(extractRelations('그는 일본 점령하의 서울에서 태어났다.', '김철수')[0]?.within, undefined);
  assert.deepEqual(relationAgreements('김철수는 일본에서 태어났다.', '김철수는 일본 점령하의 서울에서 태어났다.'), []);
  assert.deepEqual(
    relationAgreements('위튼은 미국에서 태어났다.', '위튼은 미국 메릴랜드주의 볼티모어에서 태어났다.').map(
      (a) => a.evidence.value,
    ),
    ['볼티모어'],
  );
});

test('a birthplace said of another place, the claimed one only a modifier of it, states nothing: every word is there', () => {
  // The claimed place is not in the birthplace's slot (roles.ts slotTaken), whatever the relation.
  const placeTaken = (claim: string, sentence: string) =>
    slotTaken(
      claim,
      sentence,
      contentTerms(claim).map((t) => t.term),
      predicateStem(claim),
    ) !== null;
  // "일본 점령하의 서울": 일본 says under whom, not where. Not TRUE, and not FALSE either.
  const occupied = '김철수는 일본 점령하의 서울에서 태어났다.';
  assert.equal(finding('김철수는 일본에서 태어났다.', occupied), null);
  assert.equal(finding('김철수는 서울에서 태어났다.', occupied)?.stance, 'support');
  assert.equal(placeTaken('김철수는 일본에서 태어났다.', occupied), true);
  // Inside the claimed place: in the genitive in the place's phrase, in its gloss, or a larger place right before it.
  const dublin = '조이스는 아일랜드의 수도 더블린의 샌디마운트에서 태어났다.';
  assert.equal(finding('조이스는 아일랜드에서 태어났다.', dublin)?.stance, 'support');
  assert.equal(placeTaken('조이스는 아일랜드에서 태어났다.', dublin), false);
  assert.equal(
    finding('헨델은 독일에서 태어났다.', '헨델은 프로이센의 할레(현재는 독일 영토)에서 태어났다.')?.stance,
    'support',
  );
  assert.equal(placeTaken('위튼은 미국에서 태어났다.', '위튼은 미국 메릴랜드주의 볼티모어에서 태어났다.'), false);
  // A former state between them: the city was the country's then, not where it is.
  assert.equal(placeTaken('김철수는 일본에서 태어났다.', '김철수는 일본의 식민지였던 조선의 경성에서 태어났다.'), true);
});

test('a birthplace clashes with a claimed place the sentence names for another word, not inside its own phrase', () => {
  // "서울 출신의 부모": 서울 is the parents'. The birthplace is 부산.
  const parents = finding('김철수는 서울에서 태어났다.', '김철수는 서울 출신의 부모 사이에서 부산에서 태어났다.');
  assert.equal(parents?.stance, 'refute');
  assert.match(parents?.reasons[0] ?? '', /다른 출생지: 근거: '부산에서 태어났다'/);
  // Inside the place's own phrase or its gloss, the claimed place is the same one at another level.
  assert.notEqual(
    finding('김철수는 더블린에서 태어났다.', '그는 아일랜드의 수도 더블린의 샌디마운트에서 태어났다.')?.stance,
    'refute',
  );
  assert.notEqual(
    finding('헨델은 독일에서 태어났다.', '헨델은 프로이센의 할레(현재는 독일 영토)에서 태어났다.')?.stance,
    'refute',
  );
  // A location's other words are as often its region: no clash.
  assert.equal(
    relationClashes(
      '시오가마시는 미야기현에 위치한다.',
      '미야기현의 거의 중앙, 센다이시와 마쓰시마섬의 중간에 위치하고 있다.',
      '시오가마시',
    ).length,
    0,
  );
});
