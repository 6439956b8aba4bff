/**
 * Content terms of a claim or an evidence sentence, from the search tokenizer so that the
 * agreement checks and the retrieval see the same words, and how well one text covers another.
 */
import { stripSuffixes } from '../../search/korean.js';
import { isBigram, isTitleTerm, tokenize } from '../../search/tokenizer.js';
import { ordinalAt } from './numerals.js';
import { textMemo, type TextMemo } from './text-memo.js';

export interface Term {
  term: string;
  /** Rarer-looking terms weigh more: numbers with units, Latin names, long compounds. */
  weight: number;
}

/**
 * Words that carry grammar, not content: auxiliaries, negation verbs (polarity is checked on
 * its own), pronouns and bound nouns. Matching them says nothing about agreement.
 */
const FUNCTION_WORDS = new Set(
  `것 것은 것이 것을 것이다 것으로 것도 수 등 및 또는 또 더 그 이 저 그는 그녀 그녀는 이는 이를 그들 그들은 우리 때 때문
   중 위해 통해 대해 대한 따라 따르면 관련 같은 같이 모두 매우 아주 가장 다시 이미 이번 당시 현재 지난 오늘 있다 있는 있었다
   있으며 있고 있어 있을 있던 있었던 있습니다 있어요 있게 있음 있는데 하다 한다 했다 하는 해 할 될 된 된다 됐다 되었다 되어 되는
   이다 였다 이었다 입니다 합니다 됩니다 아니다 아닌 아니라 않다 않는 않았다 않은 않고 않을 않아 않는다 않습니다 없다 없는
   없었다 없이 없고 없으며 없어 없을 없던 없습니다 못했다 못한 못하는 못하고 못해 못하며 안 못 제 년 월 일 명 개 곳 점 적이 적도`
    .split(/\s+/)
    .filter(Boolean),
);
/** Inflected auxiliaries the tokenizer leaves whole (않았으며, 없었던, 못하였다). */
const AUXILIARY = /^(않|없었|없으|못하|못했|있었|있으|하였|되었|였|이었)/;

/** A number and a particle after it, which the tokenizer cannot tell from a unit (2023년). */
const NUMBER_PARTICLE = /^(\d[\d.,]*)(가|는|은|을|를|의|도|와|과|에)$/;

function weightOf(term: string): number {
  if (/^\d/.test(term)) return 2;
  if (/^[a-z]/.test(term)) return 2;
  if (term.length >= 3) return 1.5;
  if (term.length === 2) return 1;
  return 0.5;
}

/** Distinct content terms in order of first appearance (readContentTerms, kept for the texts read lately). */
export const contentTerms = textMemo<readonly Term[]>((text) => readContentTerms(text), 512);

/** contentTerms, read afresh. */
export function readContentTerms(text: string): Term[] {
  const seen = new Set<string>();
  const out: Term[] = [];
  const terms = tokenize(text).filter((t) => !isBigram(t) && !isTitleTerm(t));
  for (let i = 0; i < terms.length; i++) {
    // A number with a particle (시즌 2가, 아이폰 15는) is the number: the tokenizer keeps it whole, as a unit.
    const term = (terms[i] as string).replace(NUMBER_PARTICLE, '$1');
    // The tokenizer emits 2024년 then 2024: the bare number adds nothing.
    if (/^\d/.test(term) && i > 0 && (terms[i - 1] as string).startsWith(term) && terms[i - 1] !== term) continue;
    if (seen.has(term) || FUNCTION_WORDS.has(term) || AUXILIARY.test(term)) continue;
    seen.add(term);
    out.push({ term, weight: weightOf(term) });
  }
  return out;
}

/**
 * Text folded for substring matching: NFKC, lower case, no spaces (제 365회 = 제365회) and no
 * thousands separators, which the tokenizer drops from a claim's numbers (5,800만 = 5800만).
 */
export function fold(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/\s+/g, '')
    .replace(/(\d),(?=\d{3}(?!\d))/g, '$1');
}

/** Folded, and only its letters and digits: a name as written, quotes, brackets and dots aside (《택시운전사》 → 택시운전사). */
export function foldBare(text: string): string {
  return fold(text).replace(/[^가-힣a-z0-9]/g, '');
}

/**
 * Whether a claim term appears in the folded evidence. Korean stems are matched as substrings
 * (포위 in 포위되어); a stem of three or more syllables may also drop its last syllable, which
 * is usually an ending the rule-based stemmer could not strip (포위당 ~ 포위되어, 놓인 ~ 놓였다).
 */
