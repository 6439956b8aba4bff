import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { parse } from 'csv-parse/sync';
import type { FastifyInstance } from 'fastify';
import type { TruthCheckResponse } from '@olala/contract';
import { falseSiblings } from '@olala/core/eval';
import { fakeChatServer, jsonReply } from '@olala/testing';
import { appWithSample, cite, LLM_ENV, llmScript, SAMPLE, verifyAnswer, type LlmPlan } from '../truth-fakes.js';

/**
 * No-LLM verdicts on the bundled sample wiki through `POST /truth/check`: support needs the
 * claim's predicate and every qualifier in one sentence, refutation an explicit opposition, and
 * every answer shows the related passages it read. Whether a finding becomes TRUE or FALSE is
 * the calibration's call (its kind must measure ≥ 0.9 precision on BoolQ train); otherwise the
 * answer is UNVERIFIED with the finding still cited and a limitation saying why.
 */

let clients = 0;

/** One claim checked, from a client of its own: the cases are no user's burst (30 checks a minute a client). */
async function check(app: FastifyInstance, claim: string): Promise<TruthCheckResponse> {
  const n = clients++;
  const res = await app.inject({
    method: 'POST',
    url: '/truth/check',
    payload: { input_payload: claim, no_cache: true },
    remoteAddress: `10.1.${(n >> 8) & 255}.${n & 255}`,
  });
  assert.equal(res.statusCode, 200, res.body);
  return res.json();
}

const SEOUL = '서울특별시(서울特別市)는 대한민국의 수도이자 최대 도시이다.';
const MARS = '화성(火星, )은 태양계의 4번째 행성이며, 4개의 지구형 행성 중 하나이다.';

/** Claim, the rules' finding (TRUE = support, FALSE = refutation), and a quote its citation must contain ('' = no citation). */
const CASES: [string, TruthCheckResponse['label'], string][] = [
  // The four claims seen wrong, and their siblings.
  ['화성은 태양계에서 가장 큰 행성이다.', 'UNVERIFIED', ''],
  ['서울특별시는 대한민국의 수도가 아니다.', 'FALSE', SEOUL],
  ['서울특별시는 대한민국의 수도이다.', 'TRUE', SEOUL],
  ['대한민국의 수도는 부산이다.', 'FALSE', '수도'],
  ['물은 수소와 산소로 이루어져 있다.', 'UNVERIFIED', ''],
  // Superlative (최대) and the single-valued relation it makes.
  ['서울특별시는 대한민국의 최대 도시이다.', 'TRUE', SEOUL],
  ['서울특별시는 대한민국의 최소 도시이다.', 'FALSE', SEOUL],
  // 최초.
  ['한반도 일대의 최초의 국가는 고조선이다.', 'TRUE', '한반도 일대의 최초의 국가는 고조선이다'],
  ['한반도 일대의 최초의 국가는 고구려이다.', 'FALSE', '한반도 일대의 최초의 국가는 고조선이다'],
  // Ordinal.
  ['화성은 태양계의 4번째 행성이다.', 'TRUE', MARS],
  ['화성은 태양계의 3번째 행성이다.', 'FALSE', MARS],
  ['화성은 태양계의 다섯 번째 행성이다.', 'FALSE', MARS],
  ['세종은 조선의 제5대 왕이다.', 'FALSE', '조선의 제4대 국왕'],
  // A superlative against an ordinal of the same measure; a count of the claim's noun, not another's.
  ['제주도는 대한민국에서 가장 큰 섬이다.', 'TRUE', '대한민국에서 가장 큰 섬이다'],
  ['제주도는 대한민국에서 두 번째로 큰 섬이다.', 'FALSE', '대한민국에서 가장 큰 섬이다'],
  // The superlative of a noun predicate against the subject ranked by the same measure (…두 번째로 크며).
  ['토성은 태양계에서 가장 큰 행성이다.', 'FALSE', '목성에 이어 두 번째로 크며'],
  ['독도는 91개의 섬으로 이루어져 있다.', 'TRUE', '총 91개의 크고 작은 섬들로'],
  ['석굴암은 국보 24호이다.', 'TRUE', '국보 24호로 지정되어 있다'],
  // An event's host.
  ['1988년 하계 올림픽은 서울에서 개최되었다.', 'TRUE', '대한민국의 서울에서 개최된 하계 올림픽이다'],
  ['1988년 하계 올림픽은 부산에서 개최되었다.', 'FALSE', '대한민국의 서울에서 개최된 하계 올림픽이다'],
  // An event's day in its lead's gloss.
  ['을사조약은 1905년에 체결되었다.', 'TRUE', '을사조약(乙巳條約, 1905년 11월 17일)은'],
  ['을사조약은 1910년에 체결되었다.', 'FALSE', '을사조약(乙巳條約, 1905년 11월 17일)은'],
  // When an event happened, said in other words (벌어진 전쟁 for 일어났다), a span's start its day, not its end.
  ['병자호란은 1636년에 일어났다.', 'TRUE', '1636년 12월 28일 ~ 1637년 2월 24일까지'],
  ['병자호란은 1637년에 일어났다.', 'FALSE', '1636년 12월 28일 ~ 1637년 2월 24일까지'],
  // A year far from the event's: the lead shares only the name with the claim, and is still read.
  ['병자호란은 1592년에 일어났다.', 'FALSE', '1636년 12월 28일 ~ 1637년 2월 24일까지'],
  // A page's own sentence word for word, its glosses left out: its clauses, its numbers (5,800만) as said.
  ['단외는 중국 후한 말의 무장으로, 자는 충명이며 양주 무위군 사람이다.', 'TRUE', '단외(段煨, ? ~ 209년)는'],
  ['수성은 태양에서 평균 5,800만 km 떨어진 가장 가까운 궤도를 도는 행성이다.', 'TRUE', '평균 5,800만 km 떨어진'],
  // A period of Korean history.
  ['거북선은 조선 시대의 군함이다.', 'TRUE', '조선 시대의 군함이다'],
  ['거북선은 고려 시대의 군함이다.', 'FALSE', '조선 시대의 군함이다'],
  // Nationality (출신) and birthplace.
  ['케빈 미트닉은 미국 출신의 해커이다.', 'TRUE', '미국 출신의 유명한 해커이다'],
  ['케빈 미트닉은 영국 출신의 해커이다.', 'FALSE', '미국 출신의 유명한 해커이다'],
  ['코난은 전쟁터에서 태어났다.', 'TRUE', '전쟁터에서 태어났다'],
  ['코난은 대장간에서 태어났다.', 'FALSE', '전쟁터에서 태어났다'],
  // Location.
  [
    '대구광역시는 한반도 동남부 내륙에 위치한 광역시이다.',
    'TRUE',
    '대구광역시는 한반도 동남부 내륙에 위치한 광역시이다',
  ],
  [
    '대구광역시는 한반도 서북부 내륙에 위치한 광역시이다.',
    'FALSE',
    '대구광역시는 한반도 동남부 내륙에 위치한 광역시이다',
  ],
  // Time (현재) and quantifier (모든) present on both sides, then only in the claim.
  ['구글은 현재 나스닥에 상장된 기업이다.', 'TRUE', '현재 나스닥에 상장된 기업이다'],
  ['구글은 원래 나스닥에 상장된 기업이다.', 'UNVERIFIED', ''],
  // Modality: the evidence says 할 수 있다, the claim states it as a fact.
  ['구글 광고 프로그램은 검색 결과 옆의 텍스트 광고를 판매한다.', 'UNVERIFIED', ''],
];

