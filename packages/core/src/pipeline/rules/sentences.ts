/**
 * Sentence splitting for Korean news and encyclopedia text. Every sentence keeps its offsets
 * into the original string, so a quote taken from it is always a verbatim substring.
 */
import { isTopic } from './scope.js';
import { textMemo } from './text-memo.js';

export interface Span {
  text: string;
  /** Offsets into the original string: `original.slice(start, end) === text`. */
  start: number;
  end: number;
}

/** Quote pairs whose inside is never split: a quoted statement is one claim with its 라고/며 tail. */
const OPENING = new Map([
  ['“', '”'],
  ['‘', '’'],
  ['「', '」'],
  ['『', '』'],
  ['《', '》'],
  ['(', ')'],
]);
const CLOSING = new Set([...OPENING.values(), '"', "'"]);
const TERMINATORS = new Set(['.', '?', '!', '。', '…', '？', '！']);
/** The next character splitSentences acts on: the rest are skipped in one native search. */
const NEXT_MARK = new RegExp(
  `[${[...OPENING.keys(), ...CLOSING, ...TERMINATORS, '\n'].map((c) => c.replace(/[\]\\^-]/g, '\\$&')).join('')}]`,
  'g',
);

function trimmed(text: string, start: number, end: number): Span | null {
  while (start < end && /\s/.test(text[start] as string)) start++;
  while (end > start && /\s/.test(text[end - 1] as string)) end--;
  return end > start ? { text: text.slice(start, end), start, end } : null;
}

/**
 * Splits at . ? ! … followed by a space or the end (not inside 3.5 or a quote) and at line
 * breaks. Closing quotes and brackets straight after the terminator stay with the sentence.
 */
export function splitSentences(text: string): Span[] {
  const out: Span[] = [];
  const stack: string[] = [];
  let straightQuote = false;
  let start = 0;
  const push = (end: number): void => {
    const span = trimmed(text, start, end);
    if (span) out.push(span);
    start = end;
  };
  for (let i = 0; i < text.length; i++) {
    NEXT_MARK.lastIndex = i;
    const mark = NEXT_MARK.exec(text);
    if (!mark) break;
    i = mark.index;
    const ch = text[i] as string;
    if (ch === '\n') {
      // A line break ends everything, also an unbalanced quote (headlines, lists).
      stack.length = 0;
      straightQuote = false;
      push(i + 1);
      continue;
    }
    const close = OPENING.get(ch);
    if (close) {
      stack.push(close);
      continue;
    }
    if (stack.length > 0 && ch === stack[stack.length - 1]) {
      stack.pop();
      continue;
    }
    if (ch === '"') {
      straightQuote = !straightQuote;
      continue;
    }
    if (stack.length > 0 || straightQuote || !TERMINATORS.has(ch)) continue;
    // 3.5, 1.2.3 and v2.0 are numbers, not ends.
    if (ch === '.' && /\d/.test(text[i - 1] ?? '') && /\d/.test(text[i + 1] ?? '')) continue;
    let j = i + 1;
    while (j < text.length && (TERMINATORS.has(text[j] as string) || CLOSING.has(text[j] as string))) j++;
    // "…철학자이다.1965년부터 …": a statement's ending and a full stop end it, space or not.
    const glued = ch === '.' && j === i + 1 && /다$/.test(text.slice(0, i)) && /[가-힣0-9A-Za-z]/.test(text[j] ?? '');
    if (j >= text.length || /\s/.test(text[j] as string) || glued) {
      push(j);
      i = j - 1;
    }
  }
  push(text.length);
  return out;
}

/**
 * splitSentences of the evidence passages read lately: the rules read a claim's passages
 * several times (findings, predicate variants, related passages). Shared spans: read only.
 */
export const evidenceSentences = textMemo<readonly Span[]>((text) => splitSentences(text), 256);

/**
 * Clauses of one sentence: cut after semicolons and after connective endings (…며, …지만,
 * …는데, …으나, …면서), because one sentence often joins opposite statements ("10개국이
 * 찬성했고, 5개국이 기권했다"). Commas alone are not cuts: they mostly separate list items.
 */
const CONNECTIVE =
  /(며|지만|는데|으나|였으나|했으나|되었으나|고서|면서|므로|니까|자마자|했고|였고|됐고|되었고|었고|았고),?$/;
/** The encyclopedia's copula clause "X는 Y으로, …" (X is Y, and …): a cut only with its comma. */
const COPULA_RO = /(으로|로),$/;
/**
 * The copula's "and" (X는 Y이고, …): a cut with its comma, or before a topic of its own ("기호는
 * O이고 원자 번호는 8이다"); not 하고 alone, as often "with" (철수하고).
 */
const COPULA_GO = /이고(,?)$/;

export function splitClauses(sentence: Span): Span[] {
  const out: Span[] = [];
  const { text } = sentence;
  let start = 0;
  let depth = 0;
  let words = 0;
  const re = /[^\s,;:]+[,;:]?/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const word = m[0];
    const end = m.index + word.length;
    // A colon inside brackets glosses (본명: 샤오더쥔), and one in the sentence's first word or two
    // is part of a name (워킹 데드: 더 라이드는): neither cuts a clause.
    words++;
    const colon = word.endsWith(':') && depth === 0 && words > 2;
    depth = Math.max(0, depth + (word.match(/[(（[]/g)?.length ?? 0) - (word.match(/[)）\]]/g)?.length ?? 0));
    const copula = COPULA_GO.exec(word);
    const cut =
      copula !== null &&
      depth === 0 &&
      (copula[1] === ',' ||
        text
          .slice(end)
          .trim()
          .split(/\s+/, 3)
          .some((w, k, next) => isTopic(w, next[k - 1])));
    if (word.endsWith(';') || colon || CONNECTIVE.test(word) || COPULA_RO.test(word) || cut) {
      const span = trimmed(text, start, end);
      if (span) out.push({ text: span.text, start: sentence.start + span.start, end: sentence.start + span.end });
      start = end;
    }
  }
  const span = trimmed(text, start, text.length);
  if (span) out.push({ text: span.text, start: sentence.start + span.start, end: sentence.start + span.end });
  return out;
}
