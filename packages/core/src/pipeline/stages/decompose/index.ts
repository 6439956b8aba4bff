import { Type } from 'typebox';
import type { LlmClient } from '../../../llm/types.js';
import { promptTemplate } from '../../prompts.js';
import { checkability } from '../../rules/checkability.js';
import type { ClaimType } from '../../rules/claim-choice.js';
import { contentTerms } from '../../rules/terms.js';
import { attachDate } from './context.js';
import { claimKey, decomposeWithRules, type Candidate, type Skip, type SkipReason } from './rules.js';
import { findSpan, mergeSpans, type CharSpan } from './spans.js';

export type { CharSpan, Skip, SkipReason };

const prompt = promptTemplate(new URL('./prompt.md', import.meta.url));

const CLAIM_TYPES = ['사건', '통계', '정책', '인용', '논리', '기타'] as const satisfies readonly ClaimType[];
const LLM_SKIP_REASONS = ['opinion', 'question', 'prediction', 'too_vague', 'duplicate'] as const;

export const DecomposeAnswer = Type.Object(
  {
    claims: Type.Array(
      Type.Object(
        {
          claim: Type.String({ minLength: 1, maxLength: 400 }),
          sources: Type.Array(Type.String({ minLength: 1, maxLength: 600 }), { minItems: 1, maxItems: 3 }),
          checkworthiness: Type.Number({ minimum: 0, maximum: 1 }),
          type: Type.Enum([...CLAIM_TYPES]),
        },
        { additionalProperties: false },
      ),
      { maxItems: 30 },
    ),
    skipped: Type.Array(
      Type.Object(
        { sentence: Type.String({ maxLength: 600 }), reason: Type.Enum([...LLM_SKIP_REASONS]) },
        { additionalProperties: false },
      ),
      {
        maxItems: 60,
      },
    ),
  },
  { additionalProperties: false },
);

export interface DecomposeInput {
  /** The article's body: every span points into this string. */
  text: string;
  /** The headline: the claim it states is the main claim. */
  title?: string;
  /** ISO date-time of the article, for claims that are time-bound (어제, 올해, 현재). */
  published_at?: string;
  max_claims: number;
}

export interface DecomposedClaim {
  /** `c1`, `c2`, … in the order returned: the main claim first, the rest in reading order. */
  id: string;
  /** Worded to stand alone (antecedents put in, relative dates made absolute). */
  text: string;
  /** Where it comes from: UTF-16 offsets into `DecomposeInput.text`, sorted, not overlapping. */
  spans: CharSpan[];
  checkworthiness: number;
  type: ClaimType;
  main: boolean;
}

export interface Decomposition {
  claims: DecomposedClaim[];
  skipped: Skip[];
  source: 'rules' | 'llm';
  /** LLM claims dropped because a source they quote is not in the text. */
  dropped: number;
  /** Why the LLM's decomposition was not used (the rules' is). */
  llm_error?: string;
}

/** Most of an article a model reads: the rest is still split by the rules' spans, not sent. */
const LLM_MAX_CHARS = 12_000;

/**
 * Stage "decompose": the claims of an article worth checking, each with the spans it comes
 * from. With an LLM, its claims are kept only when every source it quotes is found in the text;
 * a failing LLM call falls back to the rules, so an article is never left without claims.
 */
export async function decompose(
  input: DecomposeInput,
  options: { llm?: LlmClient; signal?: AbortSignal; timeoutMs?: number } = {},
): Promise<Decomposition> {
  if (options.llm) {
    try {
      return finish(input, await llmCandidates(input, options.llm, options), 'llm');
    } catch (err) {
      if (options.signal?.aborted) throw err;
      const rules = finish(input, { ...decomposeWithRules(input.text, input.published_at), dropped: 0 }, 'rules');
      return { ...rules, llm_error: err instanceof Error ? err.message : String(err) };
    }
  }
  return finish(input, { ...decomposeWithRules(input.text, input.published_at), dropped: 0 }, 'rules');
}

