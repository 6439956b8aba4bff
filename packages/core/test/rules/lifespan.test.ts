import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assessEvidence } from '../../src/pipeline/rules/agreement.js';
import { lifespanOf } from '../../src/pipeline/rules/lifespan.js';
import { lifeEvent } from '../../src/pipeline/rules/scope.js';

/**
 * A person's birth and death dates from the lead's gloss (rules/lifespan.ts), measured on the
 * kowiki relation set's 출생일 / 사망일 claims (bench/README.md, "Relation set").
 */
const check = (claim: string, content: string, title = '') => assessEvidence(claim, { evid_id: 'ev', content, title });

const AHN = '안중근(安重根, 1879년 9월 2일 ~ 1910년 3월 26일)은 대한제국의 독립운동가, 항일 의병장 겸 정치 사상가이다.';
const YU = '유관순(柳寬順, 1902년 12월 16일 (음력 11월 17일) ~ 1920년 9월 28일)은 일제 강점기의 독립운동가이다.';
const WILES = '앤드루 존 와일스 경(, 1953년 4월 11일 ~ )은 영국의 수학자이다.';

test('lifespanOf: the name and both dates, a lunar date in its own brackets, an open end, loose dates unread', () => {
  const ahn = lifespanOf(AHN);
  assert.equal(ahn?.name, '안중근');
  assert.deepEqual([ahn?.birth?.year, ahn?.birth?.month, ahn?.birth?.day], [1879, 9, 2]);
  assert.deepEqual([ahn?.death?.year, ahn?.death?.month, ahn?.death?.day], [1910, 3, 26]);
  const yu = lifespanOf(YU);
  assert.deepEqual(
    [yu?.birth?.year, yu?.birth?.month, yu?.birth?.day, yu?.birth?.lunar],
    [1902, 12, 16, { month: 11, day: 17 }],
  );
  assert.equal(lifespanOf(WILES)?.death, null);
  assert.equal(lifespanOf('바스쿠 다 가마(, 1460년대~1524년 12월 24일)는 포르투갈 출신 탐험가이다.')?.birth, null);
  assert.equal(lifespanOf('아이아키다이 왕조는 기원전 233년에 끝났다.'), null);
});

test('the same birth or death date supports, another refutes, naming both dates', () => {
  const born = check('안중근은 1879년에 태어났다.', AHN, '안중근');
  assert.equal(born?.stance, 'support');
  assert.match(born!.reasons[0]!, /같은 출생일: 근거: '1879년 9월 2일' = 주장: '1879년'/);
  const wrongYear = check('안중근은 1880년에 태어났다.', AHN, '안중근');
  assert.equal(wrongYear?.stance, 'refute');
  assert.match(wrongYear!.reasons[0]!, /다른 출생일: 근거: '1879년 9월 2일' ↔ 주장: '1880년'/);
  assert.equal(check('안중근은 1910년 3월 26일에 순국하였다.', AHN, '안중근')?.stance, 'support');
  assert.equal(check('안중근은 1910년 3월 25일에 사망했다.', AHN, '안중근')?.stance, 'refute');
  // The surname alone, on the person's page.
  assert.equal(check('와일스는 1953년에 태어났다.', WILES, '앤드루 와일스')?.stance, 'support');
});

test('what the gloss cannot say decides nothing: a place too, a lunar birthday, a death not yet, a relative', () => {
  assert.equal(check('안중근은 1879년에 황해도에서 태어났다.', AHN, '안중근'), null);
  assert.equal(check('유관순은 1902년 11월 17일에 태어났다.', YU, '유관순'), null);
  assert.equal(check('유관순은 1902년 11월 18일에 태어났다.', YU, '유관순')?.stance, 'refute');
  assert.equal(check('와일스는 2020년에 사망했다.', WILES, '앤드루 와일스'), null);
  // The lead names the page's person: a relative's gloss with the family name is not theirs.
  const relative = '루카셴코의 어머니 예카테리나 트로피모브나 루카셴코 (1924년~2015년)는 또 다른 아들을 낳았다.';
  assert.notEqual(check('알렉산드르 루카셴코는 1954년에 태어났다.', relative, '알렉산드르 루카셴코')?.stance, 'refute');
});

test("a birth date refutes no death date, and a relative's date is not the subject's", () => {
  const pascal =
    '블레즈 파스칼은 1623년 6월 19일 프랑스 클레르몽페랑 지방에서 루앙의 세무공무원 에티엔 파스칼의 아들로 태어났다.';
  // Not even a contrast: the sentence disagrees with nothing the claim says.
  assert.equal(check('블레즈 파스칼은 1662년에 사망하였다.', pascal, '블레즈 파스칼'), null);
  // The same event's other date still refutes.
  assert.equal(check('블레즈 파스칼은 1625년에 태어났다.', pascal, '블레즈 파스칼')?.kind, 'date');
  const sister = '또한 키드먼의 여동생인 안토니아 키드먼은 1970년에 태어났고, 키드먼 가족은 시드니 근처에 거주했다.';
  assert.equal(check('니콜 키드먼은 1967년에 태어났다.', sister, '니콜 키드먼'), null);
  assert.equal(check('안토니아 키드먼은 1971년에 태어났다.', sister, '니콜 키드먼')?.kind, 'date');
});

test("lifeEvent: a life's two ends however said, as statements only", () => {
  for (const w of ['태어났다', '출생하였다', '탄생했다']) assert.equal(lifeEvent(w), '출생', w);
  for (const w of ['사망했다', '숨졌다', '죽었다', '별세하였다', '순국했다']) assert.equal(lifeEvent(w), '사망', w);
  for (const w of ['설립했다', '태어난', '사망한', '병사이다']) assert.equal(lifeEvent(w), null, w);
  assert.equal(check('안중근은 1910년에 숨졌다.', AHN, '안중근')?.stance, 'support');
});
