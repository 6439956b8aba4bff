/**
 * Related passages: for every answer, UNVERIFIED included, the sentences of the top evidence
 * that share most of the claim's words, with those words marked, so a reader sees what the
 * sources say even when the rules would not decide.
 */
import type { RelatedPassage } from '@olala/contract';
import { cutAt } from '@olala/contract/text-tools';
import type { Evidence } from '../../evidence.js';
import { evidenceSentences } from './sentences.js';
import { contentTerms, matchAt, sentenceCoverage, type Term } from './terms.js';

export const RELATED = {
  /** Passages per answer, one per page or article. */
  max: 3,
  /** Longest quote; longer sentences are cut at a word boundary (still a verbatim prefix). */
  quoteChars: 300,
} as const;

/** [start, end) offsets of the claim's terms in `quote`, merged where they overlap. */
export function highlightsIn(quote: string, terms: readonly Term[]): { start: number; end: number }[] {
  const lower = quote.normalize('NFKC').toLowerCase();
  // NFKC can change lengths (full-width forms); offsets are only meaningful when it did not.
  if (lower.length !== quote.length) return [];
  const spans: { start: number; end: number }[] = [];
  for (const { term } of terms) {
    let from = 0;
    for (;;) {
      let at = lower.indexOf(term, from);
      let length = term.length;
      if (at < 0) {
        // The stem without an ending syllable (포위당 ~ 포위되어), as the agreement rules match it,
        // or a word a gloss splits from its particle (물(水, )은 for 물은), as coverage finds it.
        const stemAt = matchAt(lower.slice(from), term);
        const glossed = stemAt < 0 && term.length > 1 ? lower.indexOf(`${term.slice(0, -1)}(`, from) : -1;
        if (stemAt < 0 && glossed < 0) break;
        at = stemAt < 0 ? glossed : from + stemAt;
        length = term.length - 1;
      }
      spans.push({ start: at, end: at + length });
      from = at + length;
    }
  }
  spans.sort((a, b) => a.start - b.start || b.end - a.end);
  const merged: { start: number; end: number }[] = [];
  for (const s of spans) {
    const last = merged[merged.length - 1];
    if (last && s.start <= last.end) last.end = Math.max(last.end, s.end);
    else merged.push({ ...s });
  }
  return merged.slice(0, 50);
}

/**
 * The best sentence of each of the first evidence items (already ranked by the score stage),
 * one per page or article; items sharing none of the claim's words are left out.
 */
export function relatedPassages(
  claim: string,
  evidence: readonly Evidence[],
  max: number = RELATED.max,
): RelatedPassage[] {
  const terms = contentTerms(claim);
  if (terms.length === 0) return [];
  // Pages in rank order; a page's best sentence may be in any of its items (wiki windows).
  const best = new Map<string, { item: Evidence; text: string; share: number }>();
  for (const item of evidence) {
    for (const sentence of evidenceSentences(item.content)) {
      const share = sentenceCoverage(terms, sentence.text).share;
      const current = best.get(item.url);
      if (share > 0 && (!current || share > current.share)) best.set(item.url, { item, text: sentence.text, share });
    }
  }
  return [...best.values()].slice(0, max).map(({ item, text }) => {
    const quote = cutAt(text.replace(/\s+/g, ' '), RELATED.quoteChars);
    return {
      title: item.title,
      url: item.url,
      quote,
      ...(item.chunk_id !== undefined ? { chunk_id: item.chunk_id } : {}),
      highlights: highlightsIn(quote, terms),
    };
  });
}