async function llmCandidates(
  input: DecomposeInput,
  llm: LlmClient,
  options: { signal?: AbortSignal; timeoutMs?: number },
) {
  const { value } = await llm.chatJson({
    system: '당신은 JSON으로만 답하는 팩트체커입니다.',
    user: prompt({
      title: input.title || '(없음)',
      published_at: input.published_at ?? '(알 수 없음)',
      max_claims: String(input.max_claims),
      text: input.text.slice(0, LLM_MAX_CHARS),
    }),
    schema: DecomposeAnswer,
    schemaName: 'decompose',
    signal: options.signal,
    timeoutMs: options.timeoutMs,
  });
  const candidates: Candidate[] = [];
  const skipped: Skip[] = [];
  const seen = new Set<string>();
  let dropped = 0;
  for (const c of value.claims) {
    const found = c.sources.map((s) => findSpan(input.text, s));
    // A claim resting on words the article does not have is the model's, not the article's.
    if (found.some((s) => s === undefined)) {
      dropped++;
      continue;
    }
    const spans = mergeSpans(found as CharSpan[]);
    const text = attachDate(c.claim.trim(), input.published_at).text;
    const check = checkability(text);
    if (!check.checkable) {
      skipped.push({
        text: input.text.slice(spans[0]!.start, spans[0]!.end),
        spans,
        reason: check.reason === 'too_short' ? 'too_vague' : check.reason,
      });
      continue;
    }
    const key = claimKey(text);
    if (seen.has(key)) {
      skipped.push({ text: input.text.slice(spans[0]!.start, spans[0]!.end), spans, reason: 'duplicate' });
      continue;
    }
    seen.add(key);
    candidates.push({ text, spans, checkworthiness: c.checkworthiness, type: c.type, at: spans[0]!.start });
  }
  for (const s of value.skipped) {
    const span = findSpan(input.text, s.sentence);
    if (span) skipped.push({ text: input.text.slice(span.start, span.end), spans: [span], reason: s.reason });
  }
  // The model was told to put the main claim first: keep that as its rank among equals.
  return { candidates, skipped, dropped, firstIsMain: true };
}

/** Share of the headline's words a claim has: the headline's claim is the article's main claim. */
function titleOverlap(title: string, claim: string): number {
  const words = contentTerms(title).map((t) => t.term);
  if (words.length === 0) return 0;
  const have = new Set(contentTerms(claim).map((t) => t.term));
  return words.filter((w) => have.has(w)).length / words.length;
}

const MAIN_MIN_OVERLAP = 0.5;

/** The limit, the main claim, the order and the ids; what the limit leaves out is listed as skipped. */
function finish(
  input: DecomposeInput,
  found: { candidates: Candidate[]; skipped: Skip[]; dropped: number; firstIsMain?: boolean },
  source: Decomposition['source'],
): Decomposition {
  const { candidates } = found;
  const skipped = [...found.skipped];
  if (candidates.length === 0) return { claims: [], skipped: sortSkips(skipped), source, dropped: found.dropped };

  let main = found.firstIsMain ? candidates[0]! : [...candidates].sort((a, b) => a.at - b.at)[0]!;
  if (input.title) {
    let best = MAIN_MIN_OVERLAP;
    for (const c of candidates) {
      const overlap = titleOverlap(input.title, c.text);
      if (overlap > best || (overlap === best && overlap > MAIN_MIN_OVERLAP && c.at < main.at)) {
        best = overlap;
        main = c;
      }
    }
  }
  const max = Math.max(1, input.max_claims);
  // The most check-worthy, the main claim always among them; ties go to the earlier sentence.
  const ranked = candidates
    .filter((c) => c !== main)
    .sort((a, b) => b.checkworthiness - a.checkworthiness || a.at - b.at);
  const kept = ranked.slice(0, max - 1);
  for (const c of ranked.slice(max - 1))
    skipped.push({
      text: input.text.slice(c.spans[c.spans.length - 1]!.start, c.spans[c.spans.length - 1]!.end),
      spans: c.spans,
      reason: 'over_limit',
    });
  const ordered = [main, ...kept.sort((a, b) => a.at - b.at)];
  return {
    claims: ordered.map((c, i) => ({
      id: `c${i + 1}`,
      text: c.text,
      spans: c.spans,
      checkworthiness: c.checkworthiness,
      type: c.type,
      main: c === main,
    })),
    skipped: sortSkips(skipped),
    source,
    dropped: found.dropped,
  };
}

const sortSkips = (skips: Skip[]) => skips.sort((a, b) => (a.spans[0]?.start ?? 0) - (b.spans[0]?.start ?? 0));