export function covers(foldedEvidence: string, term: string): boolean {
  return matchAt(foldedEvidence, term) >= 0;
}

/**
 * Last syllables that are endings or particles the stemmer left on (포위당, 놓인다, 치안도):
 * only these may be dropped, so that 은행원 is not found in 은행.
 */
const ENDING_SYLLABLE = /[다당된한했인였었는은을를이가도의에로게고며어아지기음히해와서면자니려던든겠습운웠린렸른]$/;

/**
 * Where the term (or its stem without a final ending syllable, or the same verb in another
 * ending: inflectedAt) first occurs from `from` on, or -1.
 */
export function matchAt(foldedEvidence: string, term: string, from = 0): number {
  const at = foldedEvidence.indexOf(term, from);
  if (at >= 0) return at;
  const forms = formsOf(term);
  if (forms.shorter !== null) {
    const stem = foldedEvidence.indexOf(forms.shorter, from);
    if (stem >= 0) return stem;
  }
  const inflected = inflectedAt(foldedEvidence, forms, from);
  return inflected >= 0 ? inflected : ordinalAt(foldedEvidence, term, from);
}

const HANGUL_BASE = 0xac00;
/** Final consonants (받침) an ending leaves on a verb's last syllable: ㄴ (앞둔, 간다), ㄹ (지날), ㅆ (갔다). */
const JONG = { n: 4, l: 8, ss: 20 } as const;
const jongOf = (syllable: string): number => (syllable.charCodeAt(0) - HANGUL_BASE) % 28;
const withJong = (syllable: string, jong: number): string =>
  String.fromCharCode(syllable.charCodeAt(0) - jongOf(syllable) + jong);
/** Whether a Hangul syllable closes in a consonant (받침): 이 follows it as a particle, 가 an open one. */
export const hasFinal = (syllable: string): boolean => jongOf(syllable) !== 0;
/** Whether a Hangul syllable closes in ㄹ, as a verb's modifier for what may or will be does (할, 될, 있을). */
export const closesInRieul = (syllable: string): boolean => jongOf(syllable) === JONG.l;
/** An adjective's stem syllable before the ㄴ of its modifier form, for one syllable (큰 → 크, 먼 → 머); else its first. */
export const adjectiveSyllable = (word: string): string =>
  word.length === 1 && jongOf(word) === JONG.n ? withJong(word, 0) : word.slice(0, 1);

/**
 * A verb stem's forms before the noun it modifies, in the tense of the statement they stand for:
 * a deed done (받은, 받던; 공유한, 공유했던) or one doing now (받는, 공유하는). Not the future's …ㄹ,
 * which says what is to be, and not 살던 for 산다: who lived there may live there no more.
 */
export function adnominalForms(stem: string, past: boolean): string[] {
  const last = stem.at(-1);
  if (last === undefined || !/[가-힣]/.test(last)) return [];
  if (!past) return [`${stem}는`];
  const body = stem.slice(0, -1);
  const forms = [`${stem}던`, jongOf(last) === 0 ? body + withJong(last, JONG.n) : `${stem}은`];
  if (last === '하') forms.push(`${body}했던`, `${stem}였던`);
  return forms;
}

/** Whether a statement's verb is in the past: …었다, …았다, …했다, …됐다 (ㅆ before 다). */
export function pastStatement(word: string): boolean {
  const m = /([가-힣])다$/.exec(word);
  return m !== null && jongOf(m[1] as string) === JONG.ss;
}

/** Whether a word is a verb in the past, ending its clause or chaining it: 태어났다, 태어났고, 세웠으며, 졌지만. */
export function pastVerb(word: string): boolean {
  const m = /([가-힣])(다|고|으며|지만|으나)$/.exec(word);
  return m !== null && jongOf(m[1] as string) === JONG.ss;
}

/**
 * The stem of a word that is plainly a verb or adjective form, or null: the tokenizer keeps
 * 얻었다, 앞둔, 바꾸었다 whole, while the passage says 얻자, 앞두고, 바꾸어. Only endings no noun
 * ends in are read: a past or present statement (…었다, …는다, …ㄴ다), a modifier or a
 * connective on a stem of two syllables or more (앞둔, 앞두고), and the plain adjective (밝다) of a
 * one-syllable stem with a final consonant — 바다 and 사고 are nouns, not 바+다 and 사+고.
 */
