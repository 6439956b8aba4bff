/**
 * Qualifiers: the small words that change what a sentence asserts without changing its nouns.
 * "화성은 태양계에서 가장 큰 행성이다" and "화성은 태양계의 4번째 행성이다" share every noun;
 * only 가장 tells them apart. The search tokenizer treats these words as noise, so support
 * checks them here: every qualifier of the claim must be in the evidence with the same value,
 * and an evidence qualifier that narrows or hedges the statement (일부, 중 하나, …라는 설) blocks
 * support when the claim lacks it.
 */

import { stripSuffixes } from '../../search/korean.js';
import { FORMER, FORMER_BEFORE_NOUN } from './former.js';
import { ORDINAL, ORDINAL_NATIVE } from './numerals.js';
import { countNegations } from './polarity.js';
import { adjectiveSyllable, adnominal } from './terms.js';

export type QualifierKind =
  'superlative' | 'ordinal' | 'modality' | 'time' | 'quantifier' | 'comparison' | 'hedge' | 'restriction';

interface QualifierDef {
  kind: QualifierKind;
  /** What a user reads in the reason. */
  name: string;
  pattern: RegExp;
  /** The evidence having it while the claim does not also blocks support (it narrows the claim). */
  blocksWhenOnlyInEvidence: boolean;
  /**
   * It says what a rank follows (…에 이어 세 번째로): a claim stating a rank of its own is not
   * narrowed by it, its ordinal is compared instead.
   */
  follows?: true;
}

/** Word-start guard: the qualifier begins a word (not 최대한 inside another noun). */
const W = '(?:^|[\\s"“‘(\\[,])';

