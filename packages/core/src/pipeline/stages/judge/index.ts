import { Type, type Static } from 'typebox';
import type { LlmClient } from '../../../llm/types.js';
import { promptTemplate } from '../../prompts.js';
import type { StageScope } from '../../run-context.js';
import type { Aggregate, CitedEvidence } from '../aggregate/index.js';

const prompt = promptTemplate(new URL('./prompt.md', import.meta.url));

export const JudgeAnswer = Type.Object(
  {
    label: Type.Enum(['TRUE', 'FALSE', 'MIXED', 'UNVERIFIED']),
    confidence: Type.Number({ minimum: 0, maximum: 1 }),
    headline: Type.String({ maxLength: 120 }),
    explanation: Type.String({ maxLength: 600 }),
    cautions: Type.Array(Type.String({ maxLength: 300 }), { maxItems: 3 }),
    recommendation: Type.String({ maxLength: 300 }),
  },
  { additionalProperties: false },
);
export type JudgeAnswer = Static<typeof JudgeAnswer>;

function quoteLines(cited: readonly CitedEvidence[]): string {
  if (cited.length === 0) return '(없음)';
  return cited.map((c) => `- [${c.evid_id}] ${c.evidence.title}: "${c.quote}"`).join('\n');
}

/**
 * Stage 9 with an LLM: the judge reads only the checked quotes, never raw evidence, so it
 * cannot decide on anything a verifier did not find in the sources. Its label is advice: the
 * verdict rules (verdict.ts) have the last word.
 */
export async function judgeWithLlm(
  claim: string,
  agg: Aggregate,
  llm: LlmClient,
  scope: StageScope,
): Promise<JudgeAnswer> {
  const { value } = await llm.chatJson({
    system: '당신은 JSON으로만 답하는 신중한 팩트체크 판정자입니다.',
    user: prompt({
      claim,
      support: quoteLines(agg.support),
      refute: quoteLines(agg.refute),
      notes: [...agg.notes, ...agg.weak_points].map((n) => `- ${n}`).join('\n') || '(없음)',
    }),
    schema: JudgeAnswer,
    schemaName: 'judge',
    signal: scope.signal,
    timeoutMs: scope.remainingMs(),
  });
  return value;
}
