import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createLlmClients, loadLlmConfig, type LlmClient } from '@olala/core';
import { decompose, type Decomposition } from '../../src/pipeline/stages/decompose/index.js';
import { attachDate, subjectOf, withParticle } from '../../src/pipeline/stages/decompose/context.js';
import { findSpan } from '../../src/pipeline/stages/decompose/spans.js';
import { fakeChatServer, jsonReply } from '@olala/testing/fake-llm';

/** Every span of every claim and skipped sentence is a stretch of the text; claims' spans hold their sentence. */
function assertSpansInText(text: string, d: Decomposition) {
  for (const item of [...d.claims, ...d.skipped]) {
    assert.ok(item.spans.length > 0);
    for (const s of item.spans) {
      assert.ok(
        Number.isInteger(s.start) && Number.isInteger(s.end) && 0 <= s.start && s.start < s.end && s.end <= text.length,
        JSON.stringify(s),
      );
      // A span never starts or ends inside a surrogate pair (an emoji cut in half).
      assert.ok(
        !/^[\udc00-\udfff]/.test(text.slice(s.start)) && !/[\ud800-\udbff]$/.test(text.slice(0, s.end)),
        `span splits a character: ${JSON.stringify(s)}`,
      );
    }
  }
}

const spanTexts = (text: string, spans: readonly { start: number; end: number }[]) =>
  spans.map((s) => text.slice(s.start, s.end));

test('rules: spans map back to the original text exactly, with Hangul, emoji and CRLF line breaks', async () => {
  const text =
    '🚀🚀\r\n누리호는 2023년 5월 25일 발사되었다.\r\n누리호는 🇰🇷 한국이 독자 개발한 발사체이다. 😀😀 정말 멋진 일인 것 같다.\r\n\r\n3번째 발사에서 실용위성 8기를 궤도에 올렸다.';
  const d = await decompose({ text, max_claims: 8 });
  assert.equal(d.source, 'rules');
  assertSpansInText(text, d);
  assert.deepEqual(
    d.claims.map((c) => spanTexts(text, c.spans)),
    [
      ['누리호는 2023년 5월 25일 발사되었다.'],
      ['누리호는 🇰🇷 한국이 독자 개발한 발사체이다.'],
      // No subject of its own: the previous sentence's, with both spans.
      ['누리호', '3번째 발사에서 실용위성 8기를 궤도에 올렸다.'],
    ],
  );
  assert.equal(d.claims[2]!.text, '누리호는 3번째 발사에서 실용위성 8기를 궤도에 올렸다.');
  assert.deepEqual(
    d.skipped.map((s) => [s.reason, spanTexts(text, s.spans)[0]]),
    [
      ['too_vague', '🚀🚀'],
      ['opinion', '😀😀 정말 멋진 일인 것 같다.'],
    ],
  );
  assert.equal(d.claims[0]!.main, true);
  assert.deepEqual(
    d.claims.map((c) => c.id),
    ['c1', 'c2', 'c3'],
  );
});

test('rules: clauses that state facts of their own are claims of their own; a pronoun is replaced only by a referent of its kind', async () => {
  const text =
    '삼성전자는 1969년 수원에서 설립되었으며, 본사는 수원에 있다. 이 회사는 지난해 매출 300조 원을 기록했다. 그는 "반도체가 미래"라고 말했다. 홍길동 대표는 기자회견을 열었다. 그는 사퇴 의사를 밝혔다.';
  const d = await decompose({ text, max_claims: 8 });
  assertSpansInText(text, d);
  const texts = d.claims.map((c) => c.text);
  assert.deepEqual(texts, [
    '삼성전자는 1969년 수원에서 설립되었다',
    '본사는 수원에 있다.',
    '삼성전자는 지난해 매출 300조 원을 기록했다.',
    '홍길동 대표는 기자회견을 열었다.',
    '홍길동 대표는 사퇴 의사를 밝혔다.',
  ]);
  assert.deepEqual(spanTexts(text, d.claims[2]!.spans), ['삼성전자', '이 회사는 지난해 매출 300조 원을 기록했다.']);
  // 그는 after a company: no person to refer to, so the sentence cannot stand alone.
  assert.deepEqual(
    d.skipped.map((s) => [s.reason, s.text]),
    [['too_vague', '그는 "반도체가 미래"라고 말했다.']],
  );
});

