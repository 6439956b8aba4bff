import type { Evidence } from '../../../evidence.js';
import { assessEvidence } from '../../rules/agreement.js';
import type { CheckedCitation, VerifierReport } from '../../types.js';

/** Below this trust (unknown sites, blogs, communities) a source can inform but not decide. */
export const CREDIBLE_TRUST = 0.6;

export interface CitedEvidence extends CheckedCitation {
  evidence: Evidence;
}

export interface Aggregate {
  support: CitedEvidence[];
  refute: CitedEvidence[];
  /** Distinct credible sources on each side. */
  credible_support: number;
  credible_refute: number;
  /** Citations the verifiers made up (quote not in the evidence, or unknown id). */
  dropped: number;
  notes: string[];
  weak_points: string[];
  /** Supporting citations set aside because the rules read an explicit opposition in the quote. */
  overruled: { evid_id: string; quote: string; reasons: string[] }[];
}

/**
 * Stage 8: both verifiers' checked citations in one place, per side, whoever found them — a
 * refutation the supporter admits counts as much as the skeptic's.
 */
export function aggregate(
  reports: readonly VerifierReport[],
  evidence: readonly Evidence[],
  claim?: string,
): Aggregate {
  const byId = new Map(evidence.map((e) => [e.evid_id, e]));
  const sides: Record<CheckedCitation['stance'], CitedEvidence[]> = { support: [], refute: [] };
  const overruled: Aggregate['overruled'] = [];
  for (const citation of reports.flatMap((r) => r.citations)) {
    const source = byId.get(citation.evid_id);
    // A model may call a quote support that negates the claim's predicate or gives another
    // number, date or ordinal: the rules overrule it, so it cannot make the claim TRUE.
    const opposed = claim && citation.stance === 'support' ? opposition(claim, citation.quote) : null;
    if (opposed) {
      if (!overruled.some((o) => o.quote === citation.quote))
        overruled.push({ evid_id: citation.evid_id, quote: citation.quote, reasons: opposed });
      continue;
    }
    const side = sides[citation.stance];
    // Overlapping wiki windows can hold the same sentence twice: one page, one quote, one citation.
    if (
      source &&
      !side.some((c) => c.quote === citation.quote && (c.evid_id === citation.evid_id || c.evidence.url === source.url))
    ) {
      side.push({ ...citation, evidence: source });
    }
  }
  const credible = (cited: CitedEvidence[]) =>
    new Set(cited.filter((c) => c.evidence.trust >= CREDIBLE_TRUST).map((c) => c.evid_id)).size;
  return {
    support: sides.support,
    refute: sides.refute,
    credible_support: credible(sides.support),
    credible_refute: credible(sides.refute),
    dropped: reports.reduce((n, r) => n + r.dropped, 0),
    notes: [
      ...overruled.flatMap((o) => o.reasons.map((r) => `인용문과 주장이 어긋남: ${r}`)),
      ...reports.flatMap((r) => r.reasoning),
    ],
    weak_points: reports.flatMap((r) => r.weak_points),
    overruled,
  };
}

/** The rules' reasons when `quote` explicitly opposes the claim, else null. */
function opposition(claim: string, quote: string): string[] | null {
  const finding = assessEvidence(claim, { evid_id: 'quote', content: quote });
  return finding?.stance === 'refute' ? finding.reasons : null;
}
