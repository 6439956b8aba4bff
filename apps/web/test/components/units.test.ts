import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { StageName } from '@olala/contract/truth';
import { STAGE_NAMES } from '@olala/contract';
import { parseEnv } from '../../src/config/env.js';
import { paths, wikiPageIdOf } from '../../src/config/paths.js';
import { match } from '../../src/lib/router.js';
import { confidenceHint, verdictOf } from '../../src/lib/verdict.js';
import { wrapText } from '../../src/features/share/card.js';
import { looksLikeUrl } from '../../src/features/verify/detect.js';
import { STAGE_LABELS, STAGES } from '../../src/lib/stages.js';
import { chunkQuoted } from '../../src/features/wiki/api/get-wiki-page.js';

test('every stage of the contract has a Korean name, in the contract order', () => {
  assert.deepEqual(
    STAGES.map((s) => s.name),
    [...STAGE_NAMES],
  );
  assert.equal(STAGE_LABELS['stage03_web' as StageName], '뉴스 검색');
  assert.equal(STAGE_LABELS.stage09_judge, '최종 판정');
});

test('a pasted address is told from a sentence', () => {
  assert.equal(looksLikeUrl('  https://n.news.naver.com/article/001/0014 '), true);
  assert.equal(looksLikeUrl('http://example.com'), true);
  assert.equal(looksLikeUrl('https://example.com 이 기사 확인해줘'), false);
  assert.equal(looksLikeUrl('ftp://example.com/x'), false);
  assert.equal(looksLikeUrl('https://localhost'), false);
  assert.equal(looksLikeUrl('화성은 행성이다'), false);
});

test('wiki citations name their page in either URL form; the cited chunk is found by its quote', () => {
  assert.equal(wikiPageIdOf('wiki://page/518'), 518);
  assert.equal(wikiPageIdOf('https://ko.wikipedia.org/wiki?curid=518'), 518);
  assert.equal(wikiPageIdOf('https://example.com/?curid=x'), undefined);
  assert.equal(paths.wiki.href(518, { quote: '화성 행성' }), '/wiki/518?q=%ED%99%94%EC%84%B1+%ED%96%89%EC%84%B1');
  const page = {
    page_id: 518,
    title: '화성',
    url: 'wiki://page/518',
    source_url: null,
    chunks: [
      { chunk_id: 51800000, chunk_idx: 0, content: '화성은 태양계의 4번째 행성이며,\n지구형 행성이다.' },
      { chunk_id: 51800001, chunk_idx: 1, content: '화성의 위성은 포보스와 데이모스이다.' },
    ],
  };
  assert.equal(
    chunkQuoted(page, '화성은 태양계의 4번째 행성이며, 지구형'),
    51800000,
    'whitespace differences do not matter',
  );
  assert.equal(
    chunkQuoted(page, '화성의 위성은 포보스와 데이모스이다. 그리고 다음 조각에 걸친 인용'),
    51800001,
    'a quote spanning chunks finds its first',
  );
  assert.equal(chunkQuoted(page, '전혀 다른 문장입니다 목성은 크다'), undefined);
});

test('routes read their parameters', () => {
  assert.deepEqual(match('/r/:id', '/r/abc-1'), { id: 'abc-1' });
  assert.deepEqual(match('/', '/'), {});
  assert.equal(match('/history', '/bookmarks'), undefined);
  assert.deepEqual(match('/wiki/:pageId', '/wiki/19/'), { pageId: '19' });
});

test('verdicts: names, and the confidence hint by level', () => {
  assert.equal(verdictOf('MIXED').text, '일부 사실');
  assert.equal(verdictOf('REFUSED').text, '검증 불가');
  assert.equal(verdictOf('SOMETHING_NEW').text, '판단 보류', 'an unknown label is shown as no verdict');
  assert.match(confidenceHint('TRUE', 0.9), /높아요/);
  assert.match(confidenceHint('TRUE', 0.7), /어느 정도/);
  assert.match(confidenceHint('FALSE', 0.4), /낮아요/);
  assert.match(confidenceHint('UNVERIFIED', 0.9), /참고용/);
});

test('the share card wraps Korean anywhere, English at spaces, and cuts with an ellipsis', () => {
  const measure = (s: string) => s.length * 10;
  assert.deepEqual(wrapText(measure, '가나다라마바사아자차카타파하', 50, 5), ['가나다라마', '바사아자차', '카타파하']);
  assert.deepEqual(wrapText(measure, 'alpha beta gamma', 110, 5), ['alpha beta', 'gamma']);
  const cut = wrapText(measure, '가'.repeat(40), 50, 2);
  assert.equal(cut.length, 2);
  assert.ok(cut[1]!.endsWith('…') && measure(cut[1]!) <= 50);
});

test('build profiles are checked: a wrong profile or timeout says which', () => {
  assert.deepEqual(
    parseEnv({
      VITE_PROFILE: 'beta',
      VITE_API_BASE: 'https://api.example.com/',
      VITE_VERIFY_TIMEOUT_MS: '5000',
      VITE_FLAG_STAGE_TIMINGS: '1',
    }),
    {
      profile: 'beta',
      version: '0.0.0',
      apiBase: 'https://api.example.com',
      verifyTimeoutMs: 5000,
      showStageTimings: true,
    },
  );
  assert.throws(() => parseEnv({ VITE_PROFILE: 'staging' }), /VITE_PROFILE must be dev, beta or prod, not "staging"/);
  assert.throws(() => parseEnv({ VITE_VERIFY_TIMEOUT_MS: 'soon' }), /VITE_VERIFY_TIMEOUT_MS/);
});
