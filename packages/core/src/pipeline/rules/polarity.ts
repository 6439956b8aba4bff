import { stripSuffixes } from '../../search/korean.js';
import { adnominal, escapeRegExp, hasFinal, withoutBrackets } from './terms.js';
import { textMemo } from './text-memo.js';

/**
 * Polarity cues: negation and antonym pairs. A claim that matches a clause word for word but
 * with the opposite polarity ("방영되었다" against "방영되지 않았다") is the commonest way a
 * false statement hides inside true-looking words, so these are checked on every aligned clause.
 */

/**
 * 아니다 in its forms (아니다, 아니라, 아니었다, 아니더라도, 아니하며), not a name that starts with it
 * (아니체토는, 아니타가): a pattern's source, read as a word from its start.
 */
const ANI = '아니(?:[다라며었였고야요지므면냐어오기란에더던든거건니나게겠시세신셨하한할함해했][가-힣]*)?(?![가-힣])';
const ANI_WORD = new RegExp(`^${ANI}`);

/**
 * Negation in Korean is mostly post-verbal (…지 않다, …지 못하다, …지 말다), pre-verbal
 * (안 가다, 못 보다), existential (없다) or copular (아니다). Adverbs built on 없 that mean
 * "certainly" or "regardless" (틀림없이, 끊임없이, 상관없이) are not negations of the claim.
 */
const NEGATION_PATTERNS: RegExp[] = [
  /(지|진)(는|도|를|조차|만)?\s*(않|못|말[고았아])/g,
  /(^|\s)(안|못)\s+[가-힣]/g,
  // 안되다 written solid, and 못하다 as a verb of its own (영어를 못한다), not after …지.
  /(?<!지[는도를만]?\s*)(^|\s)(안(되|돼|됐|된)|못(하|했|한|해))/g,
  // Written solid (사실이아니다); spaced, 아니 is counted below.
  /사실무근|사실이아니/g,
  /(^|[\s가-힣])없(다|는|었|음|이|고|어|으|을|던|습|지)/g,
  new RegExp(`(^|\\s)${ANI}|(^|\\s)아닌|(^|\\s)아님`, 'g'),
  // Last: the bare 않 forms, counted only where they are not part of …지 않 above.
  /(않는다|않았다|않은|않는|않고|않아|않을|않습)/g,
];
const NOT_NEGATION =
  /(다름\s?아닌|뿐(만)?\s?아니라|(상관|관계|문제|변함|틀림)\s없|틀림없|끊임없|어김없|상관없|관계없|빠짐없|거침없|여지없|하염없|어이없|영락없|쓸데없|다름없|변함없|문제없|손색없|아낌없)/g;

/** How many negations the text carries; only the parity matters for agreement. */
export function countNegations(text: string): number {
  const cleaned = text.replace(NOT_NEGATION, ' ');
  let n = 0;
  for (const re of NEGATION_PATTERNS) {
    re.lastIndex = 0;
    // …지 않는다 is matched by both the first and the last pattern: count the construction once.
    if (re === NEGATION_PATTERNS[NEGATION_PATTERNS.length - 1]) {
      const standalone = cleaned.replace(/(지|진)(는|도|를|조차|만)?\s*않[가-힣]*/g, '');
      n += (standalone.match(re) ?? []).length;
      continue;
    }
    n += (cleaned.match(re) ?? []).length;
  }
  return n;
}

/** Verbs and bound nouns too common to tell which statement a negation belongs to. */
const GENERIC_STEMS = new Set([
  '하',
  '되',
  '있',
  '이',
  '그',
  '수',
  '것',
  '잘',
  '더',
  '다',
  '좀',
  '안',
  '못',
  '할',
  '적',
  '줄',
  '리',
]);
/** Endings left on a negated verb (방영되|지 않다, 찾을 수 없다) down to its root. */
const VERB_TAIL = /(하|되|시|을|를|는|은|던|기|게|도|가|이)$/;

/**
 * `verbal`: the word is a verb form cut before …지 않다 / …을 수 없다, whose tail syllables are
 * endings. A noun before 아니다 / 없다 only loses its particle: 수도가 아니다 negates 수도, not 수.
 */
function stemOfNegated(word: string, verbal = true): string {
  let stem = stripSuffixes(word.replace(/[^가-힣A-Za-z0-9]/g, ''));
  if (!verbal) return stem;
  while (stem.length > 1 && VERB_TAIL.test(stem)) stem = stem.slice(0, -1);
  return stem;
}

/** Verbs whose object says the deed (행동을 취하다, 조치를 내리다, 활동을 벌이다): denied, the object is. */
const SUPPORT_VERB = /^(취하|취|내리|벌이|펼치|기울이)$/;

/**
 * The noun a light verb makes a verb of: bare or with an object's or topic's particle (공부를
 * 하지, 훈련도 하지, 평가 하지, 행동을 취하지) or what 되다 becomes (어른이 되지), not the subject of the
 * verb (교황들이 하지 않은 모금), a place or a partner (학교에서, 친구와).
 */
const lightVerbNoun = (word: string, verb: string): boolean =>
  /^[가-힣]{2,}$/.test(word) &&
  !(verb !== '되' && word.length >= 3 && /[이가]$/.test(word)) &&
  !/(에|에서|에게|로|와|과|의)$/.test(word);
