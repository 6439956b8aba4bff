/**
 * No-LLM decomposition: sentences, then clauses where a sentence joins statements that stand
 * on their own, each judged by the same check-worthiness rules as a single claim
 * (rules/checkability.ts, rules/claim-choice.ts), worded to stand alone (context.ts).
 */
import { checkability } from '../../rules/checkability.js';
import { scoreSentence, type ClaimType } from '../../rules/claim-choice.js';
import { splitClauses, splitSentences, type Span } from '../../rules/sentences.js';
import { contentTerms } from '../../rules/terms.js';
import { attachDate, resolveReferences, subjectOf, type Subject } from './context.js';
import { mergeSpans, type CharSpan } from './spans.js';

export type SkipReason = 'opinion' | 'question' | 'prediction' | 'too_vague' | 'duplicate' | 'abusive' | 'over_limit';

/** A claim found in the text, before the limit and the ids are applied. */
export interface Candidate {
  text: string;
  spans: CharSpan[];
  checkworthiness: number;
  type: ClaimType;
  /** Position in the text (its first span's start), for reading order. */
  at: number;
}

export interface Skip {
  text: string;
  spans: CharSpan[];
  reason: SkipReason;
}

/**
 * A clause that ends in a connective (…했으며, …이고, …했지만) as a sentence of its own:
 * the connective becomes the final ending it stands for. Only endings whose final form is
 * certain are rewritten; a sentence with any other clause ending (…하면서, …하므로: a
 * circumstance or a reason, no statement of its own) is kept whole.
 */
const FINAL_FORMS: [RegExp, string][] = [
  [/(았|었|였|했|됐|왔|졌|렸|쳤|혔|켰|냈|났|갔|섰|웠|겼|뤘|봤|줬)(으며|고|지만|으나|는데)$/, '$1다'],
  [/(있|없)(으며|고|지만|으나|는데)$/, '$1다'],
  [/([가-힣])이(며|고|지만|나)$/, '$1이다'],
  [/([가-힣])인데$/, '$1이다'],
  // The encyclopedia's "X는 Y으로, …" (X is Y): only as splitClauses cuts it, with its comma.
  [/([가-힣])(으로|로)$/, '$1이다'],
];
/** 하며 / 되며 carry no tense: the sentence's final predicate gives it. */
const TENSELESS: [RegExp, string, string][] = [
  [/하(며|고|지만|는데)$/, '한다', '했다'],
  [/되(며|고|지만|는데)$/, '된다', '됐다'],
];
const PAST_FINAL = /(았|었|였|했|됐|왔|졌|렸|쳤|혔|켰|냈|났|갔|섰|웠|겼|뤘|봤|줬)(다|습니다)[.!]?["'”’]?$/;

function finalForm(clause: string, past: boolean): string | undefined {
  const body = clause.replace(/[,;]\s*$/, '');
  if (/다$/.test(body)) return body;
  for (const [re, to] of FINAL_FORMS) if (re.test(body)) return body.replace(re, to);
  for (const [re, present, pastForm] of TENSELESS)
    if (re.test(body)) return body.replace(re, past ? pastForm : present);
  return undefined;
}

interface Part {
  /** The statement as it reads alone (a clause's connective made final). */
  text: string;
  span: CharSpan;
}

/** The sentence's clauses as statements, or the sentence whole when a clause cannot stand alone. */
function partsOf(sentence: Span): Part[] {
  const whole = [{ text: sentence.text, span: { start: sentence.start, end: sentence.end } }];
  const clauses = splitClauses(sentence);
  if (clauses.length < 2) return whole;
  const parts: Part[] = [];
  const past = PAST_FINAL.test((clauses[clauses.length - 1] as Span).text.trim());
  for (const [i, c] of clauses.entries()) {
    const last = i === clauses.length - 1;
    const text = last ? c.text : finalForm(c.text, past);
    if (!text) return whole;
    const trailing = /[,;:]\s*$/.exec(c.text)?.[0].length ?? 0;
    const check = checkability(text);
    // A fragment is no statement: the sentence stays whole rather than lose its parts.
    if (!check.checkable && check.reason === 'too_short') return whole;
    parts.push({ text, span: { start: c.start, end: c.end - trailing } });
  }
  return parts;
}

/** 0–1 from the rules' score (length, numbers, event/statistic/policy/quote cues, minus hearsay). */
function worthiness(text: string): { checkworthiness: number; type: ClaimType } {
  const { score, type } = scoreSentence(text);
  return { checkworthiness: Math.round(Math.max(0, Math.min(1, score / 100)) * 100) / 100, type };
}

/** What makes two claims the same claim: their content words, in any order. */
export function claimKey(text: string): string {
  return contentTerms(text)
    .map((t) => t.term)
    .sort()
    .join(' ');
}

export function decomposeWithRules(
  text: string,
  publishedAt: string | undefined,
): { candidates: Candidate[]; skipped: Skip[] } {
  const candidates: Candidate[] = [];
  const skipped: Skip[] = [];
  const seen = new Set<string>();
  let antecedent: Subject | undefined;
  for (const sentence of splitSentences(text)) {
    for (const [i, part] of partsOf(sentence).entries()) {
      const resolved = resolveReferences(part.text, antecedent);
      const dated = attachDate(resolved.text, publishedAt);
      const spans = mergeSpans(resolved.antecedent ? [resolved.antecedent, part.span] : [part.span]);
      // The topic a later sentence continues is its predecessor's first subject (본사는 in a
      // second clause is a detail of 삼성전자, not what "이 회사" will mean).
      const own = i === 0 ? subjectOf(text.slice(part.span.start, part.span.end), part.span.start) : undefined;
      if (own) antecedent = own;

      // Judged as it will be checked: 그는 사퇴했다 has one content word, 홍길동 대표는 사퇴했다 three.
      const check = checkability(resolved.text);
      const skip = (reason: SkipReason) =>
        skipped.push({ text: text.slice(part.span.start, part.span.end), spans: [part.span], reason });
      if (!check.checkable) {
        skip(check.reason === 'too_short' ? 'too_vague' : check.reason);
        continue;
      }
      if (resolved.unresolved) {
        skip('too_vague');
        continue;
      }
      const key = claimKey(dated.text);
      if (seen.has(key)) {
        skip('duplicate');
        continue;
      }
      seen.add(key);
      candidates.push({ text: dated.text, spans, at: part.span.start, ...worthiness(part.text) });
    }
  }
  return { candidates, skipped };
}

export { worthiness };
