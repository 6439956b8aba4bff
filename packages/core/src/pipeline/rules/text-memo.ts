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
  // Two generations of plain Maps, not an LRUCache: a claim gets a memo of its own
  // (sentenceCoverage), and building an LRUCache (~30 µs, its arrays sized to `max`) cost more per
  // claim than the lookups it saved; and a hit in the young generation is one Map lookup, where
  // keeping an exact recency order costs a delete and a set on every hit. A text read again
  // while in the old generation moves to the young one; the old one is dropped when the young
  // one is full: about `max` texts are kept, and the latest half of them always are.
  const half = Math.max(1, Math.ceil(max / 2));
  let young = new Map<string, T>();
  let old = new Map<string, T>();
  let computed = 0;
  const keep = (text: string, value: T) => {
    if (young.size >= half) {
      old = young;
      young = new Map();
    }
    young.set(text, value);
  };
  const memo = (text: string): T => {
    let value = young.get(text);
    if (value !== undefined) return value;
    value = old.get(text);
    if (value === undefined) {
      computed++;
      value = read(text);
    } else old.delete(text);
    keep(text, value);
    return value;
  };
  return Object.defineProperty(memo, 'computed', { get: () => computed }) as TextMemo<T>;
}
