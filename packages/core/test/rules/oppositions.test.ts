import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Evidence } from '../../src/evidence.js';
import { assessEvidence, type Finding } from '../../src/pipeline/rules/agreement.js';
import { aggregate } from '../../src/pipeline/stages/aggregate/index.js';
import { negatedPredicate } from '../../src/pipeline/rules/polarity.js';

/**
 * Each kind of refutation: a Korean pair it refutes, with both phrases named in the reason, and
 * the near misses it must leave alone (a bound, a span, the claim's value also given, another
 * subject, another attribute).
 */
function check(claim: string, content: string): Finding | null {
  const finding = assessEvidence(claim, { evid_id: 'ev', content });
  if (finding) assert.ok(content.includes(finding.quote), `quote must be verbatim: ${finding.quote}`);
  return finding;
}

test('date: another year, month or day for the same event refutes, naming both dates', () => {
  const film = check(
    '《왕의 남자》는 2006년에 개봉하였다.',
    '《왕의 남자》는 이준익 감독의 영화로, 2005년에 개봉하였다.',
  );
  assert.equal(film?.stance, 'refute');
  assert.equal(film?.kind, 'date');
  assert.deepEqual(film?.reasons, ["날짜 불일치: 근거: '2005년' ↔ 주장: '2006년'"]);
  const day = check('수영은 2002년 2월 10일에 태어났다.', '수영은 2002년 2월 12일에 태어났다.');
  assert.equal(day?.kind, 'date');
  assert.match(day?.reasons.join(' ') ?? '', /근거: '12일' ↔ 주장: '10일'/);
});

test('date: not a refutation of its own when a date bounds a period or is a span', () => {
  // A bound: a different year inside or at the edge of a period says nothing precise.
  assert.notEqual(check('이 회사는 2001년까지 흑자를 냈다.', '이 회사는 2003년까지 흑자를 냈다.')?.kind, 'date');
  assert.notEqual(check('이 회사는 2001년에 흑자를 냈다.', '이 회사는 1998년부터 흑자를 냈다.')?.kind, 'date');
  // A span of time (10년 동안) is a length, not a date.
  assert.notEqual(
    check('그 분석가는 회사에서 10년 동안 일했다.', '그 분석가는 회사에서 4년 동안 일했다.')?.kind,
    'date',
  );
});

test("date: the claim's date given elsewhere in the sentence (another event of the same subject) is no clash", () => {
  const f = check(
    '유리는 2007년에 배우로 데뷔하였다.',
    '유리는 2005년에 가수로 데뷔하였고, 2007년에 배우로 데뷔하였다.',
  );
  assert.notEqual(f?.stance, 'refute', JSON.stringify(f?.reasons));
});

test('date: a sentence about another subject and attribute is not read against the claim', () => {
  assert.equal(check('《왕의 남자》는 2006년에 개봉하였다.', '이준익 감독은 1959년에 서울에서 태어났다.'), null);
});

test("date: an action inside another's compound (노조설립) is another event, whose date is not the claim's", () => {
  const claim = '삼성전자는 1969년에 설립되었다.';
  const union = check(
    claim,
    '2010년 11월 26일 삼성전자로부터 해고된 박종태는 노조설립 필요성을 주장하는 글을 올렸다는 이유로 해고되었다고 주장하고 있다.',
  );
  assert.ok(union === null || union.kind === 'contrast', JSON.stringify(union));
  // The action standing as a word of its own is the same event, and its date refutes.
  const own = check(claim, '삼성전자는 1970년에 설립되었으며, 본사는 수원시에 있다.');
  assert.equal(own?.kind, 'date', JSON.stringify(own));
  // A noun the claim says X is (학교이다) is matched inside its longer kind (대학교): another country refutes.
  const school = check('하버드 대학교는 한국의 학교이다.', '하버드 대학교는 미국에서 가장 오래된 대학교이다.');
  assert.equal(school?.stance, 'refute', JSON.stringify(school));
});

