import assert from 'node:assert/strict';
import { test } from 'node:test';
import { diceSimilarity, isSameArticle, normalizeArticleUrl, normalizeTitle } from '@olala/core';

const checked = {
  url: 'https://m.olala-ilbo.example/news/articleView.html?idxno=123456&utm_source=kakao&fbclid=IwAR0',
  canonical_url: 'https://www.olala-ilbo.example/news/articleView.html?idxno=123456',
  title: "[단독] 가상시 '무료 공공자전거' 내년 3월 시행… 예산 120억 투입",
};

test('URL forms of one article normalise to one string', () => {
  const same = [
    'http://www.olala-ilbo.example/news/articleView.html?idxno=123456',
    'https://olala-ilbo.example/news/articleView.html?idxno=123456#comments',
    'https://m.olala-ilbo.example/news/articleView.html/?gclid=x&idxno=123456',
  ];
  for (const url of same)
    assert.equal(normalizeArticleUrl(url), 'olala-ilbo.example/news/articleView.html?idxno=123456', url);
  assert.notEqual(
    normalizeArticleUrl('https://olala-ilbo.example/news/articleView.html?idxno=123457'),
    normalizeArticleUrl(same[0]!),
  );
  const naver = [
    'https://n.news.naver.com/mnews/article/001/0015000000?sid=102',
    'https://n.news.naver.com/article/001/0015000000',
    'https://news.naver.com/main/read.naver?mode=LSD&mid=sec&sid1=102&oid=001&aid=0015000000',
    'https://m.news.naver.com/read.nhn?oid=001&aid=0015000000',
  ];
  for (const url of naver) assert.equal(normalizeArticleUrl(url), 'naver-news:001/0015000000', url);
  assert.equal(normalizeArticleUrl('not a url'), undefined);
});

test('the same URL, the canonical URL or a near-identical title is the same article', () => {
  assert.ok(
    isSameArticle(
      { url: 'https://www.olala-ilbo.example/news/articleView.html?idxno=123456&utm_medium=rss', title: '다른 제목' },
      checked,
    ),
  );
  assert.ok(
    isSameArticle(
      { url: 'https://olala-ilbo.example/news/articleView.html?idxno=123456', title: '' },
      { url: 'https://short.example/abc', canonical_url: checked.canonical_url },
    ),
  );
  assert.ok(
    isSameArticle(
      {
        url: 'https://news.google.com/rss/articles/CBMi1',
        title: "가상시 '무료 공공자전거' 내년 3월 시행…예산 120억 투입 - 올랄라일보",
      },
      checked,
    ),
  );
  assert.ok(
    isSameArticle(
      { url: 'https://other.example/1', title: '가상시 무료 공공자전거 내년 3월 시행, 예산 120억 원 투입(종합)' },
      checked,
    ),
  );
});

test('other articles on the same story are not the checked article', () => {
  assert.ok(
    !isSameArticle(
      { url: 'https://other.example/2', title: '가상시 공공자전거 무료화에 시의회 "재정 부담" 우려' },
      checked,
    ),
  );
  assert.ok(
    !isSameArticle(
      { url: 'https://other.example/3', title: "[단독] 나상시 '무료 공공버스' 내년 5월 시행… 예산 80억 투입" },
      checked,
    ),
  );
  assert.ok(
    !isSameArticle(
      { url: 'https://other.example/4', title: '[속보] 한파 경보 발령' },
      { url: 'https://x.example/', title: '한파 경보 발효' },
    ),
    'a different short headline',
  );
  assert.ok(
    !isSameArticle({ url: 'https://other.example/5', title: '아무 제목' }, { url: 'https://x.example/' }),
    'no title to compare',
  );
});

test('titles lose bracketed tags, a trailing publisher and punctuation; Dice compares bigrams', () => {
  assert.equal(normalizeTitle('[속보][단독] 정부, 새 정책 발표 (종합2보) | 올랄라일보'), '정부새정책발표');
  assert.equal(normalizeTitle('【특징주】 가상전자, 상한가'), '가상전자상한가');
  assert.equal(diceSimilarity('가나다라', '가나다라'), 1);
  assert.equal(diceSimilarity('가나', '다라'), 0);
  assert.ok(Math.abs(diceSimilarity('가나다라', '가나다마') - 2 / 3) < 1e-9);
});
