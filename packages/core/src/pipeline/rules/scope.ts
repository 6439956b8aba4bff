/**
 * Scope: what a claim is said of. Another member of a contrast set refutes an attribute of the
 * claim's subject ("맥도날드는 일본의 체인점이다" against "미국의 … 체인점이다"), but not a swap inside
 * the subject itself ("사도세자의 아내는" against "남편 사도세자": the sentence speaks of someone
 * else), nor a claim that something can be or has been found somewhere ("한국의 디저트 가게에서
 * 찾아볼 수 있다": another place does not deny it). agreement.ts measures the first apart
 * (`attribute-contrast`).
 */

/**
 * A claim that something can or did happen at least once (찾아볼 수 있다, 개최한 적이 있다): a
 * sentence naming another place or time where it happens does not deny it.
 */
export function existential(claim: string): boolean {
  return /(수|적이?)\s?있|찾아볼/.test(claim);
}

/** The claim's words up to its first one marked as subject or topic (사도세자의 아내는); '' when none. */
export function subjectPhrase(claim: string): string {
  const at = claim.search(/[가-힣A-Za-z0-9](은|는|이|가)(\s|$)/);
  return at < 0 ? '' : claim.slice(0, at + 2);
}
