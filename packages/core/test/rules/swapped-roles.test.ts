import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assessEvidence } from '../../src/pipeline/rules/agreement.js';
import { ownerTaken, roleIn, slotTaken, topicTaken } from '../../src/pipeline/rules/roles.js';

/**
 * A subject swap the sample-wiki sweep found supported (withheld, but cited as agreeing): "X와의"
 * had no role, so "대한민국은 터키와의 경기에서 승리했다" matched "터키는 대한민국과의 경기에서 승리해".
 * A particle made a modifier by 의 keeps its own role.
 */
const check = (claim: string, content: string) => assessEvidence(claim, { evid_id: 'ev', content });
/** The claim is neither supported nor refuted by the sentence. */
const none = (claim: string, content: string) => assert.equal(check(claim, content)?.stance ?? null, null, claim);
const yes = (claim: string, content: string) => assert.equal(check(claim, content)?.stance, 'support', claim);
const MATCH = '터키는 대한민국과의 3위 결정전 경기에서 3-2로 승리해 이 대회를 3위로 마감하였다.';

test('roleIn: 와의, 에서의 keep the role of their first particle; 의 alone is genitive', () => {
  assert.equal(roleIn('터키와의 경기', '터키'), 'comitative');
  assert.equal(roleIn('서울에서의 생활', '서울'), 'locative');
  assert.equal(roleIn('대한민국의 수도', '대한민국'), 'genitive');
});

test('who won: the swapped subject is not supported, the sentence as said is', () => {
  assert.equal(check('대한민국은 터키와의 3위 결정전 경기에서 3-2로 승리했다.', MATCH)?.stance ?? null, null);
  const said = check('터키는 대한민국과의 3위 결정전 경기에서 3-2로 승리했다.', MATCH);
  assert.equal(said?.stance, 'support');
  assert.equal(said?.quote, MATCH);
});

test("a claim's place, object or means that the sentence gives another noun before the verb is not supported", () => {
  // Every word of the claim is there; what stands before the verb with the claim's particle is another.
  const died = '김철수는 일본 유학을 마치고 귀국한 뒤 서울에서 사망했다.';
  none('김철수는 일본에서 사망했다.', died);
  yes('김철수는 서울에서 사망했다.', died);
  none('김철수는 도쿄에서 사망했다.', '김철수는 도쿄 출신의 아내와 함께 오사카에서 사망했다.');
  none('김철수는 서울대학교를 졸업했다.', '김철수는 서울대학교 교수였던 아버지의 권유로 고려대학교를 졸업했다.');
  none('김철수는 영국에서 유학했다.', '김철수는 영국 유학을 포기하고 프랑스에서 유학했다.');
  none('낮에는 바람이 육지에서 바다 쪽으로 분다.', '그러므로 낮에는 바람이 바다에서 육지 쪽으로 부는 해풍이 분다.');
  assert.equal(slotTaken('김철수는 일본에서 사망했다.', died, ['김철수', '일본', '사망'], '사망'), '일본');
  // The claim's noun as that noun's larger place or owner, or listed with it, is not another.
  yes('김철수는 서울에서 사망했다.', '김철수는 서울 종로구 자택에서 사망했다.');
  yes('김철수는 뉴욕에서 사망했다.', '김철수는 뉴욕의 한 병원에서 사망했다.');
  yes('삼성전자는 스마트폰을 생산한다.', '삼성전자는 스마트폰 등 전자제품을 생산한다.');
  yes('삼성전자는 반도체를 생산한다.', '삼성전자는 스마트폰과 반도체를 생산한다.');
  // With an "also" after the particle it is the same slot; a postposition's object is not the verb's.
  yes('아세톤은 페인트 희석제로 쓰인다.', '아세톤은 매니큐어 제거제의 활성 성분으로 페인트 희석제로도 쓰인다.');
  assert.equal(
    slotTaken(
      '가스 터빈은 연소를 통해 구동된다.',
      '연소한 기체의 힘으로 터빈을 구동한다.',
      ['연소', '터빈', '구동'],
      '구동',
    ),
    null,
  );
  // Among whom or in what home one was born is no place: the place said before it still counts.
  yes(
    '요요 마는 프랑스에서 태어났다.',
    '요요 마는 프랑스 파리에서 지휘자인 아버지와 성악가인 어머니 사이에서 태어났다.',
  );
});

