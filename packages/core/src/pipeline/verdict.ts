import type { Citation, RiskFlag, VerdictLabel } from '@olala/contract';
import { cutAt } from '../search/snippets.js';
import type { Aggregate, CitedEvidence } from './stages/aggregate/index.js';
import type { JudgeAnswer } from './stages/judge/index.js';

/**
 * The verdict rules: what the predecessor got wrong, fixed in one place. Whatever the judge
 * (LLM) says, a label needs checked quotes from credible sources on its side; both sides → MIXED;
 * no quote → UNVERIFIED; any failed stage → UNVERIFIED. Never TRUE by a tie, never FALSE by an error.
 */
export interface VerdictInput {
  agg: Aggregate;
  /** The LLM judge's answer; absent in no-LLM mode or when the judge failed. */
  judge?: JudgeAnswer;
  /** Strength of the rules' findings (no-LLM mode), 0–1. */
  rulesConfidence: number;
  /** Some stage failed or ran out of time. */
  degraded: boolean;
  flags: Set<RiskFlag>;
}

export interface Verdict {
  label: VerdictLabel;
  confidence: number;
  headline: string;
  summary: string;
  rationale: string[];
  citations: Citation[];
  counter_evidence: Citation[];
  next_steps: string[];
  cautions: string[];
}

const HEADLINES: Record<Exclude<VerdictLabel, 'REFUSED'>, string> = {
  TRUE: '근거 자료가 이 주장을 뒷받침합니다',
  FALSE: '근거 자료가 이 주장과 다른 사실을 말합니다',
  MIXED: '이 주장에 대한 근거가 엇갈립니다',
  UNVERIFIED: '확인할 수 있는 근거를 찾지 못했습니다',
};

const NEXT_STEPS: Record<Exclude<VerdictLabel, 'REFUSED'>, string> = {
  TRUE: '인용된 출처의 원문과 날짜를 직접 확인해 보세요.',
  FALSE: '인용된 출처에서 정확한 수치와 사실을 확인해 보세요.',
  MIXED: '출처마다 다른 내용을 원문에서 비교해 보세요.',
  UNVERIFIED: '공식 발표나 신뢰할 수 있는 언론 보도를 직접 찾아보세요.',
};

const hasHangul = (s: string) => /[가-힣]/.test(s);
// Down, so rounding never lifts a confidence above its cap.
const round = (n: number) => Math.floor(n * 100 + 1e-9) / 100;

function distinctSources(cited: readonly CitedEvidence[]): CitedEvidence[] {
  const seen = new Set<string>();
  return cited.filter((c) => !seen.has(c.evid_id) && seen.add(c.evid_id));
}

/**
 * How sure evidence can make us: more sources, more trusted, all on one side. Three agreeing
 * government sources reach 0.92; one encyclopedia paragraph 0.69.
 */
export function evidenceCap(cited: readonly CitedEvidence[], oneSided: boolean): number {
  const sources = distinctSources(cited);
  if (sources.length === 0) return 0.2;
  const meanTrust = sources.reduce((s, c) => s + c.evidence.trust, 0) / sources.length;
  return 0.45 * meanTrust + 0.35 * Math.min(sources.length / 3, 1) + 0.2 * (oneSided ? 1 : 0.5);
}

function toCitation(c: CitedEvidence): Citation {
  return {
    source_type: c.evidence.source_type,
    title: c.evidence.title,
    url: c.evidence.url,
    quote: c.quote,
    relevance: Math.max(0, Math.min(1, c.evidence.relevance)),
    evid_id: c.evid_id,
    ...(c.evidence.chunk_id !== undefined ? { chunk_id: c.evidence.chunk_id } : {}),
    stance: c.stance,
    trust_tier: c.evidence.trust_tier,
  };
}

function decideLabel(input: VerdictInput): VerdictLabel {
  const { agg, judge, degraded } = input;
  if (degraded) return 'UNVERIFIED';
  if (agg.credible_support > 0 && agg.credible_refute > 0) return 'MIXED';
  // With one side only, the judge may be more careful than the evidence (UNVERIFIED), never bolder.
  if (agg.credible_support > 0) return !judge || judge.label === 'TRUE' ? 'TRUE' : 'UNVERIFIED';
  if (agg.credible_refute > 0) return !judge || judge.label === 'FALSE' ? 'FALSE' : 'UNVERIFIED';
  return 'UNVERIFIED';
}

