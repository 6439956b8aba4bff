/**
 * Rule-based stripping of Korean particles (조사), the copula and common verbal endings, so
 * that 서울은 / 서울에서 / 서울이다 all index as 서울 and 기록했다 / 기록한 / 기록하는 as 기록.
 *
 * There is no dictionary, so the rules aim for consistency rather than linguistic truth:
 * a noun that happens to end in a particle-like syllable is cut the same way in documents and
 * queries, and the Hangul bigrams emitted beside every stem still match the uncut word.
 */

/** Which final-consonant (받침) context a suffix needs on the syllable before it. */
const enum Needs {
  Any,
  /** After a closed syllable: 은, 을, 이, 과, 으로 … */
  Batchim,
  /** After an open syllable: 는, 를, 가, 와 … */
  Open,
  /** After an open syllable or final ㄹ: 로, 로서 … */
  OpenOrRieul,
}

interface SuffixRule {
  needs: Needs;
  /** Syllables that must remain; 2 protects short nouns such as 나이, 국가, 도로, 대한. */
  minStem: number;
}

export const HANGUL_FIRST = 0xac00;
export const HANGUL_LAST = 0xd7a3;
const RIEUL_FINAL = 8;

function finalConsonant(code: number): number {
  return (code - HANGUL_FIRST) % 28;
}

function rules(needs: Needs, minStem: number, list: string): [string, SuffixRule][] {
  return list
    .split(/\s+/)
    .filter(Boolean)
    .map((s) => [s, { needs, minStem }]);
}

const SUFFIXES = new Map<string, SuffixRule>([
  // Single-syllable particles: ambiguous with the last syllable of many nouns, so keep two.
  ...rules(Needs.Batchim, 2, '은 을 이 과'),
  ...rules(Needs.Open, 2, '는 를 가 와'),
  ...rules(Needs.OpenOrRieul, 2, '로'),
  ...rules(Needs.Any, 2, '의 에 만 들 께'),
  // Islands, provinces and many Sino-Korean nouns end in 도 (한산도, 경기도, 온도).
  ...rules(Needs.Any, 3, '도'),
  // Longer particles and particle stacks are unambiguous enough to leave one syllable.
  ...rules(
    Needs.Any,
    1,
    `에서 에게 에게서 한테 께서 까지 부터 조차 마저 처럼 보다 마다 밖에 만큼 대로 이나마
    에는 에도 에서는 에서도 에서의 에서부터 에게는 에게도 에게의 에의 에로 까지는 까지도 까지의 부터는 부터의
    만을 만이 만의 만은 만에 보다는 처럼의 이라도 이나 이란 이라는 이라고 이라며 이며 이고 이자 이든 이든지
    들은 들이 들을 들의 들에 들에게 들과 들도 들로 들은 들이다 들의
    이다 이었다 이었던 이었으며 이었고 이었지만 이었으나 이던 입니다 이지만 이기도 이므로 이면 이라면 인가 인가요
    인지 인지는 입니까 이에요 이죠 이었나 이었는가 이었을까`,
  ),
  // After an open syllable these are also verb endings (모였다 = 모이+었다), so keep two.
  ...rules(Needs.Open, 2, `는데 라는 라고 라며 라도 였다 였던 였으며 였고 였지만 였으나 였는가 였나 였을까 예요 나요`),
  ...rules(Needs.Batchim, 1, '으로 으로는 으로서 으로써 으로도 으로의 으로부터 과는 과의 과도 은가 을까 을지'),
  ...rules(Needs.OpenOrRieul, 1, '로는 로서 로써 로도 로의 로부터'),
  ...rules(Needs.Open, 1, '와는 와의 와도'),
  // 하다 / 되다 / 시키다 verbs: the noun in front is the stem (기록했다 → 기록).
  ...rules(
    Needs.Any,
    1,
    `하다 한다 했다 하였다 하는 하며 하고 하여 해서 하면 했던 하던 하지 했고 했으며 하였으며
    하였고 합니다 했습니다 하기 하게 했으나 하였으나 하자 하도록 하기도 하였던 하면서 했지만 하지만 했다가
    하는데 했는데 했을 하였을 하려고 하려는 하기로 하나요 했나요 했나 하는가 했는가 한가 했을까 하니 하여서
    되다 된다 됐다 되었다 되는 되며 되고 되어 되어서 되면 됐던 되던 되지 됐고 되었으며 되었고 됩니다 되기 되게
    되었으나 되었던 되면서 되었지만 됐으나 되기도 되었을 된다는 되나요 되었나 되었나요 됐나요 되는가 되었는가 되었을까
    시키다 시킨 시켰다 시키는 시켜 시키고 시켰으며 시켰고 시키기 시켰던 시켜서 시킨다
    하기는 했는지 하는지 되는지 되었는지 했다는 한다는 하였다는 되었다는 됐다는 이라고도 라고도`,
  ),
  // Single-syllable verb forms collide with nouns (대한, 동해, 지하), so keep two syllables.
  ...rules(Needs.Any, 2, '한 할 해 함 된 될 돼 됨'),
]);

