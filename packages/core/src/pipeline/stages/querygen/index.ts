import { Type } from 'typebox';
import type { LlmClient } from '../../../llm/types.js';
import { promptTemplate } from '../../prompts.js';
import { keywordQueries } from '../../rules/keywords.js';
import { lifespanQueries } from '../../rules/lifespan.js';
import { relationQueries } from '../../rules/relations.js';
import type { StageScope } from '../../run-context.js';

const prompt = promptTemplate(new URL('./prompt.md', import.meta.url));

const Query = Type.String({ minLength: 1, maxLength: 100 });
export const QuerygenAnswer = Type.Object(
  {
    wiki_queries: Type.Array(Query, { maxItems: 3 }),
    news_queries: Type.Array(Query, { maxItems: 3 }),
  },
  { additionalProperties: false },
);

export interface Queries {
  /** The claim itself comes first: our wiki search ranks whole sentences well. */
  wiki: string[];
  news: string[];
  source: 'rules' | 'llm';
}

const MAX_QUERIES = 4;

function dedupe(queries: readonly string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const q of queries.map((s) => s.replace(/\s+/g, ' ').trim()).filter(Boolean)) {
    const key = q.toLowerCase();
    if (!seen.has(key)) {
      seen.add(key);
      out.push(q);
    }
  }
  return out.slice(0, MAX_QUERIES);
}

/**
 * Stage 2: search queries. Rules always run (tokenizer keywords); the LLM's headwords, when
 * there is one, go first. Queries are capped: each costs a search. Without an LLM the answer
 * is not a promise, so the stage costs no timer (`RunContext.stage`).
 */
export function querygen(claim: string, scope: StageScope, llm?: LlmClient): Queries | Promise<Queries> {
  const rules = keywordQueries(claim);
  // Second, before the headwords the cap may cut: the page stating the relation's actual value,
  // or the lead stating a person's life dates.
  const relations = [...relationQueries(claim), ...lifespanQueries(claim)];
  if (!llm) return { wiki: dedupe([claim, ...relations, ...rules.wiki]), news: dedupe(rules.news), source: 'rules' };
  return llmQueries(claim, rules, relations, scope, llm);
}

async function llmQueries(
  claim: string,
  rules: ReturnType<typeof keywordQueries>,
  relations: readonly string[],
  scope: StageScope,
  llm: LlmClient,
): Promise<Queries> {
  const { value } = await llm.chatJson({
    system: '당신은 JSON으로만 답하는 검색 엔지니어입니다.',
    user: prompt({ claim }),
    schema: QuerygenAnswer,
    schemaName: 'querygen',
    signal: scope.signal,
    timeoutMs: scope.remainingMs(),
  });
  return {
    wiki: dedupe([claim, ...relations, ...value.wiki_queries, ...rules.wiki]),
    news: dedupe([...value.news_queries, ...rules.news]),
    source: 'llm',
  };
}
