/**
 * Alignment features between a claim and the evidence the pipeline read, for the learned
 * verifier (model.ts). They reuse the rules' own readers (terms, negation, numbers, qualifiers,
 * the finding's kind) so that the model and the rules see the same words; what the model adds
 * is a weighing of many weak cues that no single rule is precise enough to decide on.
 *
 * Every feature is a plain number, in a fixed order (FEATURE_NAMES), so a model file names the
 * features it was trained with and a change here is caught at load time.
 */
import { assessEvidence, predicateMatches, predicateStem, type EvidenceText } from '../rules/agreement.js';
import { contrastClashes } from '../rules/contrasts.js';
import { compareQuantities, extractQuantities } from '../rules/numbers.js';
import { antonymClashes, countNegations, polarityConflicts } from '../rules/polarity.js';
import { qualifierMismatches } from '../rules/qualifiers.js';
import { relationClashes } from '../rules/relations.js';
import { existential } from '../rules/scope.js';
import { splitClauses, splitSentences, type Span } from '../rules/sentences.js';
import { contentTerms, coverage, fold, type Term } from '../rules/terms.js';

export const FEATURE_NAMES = [
  'cover_sentence',
  'cover_two_sentences',
  'cover_passage',
  'missing_sentence',
  'missing_passage',
  'claim_terms',
  'order',
  'predicate_stated',
  'predicate_in_passage',
  'claim_negated',
  'clause_negated',
  'negation_mismatch',
  'polarity_conflict',
  'antonym_clash',
  'contrast_clash',
  'relation_clash',
  'claim_quantities',
  'quantities_confirmed',
  'quantity_conflict',
  'qualifier_claim_only',
  'qualifier_evidence_only',
  'absolute_claim',
  'existential_claim',
  'char_bigram_dice',
  'char_trigram_in_passage',
  'longest_run',
  'length_ratio',
  'rules_stated',
  'rules_paraphrase',
  'rules_full',
  'rules_negation',
  'rules_number_date',
  'rules_contrast',
  'rules_antonym',
  'rules_other_refute',
  'rules_bucket',
  'missing_number_or_latin',
] as const;

export type FeatureName = (typeof FEATURE_NAMES)[number];

/** Words that make a claim say "all", "only", "never": a passage rarely states those in passing. */
const ABSOLUTE = /(모든|모두|항상|언제나|반드시|유일|오직|오로지|전혀|절대|결코|뿐이|밖에|가장|최초|최고|최대|전부)/;

/** Character n-grams of the folded text's Hangul, Latin and digits. */
function grams(text: string, n: number): Set<string> {
  const s = fold(text).replace(/[^가-힣a-z0-9]/g, '');
  const out = new Set<string>();
  for (let i = 0; i + n <= s.length; i++) out.add(s.slice(i, i + n));
  return out;
}

function dice(a: Set<string>, b: Set<string>): number {
  if (a.size + b.size === 0) return 0;
  let shared = 0;
  for (const g of a) if (b.has(g)) shared++;
  return (2 * shared) / (a.size + b.size);
}

function containment(part: Set<string>, whole: Set<string>): number {
  if (part.size === 0) return 0;
  let shared = 0;
  for (const g of part) if (whole.has(g)) shared++;
  return shared / part.size;
}

/**
 * The longest run of the claim's characters (spaces and punctuation aside) found verbatim in the
 * passage, as a share of the claim: a copied clause with one word changed shows as a long run.
 */
function longestRun(claim: string, passage: string): number {
  const c = fold(claim).replace(/[^가-힣a-z0-9]/g, '');
  const p = fold(passage).replace(/[^가-힣a-z0-9]/g, '');
  if (c.length === 0) return 0;
  let best = 0;
  // Grow a window from each start while it still occurs: O(n²) lookups on ~50-character claims.
  for (let i = 0; i < c.length && c.length - i > best; i++) {
    let len = best + 1;
    while (i + len <= c.length && p.includes(c.slice(i, i + len))) len++;
    if (len - 1 > best && p.includes(c.slice(i, i + len - 1))) best = len - 1;
  }
  return best / c.length;
}

interface Best {
  sentence: Span;
  /** The sentence with its neighbour after it: claims often join two sentences' facts. */
  pair: string;
  share: number;
  item: EvidenceText;
}

function bestSentence(terms: readonly Term[], evidence: readonly EvidenceText[]): Best | null {
  let best: Best | null = null;
  for (const item of evidence) {
    const sentences = splitSentences(item.content);
    sentences.forEach((sentence, i) => {
      const share = coverage(terms, sentence.text).share;
      if (!best || share > best.share) {
        const next = sentences[i + 1];
        best = { sentence, pair: next ? `${sentence.text} ${next.text}` : sentence.text, share, item };
      }
    });
  }
  return best;
}