const MAX_SUFFIX = Math.max(...[...SUFFIXES.keys()].map((s) => s.length));

/**
 * The suffixes read backwards, one node per unit: a word's candidate suffixes are found by
 * walking from its end, without a slice and a string lookup per length tried (the index build
 * strips every new word form it meets, 780,000 per 50,000 chunks).
 */
interface SuffixNode {
  next: Map<number, SuffixNode>;
  rule?: SuffixRule;
}
const SUFFIX_TRIE: SuffixNode = { next: new Map() };
for (const [suffix, rule] of SUFFIXES) {
  let node = SUFFIX_TRIE;
  for (let i = suffix.length - 1; i >= 0; i--) {
    const c = suffix.charCodeAt(i);
    let child = node.next.get(c);
    if (!child) node.next.set(c, (child = { next: new Map() }));
    node = child;
  }
  node.rule = rule;
}
// The rules of the suffixes that end a word, by length: filled per walk, longest tried first.
const matched: (SuffixRule | undefined)[] = new Array<SuffixRule | undefined>(MAX_SUFFIX + 1);

function allowed(text: string, start: number, cut: number, rule: SuffixRule, minStem?: number): boolean {
  if (cut < (minStem === undefined ? rule.minStem : Math.min(minStem, rule.minStem))) return false;
  if (rule.needs === Needs.Any) return true;
  const fc = finalConsonant(text.charCodeAt(start + cut - 1));
  if (rule.needs === Needs.Batchim) return fc !== 0;
  if (rule.needs === Needs.Open) return fc === 0;
  return fc === 0 || fc === RIEUL_FINAL;
}

/**
 * Where the stem of text[start, end) ends (stripSuffixes without making strings): suffixes are
 * stripped longest match first, repeating so that stacks (학생들에게는) and inconsistent single
 * cuts (국제평가를 vs 국제평가) end on the same stem. `minStem` lowers the floor for every rule.
 */
export function stemEnd(text: string, start: number, end: number, minStem?: number): number {
  let stemEnd = end;
  for (let round = 0; round < 3; round++) {
    const most = Math.min(MAX_SUFFIX, stemEnd - start);
    let node: SuffixNode | undefined = SUFFIX_TRIE;
    let longest = 0;
    for (let len = 1; len <= most; len++) {
      node = node.next.get(text.charCodeAt(stemEnd - len));
      if (!node) break;
      matched[len] = node.rule;
      longest = len;
    }
    let cutTo = -1;
    for (let len = longest; len >= 1; len--) {
      const rule = matched[len];
      if (rule && allowed(text, start, stemEnd - len - start, rule, minStem)) {
        cutTo = stemEnd - len;
        break;
      }
    }
    if (cutTo < 0) break;
    stemEnd = cutTo;
    if (stemEnd === start) break;
  }
  return stemEnd;
}

/**
 * Strips particle/ending suffixes from an all-Hangul word (see stemEnd). `minStem` lowers the
 * floor for every rule, e.g. 0 for a unit after a number (5의 → 5).
 */
export function stripSuffixes(word: string, minStem?: number): string {
  return word.slice(0, stemEnd(word, 0, word.length, minStem));
}

/** True when the whole word is a particle or ending, e.g. the 를 in "S24를". */
export function isBareSuffix(word: string): boolean {
  return SUFFIXES.has(word);
}

export function isHangulSyllable(code: number): boolean {
  return code >= HANGUL_FIRST && code <= HANGUL_LAST;
}

/**
 * Interrogatives and fillers that carry no topic in a question; queries drop them so that
 * "어디" does not pull in the few pages that happen to say it.
 */
export const QUESTION_WORDS = new Set(
  `무엇 무엇인가 무엇인지 무엇일까 무엇이었나 어디 어디인가 어디인지 어디일까 누구 누구인가 누구인지 누구일까 언제 언제인가
   어느 몇 어떤 얼마 얼마나 왜 어떻게 무슨 어떠한 무엇을 무엇이 누가 것 수 등 및 또는 그 이 저 있는 있나 있나요 있는가
   있었나 있었는가 어떤가 했는가 하였는가 되었는가 불렀나 불리나 불리는가 뭐 뭘`
    .split(/\s+/)
    .filter(Boolean),
);