const DEFS: readonly QualifierDef[] = [
  { kind: 'superlative', name: '가장', pattern: new RegExp(`${W}가장`), blocksWhenOnlyInEvidence: false },
  { kind: 'superlative', name: '최초', pattern: /최초|처음으로|첫\s?번째|(^|\s)첫\s/, blocksWhenOnlyInEvidence: false },
  { kind: 'superlative', name: '최대', pattern: /최대(?!한)/, blocksWhenOnlyInEvidence: false },
  {
    kind: 'superlative',
    name: '최고',
    pattern: /최고(?!경영|위원|회의|인민|지도|재판|법원|의결|기관|사령)/,
    blocksWhenOnlyInEvidence: false,
  },
  { kind: 'superlative', name: '최소', pattern: /최소(?!한)/, blocksWhenOnlyInEvidence: false },
  { kind: 'superlative', name: '최저', pattern: /최저/, blocksWhenOnlyInEvidence: false },
  { kind: 'superlative', name: '최다', pattern: /최다/, blocksWhenOnlyInEvidence: false },
  { kind: 'superlative', name: '최장', pattern: /최장/, blocksWhenOnlyInEvidence: false },
  { kind: 'superlative', name: '유일', pattern: /유일/, blocksWhenOnlyInEvidence: false },
  { kind: 'superlative', name: '마지막', pattern: /마지막|최후의/, blocksWhenOnlyInEvidence: false },
  // "동구릉 다음으로 큰", "세 번째로 맞은", "여러 행성 중 하나": the evidence ranks it, not first.
  {
    kind: 'ordinal',
    name: '다음으로',
    pattern: /다음으로|다음가는|에 이어/,
    blocksWhenOnlyInEvidence: true,
    follows: true,
  },
  // "가장 많이 인용되는 학자이고, 역대 여덟 번째로 자주 인용되는": a rank other than first.
  {
    kind: 'ordinal',
    name: 'n번째',
    pattern: /([2-9]|[1-9]\d+|두|세|네|다섯|여섯|일곱|여덟|아홉|열)\s?번째/,
    blocksWhenOnlyInEvidence: true,
  },
  {
    kind: 'ordinal',
    name: '중 하나',
    pattern: /(중|가운데)\s?(의\s)?하나|중\s?한\s?(명|곳|개)/,
    blocksWhenOnlyInEvidence: true,
  },
  {
    kind: 'modality',
    name: '할 수 있다',
    pattern: /[을를ㄹ]?\s?수\s?(있|없)|가능|불가능/,
    blocksWhenOnlyInEvidence: true,
  },
  { kind: 'modality', name: '해야 한다', pattern: /야\s?(한|하|했|할|합)/, blocksWhenOnlyInEvidence: true },
  {
    kind: 'hedge',
    name: '추정',
    pattern:
      /추정|추측|것으로\s?(보인|보이|여겨|알려|전해|추)|[는라]\s?설[이로과도을]?|(ㄹ|을|일)\s?수도|지도\s?모른|듯하|가능성/,
    blocksWhenOnlyInEvidence: true,
  },
  { kind: 'time', name: '현재', pattern: new RegExp(`${W}(현재|지금|오늘날)`), blocksWhenOnlyInEvidence: false },
  { kind: 'time', name: '원래', pattern: /원래|본래|처음에는|당초/, blocksWhenOnlyInEvidence: true },
  // 옛 수도, 이전에, 과거의, 옛날: a former value, not the one the sentence states today. A word
  // for "former" (former.ts) starts a word; 구 and 전 say it only before a name or a seat (전 수도,
  // 구 국명), not as the start of another word (전쟁, 구성).
  {
    kind: 'time',
    name: '이전',
    pattern: new RegExp(`${W}(${FORMER.join('|')})|${W}(${FORMER_BEFORE_NOUN.join('|')})\\s(수도|도읍|국명|명칭|이름)`),
    blocksWhenOnlyInEvidence: false,
  },
  { kind: 'time', name: '이후', pattern: /이후|부터/, blocksWhenOnlyInEvidence: false },
  {
    kind: 'time',
    name: '아직',
    pattern: new RegExp(`${W}(아직|여전히|더\\s?이상|이제)`),
    blocksWhenOnlyInEvidence: true,
  },
  {
    kind: 'quantifier',
    name: '모든',
    pattern: new RegExp(`${W}(모든|모두|전부|항상|언제나|늘|반드시|예외\\s?없이|전혀|결코)`),
    blocksWhenOnlyInEvidence: false,
  },
  {
    kind: 'quantifier',
    name: '일부',
    pattern: new RegExp(`${W}(일부|대부분|대개|대체로|주로|흔히|종종|때때로|간혹|가끔|보통|일반적으로|거의|몇몇|한때)`),
    blocksWhenOnlyInEvidence: true,
  },
  // Identity and difference: "같은 물리량" against "다른 물리량", "적혈구와 달리".
  { kind: 'comparison', name: '같다', pattern: /같은|같다|같이|동일|똑같|마찬가지/, blocksWhenOnlyInEvidence: false },
  { kind: 'comparison', name: '다르다', pattern: /다른\s|다르|달리|차이가|구별|구분/, blocksWhenOnlyInEvidence: true },
  { kind: 'comparison', name: '보다', pattern: /보다/, blocksWhenOnlyInEvidence: true },
  {
    kind: 'restriction',
    name: '만',
    // Not 뿐만 아니라 / 뿐 아니라 (not only: it adds, it does not restrict), nor the ending …지만
    // ("but": 전시용 건물이지만 정자의 기능을 …).
    pattern: /[가-힣](?<!지)(만|뿐)(이|을|은|의|으로)?(?!\s?아니)(\s|$|[.,])|밖에|오직|오로지/,
    blocksWhenOnlyInEvidence: true,
  },
];

export interface QualifierMismatch {
  name: string;
  /** Where the qualifier is: only in the claim, or only in the evidence. */
  side: 'claim' | 'evidence';
}

function present(def: QualifierDef, text: string): boolean {
  return def.pattern.test(text);
}

/**
 * Qualifiers that keep an evidence sentence from supporting the claim: the claim's missing from
 * the evidence, and the evidence's narrowing ones missing from the claim. Negation is part of
 * it: the claim and `clause`, the part of the evidence that states it, must agree on polarity.
 */
