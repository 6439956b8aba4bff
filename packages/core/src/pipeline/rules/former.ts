/**
 * The words that make a value a former one (옛 수도, 전 수도, 이전 이름, 예전에, 과거에): one list
 * for the two rules that read them, each its own way, so that a word added for one is read by
 * the other. relations.ts reads the word before a relation noun ("개성은 고려의 옛 수도이다" states
 * another relation than today's single capital); qualifiers.ts reads the qualifier 이전, which a
 * sentence must share with a claim to support it ("서울특별시는 대한민국의 옛 수도이다" is not
 * stated by "…는 대한민국의 수도이다").
 */

/** Words that say "former" by themselves: before a noun (옛 수도, 이전 이름) or as a time (예전에, 과거의, 옛날). */
export const FORMER = ['옛', '이전', '예전', '과거'] as const;

/**
 * Words that say "former" only right before the noun they modify (구 국명, 전 수도): alone, or at
 * the start of a word, they are mostly other words (구 區 and 九, 전 全 and 戰, 전쟁, 구성).
 */
export const FORMER_BEFORE_NOUN = ['구', '전'] as const;