export function verbStem(term: string): string | null {
  if (!/^[가-힣]{2,}$/.test(term)) return null;
  let m: RegExpExecArray | null;
  if ((m = /^(.+?)(었다|았다|였다|었던|았던|는다)$/.exec(term))) return m[1] as string;
  if ((m = /^(.+)(했다|한다)$/.exec(term))) return `${m[1]}하`;
  const last = term.at(-1) as string;
  const before = term.at(-2) as string;
  // …ㄴ다 (다닌다): the present statement's ㄴ on the stem's last syllable.
  if (last === '다' && jongOf(before) === JONG.n && term.length >= 3) return term.slice(0, -2) + withJong(before, 0);
  // …ㅆ다, the past contracted onto a stem ending in ㅏ or ㅓ (벗어났다, 건넜다).
  if (last === '다' && jongOf(before) === JONG.ss && term.length >= 3) return term.slice(0, -2) + withJong(before, 0);
  // …다 on an adjective stem with a final consonant (밝다, 짧다).
  if (last === '다' && term.length === 2 && jongOf(before) !== 0 && jongOf(before) !== JONG.ss) return before;
  if (term.length >= 3) {
    if (/(고|며|어|아|던)$/.test(term)) return term.slice(0, -1);
    // The modifier's ㄴ (앞둔, 당한): the stem is the word with it taken off.
    if (jongOf(last) === JONG.n) return term.slice(0, -1) + withJong(last, 0);
  }
  return null;
}

/**
 * Whether `word` is a form of the verb `stem` (verbStem): the stem with an ending (보내고, 받은),
 * or its last syllable closed by the ending's ㄴ, ㄹ or ㅆ (보낸, 보낼, 보냈다), 하 also as 해/했.
 */
export function isVerbForm(word: string, stem: string): boolean {
  if (word.startsWith(stem)) return true;
  const last = stem.at(-1) as string;
  const head = stem.slice(0, -1);
  if (head === '' || !word.startsWith(head) || jongOf(last) !== 0) return false;
  const next = word[head.length] as string | undefined;
  if (next === undefined) return false;
  if (last === '하' && /[해했]/.test(next)) return true;
  return [JONG.n, JONG.l, JONG.ss].some((jong) => next === withJong(last, jong));
}

/**
 * An ending after a verb stem in the evidence: 얻자, 앞두고, 맺으며, 바꾸어, 받던, 막은, 흘러드는. Not
 * the noun form …기 nor the intention …려(고): 벗어나기 위해 and 벗어나려고 say what was wanted, not done.
 */
const VERB_ENDING = /(?:었|았|였|으며|으면|으나|으니|어|아|고|며|면|자|지|게|던|는|은|을|음|다|도록|나)/y;
/** Particles after which a word starts: a one-syllable stem must start a word (특허를 얻자, not 방송국을 세운다의 …). */
const WORD_BEFORE = /[을를이가에은는로서와과도만]$/;
/**
 * The other forms matchAt looks for, read once per term: every claim term is matched in many
 * sentences. Plain strings, not a pattern per term: a claim's terms are mostly new to the
 * process, and compiling a new pattern on its first runs cost more than all its searches.
 */
interface TermForms {
  /** The term without its last syllable when that is an ending the stemmer left on, else null. */
  shorter: string | null;
  /** The verb stem (verbStem) that may stand with another ending, or null when the term is no verb form. */
  stem: string | null;
  /**
   * The stem's last syllable carrying an ending's ㄴ/ㄹ/ㅆ (낀, 지날, 갔), the three forms as one
   * string, when that syllable has no final consonant of its own; else null.
   */
  closed: string | null;
  /** The verb stem is one syllable: it must start a word. */
  oneSyllable: boolean;
}
const formsByTerm = new Map<string, TermForms>();
const MAX_FORMS = 20_000;

function formsOf(term: string): TermForms {
  let forms = formsByTerm.get(term);
  if (forms !== undefined) return forms;
  const stem = verbStem(term);
  const last = stem?.at(-1);
  forms = {
    shorter: /^[가-힣]{3,}$/.test(term) && ENDING_SYLLABLE.test(term) ? term.slice(0, -1) : null,
    stem,
    closed:
      last !== undefined && jongOf(last) === 0
        ? withJong(last, JONG.n) + withJong(last, JONG.l) + withJong(last, JONG.ss)
        : null,
    oneSyllable: stem !== null && stem.length === 1,
  };
  if (formsByTerm.size >= MAX_FORMS) formsByTerm.clear();
  formsByTerm.set(term, forms);
  return forms;
}

