import { Type } from 'typebox';
import { cutAt } from '@olala/contract/text-tools';
import type { LlmClient } from '../../../llm/types.js';
import { isBigram, isTitleTerm, tokenize } from '../../../search/tokenizer.js';
import type { Evidence } from '../../../evidence.js';
import { promptTemplate } from '../../prompts.js';
import { verbatimQuote } from '../../quotes.js';
import { assessEvidence, type Finding } from '../../rules/agreement.js';
import { splitSentences } from '../../rules/sentences.js';
import type { StageScope } from '../../run-context.js';
import type { CheckedCitation, VerifierReport } from '../../types.js';

const prompts = {
  support: promptTemplate(new URL('./support.prompt.md', import.meta.url)),
  skeptic: promptTemplate(new URL('./skeptic.prompt.md', import.meta.url)),
};

const Short = (max: number) => Type.String({ maxLength: max });

// Every field required and no extras: OpenAI's strict json_schema mode demands it.
export const VerifyAnswer = Type.Object(
  {
    stance: Type.Enum(['TRUE', 'FALSE', 'MIXED', 'UNVERIFIED']),
    confidence: Type.Number({ minimum: 0, maximum: 1 }),
    reasoning_bullets: Type.Array(Short(300), { maxItems: 5 }),
    citations: Type.Array(
      Type.Object(
        { evid_id: Short(20), quote: Short(600), stance: Type.Enum(['support', 'refute']) },
        { additionalProperties: false },
      ),
      { maxItems: 6 },
    ),
    weak_points: Type.Array(Short(300), { maxItems: 3 }),
    followup_queries: Type.Array(Short(100), { maxItems: 3 }),
  },
  { additionalProperties: false },
);

/** What the model reads of one evidence item: enough around the match, not the whole page. */
const EXCERPT_CHARS = 700;

const TIER_KO: Record<Evidence['trust_tier'], string> = {
  government: '정부·공공기관',
  academic: '학술·연구기관',
  encyclopedia: '백과사전',
  major_news: '주요 언론',
  news: '언론',
  unknown: '출처 불명',
  community: '블로그·커뮤니티',
};

/**
 * The part of `content` that best matches the claim, grown sentence by sentence up to
 * EXCERPT_CHARS. Quotes are checked against the whole content, so cutting loses nothing.
 */
export function excerpt(content: string, claim: string, max = EXCERPT_CHARS): string {
  if (content.length <= max) return content;
  const claimTerms = new Set(tokenize(claim).filter((t) => !isBigram(t) && !isTitleTerm(t)));
  const sentences = splitSentences(content);
  if (sentences.length === 0) return cutAt(content, max);
  let best = 0;
  let bestHits = -1;
  sentences.forEach((s, i) => {
    const hits = tokenize(s.text).filter((t) => claimTerms.has(t)).length;
    if (hits > bestHits) [best, bestHits] = [i, hits];
  });
  let [lo, hi] = [best, best];
  const length = () => sentences[hi]!.end - sentences[lo]!.start;
  while (length() < max) {
    const canLeft = lo > 0 && sentences[hi]!.end - sentences[lo - 1]!.start <= max;
    const canRight = hi < sentences.length - 1 && sentences[hi + 1]!.end - sentences[lo]!.start <= max;
    if (canRight) hi++;
    else if (canLeft) lo--;
    else break;
  }
  return cutAt(content.slice(sentences[lo]!.start, sentences[hi]!.end), max);
}

export function evidenceLines(evidence: readonly Evidence[], claim: string): string {
  return evidence
    .map((e) => `[${e.evid_id}] (${TIER_KO[e.trust_tier]}) ${e.title}\n${excerpt(e.content, claim)}`)
    .join('\n\n');
}

/**
 * Keeps the citations whose evidence exists and whose quote is really in it; the rest are
 * counted as dropped (a model that invents quotes must not win an argument with them).
 */
