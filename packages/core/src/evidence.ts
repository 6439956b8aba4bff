// Below pipeline/ and sources/: the news sources build evidence and the pipeline reads it, so the
// type belongs to neither area (it sat in pipeline/ and made the two import each other).

/**
 * One piece of evidence as the verifiers read it. Quotes in citations must be verbatim
 * substrings of `content` (after whitespace normalisation), so `content` is exactly the text
 * shown to the LLM or the deterministic checker.
 */
export type EvidenceSourceType = 'WIKIPEDIA' | 'NEWS' | 'WEB_URL' | 'KB_DOC';

/** Source trust tiers, most trusted first (see sources/trust.ts for the scores). */
export type TrustTier = 'government' | 'academic' | 'encyclopedia' | 'major_news' | 'news' | 'unknown' | 'community';

export interface Evidence {
  /** Stable within a run: "ev_" + 8 hex digits of a hash of url and title. */
  evid_id: string;
  source_type: EvidenceSourceType;
  title: string;
  url: string;
  content: string;
  /** Which collector found it: `wiki`, `naver`, `google-news`, `input` … */
  provider: string;
  trust_tier: TrustTier;
  /** 0–1, from the tier. */
  trust: number;
  /** 0–1, how well it matches the claim (stage 4). */
  relevance: number;
  published_at?: string;
  /** Wiki evidence: the best-matching chunk of the page (the content spans its neighbours). */
  chunk_id?: number;
  /** The search query that found it. */
  query?: string;
  /** Wiki evidence: the first chunk of the page the claim's subject names, read whatever its rank (stage 5). */
  subject_lead?: boolean;
}
