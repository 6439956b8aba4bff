import { Type } from 'typebox';
import type { TruthCheckRequest } from '@olala/contract';
import { cutAt } from '@olala/contract/text-tools';
import { FetchRefusedError } from '../../../fetch/errors.js';
import type { LlmClient } from '../../../llm/types.js';
import { promptTemplate } from '../../prompts.js';
import { normaliseWhitespace } from '../../quotes.js';
import { checkability } from '../../rules/checkability.js';
import { chooseClaim } from '../../rules/claim-choice.js';
import { splitSentences } from '../../rules/sentences.js';
import type { StageScope } from '../../run-context.js';
import type { ArticleInput } from '../../types.js';

const prompt = promptTemplate(new URL('./prompt.md', import.meta.url));

export const NormalizeAnswer = Type.Object(
  {
    claim: Type.String({ minLength: 1, maxLength: 600 }),
    claim_type: Type.String({ maxLength: 20 }),
    key_entities: Type.Array(Type.String({ maxLength: 60 }), { maxItems: 8 }),
  },
  { additionalProperties: false },
);

export interface Normalized {
  claim: string;
  /** How the claim was chosen: the text as typed, the user's request, rules or the LLM. */
  claim_source: 'input' | 'user_request' | 'rules' | 'llm';
  /**
   * Set when the input cannot be checked: the run ends with REFUSED. `url`: a URL the service
   * never fetches, whose `reason` is Korean (the fetcher's message).
   */
  refusal?: { reason: string; message: string; kind?: 'claim' | 'url' };
  /** The checked article, so it is never cited as its own evidence. */
  article?: ArticleInput;
  key_entities: string[];
}

/** Text this long is an article pasted as text: a claim is picked out of it. */
const LONG_TEXT_CHARS = 300;
const ONLY_URL = /^https?:\/\/\S+$/i;

/**
 * Stage 1: decide what claim is checked. A short text is the claim itself (no LLM call: most
 * inputs are one sentence); a URL is fetched and its article's most check-worthy sentence is
 * chosen, by the LLM when one is configured, else by rules. An image never gets here: stage 0
 * reads it and the run goes on with its text as a text input.
 */
export async function normalize(
  request: TruthCheckRequest,
  scope: StageScope,
  deps: { llm?: LlmClient; fetchArticle?: (url: string, signal: AbortSignal) => Promise<ArticleInput> },
): Promise<Normalized> {
  const type = request.input_type ?? 'text';
  const payload = request.input_payload.trim();
  const userRequest = normaliseWhitespace(request.user_request ?? '');

  if (type === 'url' || ONLY_URL.test(payload)) {
    if (!deps.fetchArticle) throw new Error('URL inputs need an article fetcher');
    let article: ArticleInput;
    try {
      article = await deps.fetchArticle(payload, scope.signal);
    } catch (err) {
      // Not a failure of the run: the answer is that this URL is never fetched.
      if (err instanceof FetchRefusedError && err.neverFetched)
        return refused(payload, { reason: err.display_message, message: err.display_message, kind: 'url' });
      throw err;
    }
    if (userRequest) return withCheck({ claim: userRequest, claim_source: 'user_request', article, key_entities: [] });
    const picked = deps.llm ? await llmClaim(deps.llm, article, userRequest, scope) : undefined;
    const claim = picked?.claim ?? (chooseClaim(`${article.title}\n${article.text}`)?.claim || article.title);
    return withCheck({
      claim,
      claim_source: picked ? 'llm' : 'rules',
      article,
      key_entities: picked?.key_entities ?? [],
    });
  }

  const text = normaliseWhitespace(payload);
  if (text.length > LONG_TEXT_CHARS) {
    const picked = deps.llm ? await llmClaim(deps.llm, { url: '', title: '', text }, userRequest, scope) : undefined;
    const claim = picked?.claim ?? chooseClaim(text)?.claim ?? cutAt(text, LONG_TEXT_CHARS);
    return withCheck({ claim, claim_source: picked ? 'llm' : 'rules', key_entities: picked?.key_entities ?? [] });
  }
  return withCheck({ claim: text, claim_source: 'input', key_entities: [] });
}

function refused(claim: string, refusal: Normalized['refusal']): Normalized {
  return { claim, claim_source: 'input', refusal, key_entities: [] };
}

function withCheck(n: Normalized): Normalized {
  const verdict = checkability(n.claim);
  return verdict.checkable ? n : { ...n, refusal: { reason: verdict.reason, message: verdict.message_ko } };
}

/**
 * The LLM picks a sentence from a numbered list; its answer must be one of those sentences
 * (or inside one), else the rules choose: a model must not put words in the article's mouth.
 */
async function llmClaim(llm: LlmClient, article: ArticleInput, userRequest: string, scope: StageScope) {
  const sentences = splitSentences(article.text)
    .slice(0, 60)
    .map((s) => s.text);
  if (sentences.length === 0) return undefined;
  const { value } = await llm.chatJson({
    system: '당신은 JSON으로만 답하는 팩트체커입니다.',
    user: prompt({
      user_request: userRequest || '(없음)',
      title: article.title || '(없음)',
      sentences: sentences.map((s, i) => `${i + 1}. ${s}`).join('\n'),
    }),
    schema: NormalizeAnswer,
    schemaName: 'normalize',
    signal: scope.signal,
    timeoutMs: scope.remainingMs(),
  });
  const claim = normaliseWhitespace(value.claim.replace(/^\d+\.\s*/, ''));
  const source = normaliseWhitespace(`${article.title} ${article.text}`);
  if (!source.includes(claim)) return undefined;
  return { claim, key_entities: value.key_entities };
}