export function decideVerdict(input: VerdictInput): Verdict {
  const { agg, judge, flags } = input;
  const label = decideLabel(input) as Exclude<VerdictLabel, 'REFUSED'>;
  if (agg.credible_support > 0 && agg.credible_refute > 0) flags.add('CONFLICTING_EVIDENCE');
  if (agg.dropped >= 2) flags.add('HALLUCINATION_DETECTED');
  if (agg.credible_support + agg.credible_refute === 0) flags.add('LOW_EVIDENCE');

  const forLabel = label === 'FALSE' ? agg.refute : agg.support;
  const against = label === 'FALSE' ? agg.support : agg.refute;
  const judgeAgrees = judge?.label === label;
  const claimed = judge ? judge.confidence : input.rulesConfidence;
  let confidence: number;
  if (label === 'UNVERIFIED') confidence = Math.min(judgeAgrees ? claimed : 0.2, input.degraded ? 0.2 : 0.35);
  else if (label === 'MIXED') confidence = Math.min(judgeAgrees ? claimed : 0.5, evidenceCap([...agg.support, ...agg.refute], false), 0.6);
  else confidence = Math.min(claimed || 0.5, evidenceCap(forLabel, against.length === 0));
  confidence = round(Math.max(0, confidence));
  if (label !== 'UNVERIFIED' && confidence < 0.5) flags.add('LOW_CONFIDENCE');

  const headline = judgeAgrees && judge && hasHangul(judge.headline) ? judge.headline.trim() : input.degraded ? '검증 중 문제가 생겨 판단을 보류합니다' : HEADLINES[label];
  const summary = judgeAgrees && judge && hasHangul(judge.explanation) ? judge.explanation.trim() : templateSummary(label, forLabel, against, input.degraded);
  const quoted = distinctSources([...forLabel, ...against]).slice(0, 3).map((c) => `「${clipped(c.quote, 100)}」 — ${c.evidence.title}`);
  return {
    label,
    confidence,
    headline,
    summary,
    rationale: [...new Set(agg.notes)].slice(0, 3).concat(quoted),
    citations: forLabel.map(toCitation),
    counter_evidence: against.map(toCitation),
    next_steps: [judgeAgrees && judge?.recommendation && hasHangul(judge.recommendation) ? judge.recommendation : NEXT_STEPS[label]],
    cautions: judgeAgrees && judge ? judge.cautions : [],
  };
}


const clipped = (text: string, max: number) => (text.length <= max ? text : `${cutAt(text, max - 1)}…`);

function titles(cited: readonly CitedEvidence[]): string {
  const names = [...new Set(cited.map((c) => c.evidence.title))];
  return names.length <= 2 ? names.join(', ') : `${names.slice(0, 2).join(', ')} 외 ${names.length - 2}곳`;
}

function templateSummary(label: VerdictLabel, forLabel: readonly CitedEvidence[], against: readonly CitedEvidence[], degraded: boolean): string {
  if (degraded) return '검증 단계 일부가 실패하거나 시간이 초과되어, 찾은 근거만으로는 참·거짓을 판단하지 않았습니다.';
  switch (label) {
    case 'TRUE':
      return `${titles(forLabel)}에서 주장과 일치하는 내용을 찾았습니다.`;
    case 'FALSE':
      return `${titles(forLabel)}에서 주장과 어긋나는 내용을 찾았습니다.`;
    case 'MIXED':
      return `${titles(forLabel)}은(는) 주장을 뒷받침하지만, ${titles(against)}은(는) 다른 내용을 말합니다.`;
    default:
      return forLabel.length + against.length > 0
        ? '찾은 자료가 신뢰할 만한 출처가 아니거나 주장과 직접 관련이 적어 판단하지 않았습니다.'
        : '주장을 직접 뒷받침하거나 반박하는 근거를 찾지 못했습니다.';
  }
}
