/**
 * Korean numerals as words, read by the quantities (numbers.ts), the ranks (qualifiers.ts) and
 * the term matcher (terms.ts): 다섯 번째 is the 5번째 of another sentence.
 */

/**
 * Native Korean numerals are only numbers before a counter (세 명), never alone (세 = age).
 * Ordinals read the same table (qualifiers.ts), with 첫 for 한.
 */
export const NATIVE_NUMERALS: Readonly<Record<string, number>> = {
  한: 1,
  두: 2,
  세: 3,
  // 석 달, 넉 달: 3 and 4 before a few counters (달, 장, 자).
  석: 3,
  네: 4,
  넉: 4,
  다섯: 5,
  여섯: 6,
  일곱: 7,
  여덟: 8,
  아홉: 9,
  열: 10,
  열한: 11,
  열두: 12,
  스무: 20,
  서른: 30,
  마흔: 40,
  쉰: 50,
};
/** The ordinal reading of the native numerals: 첫 번째, never 한 번째 (열한 번째 keeps it). */
export const ORDINAL_NATIVE: Readonly<Record<string, number>> = {
  ...Object.fromEntries(Object.entries(NATIVE_NUMERALS).filter(([word]) => word !== '한')),
  첫: 1,
};

// Longest first, so that 열두 번째 reads as 12 and not as the 두 inside it.
export const ORDINAL = new RegExp(
  `(\\d+|${Object.keys(ORDINAL_NATIVE)
    .sort((a, b) => b.length - a.length)
    .join('|')})\\s?번째`,
  'g',
);

/** An ordinal's value from its word: 5번째, 다섯번째, or 다섯 said apart from its 번째; undefined otherwise. */
function ordinalValue(term: string): number | undefined {
  const m = /^(\d+|[가-힣]+?)(번째)?$/.exec(term);
  if (!m) return undefined;
  const word = m[1] as string;
  if (/^\d/.test(word)) return m[2] ? Number(word) : undefined;
  return ORDINAL_NATIVE[word];
}

/**
 * Where a folded text (spaces removed) ranks by the same ordinal as `term` says in other figures
 * (5번째 for 다섯 or 다섯번째, 다섯번째 for 5번째), from `from`; -1 where it does not.
 */
export function ordinalAt(folded: string, term: string, from = 0): number {
  const value = ordinalValue(term);
  if (value === undefined || !folded.includes('번째')) return -1;
  for (const m of folded.slice(from).matchAll(ORDINAL)) {
    const word = m[1] as string;
    if ((/^\d/.test(word) ? Number(word) : ORDINAL_NATIVE[word]) === value) return from + (m.index ?? 0);
  }
  return -1;
}