test('rules: the article date makes relative dates absolute (in Korea), and dates a claim about "now"', async () => {
  // 23:30 UTC on 2 May is 3 May in Seoul.
  const published = '2024-05-02T23:30:00Z';
  const text =
    '삼성전자는 어제 신제품을 공개했다. 올해 매출은 지난해보다 10% 늘었다. 현재 직원 수는 12만 명이다. 삼성전자는 지난 30일 실적을 발표했다.';
  const d = await decompose({ text, published_at: published, max_claims: 8 });
  assert.deepEqual(
    d.claims.map((c) => c.text),
    [
      '삼성전자는 2024년 5월 2일 신제품을 공개했다.',
      '2024년 매출은 2023년보다 10% 늘었다.',
      '2024년 5월 3일 기준, 현재 직원 수는 12만 명이다.',
      '삼성전자는 2024년 4월 30일 실적을 발표했다.',
    ],
  );
  // Without a date, nothing is invented.
  assert.equal(attachDate('올해 매출은 늘었다.', undefined).text, '올해 매출은 늘었다.');
});

test('rules: opinions, questions, predictions and repeats are skipped with why; the limit keeps the most check-worthy and the main claim', async () => {
  const text = [
    '정부는 2024년 최저임금을 9860원으로 결정했다.',
    '최저임금이 너무 낮은 것 같다.',
    '최저임금은 얼마일까?',
    '내년에는 물가가 더 오르겠다.',
    '정부는 2024년 최저임금을 9860원으로 결정했다.',
    '노동계는 반발했다.',
    '경영계는 2023년 대비 2.5% 인상이 과도하다고 주장했다.',
  ].join(' ');
  const d = await decompose({ text, title: '2024년 최저임금 9860원으로 결정', max_claims: 2 });
  assert.deepEqual(
    d.skipped.map((s) => s.reason),
    ['opinion', 'question', 'prediction', 'duplicate', 'over_limit'],
  );
  assert.equal(d.claims.length, 2);
  assert.equal(d.claims[0]!.main, true);
  assert.equal(d.claims[0]!.text, '정부는 2024년 최저임금을 9860원으로 결정했다.');
  // The second is the more check-worthy of the rest: a number and a quote cue beat a bare reaction.
  assert.equal(d.claims[1]!.text, '경영계는 2023년 대비 2.5% 인상이 과도하다고 주장했다.');
  assert.ok(d.claims.every((c) => c.checkworthiness >= 0 && c.checkworthiness <= 1));
  assert.equal(d.claims[0]!.type, '정책');
});

test('context helpers: subjects with their modifiers, particles after the last syllable', () => {
  assert.deepEqual(subjectOf('미국 애플은 아이폰을 만든다.', 10), { text: '미국 애플', start: 10, end: 15 });
  assert.equal(subjectOf('그는 사퇴했다.'), undefined);
  assert.equal(withParticle('애플', '는'), '애플은');
  assert.equal(withParticle('삼성전자', '은'), '삼성전자는');
  assert.equal(withParticle('서울', '으로'), '서울로');
  assert.deepEqual(findSpan('가 나\n다 라', '나 다'), { start: 2, end: 5 });
});

const LLM_TEXT = '삼성전자는 1969년 설립되었다. 이 회사는 지난해 매출 300조 원을 기록했다.\r\n직원은 12만 명이다 😀.';

async function llmClient(
  t: Parameters<typeof fakeChatServer>[0],
  answer: unknown,
): Promise<{ client: LlmClient; requests: { user: string }[] }> {
  const fake = await fakeChatServer(t, () =>
    answer instanceof Error ? { status: 500, error: answer.message } : jsonReply(answer),
  );
  const client = createLlmClients(
    loadLlmConfig({ OLLAMA_URL: fake.url, SLM1_MODEL: 'qwen2.5:3b', LLM_MAX_RETRIES: '0' }),
  ).claim as LlmClient;
  return { client, requests: fake.requests };
}

