import type { Static, TSchema } from 'typebox';
import { Value } from 'typebox/value';
import type { ChatMessage } from './http.js';
import { LlmError, type ChatJsonRequest } from './types.js';

export type AnswerCheck<T> =
  { ok: true; value: T } | { ok: false; code: 'INVALID_JSON' | 'SCHEMA_MISMATCH'; error: string };

/**
 * The JSON object in a model's answer. Small models wrap it in code fences or prose, and put raw
 * line breaks inside strings, even under structured output; all of that is tolerated here
 * rather than spending a repair call on it.
 */
export function extractJson(content: string): { ok: true; value: unknown } | { ok: false; error: string } {
  const text = content.trim();
  if (!text) return { ok: false, error: 'the answer is empty' };
  let firstError = '';
  for (const candidate of [text, ...objectCandidates(text)]) {
    try {
      return { ok: true, value: JSON.parse(candidate) as unknown };
    } catch (err) {
      firstError ||= (err as Error).message;
    }
  }
  return { ok: false, error: `the answer is not JSON (${firstError}): ${JSON.stringify(text.slice(0, 120))}` };
}

/**
 * Balanced `{…}` spans, outermost first, with control characters inside strings escaped.
 * Tried in order, so the first that parses is the outermost object; lazy, so a clean answer
 * costs one scan.
 */
function* objectCandidates(text: string): Generator<string> {
  for (
    let start = text.indexOf('{'), tried = 0;
    start !== -1 && tried < 20;
    start = text.indexOf('{', start + 1), tried++
  ) {
    let depth = 0;
    let inString = false;
    let escaped = false;
    let out = '';
    for (let i = start; i < text.length; i++) {
      const ch = text[i] as string;
      if (inString) {
        if (escaped) escaped = false;
        else if (ch === '\\') escaped = true;
        else if (ch === '"') inString = false;
        else if (ch < ' ') {
          out += `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`;
          continue;
        }
      } else if (ch === '"') inString = true;
      else if (ch === '{') depth++;
      else if (ch === '}' && --depth === 0) {
        yield out + ch;
        break;
      }
      out += ch;
    }
  }
}

/** Parses and validates one answer; the error is worded for the model as well as for logs. */
export function checkAnswer<S extends TSchema>(schema: S, content: string): AnswerCheck<Static<S>> {
  const parsed = extractJson(content);
  if (!parsed.ok) return { ok: false, code: 'INVALID_JSON', error: parsed.error };
  if (Value.Check(schema, parsed.value)) return { ok: true, value: parsed.value as Static<S> };
  const problems = Value.Errors(schema, parsed.value)
    .slice(0, 3)
    .map((e) => `${e.instancePath || '/'} ${e.message}`);
  return { ok: false, code: 'SCHEMA_MISMATCH', error: `the JSON does not match the schema: ${problems.join('; ')}` };
}

/**
 * Asks once and, when the answer is not valid JSON for the schema, once more with the answer and
 * what was wrong with it: models usually fix a missing field or a stray sentence when told.
 * A second failure is final, so a bad model costs at most two calls.
 */
export async function askJson<S extends TSchema>(
  request: Pick<ChatJsonRequest<S>, 'system' | 'user' | 'schema'>,
  send: (messages: ChatMessage[]) => Promise<string>,
): Promise<{ value: Static<S>; repaired: boolean }> {
  const messages: ChatMessage[] = [
    { role: 'system', content: request.system },
    { role: 'user', content: request.user },
  ];
  const first = await send(messages);
  const check = checkAnswer(request.schema, first);
  if (check.ok) return { value: check.value, repaired: false };

  const repair = await send([
    ...messages,
    { role: 'assistant', content: first.slice(0, 8000) },
    {
      role: 'user',
      content:
        `Your previous answer could not be used: ${check.error}.\n` +
        'Reply again with only the corrected JSON object, no explanation and no code fences. It must match this JSON schema:\n' +
        JSON.stringify(request.schema),
    },
  ]);
  const again = checkAnswer(request.schema, repair);
  if (again.ok) return { value: again.value, repaired: true };
  throw new LlmError(again.code, `still invalid after one repair: ${again.error}`);
}
