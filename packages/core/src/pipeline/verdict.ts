import type { Citation, RiskFlag, VerdictLabel } from '@olala/contract';
import { truncate } from '@olala/contract/text-tools';
import {
  calibrateByKind,
  MIN_DECIDED_PRECISION,
  conflictLabel,
  rulesCalibration,
  type KindCalibration,
} from './calibration.js';
import type { Aggregate, CitedEvidence } from './stages/aggregate/index.js';
import type { JudgeAnswer } from './stages/judge/index.js';

/**
 * The verdict rules: what the predecessor got wrong, fixed in one place. Whatever the judge
 * (LLM) says, a label needs checked quotes from credible sources on its side; both sides → MIXED;
 * no quote → UNVERIFIED; any failed stage → UNVERIFIED. Never TRUE by a tie, never FALSE by an error.
 * A decision of the rules alone takes as confidence the precision its kind of finding measured
 * (calibration.ts), not capped again, and is withheld (UNVERIFIED, its evidence still cited) below 0.9.
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
  /** Precision per kind of rules finding; the fitted rules table when absent. */
  calibration?: KindCalibration;
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

/**
 * The measured precision of a decision the rules made alone (no judge, every citation on its
 * side carrying the rules' kind): the best of its citations. Null for any other decision.
 */
function rulesPrecision(input: VerdictInput, label: VerdictLabel, forLabel: readonly CitedEvidence[]): number | null {
  if (input.judge || (label !== 'TRUE' && label !== 'FALSE') || forLabel.length === 0 || !forLabel.every((c) => c.kind))
    return null;
  const table = input.calibration ?? rulesCalibration().by_kind;
  if (!table) return null;
  return Math.max(...forLabel.map((c) => calibrateByKind(table, label, c.kind!, c.bucket) ?? 0));
}

interface Withheld {
  headline: string;
  caution: string;
  summary: (forLabel: readonly CitedEvidence[], against: readonly CitedEvidence[]) => string;
}

const NOT_PRECISE = '규칙만으로 내린 이런 유형의 판정은 충분히 정확하지 않아 판단을 보류했습니다.';

const WITHHELD: Record<'TRUE' | 'FALSE', Withheld> = {
  TRUE: {
    headline: '일치하는 근거가 있으나 판정할 만큼 확실하지 않습니다',
    caution: '근거와 일치하는 문장이 있으나, 이런 유형의 일치는 검증 정확도가 90% 미만이라 판정을 보류합니다.',
    summary: (forLabel) => `${titles(forLabel)}에서 주장과 일치하는 문장을 찾았지만, ${NOT_PRECISE}`,
  },
  FALSE: {
    headline: '어긋나는 근거가 있으나 판정할 만큼 확실하지 않습니다',
    caution: '근거와 어긋나는 문장이 있으나, 이런 유형의 불일치는 검증 정확도가 90% 미만이라 판정을 보류합니다.',
    summary: (forLabel) => `${titles(forLabel)}에서 주장과 어긋나는 문장을 찾았지만, ${NOT_PRECISE}`,
  },
};

/** Both sides found by the rules, neither of a kind precise enough to decide: shown, not judged. */
const UNDECIDED_CONFLICT: Withheld = {
  headline: '엇갈리는 근거가 있으나 어느 쪽도 판정할 만큼 확실하지 않습니다',
  caution:
    '주장과 일치하는 문장과 어긋나 보이는 문장이 모두 있으나, 이런 유형의 일치와 불일치는 모두 검증 정확도가 90% 미만이라 판정을 보류합니다.',
  summary: (forLabel, against) =>
    `${titles(forLabel)}에서 주장과 일치하는 문장을, ${titles(against)}에서 어긋나 보이는 문장을 찾았지만, ${NOT_PRECISE}`,
};

/** Both sides found by the rules alone: what their kinds decide (conflictLabel); MIXED with a judge. */
function conflict(input: VerdictInput): 'TRUE' | 'MIXED' | 'UNVERIFIED' {
  const { agg, judge } = input;
  const rated = (cited: readonly CitedEvidence[]) =>
    cited.every((c) => c.kind)
      ? cited.map((c) => ({ kind: c.kind!, bucket: c.bucket, ...(c.aside ? { aside: true } : {}) }))
      : [];
  const table = input.calibration ?? rulesCalibration().by_kind;
  const [support, refute] = [rated(agg.support), rated(agg.refute)];
  if (judge || !table || support.length === 0 || refute.length === 0) return 'MIXED';
  return conflictLabel(table, support, refute);
}

const ASIDE =
  '어긋나 보이는 문장은 다른 대상을 다루며 주장의 주어를 다른 역할로만 언급해, 주장을 그대로 진술한 근거를 따랐습니다. 반대 근거도 함께 확인하세요.';

const OUTWEIGHED =
  '어긋나 보이는 문장도 있으나, 이런 유형의 불일치는 검증 정확도가 90% 미만이라 주장을 그대로 진술한 근거를 따랐습니다. 반대 근거도 함께 확인하세요.';