test('LLM: a claim whose source is not in the text is dropped; found sources become spans, across a CRLF', async (t) => {
  const { client, requests } = await llmClient(t, {
    claims: [
      {
        claim: '삼성전자는 2023년 매출 300조 원을 기록했다.',
        sources: ['삼성전자', '이 회사는 지난해 매출 300조 원을 기록했다.'],
        checkworthiness: 0.9,
        type: '통계',
      },
      // Invented: the article never says this.
      {
        claim: '삼성전자는 세계 1위 반도체 기업이다.',
        sources: ['삼성전자는 세계 1위 반도체 기업이다.'],
        checkworthiness: 0.8,
        type: '기타',
      },
      // The source runs over the CRLF with a plain space: whitespace may differ, words may not.
      {
        claim: '삼성전자의 직원은 12만 명이다.',
        sources: ['기록했다. 직원은 12만 명이다'],
        checkworthiness: 0.7,
        type: '통계',
      },
      {
        claim: '삼성전자는 1969년 설립되었다.',
        sources: ['삼성전자는 1969년 설립되었다.'],
        checkworthiness: 0.6,
        type: '사건',
      },
    ],
    skipped: [{ sentence: '없는 문장이다.', reason: 'opinion' }],
  });
  const d = await decompose(
    { text: LLM_TEXT, title: '삼성전자 매출 300조', published_at: '2024-05-03T00:00:00Z', max_claims: 8 },
    { llm: client },
  );
  assert.equal(d.source, 'llm');
  assert.equal(d.dropped, 1);
  assertSpansInText(LLM_TEXT, d);
  assert.deepEqual(
    d.claims.map((c) => c.text),
    ['삼성전자는 2023년 매출 300조 원을 기록했다.', '삼성전자는 1969년 설립되었다.', '삼성전자의 직원은 12만 명이다.'],
  );
  assert.deepEqual(spanTexts(LLM_TEXT, d.claims[0]!.spans), ['삼성전자', '이 회사는 지난해 매출 300조 원을 기록했다.']);
  assert.deepEqual(spanTexts(LLM_TEXT, d.claims[2]!.spans), ['기록했다.\r\n직원은 12만 명이다']);
  assert.deepEqual(d.skipped, [], 'a skipped sentence that is not in the text is not listed');
  assert.ok(requests[0]!.user.includes('2024-05-03T00:00:00Z'), 'the prompt carries the article date');
});

test('LLM: a failing model leaves the rules to find the claims', async (t) => {
  const { client } = await llmClient(t, new Error('boom'));
  const d = await decompose({ text: LLM_TEXT, max_claims: 8 }, { llm: client });
  assert.equal(d.source, 'rules');
  assert.ok(d.llm_error);
  assert.ok(d.claims.length >= 2);
  assertSpansInText(LLM_TEXT, d);
});

test('rules, cases from bench:articles: tense from the final predicate, a circumstance clause kept whole, a modified 이들 is no pronoun, a short sentence after a pronoun', async () => {
  const cases: [string, string[]][] = [
    // 하며 has no tense: the sentence's 했다 gives it, and the quoted order keeps its speaker (되라고: 일본인이 is a complement).
    [
      '사토우 야타는 나혜석에게 고백하며 일본인이 되라고 했다.',
      ['사토우 야타는 나혜석에게 고백했다', '사토우 야타는 일본인이 되라고 했다.'],
    ],
    // …하면서: a circumstance, no statement of its own.
    [
      '임금과 고용이 노동시장에 의해 합리적으로 조정되길 원하면서 공인노무사의 수요는 점점 감소하고 있다.',
      ['임금과 고용이 노동시장에 의해 합리적으로 조정되길 원하면서 공인노무사의 수요는 점점 감소하고 있다.'],
    ],
    ['로빈후드는 가난한 이들을 약탈하는 의적이다.', ['로빈후드는 가난한 이들을 약탈하는 의적이다.']],
    // 그는 사퇴했다 alone is too short to check; with its referent it is a claim.
    ['홍길동 대표는 회견을 열었다. 그는 사퇴했다.', ['홍길동 대표는 회견을 열었다.', '홍길동 대표는 사퇴했다.']],
  ];
  for (const [text, claims] of cases) {
    const d = await decompose({ text, max_claims: 8 });
    assert.deepEqual(
      d.claims.map((c) => c.text),
      claims,
      text,
    );
    assert.deepEqual(d.skipped, [], text);
  }
});
