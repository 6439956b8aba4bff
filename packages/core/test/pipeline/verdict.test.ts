import assert from 'node:assert/strict';
import test from 'node:test';
import type { RiskFlag } from '@olala/contract';
import type { KindCalibration } from '../../src/pipeline/calibration.js';
import type { Evidence } from '../../src/evidence.js';
import type { CoverBucket, FindingKind } from '../../src/pipeline/rules/agreement.js';
import { aggregate } from '../../src/pipeline/stages/aggregate/index.js';
import type { JudgeAnswer } from '../../src/pipeline/stages/judge/index.js';
import type { VerifierReport } from '../../src/pipeline/types.js';
import { decideVerdict, evidenceCap } from '../../src/pipeline/verdict.js';

const wiki: Evidence = {
  evid_id: 'ev_00000001',
  source_type: 'WIKIPEDIA',
  title: '삼성전자',
  url: 'wiki://page/1',
  content: '삼성전자는 2024년 1분기 영업이익 6조 6천억 원을 기록했다.',
  provider: 'wiki',
  trust_tier: 'encyclopedia',
  trust: 0.82,
  relevance: 0.9,
};
const news: Evidence = {
  ...wiki,
  evid_id: 'ev_00000002',
  source_type: 'NEWS',
  title: '연합뉴스',
  url: 'https://www.yna.co.kr/view/1',
  content: '삼성전자의 1분기 영업이익은 5조원에 그쳤다.',
  trust_tier: 'major_news',
  trust: 0.8,
};
const blog: Evidence = {
  ...wiki,
  evid_id: 'ev_00000003',
  source_type: 'WEB_URL',
  title: '어느 블로그',
  url: 'https://blog.example/1',
  content: '삼성전자 1분기 영업이익 6조원 달성했다고 함.',
  trust_tier: 'community',
  trust: 0.45,
};

function report(role: VerifierReport['role'], citations: VerifierReport['citations'], dropped = 0): VerifierReport {
  return {
    role,
    stance: 'UNVERIFIED',
    confidence: 0.9,
    reasoning: [],
    citations,
    dropped,
    weak_points: [],
    followup_queries: [],
  };
}
const supportWiki = {
  evid_id: wiki.evid_id,
  stance: 'support' as const,
  quote: '2024년 1분기 영업이익 6조 6천억 원을 기록했다',
};
const refuteNews = { evid_id: news.evid_id, stance: 'refute' as const, quote: '1분기 영업이익은 5조원에 그쳤다' };
const supportBlog = { evid_id: blog.evid_id, stance: 'support' as const, quote: '영업이익 6조원 달성했다고 함' };

function decide(reports: VerifierReport[], opts: { judge?: JudgeAnswer; degraded?: boolean } = {}) {
  const flags = new Set<RiskFlag>();
  const verdict = decideVerdict({
    agg: aggregate(reports, [wiki, news, blog]),
    judge: opts.judge,
    rulesConfidence: 0.9,
    degraded: opts.degraded ?? false,
    flags,
  });
  return { ...verdict, flags };
}

const judge = (label: JudgeAnswer['label'], confidence = 0.95): JudgeAnswer => ({
  label,
  confidence,
  headline: '판정 결과입니다',
  explanation: '설명입니다.',
  cautions: [],
  recommendation: '원문을 확인하세요.',
});

test('no citation on either side is UNVERIFIED with LOW_EVIDENCE, never TRUE (the predecessor called 0 vs 0 TRUE)', () => {
  const v = decide([report('support', []), report('skeptic', [])]);
  assert.equal(v.label, 'UNVERIFIED');
  assert.ok(v.flags.has('LOW_EVIDENCE'));
  assert.ok(v.confidence <= 0.35);
  assert.match(v.headline, /[가-힣]/);
});

test('credible support and credible refutation make MIXED, whatever the judge says', () => {
  const v = decide([report('support', [supportWiki]), report('skeptic', [refuteNews])], { judge: judge('TRUE') });
  assert.equal(v.label, 'MIXED');
  assert.ok(v.flags.has('CONFLICTING_EVIDENCE'));
  assert.ok(v.confidence <= 0.6);
  assert.equal(v.citations[0]?.stance, 'support');
  assert.equal(v.counter_evidence[0]?.stance, 'refute');
});

test('a failed stage makes UNVERIFIED even with support and a TRUE judge (errors never become TRUE or FALSE)', () => {
  for (const citations of [[supportWiki], [refuteNews]]) {
    const v = decide([report('support', citations)], {
      judge: judge(citations[0]!.stance === 'support' ? 'TRUE' : 'FALSE'),
      degraded: true,
    });
    assert.equal(v.label, 'UNVERIFIED');
    assert.ok(v.confidence <= 0.2);
  }
});

test('the judge cannot be bolder than the evidence: TRUE with only refuting quotes is UNVERIFIED', () => {
  assert.equal(decide([report('skeptic', [refuteNews])], { judge: judge('TRUE') }).label, 'UNVERIFIED');
  assert.equal(decide([report('support', [supportWiki])], { judge: judge('FALSE') }).label, 'UNVERIFIED');
  assert.equal(decide([report('skeptic', [refuteNews])], { judge: judge('FALSE') }).label, 'FALSE');
});