const WITHHELD = /검증 정확도가 90% 미만이라 판정을 보류합니다/;

test('no-LLM findings on the sample wiki: each earned, cited, and decided only where its kind is precise enough', async (t) => {
  const app = await appWithSample(t);
  const wrong: string[] = [];
  for (const [claim, finding, quote] of CASES) {
    const r = await check(app, claim);
    const cited = r.citations.map((c) => c.quote);
    const stance = finding === 'TRUE' ? 'support' : 'refute';
    const withheld = r.label === 'UNVERIFIED' && r.limitations.some((l) => WITHHELD.test(l));
    if (finding === 'UNVERIFIED') {
      if (r.label !== 'UNVERIFIED' || withheld)
        wrong.push(`${claim}: ${r.label} (expected no finding) ${JSON.stringify(r.rationale)}`);
    } else if (r.label !== finding && !withheld)
      wrong.push(`${claim}: ${r.label} (expected ${finding}, or withheld) ${JSON.stringify(r.rationale)}`);
    else if (
      !r.citations.some((c) => c.stance === stance && (c.quote.includes(quote.slice(0, 40)) || quote.includes(c.quote)))
    )
      wrong.push(`${claim}: cites ${JSON.stringify(cited)}`);
    // Every answer shows what it read.
    assert.ok(r.related && r.related.length > 0, `${claim}: related passages`);
    for (const p of r.related) {
      for (const h of p.highlights)
        assert.ok(h.start >= 0 && h.end > h.start && h.end <= p.quote.length, `${claim}: highlight in range`);
    }
  }
  assert.deepEqual(wrong, []);
});

test('a finding whose kind measured under 0.9 precision is withheld: UNVERIFIED, its evidence cited and related, the reason given', async (t) => {
  const app = await appWithSample(t);
  // Support the rules cannot read as the sentence's own statement (its subject is no topic there):
  // BoolQ train measured such support under 0.9 (calibration-rules.json, TRUE full).
  const r = await check(app, '삼국 시대에는 예술이 등장하였다.');
  assert.equal(r.label, 'UNVERIFIED');
  assert.ok(r.confidence <= 0.35);
  assert.ok(
    r.limitations.some((l) => /근거와 일치하는 문장이 있으나/.test(l) && WITHHELD.test(l)),
    JSON.stringify(r.limitations),
  );
  assert.ok(
    r.citations.some((c) => c.stance === 'support' && c.quote.includes('왕족과 귀족을 위한 예술이 등장하였는데')),
    JSON.stringify(r.citations),
  );
  assert.ok(
    r.related?.some((p) => p.title === '대한민국'),
    JSON.stringify(r.related),
  );
  assert.match(r.headline, /확실하지 않습니다/);
});