export function qualifierMismatches(claim: string, evidence: string, clause = evidence): QualifierMismatch[] {
  const out: QualifierMismatch[] = [];
  for (const def of DEFS) {
    const inClaim = present(def, claim);
    // The claim's qualifiers anywhere in the sentence; a narrowing one of the evidence only
    // where it bears on the claim ("4번째 행성이며, … 행성 중 하나이다" ranks another noun).
    if (inClaim && !present(def, evidence)) out.push({ name: def.name, side: 'claim' });
    else if (
      !inClaim &&
      def.blocksWhenOnlyInEvidence &&
      present(def, clause) &&
      !(def.follows && ordinals(claim).length > 0)
    )
      out.push({ name: def.name, side: 'evidence' });
  }
  // Polarity is the predicate's: read on the clause that states the claim, not on a neighbour
  // clause ("…라고 선전하였으나, 국민들조차 받아들이지 않았다").
  if (countNegations(claim) % 2 !== countNegations(clause) % 2)
    out.push({ name: '부정', side: countNegations(claim) % 2 ? 'claim' : 'evidence' });
  if (unrealized(claim, evidence)) out.push({ name: '일어난 일로 말하지 않음', side: 'evidence' });
  const vice = viceOnly(claim, evidence);
  if (vice) out.push({ name: `부${vice}`, side: 'evidence' });
  const likened = likenedOnly(claim, evidence);
  if (likened) out.push({ name: `${likened} 같은`, side: 'evidence' });
  return out;
}

/** What likens a thing to the noun before it: 다락방 느낌, 호텔 같은, 궁전처럼, 유럽풍의. */
const LIKENING_WORD = /^(느낌|같은|같이|같다|같고|같아|처럼|풍|스타일|분위기|비슷|유사)/;
const LIKENED = /^(?:와|과)?(?:처럼|같은|같이|같아|풍|스러운|스럽|느낌)/;

/** How `text` names `noun`: only as what something is likened to, or plainly (or not at all). */
function namedAs(text: string, noun: string): 'likened' | 'plain' | undefined {
  const said = text.split(/\s+/).map(bareWord);
  let likened = false;
  for (const [i, w] of said.entries()) {
    if (!w.startsWith(noun)) continue;
    const rest = w.slice(noun.length);
    if (LIKENED.test(rest) || (/^(와|과)?$/.test(rest) && LIKENING_WORD.test(said[i + 1] ?? ''))) likened = true;
    else return 'plain';
  }
  return likened ? 'likened' : undefined;
}

/**
 * A noun of the claim the evidence names only as what something is likened to ("방은 다락방
 * 느낌에 넓고": no 다락방 is said to be there), where the claim names it plainly.
 */
function likenedOnly(claim: string, evidence: string): string | undefined {
  return claimNouns(claim).find((noun) => namedAs(evidence, noun) === 'likened' && namedAs(claim, noun) === 'plain');
}

/** The claim's words as nouns, particles and endings stripped (회장으로 → 회장): two syllables or more. */
function claimNouns(claim: string): string[] {
  return claim
    .split(/\s+/)
    .map((word) => stripSuffixes(bareWord(word)))
    .filter((noun) => noun.length >= 2 && /^[가-힣]+$/.test(noun));
}

/**
 * A noun of the claim the evidence has only after 부 (副, vice- or by-): 부회장 is not the 회장,
 * nor a 부작용 an 작용, though the one word holds the other. Read on whole words, so 정부 회장 is
 * a 회장.
 */
function viceOnly(claim: string, evidence: string): string | undefined {
  const said = evidence.split(/\s+/).map(bareWord);
  for (const noun of claimNouns(claim)) {
    if (said.some((w) => w.startsWith(`부${noun}`)) && !said.some((w) => w.startsWith(noun))) return noun;
  }
  return undefined;
}

/** What makes a verb's event one that did not (yet) happen: planned, wished, nearly, or a report denied. */
const PLANNED = /^(예정|계획|뻔|작정|방침|전망|의향|의도|생각)/;
/** A content said as someone's (…다는 주장, …라는 속설), not the sentence's own: not a fact (…다는 점, 사실). */
const REPORTED =
  /^(보도|주장|소문|의혹|루머|풍문|추측|견해|학설|의견|해석|생각|믿음|연구|것|속설|설|오해|통념|이야기|말)/;
