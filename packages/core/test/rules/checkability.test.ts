import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkability, type RefusalReason } from '../../src/pipeline/rules/checkability.js';

function reason(text: string): RefusalReason | 'checkable' {
  const c = checkability(text);
  if (c.checkable) return 'checkable';
  assert.ok(c.message_ko.length > 0 && /[가-힣]/.test(c.message_ko), 'a Korean message for the user');
  return c.reason;
}

test('ordinary news and encyclopedia claims are checkable', () => {
  for (const claim of [
    '삼성전자가 2024년 1분기 영업이익 6조원을 기록했다',
    '정부는 내년부터 최저임금을 5% 인상하기로 했다.',
    '국토교통부는 다음 달 신규 주택 3만 가구를 공급할 예정이다.',
    '기획재정부는 올해 성장률이 2%에 그칠 것이라고 밝혔다.',
    '이순신은 한산도 대첩에서 승리하였다.',
    '이는 정부가 이미 결정한 것이다.',
    '삼성전자의 영업이익은 역대 최고다.',
    '김정남은 김정일의 아들이다.',
  ]) {
    assert.equal(reason(claim), 'checkable', claim);
  }
});

test('questions are refused', () => {
  for (const q of [
    '삼성전자 영업이익이 6조원인가요?',
    '코로나 백신이 정말 효과가 있을까',
    '대한민국의 수도는 어디인가',
    '누가 이 법안을 발의했는지',
    '이번 선거에서 투표율이 높았나요',
  ]) {
    assert.equal(reason(q), 'question', q);
  }
});

test('opinions are refused, evaluations with a record or a number are not', () => {
  for (const o of [
    '이번 정부 정책은 정말 최악이다',
    '그 영화는 정말 재밌다',
    '우리는 세금을 더 낮춰야 한다',
    '이번 결정은 잘못된 것 같다',
    '나는 이 정책이 실패했다고 생각한다',
  ]) {
    assert.equal(reason(o), 'opinion', o);
  }
  assert.equal(reason('이번 분기 매출은 10조원으로 최고다'), 'checkable');
});

test('predictions are refused; announced schedules and attributed forecasts are not', () => {
  for (const p of [
    '내년에는 집값이 크게 떨어질 것이다',
    '올해 경제성장률은 1%대로 전망된다',
    '다음 선거에서는 야당이 이기겠다',
  ]) {
    assert.equal(reason(p), 'prediction', p);
  }
  assert.equal(reason('정부는 내년 3월 새 제도를 시행할 예정이다'), 'checkable');
  assert.equal(reason('한국은행은 내년 성장률이 2%가 될 것이라고 발표했다'), 'checkable');
});

test('fragments and abuse are refused', () => {
  assert.equal(reason('좋아요'), 'too_short');
  assert.equal(reason('삼성전자'), 'too_short');
  assert.equal(reason(''), 'too_short');
  assert.equal(reason('저 정치인은 완전 병신이다'), 'abusive');
  assert.equal(reason('씨발 이게 나라냐 정부는 뭐하냐'), 'abusive');
});