test('a sentence that states the claim as its own statement decides TRUE, at the precision its kind measured', async (t) => {
  const app = await appWithSample(t);
  // BoolQ train: support of the kind 'stated' was right 36 times in 37 (calibration-rules.json).
  const r = await check(app, '서울특별시는 대한민국의 수도이다.');
  assert.equal(r.label, 'TRUE', JSON.stringify(r.rationale));
  assert.ok(r.confidence >= 0.9 && r.confidence < 1, String(r.confidence));
  assert.ok(
    r.citations.some((c) => c.stance === 'support' && c.quote.includes(SEOUL)),
    JSON.stringify(r.citations),
  );
  assert.deepEqual(
    r.limitations.filter((l) => WITHHELD.test(l)),
    [],
  );
  // The same sentence, a qualifier the claim adds (가장): no support at all.
  const mars = await check(app, '화성은 태양계에서 가장 큰 행성이다.');
  assert.equal(mars.label, 'UNVERIFIED');
  assert.ok(!mars.citations.some((c) => c.stance === 'support'), JSON.stringify(mars.citations));
});

test('another country as the attribute of the subject decides FALSE; a negation off the predicate is withheld', async (t) => {
  const app = await appWithSample(t);
  // attribute-contrast: BoolQ train + KLUE even, 22 right of 23 (calibration-rules.json).
  const emily = await check(app, '에밀리 브론테는 미국의 소설가이다.');
  assert.equal(emily.label, 'FALSE', JSON.stringify(emily.rationale));
  assert.ok(emily.confidence >= 0.9 && emily.confidence < 1, String(emily.confidence));
  assert.ok(
    emily.citations.some((c) => c.stance === 'refute' && c.quote.includes('영국의 소설가이다')),
    JSON.stringify(emily.citations),
  );
  assert.ok(
    emily.rationale.some((r) => /다른 대상: 주장 '미국', 근거 '영국'/.test(r)),
    JSON.stringify(emily.rationale),
  );
  // Another country before a noun some verb takes is not what the subject is: "경쟁사인 일본 기업을
  // 따라잡는", "영국 브랜드파이낸스가 발표한 … 순위" made this true claim FALSE 0.98.
  const samsung = await check(app, '삼성전자는 한국 기업이다.');
  assert.notEqual(samsung.label, 'FALSE', JSON.stringify(samsung.rationale));
  assert.ok(!samsung.rationale.some((r) => r.startsWith('다른 대상')), JSON.stringify(samsung.rationale));
  const apple = await check(app, '애플은 일본 기업이다.');
  assert.equal(apple.label, 'FALSE', JSON.stringify(apple.rationale));
  assert.ok(
    apple.rationale.some((r) => /다른 대상: 주장 '일본', 근거 '미국'/.test(r)),
    JSON.stringify(apple.rationale),
  );
  // A negation that is not the claim's predicate flipped of its subject (kind negation) measured
  // under 0.9: withheld, its evidence still cited and the reason given.
  const mail = await check(app, '메일서버이름은 대소문자를 구분한다.');
  assert.equal(mail.label, 'UNVERIFIED', JSON.stringify(mail.rationale));
  assert.ok(
    mail.limitations.some((l) => WITHHELD.test(l)),
    JSON.stringify(mail.limitations),
  );
  assert.ok(
    mail.citations.some((c) => c.stance === 'refute' && c.quote.includes('대소문자를 구분하지 않고')),
    JSON.stringify(mail.citations),
  );
});

test('the reasons name the two phrases that disagree, and a word containing the noun is no refutation', async (t) => {
  const app = await appWithSample(t);
  const negated = await check(app, '서울특별시는 대한민국의 수도가 아니다.');
  assert.ok(
    negated.rationale.some((r) => /근거: '수도이자 최대' ↔ 주장: '수도가 아니다'/.test(r)),
    JSON.stringify(negated.rationale),
  );

  const capital = await check(app, '대한민국의 수도는 부산이다.');
  assert.ok(
    capital.rationale.some((r) =>
      /다른 수도: 근거: '.*(서울특별시|서울).*' ↔ 주장: '대한민국의 수도는 부산이다'/.test(r),
    ),
    JSON.stringify(capital.rationale),
  );
  assert.ok(!capital.citations.some((c) => c.quote.includes('비수도권')), '비수도권 is not the negation of 수도');
  // 도시 철도 (a compound) and a sentence on the 인천광역시 page say nothing of whether 서울 is the largest city.
  const largest = await check(app, '서울특별시는 대한민국의 최대 도시가 아니다.');
  assert.equal(largest.label, 'FALSE');
  assert.deepEqual(
    largest.citations.map((c) => c.title),
    ['서울특별시'],
    JSON.stringify(largest.citations.map((c) => c.quote)),
  );
  // "양국 수도에 대표부를 설치하여": 수도 only as the place of another predicate says nothing either way.
  assert.ok(
    !negated.citations.some((c) => c.quote.includes('대표부')),
    JSON.stringify(negated.citations.map((c) => c.quote)),
  );
  // "돌로 된 섬이란 뜻의 '돌섬'" quotes the word: the lead's "…대한민국의 섬이다" is what refutes.
  const island = await check(app, '독도는 섬이 아니다.');
  assert.equal(island.label, 'FALSE', JSON.stringify(island.rationale));
  assert.ok(!island.rationale.some((r) => r.includes('섬이란 뜻의')), JSON.stringify(island.rationale));
  assert.ok(
    island.citations.some((c) => c.stance === 'refute' && c.quote.includes('대한민국의 섬이다')),
    JSON.stringify(island.citations.map((c) => c.quote)),
  );
});

