import assert from 'node:assert/strict';
import { test } from 'node:test';
import { keywordQueries } from '../../src/pipeline/rules/keywords.js';

test('wiki queries are the entities first, particles stripped; news queries keep numbers', () => {
  const q = keywordQueries('삼성전자가 2024년 1분기 영업이익 6조원을 기록했다');
  assert.equal(q.wiki[0], '삼성전자');
  assert.ok(q.news[0]?.startsWith('삼성전자 2024년 1분기 영업이익 6조원'), q.news[0]);
  assert.ok(!q.news.some((n) => n.includes('기록')), 'the predicate is not a keyword');
  for (const list of [q.wiki, q.news]) {
    assert.ok(list.length >= 1 && list.length <= 3);
    assert.equal(new Set(list).size, list.length);
  }
});

test('Latin names keep their spelling without the particle', () => {
  const q = keywordQueries('BTS가 빌보드 핫100 1위에 올랐다');
  assert.equal(q.wiki[0], 'BTS');
  assert.ok(q.wiki.includes('빌보드'));
  assert.ok(!q.wiki.some((w) => /[가가는를]$/.test(w) && w.startsWith('BTS')));
});

test('general nouns are not headwords', () => {
  const q = keywordQueries('정부는 이순신 장군 동상을 광화문에 세웠다');
  assert.ok(!q.wiki.includes('정부'));
  assert.ok(q.wiki.includes('이순신'));
  assert.ok(q.wiki.includes('광화문'));
});

test('a claim with no content words still yields a query', () => {
  const q = keywordQueries('그것');
  assert.deepEqual(q, { wiki: ['그것'], news: ['그것'] });
});