/**
 * Where the term's verb stem stands in the evidence with another ending, or -1 (verbStem): the
 * first place from `from` on where the stem is followed by a VERB_ENDING, or the stem's last
 * syllable stands closed (TermForms.closed) after the rest of it.
 */
function inflectedAt(foldedEvidence: string, forms: TermForms, from: number): number {
  const { stem, closed, oneSyllable } = forms;
  if (stem === null) return -1;
  const head = stem.slice(0, -1);
  // Every such place starts with the head when the stem may close, else with the whole stem.
  const lead = closed === null ? stem : head;
  for (let at = foldedEvidence.indexOf(lead, from); at >= 0; at = foldedEvidence.indexOf(lead, at + 1)) {
    if (at >= foldedEvidence.length) break;
    let found = false;
    if (foldedEvidence.startsWith(stem, at)) {
      VERB_ENDING.lastIndex = at + stem.length;
      found = VERB_ENDING.test(foldedEvidence);
    }
    if (!found && closed !== null) {
      const next = foldedEvidence[at + head.length];
      found = next !== undefined && closed.includes(next);
    }
    if (found && (!oneSyllable || at === 0 || WORD_BEFORE.test(foldedEvidence.slice(at - 1, at)))) return at;
  }
  return -1;
}

export interface Coverage {
  /** Weighted share of the claim's terms found in the evidence, 0–1. */
  share: number;
  matched: Term[];
  missing: Term[];
  /**
   * Share of pairs of matched terms that come in the same order in the evidence as in the
   * claim (1 when fewer than two match). Swapped roles (A를 이어 B가 vs B를 이어 A가) and
   * borrowed words from another part of the sentence show up as a low order.
   */
  order: number;
}

/** fold of the evidence sentences read lately: every rule that weighs a sentence against a claim folds it. */
export const foldedSentence = textMemo(fold, 2048);

/** Whether `at` in `text` is inside a word, after a syllable: 설립 in 노조설립, 도시 in 비도시. */
export const midWord = (text: string, at: number): boolean => at > 0 && /[가-힣]/.test(text[at - 1] as string);

/** The text without bracketed asides: "신의왕후 한씨(1337년 ~ 1391년)는" → "신의왕후 한씨는". */
export function withoutBrackets(text: string): string {
  let out = text;
  for (let prev = ''; prev !== out;) [prev, out] = [out, out.replace(/\s?[(（[][^()（）[\]]*[)）\]]/g, '')];
  return out;
}

export function coverage(claimTerms: readonly Term[], evidence: string): Coverage {
  const folded = foldedSentence(evidence);
  // A word a gloss splits from its particle (사쿠라이 쇼(櫻井 翔, …)는 for 쇼는), read without the gloss.
  let plain: string | undefined;
  const glossed = (term: string) =>
    evidence.includes('(') && matchAt((plain ??= fold(withoutBrackets(evidence))), term) >= 0;
  const matched: Term[] = [];
  const missing: Term[] = [];
  const positions: number[] = [];
  let cursor = 0;
  for (const t of claimTerms) {
    const at = matchAt(folded, t.term);
    if (at < 0 && glossed(t.term)) {
      // Where the gloss stood: the order is read on the sentence as written.
      matched.push(t);
    } else if (at < 0) {
      missing.push(t);
    } else {
      matched.push(t);
      // The occurrence after the previous term's, when there is one: 광역시 is the word after
      // 내륙에 위치한, not the end of 대구광역시.
      const next = matchAt(folded, t.term, cursor);
      const pos = next >= 0 ? next : at;
      positions.push(pos);
      if (next >= 0) cursor = pos + 1;
    }
  }
  const total = claimTerms.reduce((s, t) => s + t.weight, 0);
  const got = matched.reduce((s, t) => s + t.weight, 0);
  return { share: total > 0 ? got / total : 0, matched, missing, order: concordance(positions) };
}

const byClaim = new WeakMap<readonly Term[], TextMemo<Coverage>>();

