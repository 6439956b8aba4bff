import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Evidence } from '../../src/evidence.js';
import { highlightsIn, RELATED, relatedPassages } from '../../src/pipeline/rules/passages.js';
import { contentTerms } from '../../src/pipeline/rules/terms.js';
import { scoreEvidence } from '../../src/pipeline/stages/score/index.js';
import { relatedEvidence, topEvidence, TOPK } from '../../src/pipeline/stages/topk/index.js';

function wiki(title: string, content: string, chunk: number): Evidence {
  return {
    evid_id: `ev_${chunk}`,
    source_type: 'WIKIPEDIA',
    title,
    url: `https://wiki.example/${encodeURIComponent(title)}`,
    content,
    provider: 'wiki',
    trust_tier: 'encyclopedia',
    trust: 0.82,
    relevance: 1,
    chunk_id: chunk,
  };
}

// BoolQ dev: the passage names the dog and its intelligence in other words than the claim
// ("영리하다"), so it covers a third of the claim's words, under the verifiers' floor.
const CLAIM = '보더콜리는 지능이 높다.';
const BORDER_COLLIE = wiki(
  '보더콜리',
  '보더콜리는 스코틀랜드와 잉글랜드의 경계 지역에서 유래한 목양견이다. 매우 영리하여 양을 모는 일에 뛰어나다.',
  100,
);
const UNRELATED = wiki('보리', '보리는 볏과의 두해살이풀이다. 맥주의 원료로 쓰인다.', 200);

test("the best page the search found is shown as related even under the verifiers' coverage floor", () => {
  const scored = scoreEvidence(CLAIM, [BORDER_COLLIE, UNRELATED]);
  const gold = scored.find((s) => s.chunk_id === 100)!;
  assert.ok(
    gold.coverage > 0 && gold.coverage < TOPK.minCoverage,
    `precondition: coverage ${gold.coverage} is under the floor`,
  );
  const top = topEvidence(scored);
  // The verifiers do not read it: too little of the claim to judge by.
  assert.equal(top.length, 0);
  // Read from the verifiers' list alone, the answer showed nothing (what the pipeline did).
  assert.deepEqual(relatedPassages(CLAIM, top), []);
  const related = relatedPassages(CLAIM, relatedEvidence(scored, top));
  assert.deepEqual(
    related.map((r) => r.title),
    ['보더콜리'],
  );
  assert.ok(related[0]!.highlights.length > 0, "the claim's words are marked");
});

test("related pages: the verifiers' pages first, one item a page, no page without a word of the claim, at most RELATED.max", () => {
  const claim = '화성은 태양계의 네 번째 행성이다.';
  const items = [
    wiki('화성', '화성은 태양계의 네 번째 행성이다. 붉은 행성으로 불린다.', 1),
    wiki('화성', '화성의 위성은 포보스와 데이모스이다.', 2),
    wiki('태양계', '태양계는 태양과 그 주위를 도는 천체들이다. 행성은 여덟 개이다.', 3),
    wiki('목성', '목성은 태양계에서 가장 큰 행성이다.', 4),
    wiki('지구', '지구는 태양계의 세 번째 행성이다.', 5),
    wiki('금성', '금성은 두 번째 행성이다.', 6),
    wiki('보리', '보리는 볏과의 두해살이풀이다.', 7),
  ];
  const scored = scoreEvidence(claim, items);
  const top = topEvidence(scored);
  const pool = relatedEvidence(scored, top);
  assert.deepEqual(pool.slice(0, top.length), top, "the verifiers' items lead, in their order");
  const extra = pool.slice(top.length);
  assert.ok(
    extra.every((e) => e.coverage > 0),
    'no page that shares no word of the claim',
  );
  assert.ok(
    extra.every((e) => !top.some((t) => t.url === e.url)),
    'no second item of a page already there',
  );
  assert.equal(new Set(extra.map((e) => e.url)).size, extra.length);
  assert.ok(new Set(pool.map((e) => e.url)).size <= Math.max(RELATED.max, new Set(top.map((t) => t.url)).size));
  assert.ok(!pool.some((e) => e.title === '보리'));
  assert.ok(relatedPassages(claim, pool).length <= RELATED.max);
});

test("the lead of the claim's subject's page is read first, beside its page's two best passages", () => {
  const claim = '안중근은 일본의 독립운동가이다.';
  const passage = (chunk: number) =>
    wiki('안중근', `안중근은 일본에서 독립운동가로 알려졌다. 문단 ${chunk}은 그의 재판을 다룬다.`, chunk);
  const lead = {
    ...wiki('안중근', '안중근(安重根)은 대한제국의 독립운동가, 항일 의병장 겸 정치 사상가이다.', 10),
    subject_lead: true,
  };
  const scored = scoreEvidence(claim, [passage(11), passage(12), passage(13), lead]);
  assert.ok(
    scored.at(-1)?.chunk_id === 10,
    'precondition: the lead scores under the passages that say more of the claim',
  );
  const top = topEvidence(scored);
  assert.deepEqual(
    top.map((e) => e.chunk_id),
    [10, 11, 12],
  );
  // Not when it shares too little of the claim: a lead of another subject says nothing of it.
  const thin = { ...wiki('안중근', '이 문서는 동명이인을 다룬다.', 20), subject_lead: true };
  assert.ok(!topEvidence(scoreEvidence(claim, [thin])).some((e) => e.chunk_id === 20));
});

test('a lead that names its subject is read even when the claim shares no other word with it', () => {
  // The claim's year is far from the event's: the lead shares only the name, under the floor.
  const claim = '병자호란은 1592년에 일어났다.';
  const lead = {
    ...wiki('병자호란', '병자호란(丙子胡亂)은 1636년 12월 28일 ~ 1637년 2월 24일까지 벌어진 전쟁이다.', 30),
    subject_lead: true,
  };
  const scored = scoreEvidence(claim, [lead]);
  assert.ok(scored[0]!.coverage < TOPK.minCoverage, 'precondition: the lead is under the floor');
  assert.deepEqual(
    topEvidence(scored).map((e) => e.chunk_id),
    [30],
  );
  // The same words on another page's passage stay under the floor.
  assert.deepEqual(topEvidence(scoreEvidence(claim, [{ ...lead, subject_lead: false }])), []);
});

test("a related passage marks the claim's words, one a gloss splits from its particle too (물(水, )은)", () => {
  const quote = '물(水, )은 산소와 수소가 결합된 화학 물질이다.';
  const marked = highlightsIn(quote, contentTerms('물은 수소와 산소로 이루어져 있다.')).map((h) =>
    quote.slice(h.start, h.end),
  );
  assert.deepEqual(marked, ['물', '산소', '수소']);
});
