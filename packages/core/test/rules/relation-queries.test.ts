import assert from 'node:assert/strict';
import { test } from 'node:test';
import { extractRelations, relationQueries } from '../../src/pipeline/rules/relations.js';
import { querygen } from '../../src/pipeline/stages/querygen/index.js';
import type { StageScope } from '../../src/pipeline/run-context.js';

/**
 * "대한민국의 수도는 인천광역시이다" never retrieved "서울특별시는 대한민국의 수도이자 …": the claim
 * searched finds the owner's and the claimed value's pages. A query for the relation without the
 * value, in the form the actual value's page states it, brings that page (docs/eval.md, "The page
 * that states the true value").
 */
test('relationQueries: owner and relation without the value, in the claim’s own word', () => {
  assert.deepEqual(relationQueries('대한민국의 수도는 인천광역시이다.'), ['대한민국의 수도이다']);
  assert.deepEqual(relationQueries('부산광역시는 대한민국의 수도이다.'), ['대한민국의 수도이다']);
  assert.deepEqual(relationQueries('마이크로소프트의 창립자는 스티브 잡스이다.'), ['마이크로소프트의 창립자이다']);
  assert.deepEqual(relationQueries('안중근은 서울에서 태어났다.'), ['안중근의 출생지이다']);
  assert.deepEqual(relationQueries('독도는 서해에 위치한 섬이다.'), ['독도의 위치이다']);
  assert.deepEqual(relationQueries('물은 수소와 산소로 이루어져 있다.'), []);
  // The owner is the topic without its particle, not the search stem (오만은 → 오, 호랑이는 → 호랑).
  assert.deepEqual(relationQueries('오만은 서남아시아에 위치한다.'), ['오만의 위치이다']);
  assert.deepEqual(
    extractRelations('호랑이는 아시아의 숲에 위치해 산다.').map((r) => r.owner),
    ['호랑이'],
  );
  // A 구어체 copula states the value as 이다 does.
  assert.deepEqual(relationQueries('대한민국의 수도는 부산이야.'), ['대한민국의 수도이다']);
});

test('querygen without an LLM: the relation query comes right after the claim, before the headwords', () => {
  const q = querygen('대한민국의 수도는 인천광역시이다.', {} as StageScope) as { wiki: string[] };
  assert.deepEqual(q.wiki.slice(0, 2), ['대한민국의 수도는 인천광역시이다.', '대한민국의 수도이다']);
  assert.ok(q.wiki.length <= 4);
  const plain = querygen('물은 수소와 산소로 이루어져 있다.', {} as StageScope) as { wiki: string[] };
  assert.ok(!plain.wiki.some((w) => w.endsWith('이다') && w !== plain.wiki[0]));
});

test('a relation states a value only with a copula, and a relative position is no value', () => {
  // "기록에 따라 다르게 나타난다": no value stated.
  assert.deepEqual(extractRelations('이렇게 고조선의 수도는 기록에 따라 다르게 나타난다.'), []);
  assert.deepEqual(
    extractRelations('구글의 창립자는 래리 페이지와 세르게이 브린이다.').map((r) => r.value),
    ['래리 페이지 세르게이 브린'],
  );
  // 최남단, 사이, 경계부분 place the owner against something else; 남해 and 호남 are places.
  assert.deepEqual(extractRelations('제주도는 한국 최남단에 위치하고 근해에 난류가 흐른다.'), []);
  assert.deepEqual(
    extractRelations('독도는 동해의 남서부, 울릉도와 오키 제도 사이에 위치하며, 대한민국의 섬이다.'),
    [],
  );
  assert.deepEqual(extractRelations('이 섬은 울릉분지의 북쪽 경계부분에 위치하고 있다.', '독도'), []);
  assert.deepEqual(
    extractRelations('제주도는 대한민국의 남해에 위치한 섬이다.').map((r) => [r.relation, r.owner, r.value]),
    [['위치', '제주도', '남해']],
  );
  assert.deepEqual(
    extractRelations('광주는 호남에 위치한 도시이다.').map((r) => r.value),
    ['호남'],
  );
});