function decideLabel(input: VerdictInput, conflicting: 'TRUE' | 'MIXED' | 'UNVERIFIED'): VerdictLabel {
  const { agg, judge, degraded } = input;
  if (degraded) return 'UNVERIFIED';
  if (agg.credible_support > 0 && agg.credible_refute > 0) return conflicting;
  // With one side only, the judge may be more careful than the evidence (UNVERIFIED), never bolder.
  if (agg.credible_support > 0) return !judge || judge.label === 'TRUE' ? 'TRUE' : 'UNVERIFIED';
  if (agg.credible_refute > 0) return !judge || judge.label === 'FALSE' ? 'FALSE' : 'UNVERIFIED';
  return 'UNVERIFIED';
}

export function decideVerdict(input: VerdictInput): Verdict {
  const { agg, judge, flags } = input;
  const bothSides = agg.credible_support > 0 && agg.credible_refute > 0;
  const conflicting = conflict(input);
  const outweighed = bothSides && conflicting === 'TRUE';
  const undecided = bothSides && conflicting === 'UNVERIFIED' && !input.degraded;
  const decided = decideLabel(input, conflicting) as Exclude<VerdictLabel, 'REFUSED'>;
  if (bothSides) flags.add('CONFLICTING_EVIDENCE');
  if (agg.dropped >= 2) flags.add('HALLUCINATION_DETECTED');
  if (agg.credible_support + agg.credible_refute === 0) flags.add('LOW_EVIDENCE');

  const forLabel = decided === 'FALSE' ? agg.refute : agg.support;
  const against = decided === 'FALSE' ? agg.support : agg.refute;
  const precision = rulesPrecision(input, decided, forLabel);
  // The evidence found stays cited: the reader sees what agreed or disagreed, not a verdict.
  const withheld = undecided
    ? UNDECIDED_CONFLICT
    : precision !== null && precision < MIN_DECIDED_PRECISION
      ? WITHHELD[decided as 'TRUE' | 'FALSE']
      : undefined;
  const label = withheld ? 'UNVERIFIED' : decided;
  const judgeAgrees = judge?.label === label;
  const claimed = judge ? judge.confidence : (precision ?? input.rulesConfidence);
  let confidence: number;
  if (label === 'UNVERIFIED') confidence = Math.min(judgeAgrees ? claimed : 0.2, input.degraded ? 0.2 : 0.35);
  else if (label === 'MIXED')
    confidence = Math.min(judgeAgrees ? claimed : 0.5, evidenceCap([...agg.support, ...agg.refute], false), 0.6);
  // The measured precision is already what such a decision is worth: capping it again by the
  // amount of evidence would show a 0.95-right answer as 0.68 (the bench's ECE then measures the cap).
  else confidence = precision ?? Math.min(claimed || 0.5, evidenceCap(forLabel, against.length === 0));
  confidence = round(Math.max(0, confidence));
  if (label !== 'UNVERIFIED' && confidence < 0.5) flags.add('LOW_CONFIDENCE');

  const headline =
    judgeAgrees && judge && hasHangul(judge.headline)
      ? judge.headline.trim()
      : input.degraded
        ? '검증 중 문제가 생겨 판단을 보류합니다'
        : (withheld?.headline ?? HEADLINES[label]);
  const summary =
    judgeAgrees && judge && hasHangul(judge.explanation)
      ? judge.explanation.trim()
      : withheld
        ? withheld.summary(forLabel, against)
        : templateSummary(label, forLabel, against, input.degraded);
  const quoted = distinctSources([...forLabel, ...against])
    .slice(0, 3)
    .map((c) => `「${truncate(c.quote, 100)}」 — ${c.evidence.title}`);
  return {
    label,
    confidence,
    headline,
    summary,
    rationale: [...new Set(agg.notes)].slice(0, 3).concat(quoted),
    citations: forLabel.map(toCitation),
    counter_evidence: against.map(toCitation),
    next_steps: [
      judgeAgrees && judge?.recommendation && hasHangul(judge.recommendation)
        ? judge.recommendation
        : NEXT_STEPS[label],
    ],
    cautions: withheld
      ? [withheld.caution]
      : label === 'TRUE' && against.length > 0 && outweighed
        ? [against.every((c) => c.aside) ? ASIDE : OUTWEIGHED]
        : judgeAgrees && judge
          ? judge.cautions
          : [],
  };
}

function titles(cited: readonly CitedEvidence[]): string {
  const names = [...new Set(cited.map((c) => c.evidence.title))];
  return names.length <= 2 ? names.join(', ') : `${names.slice(0, 2).join(', ')} 외 ${names.length - 2}곳`;
}

function templateSummary(
  label: VerdictLabel,
  forLabel: readonly CitedEvidence[],
  against: readonly CitedEvidence[],
  degraded: boolean,
): string {
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
