import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assessEvidence } from '../../src/pipeline/rules/agreement.js';

/**
 * Oppositions read in words that assert nothing, found in KorNLI dev's FALSE answers (H4,
 * docs/eval.md "FALSE on everyday sentences", 2026-12-05).
 */
const check = (claim: string, content: string) => assessEvidence(claim, { evid_id: 'ev', content });

test('an antonym in an aim or a condition (높이기 위해, 재편된다면) is no opposition', () => {
  // KorNLI dev (neutral), FALSE as antonym/mid: 낮은 against 높(이기 위해).
  const dia = check(
    'DIA 국장은 책임과 관련하여 가장 낮은 직책이다.',
    '국방 정보부가 DIA 국장의 책임을 높이기 위해 재편된다면, 그 사람은 적절한 관리가 될 수 있다.',
  );
  assert.ok(!dia?.reasons.some((r) => /반대 표현/.test(r)), JSON.stringify(dia?.reasons));
  // The same antonym asserted still refutes.
  const said = check('DIA 국장은 가장 낮은 직책이다.', 'DIA 국장은 가장 높은 직책이다.');
  assert.equal(said?.stance, 'refute');
  assert.ok(
    said?.reasons.some((r) => /반대 표현: 주장 '낮은', 근거 '높/.test(r)),
    JSON.stringify(said?.reasons),
  );
});

test('a negated verb of a quoted content (…라고 생각하지 않는다) is not the claim’s predicate negated', () => {
  // KorNLI dev (neutral), FALSE 0.95 through retrieval from another premise, as negated-predicate.
  const thought = check(
    '나는 자주 그 생각을 한다.',
    '그리고 어, 나는 약간 검은 눈 완두콩을 좋아하지만 나는 그것이 체인점이라고 생각하지 않는다',
  );
  assert.notEqual(thought?.kind, 'negated-predicate', JSON.stringify(thought));
  // A claim that quotes the same content is refuted by the predicate itself.
  const quoted = check('나는 그것이 체인점이라고 생각한다.', '나는 그것이 체인점이라고 생각하지 않는다.');
  assert.equal(quoted?.stance, 'refute');
  assert.equal(quoted?.kind, 'negated-predicate');
});

test('a former capital (옛 / 전 수도) is not supported by a sentence stating today’s capital', () => {
  const seoul = '서울특별시(서울特別市)는 대한민국의 수도이자 최대 도시이다.';
  for (const claim of ['서울특별시는 대한민국의 옛 수도이다.', '서울특별시는 대한민국의 전 수도이다.'])
    assert.notEqual(check(claim, seoul)?.stance, 'support', claim);
  assert.equal(check('서울특별시는 대한민국의 수도이다.', seoul)?.stance, 'support');
});

test("an antonym said of another noun (밀도가 큰, 큰 탈출 속도) is no opposition; said of the claim's words it is", () => {
  // Found through npm start: "수성은 태양계에서 가장 작은 행성이다" (true) was FALSE 0.95.
  const claim = '수성은 태양계에서 가장 작은 행성이다.';
  assert.equal(check(claim, '이를 통해 실질적으로 수성이 태양계 행성들 중 가장 밀도가 큰 천체임을 알 수 있다.'), null);
  assert.equal(check(claim, '태양계 안쪽 부분에서는 큰 탈출 속도를 가진 천체가 남았다.'), null);
  // Said of the subject, or before the claim's noun, it refutes; a dependent noun (것이) is the clause's.
  assert.match(check(claim, '수성은 태양계에서 가장 큰 행성이다.')?.reasons.join(' ') ?? '', /반대 표현/);
  assert.match(check(claim, '수성이 태양계에서 가장 큰 행성이다.')?.reasons.join(' ') ?? '', /반대 표현/);
  assert.match(
    check('오늘날 비글은 귀와 주둥이가 길다.', '오늘날의 비글은 주둥이와 귀가 짧아졌다.')?.reasons.join(' ') ?? '',
    /반대 표현/,
  );
});

test('a prefixed noun (미행성) negates what the claim says X is only when it is said of X in turn', () => {
  const claim = '세레스는 태양계의 행성이다.';
  const passing = check(claim, '세레스는 태양계 형성 초기에 미행성들이 뭉쳐 생긴 천체로, 행성 궤도 사이에 있다.');
  assert.ok(!passing?.reasons.some((r) => r.includes("'행성'의 부정형")), JSON.stringify(passing?.reasons));
  const said = check(claim, '세레스는 태양계의 미행성이다.');
  assert.ok(
    said?.reasons.some((r) => r.includes("'행성'의 부정형")),
    JSON.stringify(said?.reasons),
  );
});

test('a word quoted for its meaning or as a name (섬이란 뜻의) says nothing of the subject', () => {
  const name =
    "돌로 된 섬이란 뜻의 '돌섬'의 경상도 방언 명칭인 독섬을 한자의 음과 훈을 빌려쓰면서 독도(獨島)가 되었다.";
  // It was FALSE as negated-predicate (0.93 measured) on npm start's sample wiki.
  assert.equal(check('독도는 섬이 아니다.', name), null);
  assert.equal(check('독도는 섬이 아니다.', '서도는 바위섬이라는 이름으로 불린다.'), null);
  // The page's own statement still refutes the denial.
  const lead = '독도(獨島)는 동해의 남서부에 있는 대한민국의 섬이다.';
  assert.equal(check('독도는 섬이 아니다.', lead)?.kind, 'negated-predicate');
});

/** Each claim against its sentence: refuted, or not. */
const refuted = (pairs: readonly (readonly [string, string])[]) =>
  pairs.forEach(([claim, sentence]) => assert.equal(check(claim, sentence)?.stance, 'refute', sentence));
const notRefuted = (pairs: readonly (readonly [string, string])[]) =>
  pairs.forEach(([claim, sentence]) => assert.notEqual(check(claim, sentence)?.stance, 'refute', sentence));

test('a number or date the sentence gives only as a rumour, a claim, a guess or hearsay refutes nothing', () => {
  notRefuted([
    ['삼성전자의 직원은 500명이다.', '삼성전자의 직원이 300명이라는 소문이 있다.'],
    ['삼성전자의 직원은 500명이다.', '삼성전자의 직원은 300명으로 추정된다.'],
    ['삼성전자는 1969년에 설립되었다.', '삼성전자가 1970년에 설립되었다는 루머가 퍼졌다.'],
    ['삼성전자는 1969년에 설립되었다.', '삼성전자는 1970년에 설립되었다는 주장도 있다.'],
    // Read by the event-date reader as well as by the numbers.
    ['삼성전자는 1969년에 설립되었다.', '삼성전자는 1970년에 설립되었다고 한다.'],
  ]);
  refuted([
    // Stated as the sentence's own, in the clause of the value, the same values refute.
    ['삼성전자의 직원은 500명이다.', '삼성전자의 직원은 300명이다.'],
    ['삼성전자는 1969년에 설립되었다.', '삼성전자는 1970년에 설립되었으며, 이를 부정하는 소문이 돌았다는 주장도 있다.'],
    // A guess in a clause after …는데 is that clause's own (KLUE-NLI dev 1086, contradiction).
    [
      '4단 로켓인 은하 3호는 짧은 거리만 갈 수 있다.',
      '발사할 장거리 로켓인 은하3호는 3단 로켓으로 구성되어 있는데, 3단까지 발사대에 설치하는 데에는 약 4일정도가 소요될 것으로 보인다.',
    ],
    // A claim of what was reported is refuted by another reported value (KLUE-NLI dev 2578).
    [
      '초반 보도에서는 10층이 화재의 발생 지점이라고 추측되었다.',
      '초반 보도에서는 3층이 화재의 발생 지점이라고 추측되었으나 12층이 화재 발생 구역이라는 보고도 나왔다.',
    ],
  ]);
});

test('an antonym, a negation or another value said only as a rumour, a claim or a guess refutes nothing', () => {
  notRefuted([
    ['삼성전자는 흑자를 기록했다.', '삼성전자가 적자를 기록했다는 소문이 돌았다.'],
    ['삼성전자는 파산했다.', '삼성전자는 파산하지 않았다는 주장이 있다.'],
    ['삼성전자는 한국 기업이다.', '삼성전자가 일본 기업이라는 루머가 퍼졌다.'],
    ['그 배우는 결혼했다.', '그 배우가 결혼하지 않았다고 한다.'],
    ['이 약은 효과가 있다.', '이 약은 효과가 없다는 소문이 있다.'],
    ['이 약은 효과가 있다.', '이 약은 효과가 없는 것으로 추정된다.'],
  ]);
  refuted([
    // Said as the sentence's own, each refutes; so does a clause stated before a guess about another.
    ['이 약은 효과가 있다.', '이 약은 효과가 없다.'],
    ['삼성전자는 흑자를 기록했다.', '삼성전자는 적자를 기록했는데, 이는 흑자라는 예상을 깼다.'],
    // A report the sentence calls untrue refutes it (KLUE-NLI dev 64, contradiction).
    [
      '2003년 변정수 씨가 교통사고로 죽었다.',
      '2003년 변정수 씨가 교통사고로 죽었다는 이야기가 돌았지만 사실무근이었다.',
    ],
    // A news report's "…것으로 전해졌다" is its statement, not hearsay (KLUE-NLI dev 283, contradiction).
    [
      '박 군은 전날 오전에 렌터카를 타고 다녔다.',
      '경찰 조사 결과, 박군은 전날 오후부터 친구들과 함께 렌터카를 타고 다니다 사고를 낸 것으로 전해졌다.',
    ],
  ]);
});

test('a quoted belief a sentence debunks is refuted; one it only reports is neither stated nor refuted', () => {
  const debunks = [
    ['만리장성은 우주에서 보인다.', '만리장성이 우주에서 보인다는 것은 잘못된 속설이다.'],
    ['금붕어의 기억력은 3초이다.', '금붕어의 기억력이 3초라는 것은 잘못 알려진 속설이다.'],
    ['삼성전자가 파산했다.', '삼성전자가 파산했다는 소문은 사실이 아닌 것으로 확인됐다.'],
    ['백신은 자폐증을 유발한다.', '백신이 자폐증을 유발한다는 주장은 과학적 근거가 없다.'],
    ['선풍기를 켜고 자면 죽는다.', '선풍기를 켜고 자면 죽는다는 것은 미신이다.'],
    ['수돗물은 건강에 해롭다.', '수돗물이 건강에 해롭다는 것은 오해다.'],
    ['정부가 세금을 올렸다.', '정부가 세금을 올렸다는 보도는 가짜뉴스로 드러났다.'],
    // Kowiki's own: the next clause's, pointing back (이에 대한, 이는 순전히).
    [
      '알코올이나 식생활이 만성위염을 일으킨다.',
      '알코올이나 식생활이 만성위염을 일으킨다는 속설이 있으나 과학적 근거는 없다.',
    ],
    [
      '그는 알벤가의 주교에 서임되었다.',
      '17세기 초에 그가 알벤가의 주교에 서임되었다는 이야기가 널리 퍼졌으나, 이에 대한 근거가 없다.',
    ],
  ] as const;
  for (const [claim, sentence] of debunks) assert.equal(check(claim, sentence)?.kind, 'denial', sentence);
  // Not a debunking word of another clause, nor a quote that is another verb's subject (kowiki);
  // not a debunking word about something else (KorNLI dev 710, entailment).
  notRefuted([
    [
      '자유의지가 필요하다.',
      '그는 윤리적으로 자유의지가 필요하다는 것은 인정하지만, 자유의지를 지지하는 과학적 근거는 없다고 주장한다.',
    ],
    [
      '마타 하리는 네덜란드의 시골 출신이다.',
      '마타 하리는 자신의 정체가 네덜란드의 시골 출신이라는 것이 드러나지 않도록 자신의 정체에 대해 수많은 헛소문을 뿌렸다.',
    ],
    [
      '립스타트는 책을 썼다.',
      '데보라 립스타트는 자신의 저서 《홀로코스트 부정》에서 우리가 공개적으로 받아들일 수 없는 주장과 명백히 잘못된 주장에 관해 논쟁해서는 안 된다고 썼고, 따라서 그녀는 정부 검열만큼 강력한 해결책을 제시했다.',
    ],
  ]);
  // 오해 as what the quote causes debunks nothing.
  assert.equal(
    check('수돗물은 건강에 해롭다.', '수돗물이 건강에 해롭다는 것은 오해를 불러일으킨다.')?.kind === 'denial',
    false,
  );
  // Reported, not debunked: no support (it was a full support before).
  assert.equal(check('금붕어의 기억력은 3초이다.', '금붕어의 기억력은 3초라는 속설이 있다.'), null);
  // The claimant of a quote is no part of it (BoolQ train 1197, TRUE).
  const irving = check(
    '데이비드 어윙은 홀로코스트 부인론자이다.',
    '1970년대에 영국의 유명한 홀로코스트 부인론자 데이비드 어윙은 일기가 가짜라고 주장했다.',
  );
  assert.equal(irving?.stance, 'support');
});

test('an antonym in a clause saying what may be so (…것으로 볼 수도 있다) is no opposition', () => {
  // kowiki read back (bench:readback): 엔트로피's own sentence was MIXED against this one.
  const claim = '엔트로피는 일반적으로 보존되지 않고, 열역학 제2법칙에 따라 시간에 따라 증가한다.';
  assert.equal(
    check(claim, '열역학 제2법칙의 모순처럼, 고립계가 아닌 계의 엔트로피는 감소하는 것으로 볼 수도 있다.'),
    null,
  );
  assert.equal(check(claim, '엔트로피는 일반적으로 보존되지 않고, 시간에 따라 감소할 수도 있다.'), null);
  // Said as what is, or as what can be done, it still opposes.
  assert.equal(check(claim, '엔트로피는 일반적으로 보존되지 않고, 시간에 따라 감소한다.')?.stance, 'refute');
  assert.equal(
    check('그 물질은 온도가 오르면 부피가 증가한다.', '그 물질은 온도가 오르면 부피가 감소할 수 있다.')?.stance,
    'refute',
  );
});
