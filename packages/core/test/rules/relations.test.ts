import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  extractRelations,
  otherTime,
  relationAgreements,
  relationClashes,
  relationWords,
} from '../../src/pipeline/rules/relations.js';
import { FORMER, FORMER_BEFORE_NOUN } from '../../src/pipeline/rules/former.js';
import { isQualifierWord, qualifierMismatches } from '../../src/pipeline/rules/qualifiers.js';

/**
 * 옛, 구, 전(前), 초기, 임시 before a relation noun make it another relation than today's single
 * value: "개성은 고려의 옛 수도이다" names no capital of 고려 today, and a country has had several
 * former or provisional capitals. Before, the time word hid the genitive owner (the relation was
 * dropped, or given to the page's title: on the page 개성시, "개성시의 수도는 개성").
 */
test('relations: 옛 / 전 / 초기 / 임시 before the noun read as another relation, the owner before them', () => {
  const read = (s: string, title = '') =>
    extractRelations(s, title).map((r) => [r.relation, r.owner, r.value, r.past ?? false]);
  assert.deepEqual(read('개성은 고려의 옛 수도이다.', '개성시'), [['옛 수도', '고려', '개성', false]]);
  assert.deepEqual(read('교토는 일본의 전 수도이다.'), [['옛 수도', '일본', '교토', false]]);
  assert.deepEqual(read('아사달은 고조선의 초기 수도이다.'), [['초기 수도', '고조선', '아사달', false]]);
  assert.deepEqual(read('부산은 대한민국의 임시 수도였다.'), [['임시 수도', '대한민국', '부산', true]]);
  assert.deepEqual(read('고려의 옛 수도는 개성이다.'), [['옛 수도', '고려', '개성', false]]);
  // Written as one word.
  assert.deepEqual(read('부산은 대한민국의 임시수도였다.'), [['임시 수도', '대한민국', '부산', true]]);
  // The plain relation is unchanged.
  assert.deepEqual(read('서울특별시는 대한민국의 수도이다.'), [['수도', '대한민국', '서울특별시', false]]);
  assert.ok(
    otherTime({ relation: '임시 수도' }) && !otherTime({ relation: '수도' }) && !otherTime({ relation: '최대 도시' }),
  );
});

test('relations: a former, early or provisional capital never refutes or supports today’s capital', () => {
  // Not today's capital: neither a clash with the present one nor an agreement.
  for (const [claim, evidence] of [
    ['대한민국의 수도는 부산이다.', '부산은 대한민국의 임시 수도였다.'],
    ['고려의 수도는 평양이다.', '개성은 고려의 옛 수도이다.'],
    ['고려의 수도는 개성이다.', '개성은 고려의 옛 수도이다.'],
    ['서울특별시는 대한민국의 옛 수도이다.', '서울특별시는 대한민국의 수도이다.'],
    ['부산광역시는 대한민국의 임시 수도이다.', '서울특별시는 대한민국의 수도이다.'],
  ]) {
    assert.deepEqual(relationClashes(claim!, evidence!), [], `${claim} | ${evidence}`);
    assert.deepEqual(relationAgreements(claim!, evidence!), [], `${claim} | ${evidence}`);
  }
  // One of several: another former or provisional capital refutes nothing.
  assert.deepEqual(relationClashes('고려의 옛 수도는 평양이다.', '개성은 고려의 옛 수도이다.'), []);
  assert.deepEqual(relationClashes('대한민국의 임시 수도는 대구였다.', '부산은 대한민국의 임시 수도였다.'), []);
  // The look-alike: the plain relation still clashes.
  assert.equal(relationClashes('대한민국의 수도는 부산이다.', '서울특별시는 대한민국의 수도이다.').length, 1);
});

test('relations: the same former or provisional relation agrees; a former one also agrees with a past claim', () => {
  assert.equal(relationAgreements('고려의 옛 수도는 개성이다.', '개성은 고려의 옛 수도이다.').length, 1);
  assert.equal(relationAgreements('대한민국의 임시 수도는 부산이었다.', '부산은 대한민국의 임시 수도였다.').length, 1);
  // "고려의 수도는 개성이었다" is what 옛 수도 says; a provisional capital is not said by it.
  assert.equal(relationAgreements('고려의 수도는 개성이었다.', '개성은 고려의 옛 수도이다.').length, 1);
  assert.deepEqual(relationAgreements('대한민국의 수도는 부산이었다.', '부산은 대한민국의 임시 수도였다.'), []);
  // The time word is one of the words that state the relation (saysOnlyTheRelation reads them).
  const [former] = extractRelations('고려의 옛 수도는 개성이다.');
  assert.ok(former);
  assert.ok(
    relationWords(former).includes('옛수도') || relationWords(former).includes('옛 수도'),
    relationWords(former),
  );
});

