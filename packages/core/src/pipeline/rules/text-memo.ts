/**
 * A pure reading of a text, kept for the texts read lately. One claim's evidence is read by
 * several rules in turn — the verifiers' findings, each predicate variant's, the denial check,
 * the aggregate's quotes, the related passages — and each used to split, fold and tokenize the
 * same passages and sentences again (about half of those readings in an article's run repeat
 * an earlier one). Keyed by the text itself, so an answer is only ever that text's; bounded, so
 * it never grows with the wiki. Values are shared between callers, who must not change them.
 */
export interface TextMemo<T> {
  (text: string): T;
  /** Texts read so far (not answered from the memo): what the tests count. */
  readonly computed: number;
}

export function textMemo<T extends NonNullable<unknown>>(read: (text: string) => T, max: number): TextMemo<T> {
  // A Map in the order the texts were last read, not an LRUCache: a claim gets a memo of its
  // own (sentenceCoverage), and building an LRUCache (~30 µs, its arrays sized to `max`) cost more
  // per claim than the lookups it saved.
  const kept = new Map<string, T>();
  let computed = 0;
  const memo = (text: string): T => {
    let value = kept.get(text);
    if (value !== undefined) {
      kept.delete(text);
      kept.set(text, value);
      return value;
    }
    computed++;
    value = read(text);
    kept.set(text, value);
    if (kept.size > max) kept.delete(kept.keys().next().value as string);
    return value;
  };
  return Object.defineProperty(memo, 'computed', { get: () => computed }) as TextMemo<T>;
}