test('antonym: the other event of a life or a term (탄생 / 사망, 취임 / 퇴임) is another event, unless said of the claim’s date', () => {
  assert.equal(
    check('토마스 아퀴나스는 1274년에 사망하였다.', '토마스 아퀴나스의 탄생 연월일을 명시한 기록은 전무하다.'),
    null,
  );
  assert.equal(check('김철수 장관은 2019년에 취임했다.', '김철수 장관은 2023년 3월에 퇴임했다.'), null);
  assert.equal(check('김철수 장관은 서울에서 취임했다.', '김철수 장관은 서울에서 퇴임했다.'), null);
  // The claim's own date with the other event: the event swapped.
  const swapped = check('김철수 장관은 2019년에 취임했다.', '김철수 장관은 2019년에 퇴임했다.');
  assert.equal(swapped?.kind, 'antonym');
  assert.match(swapped?.reasons.join(' ') ?? '', /주장 '취임', 근거 '퇴임'/);
  // A pair of states, not events, still opposes: alive is not dead.
  assert.equal(check('그 환자는 사고 직후 사망했다.', '그 환자는 사고 직후 생존했다.')?.kind, 'antonym');
});

test('an LLM support citation that gives another date cannot make the claim TRUE', () => {
  const wiki: Evidence = {
    evid_id: 'ev_film',
    source_type: 'WIKIPEDIA',
    title: '왕의 남자',
    url: 'https://wiki.example/왕의_남자',
    content: '《왕의 남자》는 이준익 감독의 영화로, 2005년에 개봉하였다.',
    provider: 'wiki',
    trust_tier: 'encyclopedia',
    trust: 0.82,
    relevance: 1,
  };
  const agg = aggregate(
    [
      {
        role: 'support',
        stance: 'TRUE',
        confidence: 0.9,
        reasoning: [],
        citations: [{ evid_id: 'ev_film', stance: 'support', quote: wiki.content }],
        dropped: 0,
        weak_points: [],
        followup_queries: [],
      },
    ],
    [wiki],
    '《왕의 남자》는 2006년에 개봉하였다.',
  );
  assert.equal(agg.support.length, 0);
  assert.equal(agg.overruled.length, 1);
  assert.match(agg.overruled[0]!.reasons.join(' '), /날짜 불일치: 근거: '2005년' ↔ 주장: '2006년'/);
});

test("negated-predicate: the claim's predicate said with the opposite polarity of the same subject", () => {
  const man = check('맨섬은 영국에 포함된다.', '맨섬은 영국에 포함되지는 않지만, 영국 왕실의 속령이다.');
  assert.equal(man?.stance, 'refute');
  assert.equal(man?.kind, 'negated-predicate');
  assert.deepEqual(man?.reasons, ["부정 불일치: 근거: '포함되지는 않지만' ↔ 주장: '포함된다'"]);
  // The claim negated, the evidence affirming; a gloss between the name and its particle.
  const seoul = check(
    '서울특별시는 대한민국의 수도가 아니다.',
    '서울특별시(서울特別市)는 대한민국의 수도이자 최대 도시이다.',
  );
  assert.equal(seoul?.kind, 'negated-predicate');
  assert.match(seoul?.reasons.join(' ') ?? '', /근거: '수도이자 최대' ↔ 주장: '수도가 아니다'/);
  assert.equal(
    check('고혈압은 대부분 증상을 동반한다.', '고혈압은 거의 증상을 동반하지 않으며, 합병증이 생긴 뒤에 발견된다.')
      ?.kind,
    'negated-predicate',
  );
  // A sentence without a topic of its own continues its page's subject.
  assert.equal(
    check('세종대왕은 훈민정음을 창제하였다.', '1443년에 훈민정음을 직접 창제하지 않았다.')?.kind,
    'negated-predicate',
  );
});