test('relations: "수도가 되었던 것은 …이다" says when, names no value', () => {
  // Before, the value read was "되었던 것은 1950년", and the kowiki relation set made claims of it.
  assert.deepEqual(extractRelations('이곳이 수도가 되었던 것은 1950년이다.', '부산'), []);
  assert.deepEqual(extractRelations('부산이 임시 수도가 되었던 것은 한국 전쟁 때이다.'), []);
  // The look-alike: a name as the value.
  assert.deepEqual(
    extractRelations('대한민국의 수도는 서울이다.').map((r) => r.value),
    ['서울'],
  );
});

/**
 * One list of the words for "former" (former.ts) feeds both rules that read them: the relation
 * of another time (relations.ts) and the qualifier 이전 a supporting sentence must share with the
 * claim (qualifiers.ts). A word one of them reads and the other does not fails here.
 */
test('every word for "former" is read by both the relations and the qualifier 이전', () => {
  const read = (s: string) => extractRelations(s).map((r) => [r.relation, r.owner, r.value]);
  for (const word of [...FORMER, ...FORMER_BEFORE_NOUN]) {
    const claim = `교토는 일본의 ${word} 수도이다.`;
    assert.deepEqual(read(claim), [['옛 수도', '일본', '교토']], word);
    assert.deepEqual(
      qualifierMismatches(claim, '교토는 일본의 수도이다.').map((m) => [m.name, m.side]),
      [['이전', 'claim']],
      word,
    );
  }
  // The words that say it alone also with 의 (과거의 수도), and written into the noun (옛수도):
  // before, 이전의 was read as the capital's owner.
  for (const word of FORMER) {
    assert.deepEqual(read(`교토는 일본의 ${word}의 수도이다.`), [['옛 수도', '일본', '교토']], word);
    assert.deepEqual(read(`교토는 일본의 ${word}수도이다.`), [['옛 수도', '일본', '교토']], word);
    assert.ok(isQualifierWord(`${word}의`) && isQualifierWord(`${word}에`), word);
  }
  // 구 and 전 only right before the noun: starting another word (전쟁, 구성원) they are no time.
  assert.deepEqual(qualifierMismatches('교토는 전쟁 중 일본의 수도였다.', '교토는 일본의 수도였다.'), []);
  assert.deepEqual(qualifierMismatches('교토는 구성원이 많은 일본의 수도였다.', '교토는 일본의 수도였다.'), []);
});

test('relations: a location said before another noun belongs to that noun, not to the sentence’s topic', () => {
  const places = (text: string) => extractRelations(text).filter((r) => r.relation === '위치');
  assert.deepEqual(
    places('조란 진지치 총리는 네덜란드 헤이그에 위치한 국제형사재판소에 신병 인도 절차를 수행했다.'),
    [],
  );
  // Through a relative clause to its head: the palace's place still, not the page's.
  assert.deepEqual(
    extractRelations('청와대 경내에 위치한 칠궁을 개방하는 조치를 취했다.', '청와대').filter(
      (r) => r.relation === '위치',
    ),
    [],
  );
  assert.deepEqual(
    places('숙명여자고등학교는 서울특별시 강남구 도곡동에 위치한 사립 고등학교이다.').map((r) => [r.owner, r.value]),
    [['숙명여자고등학교', '도곡동']],
  );
});

test('relations: one foreign name in two spellings (에딘버러 / 에든버러) is one value, never a clash', () => {
  const edinburgh = '스코틀랜드의 수도는 에든버러이며, 영국 내에서 두 번째로 큰 금융도시이다.';
  assert.deepEqual(relationClashes('스코틀랜드의 수도는 에딘버러이다.', edinburgh), []);
  // Another consonant, or another vowel than transliterations swap, is another name.
  assert.equal(relationClashes('스코틀랜드의 수도는 에든버그이다.', edinburgh).length, 1);
  assert.equal(relationClashes('스코틀랜드의 수도는 에든바러이다.', edinburgh).length, 1);
  // A short name is never read as another's spelling.
  assert.equal(relationClashes('대한민국의 수도는 서올이다.', '대한민국의 수도는 서울이다.').length, 1);
});

