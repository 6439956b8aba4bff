import assert from 'node:assert/strict';
import { test } from 'node:test';
import { trustOf, TRUST_SCORES } from '@olala/core';

const cases: [string, string][] = [
  ['https://www.mois.go.kr/frt/bbs/type010/commonSelectBoardArticle.do?bbsId=BBSMSTR_000000000008', 'government'],
  ['https://www.korea.kr/news/policyNewsView.do?newsId=148900000', 'government'],
  ['https://www.mnd.mil.kr/', 'government'],
  ['https://www.cdc.gov/flu/', 'government'],
  ['https://www.gov.uk/guidance/x', 'government'],
  ['https://kosis.kr/statHtml/statHtml.do', 'government'],
  ['https://www.snu.ac.kr/research', 'academic'],
  ['https://www.kdi.re.kr/research/reportView', 'academic'],
  ['https://web.mit.edu/', 'academic'],
  ['https://www.ox.ac.uk/', 'academic'],
  ['https://ko.wikipedia.org/wiki/대한민국', 'encyclopedia'],
  ['wiki://12345', 'encyclopedia'],
  ['https://encykorea.aks.ac.kr/Article/E0000001', 'encyclopedia'],
  ['https://terms.naver.com/entry.naver?docId=1', 'encyclopedia'],
  ['https://www.yna.co.kr/view/AKR20250303000100001', 'major_news'],
  ['https://m.news1.kr/articles/5000000', 'major_news'],
  ['https://news.kbs.co.kr/news/pc/view/view.do?ncd=1', 'major_news'],
  ['https://imnews.imbc.com/news/2025/society/article/1.html', 'major_news'],
  ['https://www.chosun.com/national/2025/03/03/X/', 'major_news'],
  ['https://www.reuters.com/world/asia-pacific/x', 'major_news'],
  ['https://www.bbc.co.uk/news/x', 'major_news'],
  ['https://www.ohmynews.com/NWS_Web/View/at_pg.aspx?CNTN_CD=A1', 'news'],
  ['https://www.gangwonnews.example/news/1', 'news'],
  ['https://n.news.naver.com/mnews/article/001/0015000000', 'news'],
  ['https://example.com/some/page', 'unknown'],
  ['https://blog.naver.com/someone/223000000000', 'community'],
  ['https://someone.tistory.com/12', 'community'],
  ['https://brunch.co.kr/@writer/3', 'community'],
  ['https://www.youtube.com/watch?v=abc', 'community'],
  ['https://cafe.naver.com/club/1', 'community'],
  ['https://gall.dcinside.com/board/view/?id=x', 'community'],
  ['https://namu.wiki/w/대한민국', 'community'],
  ['https://mlbpark.donga.com/mp/b.php?id=1', 'community'],
  ['https://www.fmkorea.com/1', 'community'],
  ['not a url', 'unknown'],
];

test('hosts map to their trust tier', () => {
  for (const [url, tier] of cases) {
    const got = trustOf(url);
    assert.equal(got.tier, tier, url);
    assert.equal(got.trust, TRUST_SCORES[got.tier]);
  }
});

test('tiers are ordered government > academic > encyclopedia > major news > news > unknown > community', () => {
  const s = TRUST_SCORES;
  assert.deepEqual(
    [s.government, s.academic, s.encyclopedia, s.major_news, s.news, s.unknown, s.community],
    [0.96, 0.9, 0.82, 0.8, 0.72, 0.55, 0.45],
  );
});

test("an aggregator's URL is judged by the publisher when known; an unlisted host found by a news search is news", () => {
  assert.equal(
    trustOf('https://news.google.com/rss/articles/CBMiXWh0dHBz?oc=5', { publisherUrl: 'https://www.yna.co.kr' }).tier,
    'major_news',
  );
  assert.equal(trustOf('https://news.google.com/rss/articles/CBMiXWh0dHBz?oc=5').tier, 'news');
  assert.equal(
    trustOf('https://n.news.naver.com/mnews/article/023/0003900000', { publisherUrl: 'https://www.chosun.com' }).tier,
    'major_news',
  );
  assert.equal(
    trustOf('https://www.chosun.com/a', { publisherUrl: 'https://blog.naver.com/x' }).tier,
    'major_news',
    'a direct URL keeps its own host',
  );
  assert.equal(trustOf('https://daily-example.co.kr/view/1', { news: true }).tier, 'news');
  assert.equal(trustOf('https://someone.tistory.com/1', { news: true }).tier, 'community');
});