test('negated-predicate: not for another subject, a negated modifier, another clause, or a noun inside a longer word', () => {
  // Another subject: 집현전 학자들, 무산소 운동.
  assert.notEqual(
    check('세종대왕은 훈민정음을 창제하였다.', '집현전 학자들은 1443년에 훈민정음을 창제하지 않았다.')?.kind,
    'negated-predicate',
  );
  assert.notEqual(
    check('유산소 운동은 산소를 활용한다.', '무산소 운동이란 산소를 활용하지 않고 에너지를 공급하는 운동을 말한다.')
      ?.kind,
    'negated-predicate',
  );
  // A negated modifier (녹지 않는 에탄올) before the affirmed predicate (녹는다).
  assert.notEqual(
    check('수산화 칼륨은 에탄올에서도 녹는다.', '수산화 칼륨은 잘 녹지 않는 에탄올과 메탄올에도 녹는다.')?.kind,
    'negated-predicate',
  );
  // The negation in another clause about something else; the claim's clause affirms it.
  assert.notEqual(check('맨섬은 영국에 포함된다.', '맨섬은 관광객이 많지 않지만, 영국에 포함된다.')?.stance, 'refute');
  // Another subject in the same sentence: 저혈압 does not, 고혈압 is not said to.
  assert.equal(
    check('고혈압은 대부분 증상을 동반한다.', '저혈압은 증상을 동반하지 않으며, 고혈압은 두통을 일으킨다.'),
    null,
  );
  // 수도 only as the place of another predicate (수도에 … 설치하여) is not said either way; a noun the
  // claim says is absent (소설이 없다) is said to be there when it stands as an argument.
  assert.equal(
    check(
      '서울특별시는 대한민국의 수도가 아니다.',
      '대한민국과 중화민국 양국은 양국 수도에 서로 대표부를 설치하여 운영 중에 있다.',
    ),
    null,
  );
  // …nor as the first noun of a compound (도시 철도), nor in a sentence without a topic on another page.
  assert.equal(
    check(
      '서울특별시는 대한민국의 최대 도시가 아니다.',
      '서울 지하철은 서울특별시 근교를 운행하는 도시 철도 체계이다.',
    ),
    null,
  );
  const city = '서울특별시는 대한민국의 최대 도시가 아니다.';
  const page = (title: string) =>
    assessEvidence(city, { evid_id: 'ev', content: '대한민국의 대표적인 남초 도시 중 하나이다.', title })?.stance;
  assert.equal(page('인천광역시'), undefined);
  assert.equal(
    assessEvidence(city, { evid_id: 'ev', content: '대한민국의 수도이자 최대 도시이다.', title: '서울특별시' })?.kind,
    'negated-predicate',
  );
  assert.equal(
    check(
      '영화 페이 잇 포워드는 원작 소설이 없다.',
      '영화 페이 잇 포워드는 캐서린 라이언 하이드의 동명 소설을 원작으로 한다.',
    )?.stance,
    'refute',
  );
  // 비수도권 contains 수도 but says nothing about the capital.
  assert.notEqual(
    check('대한민국의 수도는 부산이다.', '수도권과 비수도권을 잇는 광역전철은 부산에 없다.')?.kind,
    'negated-predicate',
  );
});

test('an LLM support citation whose predicate is negated for the same subject cannot make the claim TRUE', () => {
  const wiki: Evidence = {
    evid_id: 'ev_man',
    source_type: 'WIKIPEDIA',
    title: '맨섬',
    url: 'https://wiki.example/맨섬',
    content: '맨섬은 영국에 포함되지는 않지만, 영국 왕실의 속령이다.',
    provider: 'wiki',
    trust_tier: 'encyclopedia',
    trust: 0.82,
    relevance: 1,
  };
  const agg = aggregate(
    [
      {
        role: 'support',
        stance: 'TRUE',
        confidence: 0.9,
        reasoning: [],
        citations: [{ evid_id: 'ev_man', stance: 'support', quote: wiki.content }],
        dropped: 0,
        weak_points: [],
        followup_queries: [],
      },
    ],
    [wiki],
    '맨섬은 영국에 포함된다.',
  );
  assert.equal(agg.support.length, 0);
  assert.match(agg.overruled[0]?.reasons.join(' ') ?? '', /근거: '포함되지는 않지만' ↔ 주장: '포함된다'/);
});

test("attribute-contrast: another member of a contrast set as an attribute of the claim's subject", () => {
  const chain = check('맥도날드는 일본의 체인점이다.', '맥도날드는 미국의 세계적인 패스트푸드 체인점이다.');
  assert.equal(chain?.stance, 'refute');
  assert.equal(chain?.kind, 'attribute-contrast');
  assert.deepEqual(chain?.reasons, ["다른 대상: 주장 '일본', 근거 '미국'"]);
});

