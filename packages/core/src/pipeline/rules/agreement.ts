/**
 * The deterministic evidence check of no-LLM mode: does one piece of evidence support or
 * refute a claim? It finds the evidence sentence that best covers the claim's content terms,
 * then looks on that sentence for disagreements a reader would call a contradiction:
 * different numbers for the same unit, opposite polarity (negation), antonyms. Support needs
 * near-complete coverage and no disagreement at all, because calling a contradicted claim
 * supported is the worst error this service can make.
 */
import { contrastClashes } from './contrasts.js';
import { compareQuantities, extractQuantities, type Quantity } from './numbers.js';
import { antonymClashes, exclusiveWords, polarityConflicts, prefixNegated } from './polarity.js';
import { roleChanges } from './roles.js';
import { splitClauses, splitSentences, type Span } from './sentences.js';
import { contentTerms, coverage, type Coverage, type Term } from './terms.js';

export interface Finding {
  evid_id: string;
  stance: 'support' | 'refute';
  /** 0–1: how sure the rule is, from the coverage of the claim and the kind of disagreement. */
  strength: number;
  /** A verbatim substring of the evidence content: the sentence that matched. */
  quote: string;
  /** Short Korean reasons, shown to users. */
  reasons: string[];
}

export interface EvidenceText {
  evid_id: string;
  content: string;
}

/** Tuned on the even half of KLUE-NLI dev (bench/nli.ts); the odd half confirms them. */
export const THRESHOLDS = {
  /** A sentence is about the claim when it covers this much of the claim's weighted terms… */
  align: 0.5,
  /** …and at least this many of its terms. */
  alignTerms: 2,
  /** Support needs every content term of two or more syllables in one sentence, at least… */
  supportTerms: 3,
  /** …in the claim's order (share of concordant pairs)… */
  order: 0.9,
  /** …and with at most one noun changing its particle role (two = swapped agent and object). */
  roleChanges: 1,
  /** Claims with fewer content terms say too little to be checked word by word. */
  minClaimTerms: 2,
};

interface Aligned {
  sentence: Span;
  cover: Coverage;
}

/** Disagreements between the claim and one aligned sentence, as Korean reasons with a weight. */
function disagreements(claim: string, claimQ: Quantity[], aligned: Aligned): { reasons: string[]; weight: number } {
  const reasons: string[] = [];
  let weight = 0;
  const { sentence } = aligned;

  const { conflicts } = compareQuantities(claimQ, extractQuantities(sentence.text));
  for (const c of conflicts) {
    reasons.push(`수치 불일치: 주장 ${c.claim.raw}, 근거 ${c.evidence.map((e) => e.raw).join(', ')}`);
    weight = Math.max(weight, 0.85);
  }

  for (const clash of contrastClashes(claim, sentence.text)) {
    reasons.push(`다른 대상: 주장 '${clash.claimWord}', 근거 '${clash.evidenceWord}'`);
    weight = Math.max(weight, 0.6);
  }

  // A reported rumour that the evidence calls baseless: the whole sentence denies it.
  if (DENIAL.test(sentence.text) && !DENIAL.test(claim)) {
    reasons.push('근거는 해당 내용을 사실이 아니라고 밝힘');
    weight = Math.max(weight, 0.75);
  }

  // Polarity is read clause by clause: one sentence often joins a negated and a plain
  // statement ("회복하지는 못했으나 … 상승했다"), so each claim clause is compared with the
  // evidence clause that covers it best.
  for (const claimClause of splitClauses({ text: claim, start: 0, end: claim.length })) {
    const terms = contentTerms(claimClause.text);
    if (terms.length < THRESHOLDS.alignTerms) continue;
    const { clause, share } = bestClause(sentence, terms);
    if (share < THRESHOLDS.align) continue;
    for (const stem of polarityConflicts(claimClause.text, clause.text)) {
      reasons.push(`부정 불일치: '${stem}'을(를) 한쪽은 긍정, 다른 쪽은 부정`);
      weight = Math.max(weight, 0.7);
    }
    for (const clash of antonymClashes(claimClause.text, clause.text)) {
      reasons.push(`반대 표현: 주장 '${clash.claimWord}', 근거 '${clash.evidenceWord}'`);
      weight = Math.max(weight, 0.7);
    }
    for (const t of terms) {
      if (prefixNegated(t.term, claimClause.text, clause.text)) {
        reasons.push(`반대 표현: '${t.term}'의 부정형`);
        weight = Math.max(weight, 0.65);
      }
    }
  }
  return { reasons, weight };
}

function bestClause(sentence: Span, claimTerms: Term[]): { clause: Span; share: number } {
  let best = { clause: sentence, share: -1 };
  for (const clause of splitClauses(sentence)) {
    const share = coverage(claimTerms, clause.text).share;
    if (share > best.share) best = { clause, share };
  }
  return best;
}

/** Words by which a text denies a report: 사실무근, 사실이 아니다, 허위로 밝혀졌다, 오보. */
const DENIAL = /(사실무근|사실이\s?아니|사실과\s?다르|허위로\s?(밝혀|드러)|거짓으로\s?(밝혀|드러)|오보(였|로|이다|라고))/;

/** Support, refutation, or null when the evidence is neutral or says too little. */
export function assessEvidence(claim: string, evidence: EvidenceText): Finding | null {
  const claimTerms = contentTerms(claim);
  if (claimTerms.length < THRESHOLDS.minClaimTerms) return null;
  const claimQ = extractQuantities(claim);

  let refute: Finding | null = null;
  let support: Finding | null = null;
  for (const sentence of splitSentences(evidence.content)) {
    const cover = coverage(claimTerms, sentence.text);
    if (cover.matched.length < THRESHOLDS.alignTerms || cover.share < THRESHOLDS.align) continue;
    const { reasons, weight } = disagreements(claim, claimQ, { sentence, cover });
    const quote = evidence.content.slice(sentence.start, sentence.end);
    if (reasons.length > 0) {
      const strength = round(weight * cover.share);
      if (!refute || strength > refute.strength) refute = { evid_id: evidence.evid_id, stance: 'refute', strength, quote, reasons };
      continue;
    }
    if (!supports(claim, cover, sentence.text)) continue;
    const numbers = compareQuantities(claimQ, extractQuantities(sentence.text));
    if (numbers.confirmed.length < claimQ.length) continue;
    const strength = round(cover.share);
    if (!support || strength > support.strength) {
      support = {
        evid_id: evidence.evid_id,
        stance: 'support',
        strength,
        quote,
        reasons: [`주장의 핵심어 ${cover.matched.length}개가 모두 근거 문장에 있음`],
      };
    }
  }
  // A refuting sentence outweighs a supporting one: the evidence disagrees with itself or with
  // the claim, and a wrong 'support' is the costlier mistake.
  return refute ?? support;
}

function supports(claim: string, cover: Coverage, sentence: string): boolean {
  // One-syllable words (방, 집, 책) may be missing: they are often spelled into compounds.
  // Allowing a paraphrased final verb instead (만들다 ~ 창출하다) doubled the unsafe rate on
  // KLUE-NLI: contradictions change the verb as often as entailments do.
  if (cover.missing.some((t) => t.term.length >= 2)) return false;
  if (cover.matched.length < THRESHOLDS.supportTerms || cover.order < THRESHOLDS.order) return false;
  if (roleChanges(claim, sentence, cover.matched.map((t) => t.term)).length > THRESHOLDS.roleChanges) return false;
  const exclusive = exclusiveWords(sentence);
  return exclusiveWords(claim).every((w) => exclusive.includes(w));
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}
