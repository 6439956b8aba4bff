import type { VerdictLabel } from '@olala/contract';
import { VERDICT_NAMES } from '@olala/contract/verdicts';

/**
 * schema.org `ClaimReview` markup for the share pages, as fact-checking organisations publish
 * it (https://schema.org/ClaimReview; the fields Google's fact-check markup reads:
 * claimReviewed, reviewRating with alternateName, url, author, itemReviewed, datePublished).
 */

/** The operator's organisation (OLALA_ORG_NAME / OLALA_ORG_URL): the author of every review. */
export interface ReviewAuthor {
  name: string;
  url: string | undefined;
}

export interface ReviewedClaim {
  /** The claim as checked (a short statement). */
  claim: string;
  label: VerdictLabel;
  /** When the check was made (ISO 8601). */
  reviewedAt: string;
  /** Where the claim appeared: the checked article's address, when there is one. */
  appearance?: string | null;
  /** When that article was published, when known. */
  appearedAt?: string | null;
}

/**
 * The numeric scale: worst 1 (거짓) to best 5 (사실). 판단 보류 has no place on it — the evidence
 * did not decide — so its rating is the Korean name alone, as schema.org allows.
 */
const RATING: Partial<Record<VerdictLabel, number>> = { FALSE: 1, MIXED: 3, TRUE: 5 };

/** A claim's review; none for a refusal (검증 불가: there was no checkable claim to review). */
export function claimReview(
  c: ReviewedClaim,
  author: ReviewAuthor,
  pageUrl: string | undefined,
): Record<string, unknown> | undefined {
  if (c.label === 'REFUSED' || !c.claim.trim()) return undefined;
  const value = RATING[c.label];
  const appearance = c.appearance && /^https?:\/\//i.test(c.appearance) ? c.appearance : undefined;
  return {
    '@context': 'https://schema.org',
    '@type': 'ClaimReview',
    // Absolute only: from OLALA_PUBLIC_URL, never from the request.
    ...(pageUrl ? { url: pageUrl } : {}),
    claimReviewed: c.claim,
    datePublished: c.reviewedAt,
    author: { '@type': 'Organization', name: author.name, ...(author.url ? { url: author.url } : {}) },
    reviewRating: {
      '@type': 'Rating',
      ...(value === undefined ? {} : { ratingValue: value, bestRating: 5, worstRating: 1 }),
      alternateName: VERDICT_NAMES[c.label],
    },
    itemReviewed: {
      '@type': 'Claim',
      ...(appearance ? { appearance: { '@type': 'CreativeWork', url: appearance } } : {}),
      ...(c.appearedAt ? { datePublished: c.appearedAt } : {}),
    },
  };
}

/**
 * A `<script type="application/ld+json">` element. Browsers do not run it (so the CSP's script
 * hashes need not cover it), but its text ends at the first `</script`: every `<` is written
 * `\u003c` (JSON reads it back the same), and `>`, `&` and the JavaScript line separators too.
 */
export function jsonLdScript(data: unknown): string {
  const json = JSON.stringify(data)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
  return `<script type="application/ld+json">${json}</script>`;
}