test('attribute-contrast: not for a swap inside the subject or a claim that it can be found somewhere', () => {
  // 아내 against 남편: the sentence speaks of another person.
  assert.equal(
    check('사도세자의 아내는 혜경궁 홍씨이다.', '혜경궁은 남편 사도세자의 실수와 비행을 자신의 친정에 알렸다.')?.kind,
    'contrast',
  );
  // Another subject (남부 베트남의 요리, not 리비아 요리): another country of its influence says nothing.
  assert.equal(
    check('리비아 요리는 이탈리아의 영향을 많이 받았다.', '남부 베트남의 요리는 프랑스의 영향을 가장 많이 받았다.')
      ?.kind,
    'contrast',
  );
  // Found in France does not deny found in Korea.
  assert.equal(
    check('카눌레는 한국의 디저트 가게에서 찾아볼 수 있다.', '카눌레는 프랑스의 디저트 가게에서 찾아볼 수 있다.')?.kind,
    'contrast',
  );
});

test('no opposition from a word the claim says as well: both sides of a pair set side by side, a prefixed word either way', () => {
  // The claim says 무승부 itself; 불 태웠고 is 불태웠고 spaced (a verb, which no prefix negates).
  assert.notEqual(
    check(
      '상대방이 자신을 체크메이트 할 수 없는 상황일 때 승부의 결과는 무승부다.',
      '상대방이 자신을 체크메이트 할 수 없는 상황이었다면 무승부가 된다.',
    )?.stance,
    'refute',
  );
  assert.notEqual(
    check(
      '아몬이 토라를 불 태웠고, 제단이 거미줄로 뒤덮이도록 놔 두었다고 한 것은 탈무드다.',
      '탈무드에서는 "아몬이 토라를 불태웠고, 제단이 거미줄로 뒤덮이도록 놔두었다"라고 이야기 하고 있다.',
    )?.stance,
    'refute',
  );
  assert.equal(check('그 회의는 공개로 진행되었다.', '그 회의는 비공개로 진행되었다.')?.kind, 'antonym');
  // Where the claim speaks (국내에서), set beside the other in one sentence: each clause its own.
  assert.notEqual(
    check('이 제도는 국내에서 널리 시행되고 있다.', '이 제도는 해외에선 널리 시행되고 있지만 국내에선 시행되지 못했다.')
      ?.kind,
    'antonym',
  );
  assert.equal(check('이 제품은 국내에서 생산된다.', '이 제품은 해외에서 생산된다.')?.kind, 'antonym');
  // A value said both ways is still read clause by clause: today's is the other.
  assert.equal(
    check(
      '오늘날 비글은 귀와 주둥이가 길다.',
      '20세기 이전까지만해도 귀와 주둥이가 길었지만, 오늘날의 비글과 같이 주둥이와 귀가 짧아짐과 함께 애완용으로 기르기도 한다.',
    )?.kind,
    'antonym',
  );
});

test('attribute-contrast: a country named only in brackets, or the claim’s inside a longer name, is no other value', () => {
  assert.equal(
    check('소방방재청은 일본에 119 대원을 파견하였다.', '소방방재청은 대한민국에 119 대원을 파견하였다.')?.kind,
    'attribute-contrast',
  );
  assert.equal(
    check(
      '소방방재청은 일본에 119 대원을 파견하였다.',
      '소방방재청은 3월 14일 119 대원 102명을 추가 파견하였다.(대한민국의 지원 참고)',
    )?.stance === 'refute',
    false,
  );
  assert.equal(
    check('소방방재청은 일본에 119 대원을 파견하였다.', '소방방재청은 동일본 대지진 때 대한민국 119 대원을 파견하였다.')
      ?.stance === 'refute',
    false,
  );
});