test("the claim's subject only as the owner of another's object or place is not the sentence's subject", () => {
  // 마로 tried the form; 페트라르카 only owns it.
  const tried = '마로가 처음으로 이탈리아 시인 페트라르카의 소네트 형식을 프랑스어로 시도했다.';
  none('페트라르카는 처음으로 소네트 형식을 프랑스어로 시도했다.', tried);
  yes('마로는 처음으로 소네트 형식을 프랑스어로 시도했다.', tried);
  none(
    '건지산은 경기도 부천시와 경계를 이루는 산이다.',
    '건지산의 남서쪽으로 개울 건너 경기도 부천시와 경계를 이루는 몰미산이 뻗어 있다.',
  );
  // Its phrase naming the claim's event, or being the subject, keeps it the subject.
  yes(
    '14세기 초 유럽에는 흑사병이 유행했다.',
    '14세기 초부터 유럽에서는 대기근과 흑사병의 대유행으로 인구가 격감하였다.',
  );
  yes('서울은 인구가 1000만 명을 넘었다.', '서울의 인구는 1990년에 1000만 명을 넘었다.');
});

test("a predicate said in a clause that opens with another topic is that topic's", () => {
  none('버논의 아버지는 미국인이다.', '버논의 아버지는 전주 출신의 한국인이고 어머니는 프랑스계 미국인이다.');
  none('청년은 10월부터 입주가 가능하다.', '8월 중에 신청하면 청년은 9월, 신혼부부는 10월부터 입주가 가능하다.');
  yes(
    '청년은 9월부터 입주가 가능하다.',
    '8월 중에 신청하면 청년은 9월부터 입주가 가능하고, 신혼부부도 함께 입주할 수 있다.',
  );
  assert.equal(
    topicTaken('김철수는 교사이다.', '김철수는 의사이고 그의 동생은 교사이다.', ['김철수', '교사'], '교사'),
    true,
  );
  // A verb's modifier or a particle's topic opening the clause is no other topic.
  yes('밧줄은 섬유이다.', '밧줄은 당기고 연결하는 힘을 강화시키기 위해 꼬여 있는 섬유이다.');
  yes('족두리는 오늘날에도 사용한다.', '족두리는 예식에 두루 애용되었으며, 오늘날에는 전통혼례에서 사용한다.');
});

test("a claim's 'B의 C' whose C the sentence gives only to another owner is not supported", () => {
  const mother = '신의왕후 한씨는 조선을 건국한 태조 이성계의 첫번째 아내로 정종과 태종의 생모이다.';
  none('신의왕후는 이성계의 생모이다.', mother);
  yes('신의왕후는 태종의 생모이다.', mother);
  assert.equal(ownerTaken('신의왕후는 이성계의 생모이다.', mother), '이성계');
  none('영조의 시대는 조선의 르네상스라고 불린다.', '영조의 뒤를 이은 정조의 시대는 조선의 르네상스라고 불린다.');
  // The owner anywhere in the phrase before the noun, spaced or not, keeps it the owner's.
  yes('이순신은 조선의 장군이다.', '이순신은 조선 중기의 무신이자 장군이다.');
  yes('탈놀이는 우리나라의 탈춤 중 가장 오래되었다.', '탈놀이는 우리 나라의 탈춤 중 가장 오래되었다.');
  // A chain of owners is a name: only its last owner is read.
  assert.equal(
    ownerTaken('오페라의 유령의 속편이 있다.', '뮤지컬 오페라의 유령의 속편이며 맨하탄의 유령을 각색했다.'),
    null,
  );
});

test('a noun the claim names twice, one of them owned, is not read for its owner', () => {
  const claim = '야구 기록은 다른 스포츠의 기록보다 더 중요하다.';
  assert.equal(ownerTaken(claim, '야구에서의 기록이 다른 스포츠들보다 더 중요한 의미를 갖는다.'), null);
});

test("a verb the stemmer leaves whole is found in the sentence's other forms, and a noun in another verb's clause is not the claim's", () => {
  // 사범을 is what they went to invite; 사자를 is what 보낸다 sends.
  const sent = '너구리들은 지방의 변신술 사범을 초빙하기 위해 시코쿠와 사도 지방에 사자를 보낸다.';
  assert.equal(
    slotTaken('너구리들은 지방에 변신술 사범을 보냈다.', sent, ['너구리', '지방', '변신술', '사범'], '보냈다'),
    '사범',
  );
  assert.equal(check('너구리들은 지방에 변신술 사범을 보냈다.', sent)?.stance ?? null, null);
  assert.equal(check('너구리들은 지방에 사자를 보냈다.', sent)?.stance, 'support');
});
