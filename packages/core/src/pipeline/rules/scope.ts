/**
 * Scope: whether a statement is said of all of its subject, always and without condition.
 * A negation opposes an unqualified claim ("백설기는 이웃과 나누어 먹는다" against "백설기는 이웃과
 * 나누지 않고 …"), but a claim that limits itself — to some (대부분의 올림픽은, 인간은 … 곳도),
 * to a time (현재, 1990년대 이전에는), to a condition (흐린 날에는, 절단되더라도), to a
 * comparison (선천면역에 비해) or to a partial denial (모든 …인 것은 아니다) — is seldom refuted
 * by a sentence that negates the predicate in general, nor is any claim by a sentence that
 * speaks of only some (일부 동물들은, 후진국의 경우에는, 개발하기보다는). Measured on BoolQ
 * train: negations of unqualified claims by unqualified sentences are right 55 of 58 times,
 * the others 37 of 54 (bench/verdict-rules.ts).
 */

/**
 * What limits a claim's scope: a partial quantifier, a time, a bound, an obligation, a
 * comparison, a condition or a situation (…면, …더라도, …때, …에는), an additive or restrictive
 * particle (…도, …만, …뿐), a partial denial (…것은 아니다), or a negation in a clause before the
 * predicate (정차하지 않고 … 지불할 수 있다: the negation is not the claim's).
 */
const LIMITED_CLAIM = new RegExp(
  [
    '(^|\\s)(일부|대부분|대개|대체로|주로|흔히|종종|때때로|간혹|가끔|보통|일반적으로|거의|몇몇|한때|현재|지금|오늘날|원래|본래|아직|여전히|이제|최근)',
    '이전|이후|부터|까지',
    '야\\s?(한|하)',
    '보다|비해',
    '[가-힣](면|더라도|어도|아도|경우)(\\s|,)',
    '때\\s|에는\\s',
    '곳도|것도|도\\s|만\\s|뿐',
    '것은\\s?아니',
    '(않|못|없|아니)[가-힣]*(고|며|아|어|이)\\s',
  ].join('|'),
);

/** What makes a sentence speak of only some of its subject: 일부, 몇몇, 어떤, 대부분, …의 경우에는, …보다는. */
const LIMITED_EVIDENCE = /(^|\s)(일부|몇몇|어떤|대부분)|보다는|경우에?는/;

/** Whether the claim limits its own scope (see LIMITED_CLAIM). */
export function claimLimited(claim: string): boolean {
  return LIMITED_CLAIM.test(claim);
}

/** Whether an evidence sentence speaks of only some of its subject (see LIMITED_EVIDENCE). */
export function evidenceLimited(sentence: string): boolean {
  return LIMITED_EVIDENCE.test(sentence);
}

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