test('a noun denied with a modifier the claim does not give it is not denied as the claim says it', () => {
  const sport = assessEvidence('2002년 FIFA 월드컵은 17번째 FIFA 월드컵 대회이다.', {
    evid_id: 'e',
    content:
      '다른 스포츠들과는 다르게, 올림픽에서의 축구는 FIFA 월드컵이 생성된 이래로 크게 중요도가 높은 대회는 아니다.',
    title: 'FIFA 월드컵',
  });
  assert.equal(sport, null);
  // The bare noun denied, or the claim's own modifier denied, still refutes.
  assert.equal(
    assessEvidence('서울특별시는 대한민국의 수도이다.', {
      evid_id: 'e',
      content: '서울특별시는 대한민국의 수도가 아니다.',
    })?.stance,
    'refute',
  );
  assert.equal(
    assessEvidence('서울특별시는 대한민국의 큰 도시이다.', {
      evid_id: 'e',
      content: '서울특별시는 대한민국의 큰 도시가 아니다.',
    })?.stance,
    'refute',
  );
});

test('a negation reason names the predicate on both sides, not a name that ends in its noun', () => {
  const f = assessEvidence('대구광역시는 대한민국 동남부 내륙에 있는 광역시가 아니다.', {
    evid_id: 'e',
    content: '대구광역시(大邱廣域市, )는 대한민국 동남부 내륙에 있는 광역시이다.',
  });
  assert.equal(f?.stance, 'refute');
  assert.deepEqual(f?.reasons, ["부정 불일치: 근거: '광역시이다' ↔ 주장: '광역시가 아니다'"]);
});

test('a negation reason runs through the auxiliary that carries it (분류할 수 있다 ↔ 분류할 수 없다)', () => {
  const f = assessEvidence('캠은 평면 캠과 확동 캠, 입체 캠으로 분류할 수 없다.', {
    evid_id: 'e',
    title: '캠',
    content: '캠은 평면 캠과 확동 캠, 입체 캠으로 분류할 수 있다.',
  });
  assert.equal(f?.stance, 'refute');
  assert.equal(f?.reasons[0], "부정 불일치: 근거: '분류할 수 있다' ↔ 주장: '분류할 수 없다'");
});

test('antonym: one written solid before a time noun (총회 마지막날) is said of that day, not of the claim', () => {
  const congress =
    '총회는 1894년 6월 16일부터 6월 23일까지 지속되었으며, 총회 마지막날, 2년 후인 1896년에 첫 번째 근대 올림픽을 개최하기로 결정하였다.';
  assert.notEqual(check('하계 올림픽은 1896년에 처음 열렸다.', congress)?.kind, 'antonym');
  assert.equal(check('그 대회는 처음 열렸다.', '그 대회는 마지막으로 열렸다.')?.kind, 'antonym');
});

test('an antonym against a word the claim says twice: the evidence must say it as often', () => {
  const border = '안산은 랴오닝성의 서쪽 평원과 동쪽 산지의 경계에 위치해있다.';
  // The sample wiki's sentence with one 동쪽 swapped for 서쪽 was TRUE: 서쪽 was found once.
  assert.notEqual(check('안산은 랴오닝성의 서쪽 평원과 서쪽 산지의 경계에 위치해있다.', border)?.stance, 'support');
  assert.equal(check('안산은 랴오닝성의 서쪽 평원과 동쪽 산지의 경계에 위치해있다.', border)?.stance, 'support');
  // Once in the claim, both sides in the evidence: still no clash.
  assert.notEqual(check('안산은 랴오닝성의 서쪽 평원에 있다.', border)?.kind, 'antonym');
});

test('a one-syllable predicate with its 하 (말하다, 속하다) denied is the predicate denied', () => {
  const definition = '촉매(觸媒, catalyst)란 반응과정에서 소모되지 않으면서 반응속도를 변화시키는 물질을 말한다.';
  const denied = assessEvidence('촉매란 반응과정에서 소모되지 않으면서 반응속도를 변화시키는 물질을 말하지 않는다.', {
    evid_id: 'ev',
    title: '촉매',
    content: definition,
  });
  assert.equal(denied?.kind, 'negated-predicate');
  // The syllable inside another word is no form of the verb: 말레이시아 says nothing of 말하다.
  const s = '그는 말레이시아에 간다.';
  assert.equal(negatedPredicate('그는 말레이시아를 말하지 않는다.', '그는 말레이시아를 말한다.', s, '말'), true);
  assert.equal(negatedPredicate('그는 말레이시아에 가지 않는다.', s, s, '말'), false);
});
