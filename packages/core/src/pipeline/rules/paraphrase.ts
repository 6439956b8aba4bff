/**
 * Support that is said in other words. A rewritten question rarely shares its predicate with
 * the passage word for word: "오만은 서남아시아에 위치한다" is stated by "서남아시아에 있는 오만의
 * 요리", "톱니바퀴는 기어라고도 불린다" by "톱니바퀴 또는 기어는 …". Each paraphrase here is a
 * fixed construction with both of the claim's nouns in their places, never a loose synonym of
 * the verb: contradictions change the verb as often as entailments do (agreement.ts), so a
 * changed verb alone supports nothing.
 */
import { countNegations } from './polarity.js';
import { isTopic } from './scope.js';
import { adnominalForms, pastStatement, verbStem } from './terms.js';
import { textMemo } from './text-memo.js';

export interface Paraphrase {
  /** Which construction matched, for the reason shown. */
  kind: 'location' | 'alias' | 'apposition' | 'kind-of' | 'relative';
  reason: string;
}

/** Brackets and quote marks read as absent: 《암굴왕》은 → 암굴왕은, 기어(gear)는 → 기어는. */
function plain(text: string): string {
  let out = text;
  for (let prev = ''; prev !== out;) [prev, out] = [out, out.replace(/\s?[(（[][^()（）[\]]*[)）\]]/g, '')];
  return out
    .replace(/[《》「」『』“”‘’"'〈〉<>]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/**
 * A word list's pattern source, each space read as \s: what a reader's pre-check finds verbatim
 * (`includes`, on a plain sentence: one space between words) and what its pattern reads come
 * from one list, so a word added to the pattern is never skipped by the pre-check.
 */
const alternatives = (words: readonly string[]): string => words.map((w) => escape(w).replace(/ /g, '\\s')).join('|');

/**
 * The sentence's lead: its words up to the first one marked 은/는/이/가/란 (a list of names joined
 * by 또는 / 혹은 included), without the particle; null when the first four words hold none.
 */
function leadOf(sentence: string): string | null {
  const words = sentence.split(/\s+/);
  const at = words.findIndex((w) => /[가-힣A-Za-z0-9](은|는|이|가|란)$/.test(w) && !/^(또는|혹은)$/.test(w));
  if (at < 0 || at > 6) return null;
  return words
    .slice(0, at + 1)
    .join(' ')
    .replace(/(은|는|이|가|이란|란)$/, '');
}

/** Words between a place and 에 있는 that make it another place (사이, 인근, 건너) or a second one (…와). */
const NOT_THE_PLACE = /(와|과|및|사이|인근|근처|부근|주변|쪽|밖|너머|건너|접한|가까운|떨어진|대신)$/;

/** Modifiers that place the name after them: "서남아시아에 있는 오만". */
export const LOCATED = ['있는', '위치한', '위치하는', '자리한', '자리잡은'] as const;
/** Where the place's words end in a location modifier's match: its 에 before the modifier. */
const LOCATED_AFTER_PLACE = new RegExp(`에\\s?(${alternatives(LOCATED)})`);

/**
 * "X는 Y에 위치한다 / 있다 / 존재한다" stated by "Y(…)에 있는 X" (the place modifying the name)
 * or, with X as the sentence's topic, "X는 … Y에 있는/위치한 N이다" and "X는 Y에 있으며 / 위치한다".
 */
function location(claim: string): Reader | null {
  const m =
    /^(.+?)(은|는|이|가)\s+(.+?)에\s?(위치한다|위치해\s?있다|위치하고\s?있다|있다|존재한다|자리한다|자리하고\s?있다|자리잡고\s?있다)$/.exec(
      claim,
    );
  if (!m) return null;
  const x = (m[1] as string).trim();
  const yPhrase = (m[3] as string).trim();
  // One place only: "동아시아와 동남아시아에" names two.
  if (/\s/.test(yPhrase) || !/^[가-힣A-Za-z]{2,}$/.test(yPhrase) || !/^[가-힣A-Za-z0-9 ]{2,}$/.test(x)) return null;
  const y = escape(yPhrase);
  const X = escape(x);
  const here = `(${alternatives(LOCATED)})`;
  const at = `${yPhrase}에`;
  // Y, then at most two words of the same place (레반트 지역), then 에 있는, then X itself.
  const modifier = new RegExp(
    `(?:^|\\s)${y}((?:\\S*\\s){0,2}?)\\S*에\\s?${here}\\s${X}(?:의|은|는|이|가|을|를|에|과|와|\\s|$)`,
  );
  const stated = new RegExp(
    `(?:^|\\s)${escape(at)}\\s?(?:${here}\\s(?:\\S+\\s){0,2}?\\S+(이다|이며|으로,|로,|이고)|(위치한다|위치하며|위치하고|있다|있으며|있고|자리한다|자리하며)(\\s|$|,))`,
  );
  // What each pattern needs verbatim (a sentence is plain: one space between words). A claim's
  // patterns are new to the process, and compiling one on its first runs costs more than
  // reading every sentence of its evidence: a pattern runs only on a sentence that may match.
  const beforeX = LOCATED.map((h) => `${h} ${x}`);
  return (sentence) => {
    if (!sentence.includes(yPhrase)) return null;
    const mm = beforeX.some((w) => sentence.includes(w)) ? modifier.exec(sentence) : null;
    if (mm) {
      const between = (mm[1] as string).trim().split(/\s+/).filter(Boolean);
      const gap = mm[0].slice(0, mm[0].search(LOCATED_AFTER_PLACE));
      if (!between.some((w) => NOT_THE_PLACE.test(w)) && !gap.split(/\s+/).some((w) => NOT_THE_PLACE.test(w))) {
        return {
          kind: 'location',
          reason: `위치: 근거 '${yPhrase}에 ${mm[2]} ${x}' = 주장 '${x}${m[2]} ${yPhrase}에 ${m[4]}'`,
        };
      }
    }
    // X as the topic: "X는 … Y에 위치한 N이다", "X는 Y에 있으며".
    if (leadOf(sentence) !== x) return null;
    return sentence.includes(at) && stated.test(sentence)
      ? {
          kind: 'location',
          reason: `위치: 근거 '${x}${m[2]} … ${yPhrase}에 …' = 주장 '${x}${m[2]} ${yPhrase}에 ${m[4]}'`,
        }
      : null;
  };
}

/** Endings of a second name ("기어라고도", "협만으로도") and the verbs after them (…라고도 한다, …로도 불린다). */
export const ALIAS_ENDINGS = ['이라고도', '라고도', '으로도', '로도'] as const;
const ALIAS_VERBS = ['한다', '하며', '하고', '부른다', '부르며', '불린다', '불리며', '불리고', '불리기도'] as const;

/**
 * "X는 Y(이)라고도 불린다 / Y로도 불린다 / Y라고도 한다" stated by a lead that names both: "X 또는
 * Y는 …" (the encyclopedia's list of names, 또는 / 혹은 / 즉), or, with X as the topic,
 * "…Y라고도 한다 / 부른다 / 불린다".
 */
function alias(claim: string): Reader | null {
  const m =
    /^(.+?)(은|는|이|가|을|를)\s+(.+?)(이라고도|라고도|이라고|라고|으로도|로도|으로|로)\s?(불린다|불리운다|불렸다|불리었다|부른다|한다|일컫는다|칭한다)$/.exec(
      claim,
    );
  if (!m) return null;
  // "삼각주를 델타라고도 한다" names it as well; "서울을 수도로 한다" takes it as one (another verb).
  if (
    /^(을|를)$/.test(m[2] as string) &&
    !/라고/.test(m[4] as string) &&
    !/^(부른다|일컫는다|칭한다)$/.test(m[5] as string)
  )
    return null;
  const x = (m[1] as string).trim();
  const y = (m[3] as string).trim();
  if (x.length < 2 || y.length < 2 || x === y) return null;
  const said = new RegExp(`(?:^|\\s)${escape(y)}(${alternatives(ALIAS_ENDINGS)})\\s?(${alternatives(ALIAS_VERBS)})`);
  return (sentence) => {
    // Either way Y is said in the sentence (the lead is a part of it).
    if (!sentence.includes(y)) return null;
    // The lead's list of names before its first particle: "톱니바퀴 또는 기어는", "피오르 또는 피오르드 또는 협만은".
    const lead = leadOf(sentence);
    if (lead === null) return null;
    const names = lead.split(/\s(?:또는|혹은|즉)\s|,\s?/).map((n) => n.trim());
    if (names.length >= 2 && names.includes(x) && names.includes(y))
      return { kind: 'alias', reason: `다른 이름: 근거 '${lead}' = 주장 '${x}${m[2]} ${y}${m[4]} ${m[5]}'` };
    if (lead !== x) return null;
    return ALIAS_ENDINGS.some((e) => sentence.includes(y + e)) && said.test(sentence)
      ? { kind: 'alias', reason: `다른 이름: 근거 '${y}라고도 …' = 주장 '${x}${m[2]} ${y}${m[4]} ${m[5]}'` }
      : null;
  };
}

/**
 * "X는 Y이다" stated by the apposition "Y인 X" ("도토리 나무의 요정인 토토로를 만난다",
 * "이란의 수도인 테헤란은") or a noun right before the name ("소방관 김자홍의", "10살짜리 소년
 * 엘리엇은"), and "X는 Y였다" by "Y였던 X": the claim's whole complement, word for word, then X.
 * BoolQ train: the bare noun before the name added 8 answers, 7 right (the eighth reads as
 * right too: "고 반장의 후배 최 반장").
 */
function apposition(claim: string): Reader | null {
  const m = /^(.+?)(은|는|이|가)\s+(.+?)(이다|였다|이었다)$/.exec(claim);
  if (!m) return null;
  const x = (m[1] as string).trim();
  const y = (m[3] as string).trim();
  // Y needs a word of its own beside X (two syllables), and X must not be a pronoun or a bound noun.
  if (y.replace(/\s/g, '').length < 2 || x.replace(/\s/g, '').length < 2 || /^(그|이|저|것|곳|이것|그것)$/.test(x))
    return null;
  // "Y인 X", in the past "Y였던 X" / "Y이었던 X", or a noun right before the name ("10살짜리 소년 엘리엇은").
  const joiners = m[4] === '이다' ? ['인', ' '] : ['였던', '이었던', '인'];
  const Y = y.split(/\s+/).join(' ');
  const X = x.split(/\s+/).join(' ');
  const pattern = new RegExp(
    `(?:^|\\s)${alternatives([Y])}(${alternatives(joiners)})\\s?${alternatives([X])}(의|은|는|이|가|을|를|에|에게|과|와|도|로|으로|\\s|,|$)`,
  );
  // Y, the joiner and X verbatim (a sentence is plain: one space between words): the pattern,
  // new to the process with its claim, is compiled and run only on a sentence that may match.
  const links = joiners.flatMap((j) => [`${Y}${j}${X}`, `${Y}${j} ${X}`]);
  return (sentence) => {
    if (!links.some((l) => sentence.includes(l))) return null;
    const said = pattern.exec(sentence);
    if (!said) return null;
    // A bare noun before a name is an apposition only when it ends a noun phrase of its own (not 전 대통령, 당시 회장).
    if (
      said[1] !== undefined &&
      /^\s$/.test(said[1]) &&
      /(^|\s)(전|前|당시|후임|전임|차기|명예|부)\s\S*$/.test(
        sentence.slice(0, said.index + said[0].indexOf(y) + y.length),
      )
    )
      return null;
    return {
      kind: 'apposition',
      reason: `동격: 근거 '${said[0].trim().replace(/(의|은|는|이|가|을|를|에|에게|과|와|도|로|으로|,)$/, '')}' = 주장 '${x}${m[2]} ${y}${m[4]}'`,
    };
  };
}

/** After the name a relative clause modifies: a particle of its own, not 의 (…를 공격한 X의 아들) nor another noun (X 정부). */
const AFTER_NAME = '(?:(?:은|는|이|가|을|를|에게|과|와|도|로|으로)(?:\\s|,|$)|,|$)';

/**
 * "X는 … V-다" stated by a relative clause on X ("물고문을 받던 22살 대학생 청년이" states "22살 대학생
 * 청년은 물고문을 받았다"): every word the claim says between its subject and its verb, word for word
 * and in its order, then the verb modifying X in the claim's tense (받았다: 받은, 받던; 작용한다: 작용하는), then X itself with a
 * particle of its own. Not a copula's claim (Y인 X is an apposition) nor a verb we cannot read.
 */
function relative(claim: string): Reader | null {
  const m = /^(.+?)(은|는|이|가)\s+(.+)\s(\S+)$/.exec(claim);
  if (!m) return null;
  const x = (m[1] as string).trim();
  const middle = (m[3] as string).trim();
  const verb = m[4] as string;
  const stem = /(이다|였다|이었다)$/.test(verb) ? null : verbStem(verb);
  if (!stem || x.length < 2 || /^(그|이|저|그녀|그들|이것|그것)$/.test(x) || !/[가-힣A-Za-z0-9]{2}/.test(middle))
    return null;
  const clauses = adnominalForms(stem, pastStatement(verb)).map((f) => `${middle} ${f}`);
  const phrases = clauses.map((c) => `${c} ${x}`);
  const pattern = new RegExp(`(?:^|\\s)(${alternatives(phrases)})${AFTER_NAME}`);
  // Or the cleft that names X as the one who did it: "…1위를 가장 많이 차지한 가수는 비틀즈이다".
  const cleft = new RegExp(
    `(?:^|\\s)((?:${alternatives(clauses)})\\s[가-힣]+(?:은|는)\\s${escape(x)}(?:이다|였다|이었다|다))(?:\\s|,|$)`,
  );
  const claimed = `${x}${m[2]} ${middle} ${verb}`;
  return (sentence) => {
    if (!clauses.some((c) => sentence.includes(c))) return null;
    // No upTo: the clause X is an argument of may deny X altogether (…받던 청년은 없었다).
    const said = phrases.some((p) => sentence.includes(p)) ? pattern.exec(sentence) : null;
    if (said) return { kind: 'relative', reason: `관계절: 근거 '${said[1]}' = 주장 '${claimed}'` };
    const named = sentence.includes(x) ? cleft.exec(sentence) : null;
    return named ? { kind: 'relative', reason: `관계절: 근거 '${named[1]}' = 주장 '${claimed}'` } : null;
  };
}

/** Nouns that make "Y의 N" a kind of Y: 상어의 일종, 물리학의 분야, 레드 와인 포도 중 하나. */
const KIND_NOUN = '(?:일종|한\\s?종류|종류|한\\s?분야|분야|하나|한\\s?갈래|갈래)';
/** What joins Y to its kind noun: 상어의 일종, 포도 중 하나, 포도 가운데 하나. */
export const KIND_LINKS = ['의 ', ' 중 ', ' 가운데 '] as const;
/** Clauses that turn or deny what follows them (…지만, …으나, …는데) or a negation: the kind is not plainly said. */
const NOT_PLAIN = /(지만|으나|이나|는데|아니|않|못|없)/;

/**
 * "X는 Y이다" and "X는 Y에 속한다" stated by "X는 … Y의 일종(으로 / 이다)", "… Y의 분야이다", "… Y
 * 중 하나이다": the sentence's topic named as a kind of Y, Y starting a word (비상근 is not 상근). A
 * kind of Y is a Y, whatever words modify the Y (여과 섭식 상어의 일종 is a 상어), but not when
 * the clause turns or denies it before the kind is named.
 */
function kindOf(claim: string): Reader | null {
  const m = /^(.+?)(은|는)\s+(.+?)(이다|였다|이었다|에\s?속한다|에\s?속했다|에\s?포함된다)$/.exec(claim);
  if (!m) return null;
  const x = (m[1] as string).trim();
  const y = (m[3] as string).trim();
  // One noun phrase of up to three words, no particle of its own (…의 …, …와 …: another relation).
  if (x.length < 2 || y.length < 2 || y.split(/\s+/).length > 3 || /(의|와|과|을|를|에|에서|로)(\s|$)/.test(y))
    return null;
  const said = new RegExp(
    `(?:^|\\s)${escape(y)}(?:${alternatives(KIND_LINKS)})${KIND_NOUN}(?:이다|이며|이고|이자|으로|로|인|$)`,
  );
  return (sentence) => {
    // X is one of the lead's names (a part of the sentence) and the kind names Y.
    if (!sentence.includes(x) || !sentence.includes(y)) return null;
    const lead = leadOf(sentence);
    if (lead === null) return null;
    const names = lead.split(/\s(?:또는|혹은|즉)\s/).map((n) => n.trim());
    if (!names.includes(x)) return null;
    const hit = KIND_LINKS.some((l) => sentence.includes(y + l)) ? said.exec(sentence) : null;
    if (!hit) return null;
    // Between the lead and the kind: no turn, no negation, no second topic (a verb's modifier
    // after its object, …현상을 다루는, is none).
    const between = sentence.slice(sentence.indexOf(lead) + lead.length + 1, hit.index);
    const words = between.replace(/^[은는이가]\s/, '').split(/\s+/);
    if (NOT_PLAIN.test(between) || words.some((w, i) => isTopic(w.replace(/,$/, ''), words[i - 1]))) return null;
    // A clause that ends with the kind (…의 일종이며, …의 일종으로,) is the statement: a negation
    // in a later clause (…예측할 수 없이 일으키는 질환이다) is said of something else.
    const end = hit.index + hit[0].length;
    const closes = /(이며|이고|이자)$/.test(hit[0]) || (/로$/.test(hit[0]) && sentence[end] === ',');
    return {
      kind: 'kind-of',
      reason: `종류: 근거 '${hit[0].trim()}' = 주장 '${x}${m[2]} ${y}${m[4]}'`,
      ...(closes && { upTo: end }),
    };
  };
}

/**
 * One construction's check of a sentence (already plain), its patterns built once from the
 * claim; `upTo` ends the part of the sentence whose negations count (the rest is another clause).
 */
type Reader = (sentence: string) => (Paraphrase & { upTo?: number }) | null;

const withoutEnd = (text: string): string =>
  plain(text)
    .replace(/[.!?。]+$/, '')
    .trim();

/** withoutEnd of the evidence sentences read lately: every claim's reader reads a sentence so. */
const plainSentence = textMemo(withoutEnd, 1024);

/**
 * Whether a sentence states the claim in one of the fixed constructions above, as a check
 * built once per claim: the claim is parsed and its patterns compiled before any sentence is
 * read. Negated claims and sentences are left to the ordinary checks (an opposite says nothing here).
 */
export function paraphraseReader(claim: string): (sentence: string) => Paraphrase | null {
  const c = withoutEnd(claim);
  if (countNegations(c) > 0) return () => null;
  const readers = [location(c), alias(c), apposition(c), kindOf(c), relative(c)].filter((r): r is Reader => r !== null);
  if (readers.length === 0) return () => null;
  return (sentence) => {
    const s = plainSentence(sentence);
    // The constructions first: most sentences match none, and then their negations need no count.
    for (const read of readers) {
      const said = read(s);
      if (said)
        return countNegations(s.slice(0, said.upTo)) % 2 === 1 ? null : { kind: said.kind, reason: said.reason };
    }
    return null;
  };
}

/** paraphraseReader for one sentence. */
export function paraphraseSupport(claim: string, sentence: string): Paraphrase | null {
  return paraphraseReader(claim)(sentence);
}

/**
 * Predicates that say the same of the same arguments, each form as the claim's last word
 * would end: a claim ending in one is also read with the others. Only what changes no
 * argument's role: 쓰인다 = 사용된다 (passive for passive), 태어났다 = 출생하였다.
 */
const SAME_PREDICATE: readonly (readonly string[])[] = [
  ['쓰인다', '사용된다', '이용된다'],
  ['쓰였다', '사용되었다', '이용되었다'],
  ['쓴다', '사용한다', '이용한다'],
  ['썼다', '사용하였다', '이용하였다'],
  ['태어났다', '출생하였다'],
  ['죽었다', '사망하였다', '숨졌다', '별세하였다', '타계하였다'],
  ['세워졌다', '설립되었다', '창립되었다', '건립되었다'],
  ['만들었다', '제작하였다'],
  ['만들어졌다', '제작되었다'],
  ['만든다', '제작한다'],
  ['지어졌다', '건립되었다', '세워졌다'],
  ['유래했다', '유래하였다', '비롯되었다'],
  ['열린다', '개최된다'],
  ['열렸다', '개최되었다'],
  ['세웠다', '설립하였다', '창립하였다', '창설하였다'],
  ['속한다', '포함된다'],
  ['속했다', '포함되었다'],
  ['일어난다', '발생한다'],
  ['일어났다', '발생하였다'],
  ['산다', '서식한다'],
  ['먹는다', '섭취한다'],
  ['출시되었다', '발매되었다'],
  ['출시하였다', '발매하였다'],
  ['결혼하였다', '혼인하였다'],
];

/** Spellings of one form: 사용되었다 = 사용됐다, 출생하였다 = 출생했다. */
function spellings(form: string): string[] {
  const out = [form];
  if (form.endsWith('되었다')) out.push(`${form.slice(0, -3)}됐다`);
  if (form.endsWith('하였다')) out.push(`${form.slice(0, -3)}했다`);
  return out;
}

/** Each spelling of a form to the first group holding it: read for every claim. */
const GROUP_OF = new Map<string, readonly string[]>();
for (const group of SAME_PREDICATE)
  for (const form of group)
    for (const spelling of spellings(form)) if (!GROUP_OF.has(spelling)) GROUP_OF.set(spelling, group);

/** The claim with its last word replaced by each other form of the same predicate. */
export function predicateVariants(claim: string): string[] {
  const m = /^(.*\s)(\S+?)([.!?。]*)$/.exec(claim.trim());
  if (!m) return [];
  const last = m[2] as string;
  const group = GROUP_OF.get(last);
  if (!group) return [];
  return group.filter((f) => !spellings(f).includes(last)).map((f) => `${m[1]}${f}${m[3]}`);
}
