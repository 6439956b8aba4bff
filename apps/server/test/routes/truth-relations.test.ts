import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { TruthCheckResponse } from '@olala/contract';
import { appWithSample } from '../truth-fakes.js';

/**
 * Single-valued relations (capital, founder, birthplace, …) through `POST /truth/check` on the
 * sample wiki, no LLM: decided only in the kinds the kowiki relation set measured precise
 * (docs/eval.md, "Single-valued relations measured on kowiki").
 */

async function check(app: FastifyInstance, claim: string): Promise<TruthCheckResponse> {
  const res = await app.inject({
    method: 'POST',
    url: '/truth/check',
    payload: { input_payload: claim, no_cache: true },
  });
  assert.equal(res.statusCode, 200, res.body);
  return res.json();
}

const SEOUL = '서울특별시(서울特別市)는 대한민국의 수도이자 최대 도시이다.';
const WITHHELD = /검증 정확도가 90% 미만이라 판정을 보류합니다/;

test('a single-valued relation decides where the kowiki relation set measured it: another capital FALSE, the same TRUE, the rest undecided', async (t) => {
  const app = await appWithSample(t);
  // relation refutation: 457 right of 471 on the set's tuning half (calibration-rules.json, docs/eval.md).
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
  // Relation agreement in another order than the claim's: support, 368 right of 368 on the set.
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