test('relations: one place under its Sino-Korean reading or former name (동경 / 도쿄, 키예프 / 키이우) is one value', () => {
  const tokyo = '도쿄는 일본 혼슈 섬의 중앙에 있는 일본의 수도이다.';
  assert.deepEqual(relationClashes('일본의 수도는 동경이다.', tokyo), []);
  assert.equal(relationAgreements('일본의 수도는 동경이다.', tokyo).length, 1);
  assert.deepEqual(relationClashes('우크라이나의 수도는 키예프이다.', '키이우는 우크라이나의 수도이다.'), []);
  assert.deepEqual(
    relationClashes(
      '상하이시는 중화인민공화국의 최대 도시이다.',
      '상해는 중국 본토 동부에 있는 중화인민공화국의 최대 도시이다.',
    ),
    [],
  );
  // Another place is still another value.
  assert.equal(relationClashes('일본의 수도는 오사카이다.', tokyo).length, 1);
  assert.equal(relationClashes('일본의 수도는 대판이다.', tokyo).length, 1);
});

test('relations: an event held somewhere (개최지), one place an edition, named whole', () => {
  const SEOUL88 =
    '1988년 하계 올림픽(, )은 1988년 9월 17일부터 10월 2일의 16일 동안 대한민국의 서울에서 개최된 하계 올림픽이다.';
  const read = (s: string, title = '') =>
    extractRelations(s, title)
      .filter((r) => r.relation === '개최지')
      .map((r) => `${r.owner}|${r.value}`);
  // The modifier of the lead's own predicate names the topic's host; the edition is its whole name.
  assert.deepEqual(read(SEOUL88, '1988년 하계 올림픽'), ['1988년 하계 올림픽|서울']);
  assert.deepEqual(read('1988년 하계 올림픽은 부산에서 열렸다.'), ['1988년 하계 올림픽|부산']);
  // A co-host, a kind of event, another event the topic took part in: no host of the topic.
  assert.deepEqual(read('2002년 FIFA 월드컵은 대한민국과 일본에서 개최되었다.'), []);
  assert.deepEqual(read('경기는 평창에서 개최되었으며 시상식은 강릉에서 열렸다.'), []);
  assert.deepEqual(read('방탄소년단은 서울올림픽주경기장에서 열린 기념 공연에 참가했다.'), []);
  // Who held it is another relation; so is a time clause (…개최되었을 때).
  assert.deepEqual(read('대한민국은 서울에서 올림픽을 개최했다.'), []);
  assert.deepEqual(read('올림픽은 1906년 올림픽이 아테네에서 개최되었을 때 다시 일어서게 된다.'), []);

  const clash = (claim: string, evidence: string, title = '') =>
    relationClashes(claim, evidence, title).map((c) => `${c.evidence.value}/${c.claim.value}`);
  assert.deepEqual(clash('1988년 하계 올림픽은 부산에서 개최되었다.', SEOUL88, '1988년 하계 올림픽'), ['서울/부산']);
  // The country around the city is no other host; another edition's host is not this one's.
  assert.deepEqual(clash('1988년 하계 올림픽은 대한민국에서 개최되었다.', SEOUL88, '1988년 하계 올림픽'), []);
  assert.deepEqual(clash('2018년 동계 올림픽은 부산에서 개최되었다.', SEOUL88, '1988년 하계 올림픽'), []);
});

test('relations: a place ending in a street number is the whole address; a distance is no address', () => {
  const places = (text: string, title?: string) =>
    extractRelations(text, title)
      .filter((r) => r.relation === '위치')
      .map((r) => [r.owner, r.value]);
  assert.deepEqual(places('한국은행은 서울특별시 중구 남대문로 39에 위치하고 있다.'), [
    ['한국은행', '서울특별시 중구 남대문로 39'],
  ]);
  assert.deepEqual(places('1950년 6월 12일에 발족하였으며, 서울특별시 중구 남대문로 39에 위치하고 있다.', '한국은행'), [
    ['한국은행', '서울특별시 중구 남대문로 39'],
  ]);
  // "북동쪽으로 57km지점에" says how far, not where: no value read from it.
  assert.deepEqual(places('코로차는 벨고로드에서 북동쪽으로 57km지점에 위치한다.'), []);
});

test('relations: a measure and a name of the same single value do not exclude each other', () => {
  const claim = '찬드라세카르 한계는 유체 정역학 평형에 있는 백색왜성의 최대 질량이다.';
  const measure = '전자축퇴압이 버틸 수 있는 최대의 질량은 대략 태양의 1.44배 정도이다.';
  assert.equal(extractRelations(measure, '백색왜성')[0]?.relation, '최대 질량');
  // The limit may be what the mass is: no clash, either way round.
  assert.deepEqual(relationClashes(claim, measure, '백색왜성'), []);
  // Two names still do.
  const named = relationClashes('대한민국의 최대 도시는 부산이다.', '대한민국의 최대 도시는 서울이다.');
  assert.deepEqual(
    named.map((c) => [c.claim.value, c.evidence.value]),
    [['부산', '서울']],
  );
});
