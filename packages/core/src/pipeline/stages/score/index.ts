import { stemEnd } from '../../../search/korean.js';
import { MAX_WORD, normaliseText, scanTerms, type TermSink } from '../../../search/tokenizer.js';
import type { Evidence } from '../../../evidence.js';
import { leadReader } from '../../rules/lifespan.js';

/**
 * The scanner's word terms straight into a set: what `tokenize` gives a document less its
 * bigrams (it makes no title terms), without making the bigrams — they were two thirds of a
 * candidate's terms, and stage 4 tokenizes every candidate of every claim. A Hangul run's word
 * is its stem, or the run when nothing is left, as `hangulTerms` makes it (tested equal to
 * `tokenize` filtered, in score.test.ts).
 */
class WordTerms implements TermSink {
  readonly terms = new Set<string>();
  term(term: string): void {
    this.terms.add(term);
  }
  word(): void {}
  span(text: string, start: number, end: number): void {
    this.terms.add(text.slice(start, end));
  }
  hangul(text: string, start: number, end: number): void {
    const stem = stemEnd(text, start, end);
    const word = text.slice(start, stem > start ? stem : end);
    if (word.length <= MAX_WORD) this.terms.add(word);
  }
}

/** Word terms of a text: stems, numbers, Latin words; bigrams and title spans are search aids only. */
export function wordTerms(text: string): Set<string> {
  const sink = new WordTerms();
  scanTerms(normaliseText(text), sink);
  return sink.terms;
}

/**
 * The word terms of the evidence texts one run has read, for the claims that run checks
 * together (an article's, a batch's): a candidate two claims find is tokenized once. Keyed by
 * the text itself, so an answer can only be for the same words (a page changed by an import is
 * another key), and made per run (`evidenceTermsMemo`), so it dies with the run instead of growing.
 */
export type EvidenceTerms = Map<string, ReadonlySet<string>>;

export const evidenceTermsMemo = (): EvidenceTerms => new Map();

export interface Scored extends Evidence {
  /** Share of the claim's words found in the evidence (title included). */
  coverage: number;
  /** What ranks evidence in stage 5: coverage, weighted by how much the source is trusted. */
  score: number;
}

/**
 * Stage 4: the same yardstick for every candidate, wiki or news — how much of the claim it
 * talks about — so the predecessor's trap (wiki capped below the threshold by a dead FTS term)
 * cannot recur. Trust weighs in, but cannot lift an off-topic source. A person's lead covers a
 * claim of their birth or death date whole (rules/lifespan.ts).
 */
export function scoreEvidence(claim: string, candidates: readonly Evidence[], memo?: EvidenceTerms): Scored[] {
  const claimTerms = wordTerms(claim);
  // A person's lead states a birth or death date with none of the claim's words but the name.
  const lead = leadReader(claim);
  const termsOf = (text: string): ReadonlySet<string> => {
    if (!memo) return wordTerms(text);
    let terms = memo.get(text);
    if (!terms) memo.set(text, (terms = wordTerms(text)));
    return terms;
  };
  return candidates
    .map((evidence) => {
      const terms = termsOf(`${evidence.title} ${evidence.content}`);
      let found = 0;
      for (const t of claimTerms) if (terms.has(t)) found++;
      const coverage =
        claimTerms.size === 0 ? 0 : lead?.(evidence.content, evidence.title) ? 1 : found / claimTerms.size;
      const score = coverage * (0.6 + 0.4 * evidence.trust);
      return { ...evidence, relevance: Math.round(coverage * 1000) / 1000, coverage, score };
    })
    .sort((a, b) => b.score - a.score);
}