export function checkCitations(
  citations: readonly Pick<CheckedCitation, 'evid_id' | 'quote' | 'stance' | 'kind' | 'bucket' | 'aside'>[],
  evidence: readonly Evidence[],
): { kept: CheckedCitation[]; dropped: number } {
  const byId = new Map(evidence.map((e) => [e.evid_id, e]));
  const kept: CheckedCitation[] = [];
  let dropped = 0;
  for (const c of citations) {
    const source = byId.get(c.evid_id.trim());
    const quote = source && verbatimQuote(c.quote, source.content);
    if (!source || !quote) {
      dropped++;
      continue;
    }
    const why = c.kind
      ? { kind: c.kind, ...(c.bucket ? { bucket: c.bucket } : {}), ...(c.aside ? { aside: c.aside } : {}) }
      : {};
    if (!kept.some((k) => k.evid_id === source.evid_id && k.quote === quote))
      kept.push({ evid_id: source.evid_id, stance: c.stance, quote, ...why });
  }
  return { kept, dropped };
}

/** Stages 6 and 7 with an LLM: the same code, a supporter's or a skeptic's prompt. */
export async function verifyWithLlm(
  role: VerifierReport['role'],
  claim: string,
  evidence: readonly Evidence[],
  llm: LlmClient,
  scope: StageScope,
): Promise<VerifierReport> {
  if (evidence.length === 0) return emptyReport(role);
  const { value } = await llm.chatJson({
    system: '당신은 JSON으로만 답하는 팩트체크 검증자입니다.',
    user: prompts[role]({ claim, evidence: evidenceLines(evidence, claim) }),
    schema: VerifyAnswer,
    schemaName: `verify_${role}`,
    signal: scope.signal,
    timeoutMs: scope.remainingMs(),
  });
  const { kept, dropped } = checkCitations(value.citations, evidence);
  return {
    role,
    stance: value.stance,
    confidence: value.confidence,
    reasoning: value.reasoning_bullets.slice(0, 3),
    citations: kept,
    dropped,
    weak_points: value.weak_points,
    followup_queries: value.followup_queries,
  };
}

/** The agreement rules on every evidence item, once per run: both rule verifiers read the same findings. */
export function assessAll(claim: string, evidence: readonly Evidence[]): (Finding | null)[] {
  // A wiki page's title is the subject its sentences leave out; a news headline is not a subject.
  return evidence.map((e) =>
    assessEvidence(claim, {
      evid_id: e.evid_id,
      content: e.content,
      ...(e.source_type === 'WIKIPEDIA' ? { title: e.title } : {}),
    }),
  );
}

/**
 * Stages 6 and 7 without an LLM: the supporter keeps the findings that agree with the claim,
 * the skeptic those that contradict it.
 */
export function verifyWithRules(
  role: VerifierReport['role'],
  assessed: readonly (Finding | null)[],
  evidence: readonly Evidence[],
): VerifierReport {
  const wanted = role === 'support' ? 'support' : 'refute';
  const findings = assessed.filter((f) => f?.stance === wanted);
  const { kept, dropped } = checkCitations(
    findings.map((f) => ({
      evid_id: f!.evid_id,
      quote: f!.quote,
      stance: wanted,
      kind: f!.kind,
      bucket: f!.bucket,
      ...(f!.aside ? { aside: f!.aside } : {}),
    })),
    evidence,
  );
  const strongest = Math.max(0, ...findings.map((f) => f!.strength));
  return {
    role,
    stance: kept.length === 0 ? 'UNVERIFIED' : role === 'support' ? 'TRUE' : 'FALSE',
    confidence: strongest,
    reasoning: [...new Set(findings.flatMap((f) => f!.reasons))].slice(0, 3),
    citations: kept,
    dropped,
    weak_points: [],
    followup_queries: [],
  };
}

export function emptyReport(role: VerifierReport['role'], failure?: string): VerifierReport {
  return {
    role,
    stance: 'UNVERIFIED',
    confidence: 0,
    reasoning: [],
    citations: [],
    dropped: 0,
    weak_points: [],
    followup_queries: [],
    failure,
  };
}
