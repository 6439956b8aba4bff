/** Whitespace runs collapse to one space: models re-wrap lines, and that is not a misquote. */
export function normaliseWhitespace(text: string): string {
  return text.normalize('NFC').replace(/\s+/g, ' ').trim();
}

export const MIN_QUOTE_CHARS = 10;
export const MAX_QUOTE_CHARS = 500;

/**
 * The quote as it stands in the evidence, or undefined when it is not a verbatim substring of
 * it (after whitespace normalisation) or too short to mean anything.
 */
export function verbatimQuote(quote: string, evidence: string): string | undefined {
  const q = normaliseWhitespace(quote)
    .replace(/^["'“”‘’「」『』]+|["'“”‘’「」『』]+$/g, '')
    .trim();
  if (q.length < MIN_QUOTE_CHARS || q.length > MAX_QUOTE_CHARS) return undefined;
  return normaliseWhitespace(evidence).includes(q) ? q : undefined;
}