test('a date refutes only the same event: another event of the subject, or the same verb of other arguments, decides nothing (sample-wiki sweep)', async (t) => {
  const app = await appWithSample(t);
  // [true claim the wiki dates by another event, its false sibling, the sentence that refutes the sibling]
  const pairs: [string, string, string, string][] = [
    [
      '파울 비트겐슈타인은 1946년에 미국 시민이 되었다.',
      '파울 비트겐슈타인은 1956년에 미국 시민이 되었다.',
      '1946년에 미국 시민이 되었고',
      '파울 비트겐슈타인',
    ],
    [
      '구글은 1998년에 백럽이라는 이름으로 검색 서비스를 시작하였다.',
      '구글은 2005년에 백럽이라는 이름으로 검색 서비스를 시작하였다.',
      '1998년에 스탠포드 대학교 학생들을 대상으로 하여 백럽(BackRub)이라는 이름으로 검색 서비스를 시작하였다',
      '구글',
    ],
    [
      '안중근은 1910년 3월 26일 뤼순형무소에서 교수형으로 순국하였다.',
      '안중근은 1920년 3월 26일 뤼순형무소에서 교수형으로 순국하였다.',
      // The lead's gloss (1879년 9월 2일 ~ 1910년 3월 26일) or the execution's account.
      '1910년 3월 26일',
      '안중근',
    ],
  ];
  for (const [right, wrong, quote, page] of pairs) {
    const r = await check(app, right);
    assert.notEqual(r.label, 'FALSE', `${right}: ${JSON.stringify(r.rationale)}`);
    assert.ok(
      r.related?.some((p) => p.title === page),
      `${right}: related ${JSON.stringify(r.related?.map((p) => p.title))}`,
    );
    const w = await check(app, wrong);
    assert.equal(w.label, 'FALSE', `${wrong}: ${JSON.stringify(w.rationale)}`);
    assert.ok(
      w.citations.some((c) => c.stance === 'refute' && c.quote.includes(quote)),
      `${wrong}: cites ${JSON.stringify(w.citations.map((c) => c.quote))}`,
    );
    assert.ok(
      w.rationale.some((x) => /날짜 불일치|다른 사망일/.test(x)),
      JSON.stringify(w.rationale),
    );
  }
  // 노조설립 is the founding of a union: its sentence's date (a dismissal in 2010) is not the company's.
  const founded = await check(app, '삼성전자는 1969년에 설립되었다.');
  assert.notEqual(founded.label, 'FALSE', JSON.stringify(founded.rationale));
  assert.ok(founded.related?.some((p) => p.title === '삼성전자'));
  // "1987년에 작성된 … 공훈록에서 … 사망했다는 기록": the year dates the record, not 유관순's death,
  // which the lead's gloss states (…, 1902년 12월 16일 (음력 11월 17일) ~ 1920년 9월 28일).
  const died = await check(app, '유관순은 1920년에 사망했다.');
  assert.equal(died.label, 'TRUE', JSON.stringify(died.rationale));
  assert.ok(
    died.citations.some((c) => c.quote.startsWith('유관순(柳寬順, 1902년')),
    JSON.stringify(died.citations),
  );
  assert.ok(!died.rationale.some((x) => x.includes("'1987년'")), JSON.stringify(died.rationale));
  // Another year of birth against the same gloss, found though the claim's year is nowhere in the page.
  const born = await check(app, '안중근은 1880년에 태어났다.');
  assert.equal(born.label, 'FALSE', JSON.stringify(born.rationale));
  assert.ok(born.rationale.some((x) => x.includes("다른 출생일: 근거: '1879년 9월 2일' ↔ 주장: '1880년'")));
  // Birth and death of one name (홍범도 ends in 도, as a particle would).
  assert.equal((await check(app, '홍범도는 1943년에 사망했다.')).label, 'TRUE');
  assert.equal((await check(app, '홍범도는 1868년에 사망했다.')).label, 'FALSE');
  // Another edition's year ("2016년 하계 올림픽이 개최된 …") is no other date of 1988's.
  const games = await check(app, '1988년 하계 올림픽은 서울에서 개최되었다.');
  assert.notEqual(games.label, 'FALSE', JSON.stringify(games.rationale));
  assert.ok(!games.rationale.some((x) => /근거: '(2016|2024|1992)년/.test(x)), JSON.stringify(games.rationale));
  // A year that names the subject (2002년 FIFA 월드컵) is no date: another edition's year refutes nothing.
  const edition = await check(app, '2002년 FIFA 월드컵은 17번째 FIFA 월드컵 대회이다.');
  // Its lead states it; "…중요도가 높은 대회는 아니다" (올림픽 축구) denies another thing.
  assert.equal(edition.label, 'TRUE', JSON.stringify(edition.rationale));
  assert.ok(!edition.rationale.some((x) => /날짜 불일치|주장 2002년/.test(x)), JSON.stringify(edition.rationale));
  const eighteenth = await check(app, '2002년 FIFA 월드컵은 18번째 FIFA 월드컵 대회이다.');
  assert.notEqual(eighteenth.label, 'TRUE');
  assert.ok(
    eighteenth.citations.some((c) => c.stance === 'refute' && c.quote.includes('17번째 FIFA 월드컵 대회로')),
    JSON.stringify(eighteenth.citations),
  );
  // "표의문자인 한자에 비해서" says 한자 is 표의문자, not 한글.
  const ideographic = await check(app, '한글은 표의문자이다.');
  assert.notEqual(ideographic.label, 'TRUE', JSON.stringify(ideographic.rationale));
  assert.ok(ideographic.related?.some((p) => p.title === '한글'));
  const phonetic = await check(app, '한글은 표음문자이다.');
  assert.equal(phonetic.label, 'TRUE');
  assert.ok(phonetic.citations.some((c) => c.stance === 'support' && c.quote.includes('한글은 표음문자')));
});

test('a place its lead narrows states the wider one: 인천광역시 중구 운서동에 있는 → 인천광역시 중구에 있다', async (t) => {
  const app = await appWithSample(t);
  for (const claim of ['인천국제공항은 인천광역시 중구에 있다.', '회기역은 동대문구에 있다.']) {
    const r = await check(app, claim);
    assert.equal(r.label, 'TRUE', `${claim}: ${JSON.stringify(r.rationale)}`);
    assert.ok(
      r.citations.some((c) => c.stance === 'support' && /에 있는/.test(c.quote)),
      JSON.stringify(r.citations),
    );
  }
  // Another place is never stated by it.
  assert.notEqual((await check(app, '회기역은 강남구에 있다.')).label, 'TRUE');
});

test('a rank its page says the other way round decides: 행성 중 … 두 번째로 크며 → 두 번째로 큰 행성', async (t) => {
  const app = await appWithSample(t);
  const second = await check(app, '토성은 태양계에서 두 번째로 큰 행성이다.');
  assert.equal(second.label, 'TRUE', JSON.stringify(second.rationale));
  assert.ok(
    second.rationale.some((r) => r.startsWith('같은 순위')),
    JSON.stringify(second.rationale),
  );
  const third = await check(app, '토성은 태양계에서 세 번째로 큰 행성이다.');
  assert.equal(third.label, 'FALSE', JSON.stringify(third.rationale));
  // Earth is the fifth largest: "태양으로부터 세 번째 행성" ranks it by place, and 토성's sentence ranks
  // 토성 (it names 지구 only as a measure). It was FALSE 0.99 by both.
  // "아프리카에서 나일강과 콩고강에 이어 세 번째로 긴 강이다", on its page with no subject of its own.
  const niger = await check(app, '나이저강은 아프리카에서 세 번째로 긴 강이다.');
  assert.equal(niger.label, 'TRUE', JSON.stringify(niger.rationale));
  const earth = await check(app, '지구는 태양계에서 다섯 번째로 큰 행성이다.');
  assert.notEqual(earth.label, 'FALSE', JSON.stringify(earth.rationale));
  assert.ok(!earth.rationale.some((r) => r.startsWith('순서 불일치')), JSON.stringify(earth.rationale));
});

test("evidence shown is of the claim's own subject and event: the subject's lead is read, another clause's date or another thing's rank is none (found through npm start)", async (t) => {
  const app = await appWithSample(t);
  // The lead says what 안중근 was; a sentence about the Korean church (한국 천주교에서) is no other value.
  const nation = await check(app, '안중근은 일본의 독립운동가이다.');
  assert.equal(nation.label, 'FALSE', JSON.stringify(nation.rationale));
  assert.ok(
    nation.citations.some((c) => c.stance === 'refute' && c.quote.includes('대한제국의 독립운동가')),
    JSON.stringify(nation.citations),
  );
  assert.ok(!nation.citations.some((c) => c.quote.includes('천주교')), JSON.stringify(nation.citations));
  // "1965년 … 한일기본조약에서 … 체결된 모든 조약 … 확인하였다": 1965 dates the confirmation.
  for (const claim of ['한일 병합 조약은 1910년에 체결되었다.', '을사조약은 1905년에 체결되었다.']) {
    const r = await check(app, claim);
    assert.notEqual(r.label, 'FALSE', `${claim}: ${JSON.stringify(r.rationale)}`);
    assert.ok(!r.rationale.some((x) => x.includes('1965년')), JSON.stringify(r.rationale));
  }
  // "1938년 설립된 삼성물산을": not 삼성전자's founding, which 1969 dates (창립하면서).
  const founded = await check(app, '삼성전자는 1975년에 설립되었다.');
  assert.equal(founded.label, 'FALSE', JSON.stringify(founded.rationale));
  assert.ok(
    founded.rationale.includes("날짜 불일치: 근거: '1969년' ↔ 주장: '1975년'"),
    JSON.stringify(founded.rationale),
  );
  assert.ok(!founded.rationale.some((x) => x.includes('2010년')), JSON.stringify(founded.rationale));
  // 첫 번째 (a heat source) and 두 번째로 크며 (토성's size) rank other things than the planet.
  const earth = await check(app, '지구는 태양계의 세 번째 행성이다.');
  assert.notEqual(earth.label, 'FALSE');
  assert.equal(earth.counter_evidence.length + earth.citations.filter((c) => c.stance === 'refute').length, 0);
  assert.ok(earth.related?.some((p) => p.title === '지구'));
  // "2016년 12월 1일, LG전자는 … 체제로 변경했으며": 2016 dates the change, not the founding; a sentence
  // on 삼성전자's founding never names LG전자.
  const lg = await check(app, 'LG전자는 1958년에 설립되었다.');
  assert.notEqual(lg.label, 'FALSE', JSON.stringify(lg.rationale));
  assert.ok(!lg.rationale.some((x) => /2016년|1938년/.test(x)), JSON.stringify(lg.rationale));
  // "…강조된 건축이 아닌 나무 …" denies 건축, not 건축가; "1934년의 이탈리아" is another edition's year.
  const gaudi = await check(app, '안토니 가우디는 스페인의 건축가이다.');
  assert.notEqual(gaudi.label, 'FALSE', JSON.stringify(gaudi.rationale));
  assert.ok(!gaudi.rationale.some((x) => x.includes('부정 불일치')), JSON.stringify(gaudi.rationale));
  const cup = await check(app, '2002년 FIFA 월드컵은 한국과 일본에서 공동 개최되었다.');
  assert.notEqual(cup.label, 'FALSE', JSON.stringify(cup.rationale));
  assert.ok(!cup.rationale.some((x) => x.includes('날짜 불일치')), JSON.stringify(cup.rationale));
  // 3·1 is part of the name: "…일제는 1934년에 이 운동을 강제로 금지시켰다" is another 운동's date.
  const march = await check(app, '3·1 운동은 1929년에 일어났다.');
  assert.ok(!march.rationale.some((x) => x.includes('1934년')), JSON.stringify(march.rationale));
  // "1444년 … 훈민정음 반포에 반대하는 … 상소" dates the appeal: the true claim is not MIXED by it.
  const promulgated = await check(app, '훈민정음은 1446년에 반포되었다.');
  assert.notEqual(promulgated.label, 'MIXED', JSON.stringify(promulgated.rationale));
  assert.ok(!promulgated.rationale.some((x) => x.includes('1444년')), JSON.stringify(promulgated.rationale));
  // "가장 밀도가 큰 천체": the density is great, not the planet.
  const smallest = await check(app, '수성은 태양계에서 가장 작은 행성이다.');
  assert.notEqual(smallest.label, 'FALSE', JSON.stringify(smallest.rationale));
  assert.ok(!smallest.rationale.some((x) => x.includes('반대 표현')), JSON.stringify(smallest.rationale));
  // "일본이 집단자위권을 강화함으로써" says not whose 독도 is: the support stands alone.
  const dokdo = await check(app, '독도는 대한민국의 영토이다.');
  assert.notEqual(dokdo.label, 'MIXED', JSON.stringify(dokdo.rationale));
  assert.equal(dokdo.counter_evidence.length, 0, JSON.stringify(dokdo.counter_evidence));
});

test('a full date: TRUE where its page states it whole, never MIXED by another event’s date or by two findings too weak to decide', async (t) => {
  const app = await appWithSample(t);
  // "2008년 3월 25일 국제한국연구원은 … 순국한 3월 26일까지의 행적 …" dates the institute's release.
  const died = await check(app, '안중근은 1910년 3월 26일에 순국하였다.');
  assert.equal(died.label, 'TRUE', JSON.stringify(died.rationale));
  assert.ok(!died.rationale.some((x) => x.includes('2008년')), JSON.stringify(died.rationale));
  assert.equal((await check(app, '안중근은 1911년 3월 26일에 순국하였다.')).label, 'FALSE');
  // The lead states it in other words (a support too often wrong to decide alone); "3월 16일 …
  // 시위를 벌였는데" is another day's event (a refutation as weak): shown, not judged MIXED.
  const march = await check(app, '3·1 운동은 1919년 3월 1일에 시작되었다.');
  assert.equal(march.label, 'UNVERIFIED', JSON.stringify(march.rationale));
  assert.ok(
    march.citations.some((c) => c.title === '3·1 운동' && c.quote.includes('1919년 3월 1일')),
    JSON.stringify(march.citations),
  );
  assert.match(march.headline, /어느 쪽도/);
  // A full date its page states whole is TRUE; a day off is FALSE, the two dates named.
  for (const claim of [
    '을사조약은 1905년 11월 17일에 체결되었다.',
    '간토 대지진은 1923년 9월 1일에 일어났다.',
    '안중근은 1909년 10월 26일 이토 히로부미를 암살하였다.',
  ]) {
    const r = await check(app, claim);
    assert.equal(r.label, 'TRUE', `${claim} ${JSON.stringify(r.rationale)}`);
  }
  // A birthplace inside the larger place its page names first ("평안도 평양에서 태어나").
  assert.equal((await check(app, '홍범도는 평안도에서 태어났다.')).label, 'TRUE');
  assert.equal((await check(app, '홍범도는 함경도에서 태어났다.')).label, 'FALSE');
  const dayOff = await check(app, '간토 대지진은 1923년 9월 2일에 일어났다.');
  assert.equal(dayOff.label, 'FALSE', JSON.stringify(dayOff.rationale));
  assert.ok(
    dayOff.rationale.some((x) => x.includes("'1일' ↔ 주장: '2일'")),
    JSON.stringify(dayOff.rationale),
  );
});

test('a series of events is never refuted by one edition of it or by another series with its words', async (t) => {
  const app = await appWithSample(t);
  // The 2018, 2014 and 2002 editions' years were read as the first World Cup's (FALSE 0.96);
  // the youth Olympics' 2010 as the first Summer Olympics' (FALSE 0.9).
  for (const claim of ['FIFA 월드컵은 1930년에 첫 대회가 열렸다.', '하계 올림픽은 1896년에 처음 열렸다.']) {
    const r = await check(app, claim);
    assert.notEqual(r.label, 'FALSE', `${claim}: ${JSON.stringify(r.rationale)}`);
    assert.ok(!r.rationale.some((x) => /2018년|2010년/.test(x)), `${claim}: ${JSON.stringify(r.rationale)}`);
  }
});

test('UNVERIFIED still shows the related passages: the 물 page, with the claim words marked', async (t) => {
  const app = await appWithSample(t);
  const water = await check(app, '물은 수소와 산소로 이루어져 있다.');
  assert.equal(water.label, 'UNVERIFIED');
  const page = water.related?.find((p) => p.title === '물');
  assert.ok(page, JSON.stringify(water.related));
  assert.equal(typeof page.chunk_id, 'number');
  const marked = page.highlights.map((h) => page.quote.slice(h.start, h.end));
  assert.ok(marked.some((m) => m.startsWith('물')) && marked.length >= 2, JSON.stringify(marked));
});

test('with an LLM: a quote the model calls support but the rules read as opposed cannot make the claim TRUE', async (t) => {
  let plan: LlmPlan = {};
  const fake = await fakeChatServer(t, (req) => llmScript(plan)(req));
  const app = await appWithSample(t, 'pglite', { ...LLM_ENV(fake.url), OLALA_RESULT_CACHE_SECONDS: '0' });

  // Another ordinal.
  plan = {
    support: (req) => jsonReply(verifyAnswer([cite(req, '화성(火星, )은 태양계의 4번째 행성이며', 'support')], 'TRUE')),
    judge: 'TRUE',
  };
  const ordinal = await check(app, '화성은 태양계의 3번째 행성이다.');
  assert.notEqual(ordinal.label, 'TRUE');
  assert.ok(['MIXED', 'UNVERIFIED'].includes(ordinal.label), ordinal.label);
  assert.ok(
    ordinal.limitations.some((l) => /주장과 어긋나는 내용/.test(l)),
    JSON.stringify(ordinal.limitations),
  );
  assert.ok(
    ordinal.rationale.some((r) => /인용문과 주장이 어긋남/.test(r)),
    JSON.stringify(ordinal.rationale),
  );

  // The predicate negated.
  plan = {
    support: (req) => jsonReply(verifyAnswer([cite(req, '화성(火星, )은 태양계의 4번째 행성이며', 'support')], 'TRUE')),
    judge: 'TRUE',
  };
  const negated = await check(app, '화성은 태양계의 4번째 행성이 아니다.');
  assert.notEqual(negated.label, 'TRUE');

  // The same quote for the claim it states is still support.
  const plain = await check(app, '화성은 태양계의 4번째 행성이다.');
  assert.equal(plain.label, 'TRUE');
});

// Single-valued relations (capital, founder, birthplace, …), decided only in the kinds the kowiki
// relation set measured precise (docs/eval.md, "Single-valued relations measured on kowiki").

test('a single-valued relation decides where the kowiki relation set measured it: another capital FALSE, the same TRUE, the rest undecided', async (t) => {
  const app = await appWithSample(t);
  // relation refutation: 2,053 right of 2,063 on the set's tuning half (calibration-rules.json, docs/eval.md).
  const busan = await check(app, '대한민국의 수도는 부산이다.');
  assert.equal(busan.label, 'FALSE', JSON.stringify(busan.rationale));
  assert.ok(busan.confidence >= 0.9 && busan.confidence < 1, String(busan.confidence));
  const lead = busan.citations.find((c) => c.quote.includes(SEOUL));
  assert.ok(lead, JSON.stringify(busan.citations));
  assert.equal(lead.title, '서울특별시');
  assert.equal(lead.stance, 'refute');
  // The reason names both values, the lead's and the claim's.
  assert.ok(
    busan.rationale.some((r) =>
      /다른 수도: 근거: '서울특별시는 대한민국의 수도이자' ↔ 주장: '대한민국의 수도는 부산이다'/.test(r),
    ),
    JSON.stringify(busan.rationale),
  );
  assert.deepEqual(
    busan.limitations.filter((l) => WITHHELD.test(l)),
    [],
  );
  // Relation agreement in another order than the claim's: support, 325 right of 325 on the set.
  const seoul = await check(app, '대한민국의 수도는 서울특별시이다.');
  assert.equal(seoul.label, 'TRUE', JSON.stringify(seoul.rationale));
  assert.ok(seoul.confidence >= 0.95 && seoul.confidence < 1, String(seoul.confidence));
  assert.ok(
    seoul.citations.some((c) => c.stance === 'support' && c.quote.includes(SEOUL)),
    JSON.stringify(seoul.citations),
  );
  assert.ok(
    seoul.rationale.some((r) =>
      /같은 수도: 근거: '서울특별시는 대한민국의 수도이자' = 주장: '대한민국의 수도는 서울특별시이다'/.test(r),
    ),
    JSON.stringify(seoul.rationale),
  );
  // Not decided: a value of another time (부산 was the wartime capital: the claim is past), a
  // relation that is not single-valued (도시), a value the wiki does not state (일본), a location
  // (measured 0.86 on the set: places at many levels), a denial of the relation is another rule's.
  for (const claim of ['대한민국의 수도는 부산이었다.', '대한민국의 도시는 부산이다.', '일본의 수도는 교토이다.']) {
    const r = await check(app, claim);
    assert.equal(r.label, 'UNVERIFIED', `${claim}: ${JSON.stringify(r.rationale)}`);
    assert.ok(!r.citations.some((c) => c.stance === 'support'), claim);
  }
  // The location's refutation is still shown, withheld, with its reason.
  const jeju = await check(app, '제주도는 대한민국의 동해에 위치한 섬이다.');
  assert.equal(jeju.label, 'UNVERIFIED', JSON.stringify(jeju.rationale));
  assert.ok(jeju.rationale.some((r) => /다른 위치: 근거: '남해에 위치한' ↔ 주장: '동해에 위치한'/.test(r)));
  assert.ok(jeju.limitations.some((l) => WITHHELD.test(l)));
});

// 옛, 전(前), 초기, 임시 before the relation noun: another relation than today's capital (rules/relations.ts).
// The sample's 부산광역시 page says "대한민국 임시수도가 되었다"; the 서울특별시 lead gives today's capital.
test('a former, early or provisional capital is another relation: never refuted or supported by today’s capital', async (t) => {
  const app = await appWithSample(t);
  for (const claim of [
    '부산광역시는 대한민국의 임시 수도이다.',
    '부산광역시는 대한민국의 전 수도이다.',
    '대한민국의 옛 수도는 부산광역시이다.',
    '대한민국의 초기 수도는 부산광역시이다.',
  ]) {
    const r = await check(app, claim);
    assert.equal(r.label, 'UNVERIFIED', `${claim}: ${JSON.stringify(r.rationale)}`);
    assert.ok(
      !r.rationale.some((x) => /다른 (옛 |초기 |임시 )?수도/.test(x)),
      `${claim}: ${JSON.stringify(r.rationale)}`,
    );
    assert.ok(!r.citations.some((c) => c.quote.includes(SEOUL)), `${claim}: ${JSON.stringify(r.citations)}`);
  }
  // Without the time word it is today's capital, refuted by the lead.
  const plain = await check(app, '부산광역시는 대한민국의 수도이다.');
  assert.equal(plain.label, 'FALSE', JSON.stringify(plain.rationale));
  assert.ok(plain.citations.some((c) => c.stance === 'refute' && c.quote.includes(SEOUL)));
});

test("a page's own sentence with its verb denied is FALSE, decided, the two phrases named; as the page says it, TRUE", async (t) => {
  const app = await appWithSample(t);
  // The page's sentence, and the verb it ends in as the page says it and denied.
  const sentences: [string, string, string][] = [
    ['개인용 컴퓨터는 기업이나 가정에서 개인이 사용하는 컴퓨터를 말한다.', '말한다', '말하지 않는다'],
    ['하계 올림픽은 4년마다 열리는 국제 스포츠 행사로 국제올림픽위원회가 주관한다.', '주관한다', '주관하지 않는다'],
    ['기후는 특정 장소에서 해마다 되풀이되는 보편적인 대기의 종합적인 상태를 말한다.', '말한다', '말하지 않는다'],
  ];
  for (const [sentence, verb, denied] of sentences) {
    const claim = sentence.replace(`${verb}.`, `${denied}.`);
    const r = await check(app, claim);
    assert.equal(r.label, 'FALSE', `${claim}: ${JSON.stringify(r.rationale)}`);
    assert.ok(r.confidence >= 0.9, `${claim}: ${r.confidence}`);
    assert.ok(
      r.citations.some(
        (c) => c.stance === 'refute' && c.quote.startsWith(sentence.slice(0, 2)) && c.quote.endsWith(`${verb}.`),
      ),
      `${claim}: ${JSON.stringify(r.citations)}`,
    );
    assert.ok(
      r.rationale.some(
        (x) => x.startsWith('부정 불일치') && x.includes(`'${verb}'`) && x.includes(`주장: '${denied}'`),
      ),
      `${claim}: ${JSON.stringify(r.rationale)}`,
    );
    assert.equal((await check(app, sentence)).label, 'TRUE', sentence);
  }
});

test('the sample wiki read back to itself: none of its own sentences is FALSE or MIXED, most are TRUE from their page, and none made false is TRUE', async (t) => {
  const app = await appWithSample(t);
  const rows = (file: string) =>
    parse(fs.readFileSync(path.join(SAMPLE, file)), { columns: true }) as Record<string, string>[];
  const titles = new Map(rows('wiki_pages.csv').map((p) => [p.page_id, p.title]));
  // Up to two plain sentences of each page's first chunk, brackets left out as a reader would.
  const claims: [string, string][] = [];
  for (const chunk of rows('wiki_chunks.csv').filter((c) => c.chunk_idx === '0'))
    for (const sentence of (chunk.content ?? '').split(/(?<=다\.)\s+/).slice(0, 2)) {
      const claim = sentence.replace(/\s?\([^()]*\)/g, '').trim();
      if (claim.length >= 15 && claim.length <= 90 && /다\.$/.test(claim))
        claims.push([claim, titles.get(chunk.page_id!)!]);
    }
  assert.ok(claims.length >= 300, `${claims.length} sentences`);
  const ask = (claim: string) => check(app, claim);
  const wrong: string[] = [];
  let stated = 0;
  let variants = 0;
  for (const [claim, title] of claims) {
    const r = await ask(claim);
    if (r.label === 'FALSE' || r.label === 'MIXED') wrong.push(`${claim}: ${r.label} ${JSON.stringify(r.rationale)}`);
    if (r.label === 'TRUE' && r.citations.some((c) => c.stance === 'support' && c.title === title)) stated++;
    for (const [, variant] of falseSiblings(claim, title)) {
      variants++;
      const v = await ask(variant);
      if (v.label === 'TRUE') wrong.push(`${variant}: TRUE ${JSON.stringify(v.rationale)}`);
    }
  }
  assert.deepEqual(wrong, []);
  assert.ok(stated / claims.length >= 0.75, `TRUE from its own page: ${stated} of ${claims.length}`);
  assert.ok(variants >= 200, `${variants} false variants`);
});