/** What a finding or a gloss states as fact: "…위치한다는 것을 발견하였다", "…것이 확인되었다", "…다룬다는 것을 의미한다". */
const FOUND = /^(발견|증명|확인|밝혀|밝혔|입증|알아내|알아냈|규명|보여|보였|의미|뜻하|뜻한|뜻했)/;
/** Quoted as argued, believed, thought or rumoured (…다고 주장했다, …라고 믿었다, …다고 알려져 있다); what was said or announced (밝혔다) is left as news states it. */
const HELD = /^(주장|생각|믿|여기|여겨|추정|추측|알려|전해)/;
/** What someone was accused of (횡령한 혐의로): not what they did. */
const ACCUSED = /^(혐의|의혹|누명)/;
/** A syllable with ㄹ as its final consonant: the prospective modifier (할, 될, 받을). */
const finalRieul = (syllable: string): boolean => {
  const code = syllable.charCodeAt(0) - 0xac00;
  return code >= 0 && code < 11172 && code % 28 === 8;
};
/** A word without the quotes, brackets and marks around it. */
const bareWord = (w: string): string => w.replace(/^[("“‘']+|[.,!?)"”’']+$/g, '');
/** The verb as a plan (들어갈 예정, 개방할 계획): the prospective modifier before a word of intent. */
const plannedWord = (word: string, next: string): boolean => finalRieul(word.at(-1) ?? '') && PLANNED.test(next);
/**
 * A claim that itself says the event is planned or wished (할 예정이다, 받을 뻔했다): "예정대로 전역했다"
 * and "계획보다 늦게 개통했다" say it happened.
 */
const CLAIM_UNREALIZED = /(예정|계획)(?!대로|보다)|뻔|싶|보도|주장/;

/**
 * Whether `text` gives a verb that begins with `stem` as a plan (연구에 들어갈 예정이고, 개방할
 * 계획이다): that says neither that it was done nor that it was not.
 */
export function plannedVerb(text: string, stem: string): boolean {
  const words = text.split(/\s+/).map(bareWord);
  return words.some((w, i) => w.startsWith(stem) && plannedWord(w, words[i + 1] ?? ''));
}

const CLAIM_ENDING = /(하였다|했다|한다|하다|되었다|됐다|된다|되다|었다|았다|였다|다)$/;
/** A claim said of now: a state the sentence gives only as a former one (…던) is not its. */
const NOW = /(^|\s)(현재|지금|오늘날|아직|여전히)/;

/**
 * Whether the evidence says the claim's event only as one that did not happen, or only as someone's
 * account of it: "공항은 2020년에 개항할 예정이었으나 연기되었다", "노벨상을 받을 뻔했다", "대통령이
 * 되고 싶었다", "결혼했다는 보도를 부인했다", "검찰은 … 횡령했다고 주장했다", "횡령한 혐의로 기소되었으나",
 * "만리장성이 우주에서 보인다는 것은 잘못된 속설이다" — every word of the claim is there. Each word of the evidence that starts
 * with the claim's verb (its root before 하다 / 되다, or its first syllable) is read so, and a claim
 * saying the same (할 예정이다) is not narrowed by it. A claim of now (현재 …에 있다) is not said by
 * a state the sentence gives only as a former one (…에 세워져 있던 탑으로, …로 옮겨).
 */
export function unrealized(claim: string, evidence: string): boolean {
  const words = claim.replace(/[.!?]+$/, '').split(/\s+/);
  const last = words.at(-1) ?? '';
  const root = last.replace(CLAIM_ENDING, '');
  const key = root.length >= 2 ? root.slice(0, 2) : last.slice(0, 1);
  if (!/^[가-힣]+$/.test(key) || last === '' || CLAIM_UNREALIZED.test(claim)) return false;
  const said = evidence.split(/\s+/).map(bareWord);
  const now = NOW.test(claim);
  let any = false;
  for (const [i, word] of said.entries()) {
    if (!word.startsWith(key)) continue;
    const next = said[i + 1] ?? '';
    const not =
      (now && word.endsWith('던')) ||
      plannedWord(word, next) ||
      (word.endsWith('고') && next.startsWith('싶')) ||
      (/(다는|라는)$/.test(word) && REPORTED.test(next) && !FOUND.test(said[i + 2] ?? '')) ||
      (/(다고|라고)$/.test(word) && HELD.test(next)) ||
      ACCUSED.test(next);
    if (!not) return false;
    any = true;
  }
  return any;
}

/** What a quoted content is when it is someone's account, not the sentence's own: …다는 소문, …라는 주장, …다는 보도. */
const ACCOUNT = /^(보도|보고|주장|소문|의혹|루머|풍문|추측|견해|학설|의견|해석|생각|믿음|속설|설|오해|통념|이야기)/;
/** Whether the text quotes something into an account at all (…다는 소문, …라는 주장): reportedValue's `accountsOnly` needs it. */
const QUOTES_ACCOUNT = new RegExp(`(다는|라는)\\s?${ACCOUNT.source.slice(1)}`);
export const quotesAnAccount = (text: string): boolean => QUOTES_ACCOUNT.test(text);
/** A value or an event given as a guess: …300명으로 추정된다, …태어난 것으로 보인다. */
const GUESSED = /^(추정|추측|짐작|여겨|보인|보이)/;
/** Hearsay after …다고: …설립되었다고 한다, …태어났다고 전해진다. */
const HEARSAY = /^(한다|했다|하였다|하며|하나|하지만|전해|전한|전하)/;
/** A clause chained to the next (…였으며, …했고): a sentence's hearsay at its end reports it too. */
const CHAINED = /(며|[^다라]고)$/;
/** A clause set against or before the next (…지만, …는데, …했다): what the next says is its own. */
const CLAUSE_END = /(으나|되나|하나|[었았였]나|지만|는데|면서|다)$/;
/**
 * A sentence that ends as hearsay or a guess (…재위하였다고 한다, …태어난 것으로 추정된다): it
 * reports every clause chained before, not only its last.
 */
const SAID_AT_END =
  /(?:(?:다|라)고\s+(?:한다|했다|하였다|전해진다|전한다|여겨진다|알려져\s?있다|알려졌다)|것으로\s+(?:추정|추측|짐작|보인|보이|여겨)[가-힣]*(?:\s+있다)?)\s*[.!?]*$/;

/**
 * Whether the sentence gives its value or verb `raw` only as someone's account, a guess or hearsay
 * ("직원이 300명이라는 소문이 있다", "1970년에 설립되었다는 주장도 있다", "300명으로 추정된다",
 * "1970년에 설립되었다고 한다", "…에서 태어난 것으로 추정한다"): such a value does not refute another
 * one; the sources differ. Read in the clause of `raw` (…태어나 …자랐다고 한다 reaches past 태어나),
 * and in the end of a sentence that chains that clause to hearsay (…태어났으며 … 재위하였다고 한다).
 * `accountsOnly`: only a content quoted into an account (…라는 속설, …다는 소문); …다고/라고 may
 * name (…이라고 한다) or quote a claimant's words with the claimant outside (X는 …라고 주장했다).
 */
export function reportedValue(sentence: string, raw: string, accountsOnly = false): boolean {
  const at = sentence.indexOf(raw);
  if (at < 0) return false;
  const raws = sentence.slice(at).split(/\s+/).slice(0, 12);
  const words = raws.map(bareWord);
  for (const [i, word] of words.entries()) {
    const next = words[i + 1] ?? '';
    if (/(다는|라는)$/.test(word)) return ACCOUNT.test(next);
    if (accountsOnly) {
      if (/(다고|라고)$/.test(word) || CLAUSE_END.test(word) || CHAINED.test(word) || /[,;.!?]$/.test(raws[i]!))
        return false;
      continue;
    }
    if (/(다고|라고)$/.test(word)) return HELD.test(next) || HEARSAY.test(next);
    if (/(으로|로)$/.test(word) && GUESSED.test(next)) return true;
    if (/[.!?]$/.test(raws[i]!) || CLAUSE_END.test(word)) return false;
    // A comma alone may be a list's (인도네시아, 말레이시아, …): only a verb's ending chains.
    if (CHAINED.test(word)) return SAID_AT_END.test(sentence.slice(at));
    if (/[,;]$/.test(raws[i]!)) return false;
  }
  return false;
}

export interface Ordinal {
  value: number;
  /**
   * What it ranks: the noun after it (세 번째 행성, 세 번째의 행성) or, said with 로, the
   * predicate's first syllable (두 번째로 크다: 로:크); '' when it stands alone (첫 번째는 …).
   */
  head: string;
  /** The modifier a rank said with 로 is by (두 번째로 큰 섬: 큰), to match a superlative's. */
  by?: string;
  /** A superlative read as the first (가장 큰 섬), not a number said. */
  superlative?: true;
  /** The measure as a rank said with 로 names it (가장 큰, 두 번째로 큰 → 로:크, as 두 번째로 크다). */
  measure?: string;
  /** What the measure is of, when the modifier has a subject of its own (크기 비가 가장 큰 위성: 비). */
  of?: string;
}

/** The subject (…이/가) right before `at`: what a rank's measure is of (인구가 가장 많은 → 인구). */
function measuredOf(text: string, at: number): string | undefined {
  return /([가-힣A-Za-z]+)(?:이|가)\s+$/.exec(text.slice(Math.max(0, at - 20), at))?.[1];
}

/** Adjectives a thing is ranked by (크기, 길이, 높이, 수 …) in their modifier form. */
const MEASURE =
  /^(큰|작은|긴|짧은|높은|낮은|많은|적은|넓은|좁은|깊은|얕은|무거운|가벼운|빠른|느린|오래된|먼|가까운|두꺼운|얇은|뜨거운|차가운|밝은|어두운)$/;

/** Ordinal numbers in a text: 4번째, 세 번째, 첫 번째 → 4, 3, 1, with what each ranks. */
export function ordinals(text: string): Ordinal[] {
  const out: Ordinal[] = [];
  for (const m of text.matchAll(ORDINAL)) {
    const raw = m[1] as string;
    const value = /^\d/.test(raw) ? Number(raw) : (ORDINAL_NATIVE[raw] as number);
    const after = /^(의|로|으로)?\s+([가-힣A-Za-z]+)(?:\s+([가-힣A-Za-z]+))?/.exec(
      text.slice((m.index ?? 0) + m[0].length),
    );
    const [next, then] = [after?.[2] ?? '', after?.[3]];
    // 세 번째로 맞은 세자빈: the noun its verb modifies is what is ranked.
    const head = !after
      ? ''
      : !after[1]?.endsWith('로')
        ? stripSuffixes(next)
        : then && adnominal(next)
          ? stripSuffixes(then)
          : `로:${next.slice(0, 1)}`;
    const by = after?.[1]?.endsWith('로') && then && adnominal(next) ? next : undefined;
    // A measure (두 번째로 큰) ranks by it; an event (세 번째로 맞은 세자빈) ranks in order, as 세 번째 does.
    const of = by === undefined ? undefined : measuredOf(text, m.index ?? 0);
    out.push(
      by === undefined
        ? { value, head }
        : MEASURE.test(by)
          ? { value, head, by, measure: `로:${adjectiveSyllable(by)}`, ...(of ? { of } : {}) }
          : { value, head, by, ...(of ? { of } : {}) },
    );
  }
  return out;
}

/**
 * Superlatives read as the first of their kind: 가장 큰 섬 → 1st 섬 by 큰, 가장 크다 → 1st 로:크 (as
 * 두 번째로 크다). Not one of several (가장 큰 섬 중 하나), which ranks nothing.
 */
export function superlatives(text: string): Ordinal[] {
  const out: Ordinal[] = [];
  for (const m of text.matchAll(/가장\s+([가-힣]+)(?:\s+([가-힣A-Za-z]+))?/g)) {
    const [word, noun] = [m[1] as string, m[2]];
    const rest = text.slice((m.index ?? 0) + m[0].length);
    if (/^[가-힣]*\s*(중|가운데)(의)?\s*(하나|한|일부)/.test(rest)) continue;
    const of = measuredOf(text, m.index ?? 0);
    if (noun !== undefined && adnominal(word))
      out.push({
        value: 1,
        head: stripSuffixes(noun),
        by: word,
        superlative: true,
        measure: `로:${adjectiveSyllable(word)}`,
        ...(of ? { of } : {}),
      });
    else if (!adnominal(word)) out.push({ value: 1, head: `로:${word.slice(0, 1)}`, superlative: true });
  }
  return out;
}

/** Whether a word is itself a qualifier (최초로, 처음으로, 현재): a qualifier of a claim, not one of its nouns. */
export function isQualifierWord(word: string): boolean {
  return DEFS.some((def) => present(def, word));
}