/** A negated verb's conditional or concessive ending: 않아도, 않더라도, 않으면, 못해도, 없어도. */
const CONDITIONAL_NEGATION = /(아도|어도|해도|더라도|으면|는다면|다면|고도)$/;

/**
 * The words a text negates: 방영 in "방영되지 않았다", 부족함 in "부족함이 없었다", 중점 in
 * "중점이 아니다", 영어 in "영어를 못한다", 찾 in "찾을 수 없다". A negation only contradicts a
 * statement about the same word; "알을 낳지 않으며" says nothing about 양육.
 */
export function negatedStems(text: string): string[] {
  return readNegations(text).negated;
}

/**
 * negatedStems, and apart from them the words negated only as a condition or a concession
 * ("수술을 하지 않아도 치유가 가능하다", "공이 잡히지 않으면"): said neither way.
 */
function readNegations(text: string): { negated: string[]; conditional: string[] } {
  // A gloss in brackets is an aside, not the text's own statement, and splits the word it
  // follows from its particle: "하위 계층(구성 요소)에는 없는" negates 계층, as "하위 계층에는 없는" does.
  const words = withoutBrackets(text)
    .replace(NOT_NEGATION, ' ')
    .split(/[\s,.!?;:"“”'‘’()]+/)
    .filter(Boolean);
  const negated: string[] = [];
  const conditional: string[] = [];
  const before = (i: number): number => {
    let j = i - 1;
    // 할 수 없다, 한 적이 없다: the verb is the word before the bound noun.
    if (/^(수|적|줄|리)(가|는|도|이|은)?$/.test(words[j] ?? '')) j--;
    return j;
  };
  words.forEach((w, i) => {
    const out = CONDITIONAL_NEGATION.test(w === '안' || w === '못' ? (words[i + 1] ?? '') : w) ? conditional : negated;
    let target = '';
    // The word before the negated one: the noun of a light verb (공부를 하지 않았다; with 안 or
    // 못, the word before those: 공부를 안 했다).
    let nounAt = i - 1;
    let verbal = true;
    let inner: RegExpExecArray | null;
    if (/^(않|못하|못했|못한|못해|못함|말고|말았)/.test(w) && /(지|진)(는|도|를|만)?$/.test(words[i - 1] ?? '')) {
      nounAt = i - 2;
      target = (words[i - 1] as string).replace(/(지|진)(는|도|를|만)?$/, '');
    } else if ((inner = /^(.+?)지(는|도)?(않|못)/.exec(w))) {
      target = inner[1] as string;
    } else if (w === '안' || w === '못') {
      target = words[i + 1] ?? '';
    } else if (/^(못하|못했|못한|못해|없(?!애|앴|앨|앤)|아닌|아님)/.test(w) || ANI_WORD.test(w)) {
      const at = before(i);
      nounAt = at - 1;
      target = words[at] ?? '';
      // 수도가 아니다, 관련이 없다: a noun with its subject particle, not a verb form.
      verbal = !/(이|가)$/.test(target) || /^(수|적|줄|리)(가|이)?$/.test(words[i - 1] ?? '');
    } else if ((inner = /^(.+?)없(다|는|었|음|이|고|어|으|을|던|습|지)/.exec(w))) {
      target = inner[1] as string;
    }
    let stem = stemOfNegated(target, verbal);
    // 소급적용도 하지 않는다, 활동도 하지 못하고: a light verb (하다, 되다) is negated, so the noun before
    // it is — its object, not its subject ("교황들이 하지 않은 모금": no 교황 is denied).
    // With a verb of its own (행동을 취하지 않았다), both are denied: the deed and the verb.
    if (SUPPORT_VERB.test(stem) && lightVerbNoun(words[nounAt] ?? '', stem)) out.push(stemOfNegated(words[nounAt]!));
    if ((stem === '하' || stem === '되') && target.length > 0)
      stem = lightVerbNoun(words[nounAt] ?? '', stem) ? stemOfNegated(words[nounAt]!) : '';
    if (stem && !GENERIC_STEMS.has(stem)) out.push(stem);
  });
  return { negated, conditional };
}

function mentions(text: string, stem: string): boolean {
  // Verb stems change their last syllable when conjugated (올라오 → 올라왔다): two are enough.
  if (stem.length >= 2) return text.includes(stem.slice(0, 2));
  return new RegExp(`(^|[\\s"“'‘(])${stem}`).test(text);
}

/**
 * Words negated on one side and asserted on the other: the claim says 방영되었다 and the
 * evidence 방영되지 않았다, or the reverse.
 */
export function polarityConflicts(
  claim: string,
  evidence: string,
  // The claim's own negated words: a caller checking many sentences reads them once.
  inClaim: readonly string[] = negatedStems(claim),
): string[] {
  const { negated: inEvidence, conditional } = readNegations(evidence);
  // A word a side negates only as a condition (…하지 않으면) it says neither way, as one it says both ways.
  const both = [...saidBothWays(claim), ...saidBothWays(evidence), ...conditional, ...conditionalNegations(claim)];
  // A word a side says both ways takes no side on it.
  const open = (stem: string) => !both.some((w) => w.startsWith(stem.slice(0, 2)) || stem.startsWith(w.slice(0, 2)));
  // A noun denied (건축이 아닌) is met only as that noun, not inside a longer one (건축가이다).
  const said = (text: string, stem: string, negatedIn: string) =>
    NOUN_DENIED(stem).test(negatedIn) ? wholeNoun(text, stem) : mentions(text, stem);
  const out: string[] = [];
  // Glosses aside, as negatedStems reads them: a word only a gloss says is not said.
  const [plainClaim, plainEvidence] = [withoutBrackets(claim), withoutBrackets(evidence)];
  for (const stem of inEvidence)
    if (said(plainClaim, stem, evidence) && !inClaim.includes(stem) && open(stem)) out.push(stem);
  const deniedByEvidence = out.length;
  for (const stem of inClaim)
    if (said(plainEvidence, stem, claim) && !inEvidence.includes(stem) && open(stem)) out.push(stem);
  // A denial moved onto "not one" (한 건도, 아무도, 하나도) is the same denial: "한 건의 법도 처리하지
  // 않았다" is "처리한 법은 한 건도 없다".
  const none = (stems: string[]) => stems.length > 0 && stems.every((st) => NOT_ONE.test(st));
  if (
    deniedByEvidence > 0 &&
    out.length > deniedByEvidence &&
    (none(out.slice(0, deniedByEvidence)) || none(out.slice(deniedByEvidence)))
  )
    return [];
  return [...new Set(out)];
}

/** A word for "not one" when denied: 한건, 하나, 아무, 누구, or the counter of 한 건, 한 명. */
const NOT_ONE = /^(단)?(한[가-힣]?|하나|아무|누구|무엇|건|명|번|개|곳|차례)$/;

/** The claim's conditional negations (readNegations), kept for the claims read lately. */
const conditionalNegations = textMemo((claim) => readNegations(claim).conditional, 64);

const NOUN_DENIED = (stem: string) => new RegExp(`${escapeRegExp(stem)}(이|가)\\s?아[니닌님]`);
/** Particles and copula endings a noun may carry and still be that noun. */
const NOUN_TAIL =
  /^(이|가|은|는|을|를|의|에|에서|도|만|과|와|로|으로|이다|였다|이었다|이며|이고|이자|인|이라고|라고|이라는|라는|이라|라|이나|이지만|이었던|였던|이었|였)?(?![가-힣])/;

function wholeNoun(text: string, noun: string): boolean {
  for (let at = text.indexOf(noun); at >= 0; at = text.indexOf(noun, at + 1))
    if (NOUN_TAIL.test(text.slice(at + noun.length))) return true;
  return false;
}

/** "X and not X", "X or not X": 의도적이고 의도적이지 않은, 참석하거나 참석하지 않는. */
const BOTH_WAYS = /([가-힣]{2,})(거나|고|든지|든)\s\1[가-힣]*(지|진)(는|도)?\s?(않|못)/g;

/** The words a text says both ways (BOTH_WAYS). */
function saidBothWays(text: string): string[] {
  return [...text.matchAll(BOTH_WAYS)].map((m) => m[1] as string);
}

/**
 * Nouns a sentence both affirms and denies as its predicate, each in another respect: "대통령이
 * 외국에 대해서만 국가원수이고, 내국에 대해서는 국가원수가 아니며" — a restriction of where it
 * holds, which denies no unrestricted claim (the sentence-level BOTH_WAYS of a copula).
 */
export function copulaSaidBothWays(sentence: string): string[] {
  const out: string[] = [];
  for (const m of sentence.matchAll(/([가-힣]{2,})(?:이|가)\s?아니/g)) {
    const noun = m[1] as string;
    if (new RegExp(`${noun}(이고|이며|이자|이지만|이나|이다|인)(?![가-힣])`).test(sentence)) out.push(noun);
  }
  return out;
}

/**
 * Negations that restrict rather than deny: "눈밖에 없다" (only one eye: 밖에 with a negative)
 * and "비용만이 아니다" (not only the cost). Such a claim affirms; such evidence denies only
 * exclusivity, so it can refute a claim that restricts (프로게이머만이 참가) and nothing else.
 */
const RESTRICTIVE_NEGATION = /(?<=[가-힣])밖에\s?(없|않|못|안\s)|(?<=[가-힣])(만|뿐)(이|은)?\s?아니/;
/**
 * Negations that grade or compare: "거의/별로/그다지/좀처럼 …지 않다" (hardly: a degree, not
 * none) and "…만큼 중요하지 않다" (not as … as). A graded claim is not refuted by a polarity
 * reading; graded evidence refutes "주로 착용했다" but not a claim of a little ("약간의 정보를
 * 공유했다"), and a comparison refutes nothing.
 */
const GRADED_NEGATION = /(^|\s)(거의|별로|그다지|좀처럼)\s(\S+\s){0,3}?(\S*(지|진)(는|도)?\s?(않|못)|없)/;
// "이것보다 아름다운 이야기는 없다", "그만큼 큰 섬은 없다": nothing beyond it, a superlative said the other way.
const COMPARED_NEGATION = /만큼\s(\S+\s){0,2}?\S*(지|진)(는|도)?\s?(않|못)|(보다|만큼)\s(\S+\s){0,3}?\S+\s없/;
/** A claim of a small amount, which "hardly" does not deny. */
const LITTLE = /(^|\s)(약간|조금|다소|일부|몇몇|가끔|때때로|간혹)/;

/**
 * Whether a polarity read between a claim clause and an evidence clause says nothing of the
 * predicate (RESTRICTIVE_NEGATION, GRADED_NEGATION, COMPARED_NEGATION). Such negations still
 * block support: countNegations counts them, and the qualifiers compare the parity.
 */
export function scopedNegation(claim: string, evidence: string, claimRestricts: boolean): boolean {
  if (RESTRICTIVE_NEGATION.test(claim) || (RESTRICTIVE_NEGATION.test(evidence) && !claimRestricts)) return true;
  if (COMPARED_NEGATION.test(claim) || COMPARED_NEGATION.test(evidence) || GRADED_NEGATION.test(claim)) return true;
  return GRADED_NEGATION.test(evidence) && LITTLE.test(claim);
}

/**
 * Opposites that flip a statement's truth: direction of change, outcome, stance, order,
 * extremes, and prefix-negated nouns (가능/불가능). Each side lists its forms separated by |;
 * one-syllable verb stems are spelled out with their endings because alone they start too
 * many unrelated words (적 → 적극, 작 → 작품).
 */
export const ANTONYMS: readonly (readonly [string, string])[] = [
  // Direction of change: the core of economic and statistical claims.
  ['증가', '감소'],
  ['상승', '하락'],
  ['인상', '인하'],
  ['확대|확산', '축소'],
  ['흑자', '적자'],
  ['급등', '급락'],
  ['늘었|늘어|늘린|늘렸|늘고|늘며|늘다|늘어난', '줄었|줄어|줄인|줄였|줄고|줄며|줄다|줄어든'],
  ['올랐|오른|오르', '내렸|내린|떨어졌|떨어진'],
  ['호전|개선', '악화'],
  ['강화', '완화'],
  // Outcomes of contests and decisions.
  ['승리|이겼|이긴', '패배|패했|패한'],
  ['당선', '낙선'],
  ['합격', '불합격'],
  ['성공', '실패'],
  ['가결', '부결'],
  ['찬성', '반대'],
  ['승인', '거부'],
  ['허용', '금지'],
  ['허가', '불허'],
  ['유죄', '무죄'],
  ['참석', '불참'],
  ['포함', '제외'],
  ['합법', '불법'],
  // Order and time.
  ['이전', '이후'],
  ['전반', '후반'],
  ['처음|최초', '마지막'],
  ['먼저', '나중'],
  ['시작', '종료'],
  ['개막', '폐막'],
  ['개장', '폐장'],
  ['개업', '폐업'],
  ['취임', '퇴임'],
  ['입국', '출국'],
  ['입학', '졸업'],
  ['출생|탄생', '사망'],
  ['생존', '사망'],
  ['연초|올해 초|월초|초순', '연말|올해 말|월말|하순'],
  ['수 있|가능', '수 없|불가능'],
  // Extremes and sizes.
  ['최대', '최소'],
  ['최고', '최저'],
  ['최다', '최소'],
  ['많', '적은|적었|적다|적고|적어|적게|적지'],
  ['크다|크게|큰|컸|크고|크며', '작은|작았|작다|작고|작게|작아'],
  ['높', '낮은|낮았|낮다|낮고|낮게|낮아|낮춘|낮췄'],
  ['길다|길었|길고|길게', '짧'],
  ['넓', '좁'],
  // 먼 alone starts 먼저 and 먼지: the adjective before a noun is spelled with its space.
  ['가까운|가깝|가까이|가까웠', '먼 |멀다|멀리|멀고|멀었|멀어|멀며'],
  ['빠르|빨랐|빠른', '느리|느렸|느린'],
  ['쉽|쉬운|쉬웠', '어렵|어려운|어려웠'],
  // Direction and place.
  ['동쪽', '서쪽'],
  ['남쪽', '북쪽'],
  ['동부', '서부'],
  ['남부', '북부'],
  ['상류', '하류'],
  ['국내', '해외'],
  ['수출', '수입'],
  ['매수', '매도'],
  ['입금', '출금'],
  // Kinds that exclude each other.
  ['남성|남자', '여성|여자'],
  ['유료', '무료'],
  ['공개', '비공개'],
  ['공식', '비공식'],
  ['정규', '비정규'],
  ['가능', '불가능'],
  ['긍정', '부정'],
  ['장점', '단점'],
  ['호평', '혹평'],
  ['진짜', '가짜'],
  ['흡연', '금연'],
  // Will and force; alone and together; life and death of a person.
  ['자발적|자의로|스스로', '강제|강요|억지로'],
  ['홀로|혼자', '함께|같이'],
  ['살아남|생존', '살해|죽임을|사망|숨졌|숨진'],
  ['기혼|유부남|유부녀', '미혼|총각|처녀'],
  ['결혼', '이혼'],
  ['가입', '탈퇴'],
  ['입사', '퇴사'],
  ['입원', '퇴원'],
  ['입대', '제대|전역'],
  ['은퇴', '복귀'],
  ['고용|채용', '해고'],
  ['도망|탈출', '붙잡|체포|잡혔'],
  // Opposite processes and states of matter and of the body.
  ['흡수', '방출'],
  ['수축', '팽창|이완'],
  ['가열', '냉각'],
  ['양성', '음성'],
  ['산성', '염기성|알칼리성'],
  ['육식', '초식'],
  ['실내', '실외|야외'],
  ['오전', '오후'],
  ['내부', '외부'],
  ['유인', '무인'],
  ['직접', '간접'],
  ['동일|똑같', '독자|상이'],
  ['부유|부자', '가난|빈곤'],
];

/** ANTONYMS with each side's forms split once. */
const ANTONYM_FORMS = ANTONYMS.map(([a, b]) => [a.split('|'), b.split('|')] as const);

/**
 * Pairs of ANTONYMS that are two events of one life, term or run (born and died, took office and
 * left it, opened and closed): the other one said is another event, not the claim's denied —
 * "토마스 아퀴나스의 탄생 연월일을 명시한 기록은 전무하다" says nothing against "…1274년에
 * 사망하였다". Only said of the claim's own date (1879년에 태어났다 against 1879년에 사망했다) is
 * it the event swapped.
 */
const EVENT_PAIRS: ReadonlySet<string> = new Set(['출생|탄생', '입학', '취임', '입국', '개막', '개장', '개업', '시작']);
const EVENT_PAIR_FORMS = new Set<readonly string[]>(
  ANTONYM_FORMS.filter((_, i) => EVENT_PAIRS.has(ANTONYMS[i]![0])).flat(),
);
const YEAR = /\d{1,4}년/g;
/** Whether the evidence says every year the claim says (and the claim says one). */
function saysClaimYears(claim: string, evidence: string): boolean {
  const years = claim.match(YEAR) ?? [];
  const said = new Set(evidence.match(YEAR));
  return years.length > 0 && years.every((y) => said.has(y));
}

/** Prefixes that negate a Sino-Korean noun (불가능, 비공개, 미방영, 무소속). */
const NEGATING_PREFIX = /[불비미무]/;
/** What separates words for the prefix check. */
const WORD_BREAK_CHAR = /[\s,.!?;:"“”'‘’()]/;
/** What may stand before a word's start: a space, a quote, a bracket, a comma or a full stop. */
const WORD_START = /[\s"'“‘(,.]/;

/**
 * Whether one of `forms` occurs in `text` as a word or the start of one (not 불가능 for 가능:
 * the prefix makes it the opposite). The tables' forms are split once, not on every clause.
 */
export function hasAnyOf(text: string, forms: readonly string[]): boolean {
  for (const form of forms) if (hasForm(text, form)) return true;
  return false;
}

/**
 * Forms of a pair with a common homograph, and what follows the homograph: 인상적 / 인상을 받다 /
 * 인상이 깊다 are 印象 (an impression), not 引上 (a raise against 인하).
 */
const HOMOGRAPH_AFTER: ReadonlyMap<string, RegExp> = new Map([['인상', /^(적|을\s?(주|준|줬|받|남)|이\s?(깊|좋|남))/]]);

const hasForm = (text: string, word: string): boolean => formCount(text, word, 1) > 0;

/** How many times `text` says `word` as a word of its own (up to `limit`). */
function formCount(text: string, word: string, limit = Infinity): number {
  let from = 0;
  let n = 0;
  const homograph = HOMOGRAPH_AFTER.get(word);
  for (;;) {
    const at = text.indexOf(word, from);
    if (at < 0 || n >= limit) return n;
    from = at + 1;
    if (homograph?.test(text.slice(at + word.length))) continue;
    const before = text[at - 1] ?? ' ';
    // Short stems (늘, 많) must start a word; longer ones may close a compound (경제성장 → 성장).
    if (WORD_START.test(before) || (word.length >= 2 && !NEGATING_PREFIX.test(before))) n++;
  }
}

/** How many times `text` says any of `forms`. */
const timesSaid = (text: string, forms: readonly string[]): number =>
  forms.reduce((n, form) => n + formCount(text, form), 0);

export interface AntonymClash {
  claimWord: string;
  evidenceWord: string;
}

/** An antonym pair the claim uses one side of (`said`), not the other (`opposite`). */
export interface ClaimAntonym {
  said: readonly string[];
  opposite: readonly string[];
  claimWord: string;
  /** How many times the claim says its side. */
  times: number;
}

/** What antonymClashes reads of the claim: a caller checking many sentences reads it once. */
export function claimAntonyms(claim: string): ClaimAntonym[] {
  const out: ClaimAntonym[] = [];
  for (const [a, b] of ANTONYM_FORMS) {
    const claimA = hasAnyOf(claim, a);
    if (claimA === hasAnyOf(claim, b)) continue;
    const [said, opposite] = claimA ? [a, b] : [b, a];
    out.push({ said, opposite, claimWord: firstForm(claim, said), times: timesSaid(claim, said) });
  }
  return out;
}

/**
 * Antonym pairs where the claim uses one side and the evidence only the other. Words the
 * evidence shares with the claim are never a clash ("증가와 감소를 반복" says both).
 */
export function antonymClashes(
  claim: string,
  evidence: string,
  used: readonly ClaimAntonym[] = claimAntonyms(claim),
  sentence = evidence,
): AntonymClash[] {
  const out: AntonymClash[] = [];
  const asserted = used.length > 0 && !UNASSERTED.test(claim) ? evidence.replace(UNASSERTED_WORDS, ' ') : evidence;
  for (const { said, opposite, claimWord, times } of used)
    // A place or time the claim speaks in (국내에서 …) that the sentence sets beside the other
    // ("해외에선 …했지만 국내에선 …"): each clause speaks of its own, the other is no clash. A
    // value said both ways ("길었지만 … 짧아짐") is read clause by clause as before.
    // The claim's word as many times as the claim says it: "서쪽 평원과 서쪽 산지" is not "서쪽 평원과
    // 동쪽 산지", though that says 서쪽 once.
    if (
      hasAnyOf(asserted, opposite) &&
      timesSaid(evidence, said) < times &&
      !(sentence !== evidence && framing(claim, claimWord) && hasAnyOf(sentence, said))
    ) {
      if (EVENT_PAIR_FORMS.has(said) && !saysClaimYears(claim, evidence)) continue;
      const evidenceWord = firstForm(asserted, opposite);
      if (RELATIVE_TIME.test(claimWord) && !sameAnchor(claim, claimWord, asserted, evidenceWord)) continue;
      if (!saidOfAnotherNoun(asserted, evidenceWord, claim)) out.push({ claimWord, evidenceWord });
    }
  return out;
}

/** Before or after something: the word before it says what (2006년 10월 9일 이전, 핵실험 이후). */
const RELATIVE_TIME = /^(이전|이후)/;

/** What comes before each `form` in `text` (the word before it, or the start of its own word), stemmed. */
function anchors(text: string, form: string): string[] {
  const words = text.split(/\s+/);
  const out: string[] = [];
  for (const [i, word] of words.entries()) {
    const at = word.indexOf(form);
    if (at < 0) continue;
    const anchor = at > 0 ? word.slice(0, at) : (words[i - 1] ?? '');
    out.push(stripSuffixes(anchor.replace(/[^가-힣A-Za-z0-9]+/g, '')));
  }
  return out;
}

/**
 * Whether the claim's before or after is of what the evidence's opposite is: "2006년 10월 9일
 * 이전에도 … 있었다" is not opposed by "… 두 차례의 핵실험 이후 3년 9개월만에". A claim that
 * says it of nothing (이전에는) is read as before.
 */
function sameAnchor(claim: string, claimWord: string, evidence: string, evidenceWord: string): boolean {
  const [own = ''] = anchors(claim, claimWord);
  if (own === '') return true;
  // One may name it in more words (제1차 세계대전 against 세계 대전).
  return anchors(evidence, evidenceWord).some((a) => a !== '' && (a.includes(own) || own.includes(a)));
}

/** A word the claim uses as the place or time it speaks in (국내에서, 오전에는, 해외엔). */
const framing = (claim: string, word: string): boolean =>
  new RegExp(`${escapeRegExp(word)}(에서는|에서|에선|에는|엔)(?![가-힣])`).test(claim);

const DEPENDENT_NOUN = /^(것|수|데|바|적|줄|듯|점|때|채)$/;

/**
 * Whether each time the evidence says the antonym it says it of a noun the claim does not name:
 * its own subject before it ("가장 밀도가 큰 천체": the density is great, not the planet) or, said
 * before a noun, that noun ("큰 탈출 속도를 가진"). "수성이 가장 큰" and "큰 행성" are still said of
 * the claim's words. Read on whole words only: a form inside a longer word is left as it was.
 */
function saidOfAnotherNoun(text: string, form: string, claim: string): boolean {
  const words = text.split(/\s+/);
  const claimWords = claim.split(/\s+/);
  // A dependent noun (것이 가능하다, 수가 많다) stands for the clause before it, not another thing.
  const named = (word: string | undefined, particle?: RegExp) => {
    const plain = (word ?? '').replace(/[^가-힣A-Za-z0-9]+/g, '');
    const stem = particle ? plain.replace(particle, '') : stripSuffixes(plain);
    return stem === '' || DEPENDENT_NOUN.test(stem) || claimWords.some((w) => w.startsWith(stem));
  };
  let seen = 0;
  for (const [i, word] of words.entries()) {
    if (!word.startsWith(form)) continue;
    seen++;
    const before = words[i - 1] ?? '';
    const ownSubject = /[가-힣](이|가)$/.test(before) && !named(before, /(이|가)$/);
    const ofNext = word === form && adnominal(form) && words[i + 1] !== undefined && !named(words[i + 1]);
    // Written solid before a time noun (총회 마지막날): the day is the last, not the claim's thing.
    const ofTime = TIME_AFTER.test(word.slice(form.length));
    if (!ownSubject && !ofNext && !ofTime) return false;
  }
  return seen > 0;
}

const TIME_AFTER = /^(날|달|주|회|시간|순간|날짜)(에|의|은|는|이|가|로|,)?[,.]?$/;

/**
 * A word ending in an aim (높이기 위해, 줄이려고, 늘리고자, 낮추도록) or a condition (재편된다면,
 * 크다면) states what is wanted or supposed, not what is: "국장의 책임을 높이기 위해 재편된다면"
 * says nothing of how high the post is. Its antonym is no opposition to a claim that asserts.
 */
const UNASSERTED_END = '(?:기\\s*위(?:해|하여|한)|려고|려는|고자|도록|[다라]면)';
const UNASSERTED_WORDS = new RegExp(`[가-힣]+${UNASSERTED_END}(?![가-힣])`, 'g');
const UNASSERTED = new RegExp(`[가-힣]${UNASSERTED_END}(?![가-힣])`);

/** A quoted content (…라고, …다고, …냐고, …자고) right before the verb starting with `key`. */
const QUOTED_VERB = /[가-힣](?:라|다|냐|자)고\s+(\S{2})/g;
function quotesBefore(clause: string, key: string): boolean {
  for (const m of clause.matchAll(QUOTED_VERB)) if (m[1] === key) return true;
  return false;
}

function firstForm(text: string, forms: readonly string[]): string {
  return forms.find((f) => hasForm(text, f)) ?? forms.join('|');
}

/** Prefix negation of a shared noun: 공개 in the claim, 비공개 in the evidence, or the reverse. */
export function prefixNegated(term: string, claim: string, evidence: string): boolean {
  // The prefixes negate nouns (불가능, 비공개); 불태웠고 is a verb of its own, not 태웠고 denied.
  if (term.length < 2 || !/^[가-힣]+$/.test(term) || VERB_FORM.test(term)) return false;
  // Both branches need the term on both sides, plain or prefixed.
  if (!claim.includes(term) || !evidence.includes(term)) return false;
  // The prefixed form must be the whole word: 비수도권 negates 수도권, not 수도. Read at the
  // term's occurrences, not by splitting the text into words for every term.
  const negated = (text: string): boolean => {
    for (let at = text.indexOf(term, 1); at >= 0; at = text.indexOf(term, at + 1)) {
      if (!NEGATING_PREFIX.test(text[at - 1] as string) || (at >= 2 && !WORD_BREAK_CHAR.test(text[at - 2] as string)))
        continue;
      let end = at + term.length;
      while (end < text.length && !WORD_BREAK_CHAR.test(text[end] as string)) end++;
      if (stripSuffixes(text.slice(at - 1, end)).length <= term.length + 1) return true;
    }
    return false;
  };
  // The term at the start or after any other character than a negating prefix.
  const plain = (text: string): boolean => {
    for (let at = text.indexOf(term); at >= 0; at = text.indexOf(term, at + 1))
      if (at === 0 || !NEGATING_PREFIX.test(text[at - 1] as string)) return true;
    return false;
  };
  // Whatever follows it, and spaced apart as often written (불 태웠고): a side that says the
  // prefixed word at all ("승부의 결과는 무승부다") is not opposed by the other's.
  const prefixed = (text: string): boolean => new RegExp(`(^|[\\s,.!?;:"“”'‘’()])[불비미무]\\s?${term}`).test(text);
  return (
    (negated(claim) && !plain(claim) && plain(evidence) && !prefixed(evidence)) ||
    (negated(evidence) && !plain(evidence) && plain(claim) && !prefixed(claim))
  );
}

/** A conjugated predicate (past tense and its kin): 태웠고, 했다, 됐으며 — no noun a prefix negates. */
const VERB_FORM = /[았었였웠했됐겠]/;

/**
 * Words restricted by 만 / 밖에 / 뿐 ("학부모만 참여했다"). Exclusivity is a claim of its own
 * that a list in the evidence ("어린이, 학부모, 선생님이 참여") cannot confirm.
 */
const EXCLUSIVE =
  /([가-힣]{2,}?)(에서만|에게만|으로만|로만|에만|만이|만을|만은|만의|만으로|만|밖에|뿐)(?=\s|$|[.,!?])/g;
const NOT_EXCLUSIVE = /(지|불|이|그|고|만|천|백|억)$/;

export function exclusiveWords(text: string): string[] {
  const out: string[] = [];
  EXCLUSIVE.lastIndex = 0;
  for (let m = EXCLUSIVE.exec(text); m; m = EXCLUSIVE.exec(text)) {
    const stem = m[1] as string;
    // …지만 is a connective, 불만/이만/그만 are words, 5천만 is a number.
    if (m[2] === '만' && NOT_EXCLUSIVE.test(stem)) continue;
    out.push(stem);
  }
  return out;
}

/** A clause's topic or subject: the stem of its first word in 은/는/이/가 ('' when none). */
export function clauseTopic(text: string): string {
  // Glosses sit between a name and its particle: 서울특별시(서울特別市)는.
  const words = text
    .replace(/\([^)]*\)/g, '')
    .split(/\s+/)
    .map((w) => w.replace(/[^가-힣A-Za-z0-9]/g, ''));
  const word = words.find((w) => /[가-힣A-Za-z0-9](은|는|이|가)$/.test(w));
  return word ? stripSuffixes(word) : '';
}

/**
 * Whether an evidence clause speaks of the claim clause's subject: its topic (or, when it has
 * none, its sentence's) is the claim's, or the sentence has none (a wiki sentence continuing
 * its page's subject). "대신들은 … 찬성하도록 하였다" says nothing of what 고종 opposed.
 */
export function sameSubject(claimClause: string, evidenceClause: string, evidenceSentence: string): boolean {
  const subject = clauseTopic(claimClause);
  const topic = clauseTopic(evidenceClause) || clauseTopic(evidenceSentence);
  return subject.length >= 1 && (topic === '' || topic === subject);
}

/**
 * Verbs that stop or refuse what the noun before them names: "방문을 중단했다" says 방문하지
 * 않는다 without a negation word, so the polarity of such a predicate cannot be read by counting.
 */
const CESSATION = /^[가-힣]*\s*(을|를|은|는|도)?\s?(중단|중지|그만|멈추|멈췄|멈춘|거부|거절|포기|끊)/;

/**
 * Where the clause last says the predicate's stem, -1 when nowhere: a one-syllable stem only with
 * a form of its 하 (말하지, 말한다, 말했다), never alone (말레이시아).
 */
function lastSaid(clause: string, key: string): number {
  if (key.length >= 2) return clause.lastIndexOf(key);
  return [...clause.matchAll(new RegExp(`${escapeRegExp(key)}(?=[하한했할함해])`, 'g'))].at(-1)?.index ?? -1;
}

/**
 * Negations from the last mention of the predicate to the end of the clause: its own polarity,
 * not a modifier's. Null when the predicate is not there, or is stopped or refused (CESSATION).
 */
function predicatePolarity(clause: string, key: string): number | null {
  const at = lastSaid(clause, key);
  if (at < 0 || CESSATION.test(clause.slice(at + key.length))) return null;
  return countNegations(clause.slice(at)) % 2;
}

/**
 * The claim's predicate said with the opposite polarity about the same subject: the evidence
 * clause's topic (or, when it has none, its sentence's) is the claim's, or the sentence has
 * none ("…을 개최하지 않았다" in a page about the claim's subject), and from the predicate
 * to the end of the clause one side is negated and the other not ("맨섬은 영국에 포함된다" ↔
 * "맨섬은 영국에 포함되지는 않지만"). A negated modifier before an affirmed predicate ("잘 녹지
 * 않는 에탄올과 메탄올에도 녹는다") and another topic ("무산소 운동이란 산소를 활용하지 않고")
 * are not.
 */
export function negatedPredicate(
  claimClause: string,
  evidenceClause: string,
  evidenceSentence: string,
  predicate: string,
): boolean {
  // An evidence sentence without a topic of its own continues its page's subject.
  if (predicate.length < 1 || !sameSubject(claimClause, evidenceClause, evidenceSentence)) return false;
  const key = predicate.slice(0, 2);
  // "…체인점이라고 생각하지 않는다" denies what is thought, not the thinking: against "그 생각을
  // 한다" it is another predication. Only a claim that quotes too compares the two.
  if (quotesBefore(evidenceClause, key) && !quotesBefore(claimClause, key)) return false;
  const claimed = predicatePolarity(claimClause, key);
  const stated = predicatePolarity(evidenceClause, key);
  return claimed !== null && stated !== null && claimed !== stated;
}

/**
 * The claim with its one negation taken off the predicate, or null: "X는 Y가 아니다" → "X는
 * Y이다", "…을 사살하지 못한다" → "…을 사살한다", "…을 먹지 않았다" → "…을 먹었다". Only a claim
 * whose sole negation is the sentence-final one, so that what is left is the claim's own
 * statement, affirmed; anything else (a negation inside, a double one) gives null.
 */
export function affirmative(claim: string): string | null {
  const text = claim.trim().replace(/[.!?。]+$/, '');
  // "비용만이 아니다", "거의 …지 않는다", "…만큼 …지 않다": no plain affirmative underneath.
  if (countNegations(text) !== 1 || scopedNegation(text, '', true)) return null;
  let m: RegExpExecArray | null;
  if ((m = /^(.+?)(?:이|가)\s아니(다|었다|였다)$/.exec(text))) {
    const noun = m[1] as string;
    const last = noun.at(-1) as string;
    const copula = m[2] === '다' ? '이다' : /[가-힣]/.test(last) && !hasFinal(last) ? '였다' : '이었다';
    return `${noun}${copula}.`;
  }
  if ((m = /^(.+?)하지\s?(?:는\s)?(않|못)(는다|한다|했다|하였다|았다)$/.exec(text)))
    return `${m[1]}${/^(는다|한다)$/.test(m[3] as string) ? '한다' : '했다'}.`;
  if ((m = /^(.+?)([가-힣])지\s?(?:는\s)?(않|못)(는다|한다|했다|하였다|았다)$/.exec(text))) {
    const stem = m[2] as string;
    if (/^(는다|한다)$/.test(m[4] as string))
      return hasFinal(stem) ? `${m[1]}${stem}는다.` : `${m[1]}${String.fromCharCode(stem.charCodeAt(0) + 4)}다.`;
    return `${m[1]}${stem}었다.`;
  }
  return null;
}