const REFUTE_GROUPS: Record<string, FeatureName> = {
  negation: 'rules_negation',
  'negated-predicate': 'rules_negation',
  denial: 'rules_negation',
  number: 'rules_number_date',
  date: 'rules_number_date',
  ordinal: 'rules_number_date',
  contrast: 'rules_contrast',
  'attribute-contrast': 'rules_contrast',
  antonym: 'rules_antonym',
  relation: 'rules_other_refute',
};
const BUCKET_VALUE = { tight: 1, mid: 0.5, loose: 0 } as const;

/**
 * The features of a claim against the evidence read (in rank order; the rules' finding is the
 * first item's that yields one, as the verifier stage reads them). Only the claim's own features
 * when there is no evidence.
 */
export function alignmentFeatures(claim: string, evidence: readonly EvidenceText[]): number[] {
  const f = Object.fromEntries(FEATURE_NAMES.map((n) => [n, 0])) as Record<FeatureName, number>;
  const terms = contentTerms(claim);
  f.claim_terms = Math.log1p(terms.length);
  f.claim_negated = countNegations(claim) % 2;
  f.absolute_claim = ABSOLUTE.test(claim) ? 1 : 0;
  f.existential_claim = existential(claim) ? 1 : 0;
  const claimQ = extractQuantities(claim);
  f.claim_quantities = claimQ.length > 0 ? 1 : 0;
  const best = terms.length > 0 ? bestSentence(terms, evidence) : null;
  if (!best) return FEATURE_NAMES.map((n) => f[n]);
  const { sentence, item } = best;
  const passage = evidence.map((e) => e.content).join('\n');

  const cover = coverage(terms, sentence.text);
  f.cover_sentence = cover.share;
  f.cover_two_sentences = coverage(terms, best.pair).share;
  const inPassage = coverage(terms, passage);
  f.cover_passage = inPassage.share;
  f.missing_sentence = Math.log1p(cover.missing.filter((t) => t.term.length >= 2).length);
  f.missing_passage = Math.log1p(inPassage.missing.filter((t) => t.term.length >= 2).length);
  f.missing_number_or_latin = inPassage.missing.some((t) => /^[0-9a-z]/.test(t.term)) ? 1 : 0;
  f.order = cover.order;

  // predicateMatches alone is true when the stem is absent (nothing contradicts it): here the
  // sentence must hold the claim's predicate, as a predicate.
  const stem = predicateStem(claim);
  const key = stem.length >= 3 ? stem.slice(0, -1) : stem;
  f.predicate_stated =
    stem.length >= 2 && fold(sentence.text).includes(key) && predicateMatches(claim, sentence.text) ? 1 : 0;
  f.predicate_in_passage = stem.length >= 2 && fold(passage).includes(key) ? 1 : 0;

  // Polarity of the clause that says most of the claim, not of the whole sentence.
  let clause = sentence;
  let clauseShare = -1;
  for (const c of splitClauses(sentence)) {
    const share = coverage(terms, c.text).share;
    if (share > clauseShare) [clause, clauseShare] = [c, share];
  }
  f.clause_negated = countNegations(clause.text) % 2;
  f.negation_mismatch = f.claim_negated !== f.clause_negated ? 1 : 0;
  f.polarity_conflict = polarityConflicts(claim, clause.text).length > 0 ? 1 : 0;
  f.antonym_clash = antonymClashes(claim, clause.text).length > 0 ? 1 : 0;
  f.contrast_clash = contrastClashes(claim, sentence.text).length > 0 ? 1 : 0;
  f.relation_clash = relationClashes(claim, sentence.text, item.title).length > 0 ? 1 : 0;

  const numbers = compareQuantities(claimQ, extractQuantities(best.pair));
  f.quantities_confirmed = claimQ.length > 0 ? numbers.confirmed.length / claimQ.length : 0;
  f.quantity_conflict = numbers.conflicts.length > 0 ? 1 : 0;
  const qualifiers = qualifierMismatches(claim, sentence.text, clause.text).filter((q) => q.name !== '부정');
  f.qualifier_claim_only = qualifiers.some((q) => q.side === 'claim') ? 1 : 0;
  f.qualifier_evidence_only = qualifiers.some((q) => q.side === 'evidence') ? 1 : 0;

  f.char_bigram_dice = dice(grams(claim, 2), grams(sentence.text, 2));
  f.char_trigram_in_passage = containment(grams(claim, 3), grams(passage, 3));
  f.longest_run = longestRun(claim, passage);
  f.length_ratio = Math.min(3, claim.length / Math.max(1, sentence.text.length));

  for (const e of evidence) {
    const finding = assessEvidence(claim, e);
    if (!finding) continue;
    if (finding.stance === 'support')
      f[
        finding.kind === 'stated' ? 'rules_stated' : finding.kind === 'paraphrase' ? 'rules_paraphrase' : 'rules_full'
      ] = 1;
    else f[REFUTE_GROUPS[finding.kind] ?? 'rules_other_refute'] = 1;
    f.rules_bucket = BUCKET_VALUE[finding.bucket];
    break;
  }
  return FEATURE_NAMES.map((n) => f[n]);
}
