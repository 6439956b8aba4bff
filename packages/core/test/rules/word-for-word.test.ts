import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assessEvidence } from '../../src/pipeline/rules/agreement.js';
import { contentTerms, coverage } from '../../src/pipeline/rules/terms.js';

/**
 * Found by the sample-wiki sweep (docs/eval.md): a page's own sentence given back as the claim
 * was UNVERIFIED a third of the time, because the checks for a claim said in other words read
 * things into it — a clause of its own (…무장으로, 자는 충명이며 …), a lead's empty brackets
 * (안산 시()는), 비모음 as the denial of 모음 in another sentence.
 */
const check = (claim: string, content: string, title: string) =>
  assessEvidence(claim, { evid_id: 'ev', content, title });
const VERBATIM = '근거 문장이 같은 내용을 그대로 진술함';

test("a page's sentence said word for word is stated, its glosses in brackets left out", () => {
  const cases: [string, string, string][] = [
    [
      '단외는 중국 후한 말의 무장으로, 자는 충명이며 양주 무위군 사람이다.',
      '단외(段煨, ? ~ 209년)는 중국 후한 말의 무장으로, 자는 충명(忠明)이며 양주(凉州) 무위군(武威郡) 사람이다.',
      '단외',
    ],
    [
      '안산 시는 중국 랴오닝성에서 세 번째로 큰 도시이다.',
      '안산 시()는 중국 랴오닝성에서 세 번째로 큰 도시이다.',
      '안산시 (랴오닝성)',
    ],
    [
      '유관순은 일제 강점기의 독립운동가이다',
      '유관순(柳寬順, 1902년 12월 16일 (음력 11월 17일) ~ 1920년 9월 28일)은 일제 강점기의 독립운동가이다.',
      '유관순',
    ],
  ];
  for (const [claim, sentence, title] of cases) {
    const f = check(claim, sentence, title);
    assert.equal(f?.stance, 'support', claim);
    assert.equal(f?.kind, 'stated', claim);
    assert.deepEqual(f?.reasons, [VERBATIM], claim);
    assert.equal(f?.strength, 1);
  }
});

test('word for word means every word: the claim keeps its own brackets, and says whom it is about', () => {
  const lead = '민영환(閔泳煥, 1861년 8월 7일 ~ 1905년 11월 30일)은 조선과 대한제국의 대신이자 척신이다.';
  // The claim's brackets are its words: another birth year in them is another claim.
  assert.notEqual(check(lead.replace('1861년', '1864년'), lead, '민영환')?.stance, 'support');
  assert.deepEqual(check(lead, lead, '민영환')?.reasons, [VERBATIM]);
  // One word changed is not the sentence.
  assert.notDeepEqual(check(lead.replace('척신', '공신'), lead, '민영환')?.reasons, [VERBATIM]);
  // A sentence that does not name its page's subject leaves out whom it is about (…을 땄다):
  // matched to one page, it could be anyone's, and is read as any claim is.
  const medal = '1998년 동계 올림픽 10km 스프린트에서 금메달, 계주에서 은메달을 땄다.';
  assert.notDeepEqual(check(medal, medal, '올레 아이나르 비에른달렌')?.reasons, [VERBATIM]);
  // No title, no page subject to name.
  assert.notDeepEqual(check(lead, lead, '')?.reasons, [VERBATIM]);
});

test("said word for word, the claim outweighs another sentence's reading against it", () => {
  const syllable =
    '음절은 자음과 모음 또는 단독 모음으로 구성된다. 또한, 「ん？」, 「んだ」, 「ん万円」등과 같이 「ん」이 어두에 있는 ' +
    '경우는 「ん」만으로 한 개의 음절을 구성하며, 이 경우, 「ん」은 비모음으로 발음되지 않는 이상, 즉 자음인 한 ' +
    '「음절주음적」인 자음이다.';
  const claim = '음절은 자음과 모음 또는 단독 모음으로 구성된다.';
  const f = check(claim, syllable, '음절');
  assert.equal(f?.stance, 'support');
  assert.deepEqual(f?.reasons, [VERBATIM]);
  // Precondition: read as a claim in other words (no page subject), the other sentence's 비모음 opposes it.
  assert.equal(check(claim, syllable, '')?.kind, 'contrast');
});

test("a relation's other value in another sentence leaves a word-for-word statement undecided, in either order", () => {
  const lead = '서울특별시(서울特別市)는 대한민국의 수도이자 최대 도시이다.';
  const other = '대한민국의 수도는 세종특별자치시이다.';
  for (const content of [`${lead} ${other}`, `${other} ${lead}`]) {
    const f = check('서울특별시는 대한민국의 수도이자 최대 도시이다.', content, '서울특별시');
    assert.equal(f?.kind, 'contrast', content);
    assert.match(f?.reasons.join(' ') ?? '', /다른 수도/);
  }
});

test('a place said another way in another sentence does not outweigh the claim said word for word', () => {
  // Where a thing is has levels and sides (사할린주, 사할린섬의 서해안): not a single value.
  const content =
    '알렉산드롭스크사할린스키(, )는 사할린주에 위치한 도시이다. 사할린섬의 서해안에 위치해 있으며, 도시의 주변에는 타타르 해협과 서사할린산맥이 위치해 있다.';
  const f = check('알렉산드롭스크사할린스키는 사할린주에 위치한 도시이다.', content, '알렉산드롭스크사할린스키');
  assert.equal(f?.kind, 'stated');
  // Precondition: the other sentence alone reads as another place.
  const other = check(
    '알렉산드롭스크사할린스키는 사할린주에 위치한 도시이다.',
    '사할린섬의 서해안에 위치해 있으며, 도시의 주변에는 타타르 해협과 서사할린산맥이 위치해 있다.',
    '알렉산드롭스크사할린스키',
  );
  assert.equal(other?.kind, 'relation-place');
});

test('a number with thousands separators is the same number in the claim and the sentence', () => {
  const terms = contentTerms('한국어 사용 인구는 약 8,000만 명이다.');
  const cover = coverage(terms, '한국어 사용 인구는 약 8,000만 명으로 추산된다.');
  assert.deepEqual(cover.missing, []);
  assert.ok(coverage(terms, '한국어 사용 인구는 약 7,000만 명으로 추산된다.').missing.length > 0);
});

test('a word a gloss splits from its particle is found: 쇼는 in 쇼(櫻井 翔, …)는', () => {
  const terms = contentTerms('사쿠라이 쇼는 일본의 가수이다.');
  assert.deepEqual(coverage(terms, '사쿠라이 쇼(櫻井 翔, Sho Sakurai)는 일본의 가수, 배우이다.').missing, []);
  assert.deepEqual(
    coverage(terms, '사쿠라이 쇼핑몰은 일본의 가수가 세웠다.').missing.map((t) => t.term),
    ['쇼는'],
  );
});