test('the judge may be more careful than the evidence: UNVERIFIED stays UNVERIFIED', () => {
  assert.equal(decide([report('support', [supportWiki])], { judge: judge('UNVERIFIED', 0.3) }).label, 'UNVERIFIED');
});

test('quotes from blogs and communities alone decide nothing', () => {
  const v = decide([report('support', [supportBlog])]);
  assert.equal(v.label, 'UNVERIFIED');
  assert.equal(v.citations.length, 1, 'the quote is still shown');
});

test('confidence is capped by the amount and trust of the evidence', () => {
  const v = decide([report('support', [supportWiki])], { judge: judge('TRUE', 0.99) });
  assert.equal(v.label, 'TRUE');
  const cap = evidenceCap(aggregate([report('support', [supportWiki])], [wiki]).support, true);
  assert.ok(cap < 0.75, `one encyclopedia quote caps at ${cap}`);
  assert.ok(v.confidence <= cap + 1e-9);
  assert.equal(v.headline, '판정 결과입니다', "the judge's Korean headline is kept when it agrees with the verdict");
});

test('in no-LLM mode the rules decide: refutation only is FALSE', () => {
  const v = decide([report('support', []), report('skeptic', [refuteNews])]);
  assert.equal(v.label, 'FALSE');
  assert.equal(v.citations[0]?.evid_id, news.evid_id);
  assert.match(v.summary, /연합뉴스/);
});

test('two or more invented quotes flag HALLUCINATION_DETECTED', () => {
  assert.ok(decide([report('support', [supportWiki], 2)]).flags.has('HALLUCINATION_DETECTED'));
});

/** A by-kind table: FALSE relation clashes measured 0.95, TRUE stated 0.96, everything else under 0.9. */
const byKind: KindCalibration = {
  fitted_on: 'hand-made',
  min_count: 30,
  labels: {
    TRUE: {
      overall: { precision: 0.78, count: 160 },
      cells: { stated: { precision: 0.96, count: 40 }, full: { precision: 0.74, count: 120 } },
    },
    FALSE: { overall: { precision: 0.87, count: 300 }, cells: { relation: { precision: 0.95, count: 40 } } },
  },
};
const ruled = <T extends VerifierReport['citations'][number]>(c: T, kind: FindingKind, bucket: CoverBucket) => ({
  ...c,
  kind,
  bucket,
});

function decideRules(reports: VerifierReport[], judgeAnswer?: JudgeAnswer) {
  const flags = new Set<RiskFlag>();
  return {
    ...decideVerdict({
      agg: aggregate(reports, [wiki, news, blog]),
      judge: judgeAnswer,
      rulesConfidence: 0.9,
      degraded: false,
      flags,
      calibration: byKind,
    }),
    flags,
  };
}

test('no LLM: a finding whose kind measured ≥ 0.9 decides, with that precision as its confidence (not capped again)', () => {
  const v = decideRules([report('support', []), report('skeptic', [ruled(refuteNews, 'relation', 'loose')])]);
  assert.equal(v.label, 'FALSE');
  // One news source caps an unmeasured decision far lower; the measured precision is what it is worth.
  assert.ok(evidenceCap(aggregate([report('skeptic', [refuteNews])], [news]).refute, true) < 0.9);
  assert.equal(v.confidence, 0.95);
  const t = decideRules([report('support', [ruled(supportWiki, 'stated', 'mid')]), report('skeptic', [])]);
  assert.equal(t.label, 'TRUE');
  assert.equal(t.confidence, 0.96);
  assert.deepEqual(t.cautions, []);
});

test('no LLM: a finding whose kind measured under 0.9 is UNVERIFIED, its evidence still cited, the reason in Korean', () => {
  // full/loose has no cell of its own and takes its kind's 0.74; negation, with no cell, FALSE's 0.87.
  const t = decideRules([report('support', [ruled(supportWiki, 'full', 'loose')]), report('skeptic', [])]);
  assert.equal(t.label, 'UNVERIFIED');
  assert.ok(t.confidence <= 0.35);
  assert.deepEqual(
    t.citations.map((c) => [c.quote, c.stance]),
    [[supportWiki.quote, 'support']],
  );
  assert.deepEqual(t.cautions, [
    '근거와 일치하는 문장이 있으나, 이런 유형의 일치는 검증 정확도가 90% 미만이라 판정을 보류합니다.',
  ]);
  assert.match(t.headline, /확실하지 않습니다/);
  assert.match(t.summary, /삼성전자/);
  assert.ok(!t.flags.has('LOW_EVIDENCE'));

  const f = decideRules([report('support', []), report('skeptic', [ruled(refuteNews, 'negation', 'tight')])]);
  assert.equal(f.label, 'UNVERIFIED');
  assert.deepEqual(
    f.citations.map((c) => c.stance),
    ['refute'],
  );
  assert.match(f.cautions[0] ?? '', /어긋나는 문장이 있으나.*90% 미만/);
});