/**
 * coverage, kept per claim for the sentences read lately: the findings, the aggregate's quotes
 * and the related passages weigh the same sentences against the same claim. `claimTerms` is the
 * claim's shared reading (contentTerms' array), which keys the claim's sentences and goes with it.
 */
export function sentenceCoverage(claimTerms: readonly Term[], sentence: string): Coverage {
  let memo = byClaim.get(claimTerms);
  if (!memo) byClaim.set(claimTerms, (memo = textMemo((text) => coverage(claimTerms, text), 256)));
  return memo(sentence);
}

function concordance(positions: number[]): number {
  let pairs = 0;
  let same = 0;
  for (let i = 0; i < positions.length; i++) {
    for (let j = i + 1; j < positions.length; j++) {
      pairs++;
      if ((positions[j] as number) > (positions[i] as number)) same++;
    }
  }
  return pairs ? same / pairs : 1;
}

/** A verb's form before a noun: its last syllable closes in ㄴ (큰, 맞은, 설립된) or is 는 / 던. */
export function adnominal(word: string): boolean {
  const last = word.charCodeAt(word.length - 1) - 0xac00;
  return (last >= 0 && last < 11172 && last % 28 === 4) || /(는|던)$/.test(word);
}

/** A verb's modifier ending a relative clause before a noun: 사용되는, 나는, 살았던, 만든. */
export const RELATIVE = /[가-힣](는|던|은|한|된|인|진|운|난|든|린|킨|긴|친)$/;
/** The end of a noun phrase that makes it the topic's own: "… 위치한 대학교이다 / 도시로 / 도시인 X". */
const COPULA_END = /(이다|이며|이고|이자|였다|이었다|이었으며|였으며|이었고|였고|인|다|로|으로|로서|으로서)$/;
/** The end of a noun phrase that makes it another thing in the clause: a case particle. */
const CASE_END = /(에서|에게|에는|에도|에|을|를|이|가|은|는|도|만|까지|부터|보다|처럼|대신)$/;
/**
 * Nouns a verb before them makes an adverbial of its own clause (개봉된 후, 실험하던 중, 청소하던
 * 아침): time, manner and dependent nouns, never another thing.
 */
const CLAUSE_NOUN =
  /^(후|뒤|다음|이후|직후|전|직전|이전|때|동안|중|도중|가운데|무렵|당시|이래|끝|것|바|수|데|만큼|대로|듯|채|적|줄|날|해|순간|아침|저녁|밤|새벽|시절|시기|과정|결과|이유|까닭|경우|상태|사이|동시|한편|반면)$/;

/**
 * Whether the verb at `words[i]`, said before a noun, is said of a thing other than `own` names:
 * "국가대표팀은 … 평양에 위치한 김일성경기장 대신 … 치렀다" locates the stadium, not the team. The
 * noun phrase it opens (up to a few words, through …의, …과/와 and relative verbs) ends in a case
 * particle, none of its words one of `own`; one ending in a copula ("… 위치한 조선 시대의
 * 궁궐이다") is the topic's own, and a time or dependent noun (개봉된 후) leaves the verb in its clause.
 */
export function modifiesAnotherNoun(words: readonly string[], i: number, own: readonly string[]): boolean {
  const phrase = words.slice(i + 1, i + 6).map((w) => w.replace(/[^가-힣A-Za-z0-9]+/g, ''));
  for (const [k, word] of phrase.entries()) {
    const stem = stripSuffixes(word);
    // A noun of one syllable keeps its particle in stripSuffixes (것을): read it without.
    const clauseNoun = CLAUSE_NOUN.test(stem) || CLAUSE_NOUN.test(stripSuffixes(word, 0));
    if (word === '' || clauseNoun || own.some((w) => w.startsWith(stem) || sameNoun(w, word))) return false;
    if (/(의|과|와)$/.test(word)) continue;
    if (COPULA_END.test(word)) return false;
    // A relative verb after it keeps the phrase going to its head: "기기를 위한 … 표준이다".
    if (CASE_END.test(word) && !RELATIVE.test(phrase[k + 1] ?? '')) return true;
  }
  return false;
}

/** Two words of one noun of a syllable, particles aside (책은, 책을): stripSuffixes keeps those whole. */
const sameNoun = (a: string, b: string): boolean => {
  const x = stripSuffixes(a.replace(/[^가-힣]/g, ''), 0);
  return x.length === 1 && x === stripSuffixes(b, 0);
};

/** `text` matched literally inside a RegExp. */
export const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