test('the by-kind calibration leaves LLM runs alone: a judge, or citations without a rules kind, decide as before', () => {
  const judged = decideRules(
    [report('support', [ruled(supportWiki, 'full', 'loose')]), report('skeptic', [])],
    judge('TRUE', 0.8),
  );
  assert.equal(judged.label, 'TRUE');
  assert.equal(
    judged.confidence,
    Math.floor(Math.min(0.8, evidenceCap(aggregate([report('support', [supportWiki])], [wiki]).support, true)) * 100) /
      100,
  );
  assert.deepEqual(judged.cautions, []);
  // An LLM verifier's citations carry no kind (the judge failed or is not configured).
  const unjudged = decideRules([report('support', [supportWiki]), report('skeptic', [])]);
  assert.equal(unjudged.label, 'TRUE');
});

test('no LLM: a refutation too imprecise to decide does not make a decided support MIXED, nor a weak one; the reader still sees it', () => {
  // stated/mid measured 0.96, negation (FALSE's overall) under 0.9: TRUE at the support's precision, the refutation shown.
  const v = decideRules([
    report('support', [ruled(supportWiki, 'stated', 'mid')]),
    report('skeptic', [ruled(refuteNews, 'negation', 'tight')]),
  ]);
  assert.equal(v.label, 'TRUE');
  assert.equal(v.confidence, 0.96);
  assert.deepEqual(
    v.counter_evidence.map((c) => [c.quote, c.stance]),
    [[refuteNews.quote, 'refute']],
  );
  assert.match(v.cautions[0] ?? '', /어긋나 보이는 문장도 있으나.*90% 미만/);
  assert.ok(v.flags.has('CONFLICTING_EVIDENCE'));
  // A refutation precise enough to decide leaves the answer MIXED, against a support that is or not.
  const decided = decideRules([
    report('support', [ruled(supportWiki, 'stated', 'mid')]),
    report('skeptic', [ruled(refuteNews, 'relation', 'loose')]),
  ]);
  assert.equal(decided.label, 'MIXED');
  const against = decideRules([
    report('support', [ruled(supportWiki, 'full', 'loose')]),
    report('skeptic', [ruled(refuteNews, 'relation', 'loose')]),
  ]);
  assert.equal(against.label, 'MIXED');
  // Neither side precise enough: "the evidence disagrees" would rest on two readings each too often
  // wrong. Withheld, both sides still shown, the reason in Korean.
  const weak = decideRules([
    report('support', [ruled(supportWiki, 'full', 'loose')]),
    report('skeptic', [ruled(refuteNews, 'negation', 'tight')]),
  ]);
  assert.equal(weak.label, 'UNVERIFIED');
  assert.ok(weak.confidence <= 0.35);
  assert.deepEqual(
    [...weak.citations, ...weak.counter_evidence].map((c) => [c.quote, c.stance]),
    [
      [supportWiki.quote, 'support'],
      [refuteNews.quote, 'refute'],
    ],
  );
  assert.match(weak.headline, /어느 쪽도 판정할 만큼 확실하지 않습니다/);
  assert.match(weak.cautions[0] ?? '', /모두 있으나.*90% 미만/);
  assert.match(weak.summary, /일치하는 문장을.*어긋나 보이는 문장을/);
  assert.ok(weak.flags.has('CONFLICTING_EVIDENCE'));
  // With a judge, the conflict is the judge's to weigh: MIXED as before.
  const judged = decideRules(
    [
      report('support', [ruled(supportWiki, 'stated', 'mid')]),
      report('skeptic', [ruled(refuteNews, 'negation', 'tight')]),
    ],
    judge('TRUE'),
  );
  assert.equal(judged.label, 'MIXED');
});

test('no LLM: the claim stated word for word outweighs decided refutations read only in sentences about something else', () => {
  // kowiki read back: "성남시는 … 중동부에 위치한 시이다" on its own page, against "수정구는 … 성남시 북서부에 있는 구이다".
  const aside = { ...ruled(refuteNews, 'relation', 'loose'), aside: true as const };
  const v = decideRules([report('support', [ruled(supportWiki, 'stated', 'mid')]), report('skeptic', [aside])]);
  assert.equal(v.label, 'TRUE');
  assert.deepEqual(
    v.counter_evidence.map((c) => c.quote),
    [refuteNews.quote],
  );
  assert.match(v.cautions[0] ?? '', /다른 대상을 다루며/);
  // Not a support of another kind, nor a refutation that is about the subject itself.
  const full = decideRules([report('support', [ruled(supportWiki, 'full', 'loose')]), report('skeptic', [aside])]);
  assert.notEqual(full.label, 'TRUE');
  const own = decideRules([
    report('support', [ruled(supportWiki, 'stated', 'mid')]),
    report('skeptic', [ruled(refuteNews, 'relation', 'loose')]),
  ]);
  assert.equal(own.label, 'MIXED');
});
