/**
 * Contrast sets: words of one kind that exclude each other (co-hyponyms). A claim that puts
 * the event in 미국 when the matching evidence sentence says 영국, at 아침 instead of 밤, or
 * makes a 고등학생 a 대학생, swaps one member for another — the commonest way to make a false
 * sentence out of a true one besides numbers and negation. Members separated by | are
 * synonyms; the sets are short on purpose (only unambiguous words).
 */
import { hasAnyOf } from './polarity.js';
import { copulaNoun } from './scope.js';

/** Family roles: people, who fill roles of their own in an event (see possessorsOfOtherNouns). */
const FAMILY_ROLES: readonly (readonly string[])[] = [
  ['아버지|아빠', '어머니|엄마'],
  ['할아버지', '할머니'],
  ['남편', '아내'],
  ['아들', '딸이|딸을|딸은|딸의|딸과|딸로'],
];

/** Periods of Korean history, said with 시대 (조선 alone is also a shipyard, a newspaper, North Korea). */
const PERIODS: readonly string[] = [
  '삼국 시대|삼국시대',
  '통일 신라 시대|통일신라 시대|통일신라시대|남북국 시대|남북국시대',
  '고려 시대|고려시대',
  '조선 시대|조선시대',
  '일제 강점기|일제강점기',
];

const SETS: readonly (readonly string[])[] = [
  // Countries most often named in Korean news (NAME_START: this set and the next are place names).
  [
    '한국|대한민국|남한|대한제국',
    '북한',
    '미국',
    '영국',
    '프랑스',
    '독일',
    '일본',
    '중국',
    '러시아',
    '캐나다',
    '호주',
    '이탈리아',
    '스페인',
    '인도네시아',
    '베트남',
    '태국',
    '브라질',
    '멕시코',
    '과테말라',
  ],
  ['아시아', '유럽', '아프리카', '북미', '남미', '오세아니아'],
  PERIODS,
  // Times of day, seasons, weekdays.
  ['아침', '점심', '저녁', '새벽'],
  ['봄철|봄에|봄이', '여름', '가을', '겨울'],
  ['월요일', '화요일', '수요일', '목요일', '금요일', '토요일', '일요일'],
  // Schools and the students in them.
  ['초등학교|초등학생', '중학교|중학생', '고등학교|고등학생|고교생', '대학교|대학생|대학원'],
  ...FAMILY_ROLES,
  // Housing.
  ['아파트', '단독주택', '빌라', '오피스텔'],
];

export interface ContrastClash {
  claimWord: string;
  evidenceWord: string;
}

/** SETS with each member's synonyms split once: the sets are read for every aligned sentence. */
const SET_FORMS: readonly (readonly (readonly string[])[])[] = SETS.map((set) =>
  set.map((member) => member.split('|')),
);

/**
 * The sets of place names (countries, continents). A country's name after another syllable of the
 * same word is part of another name — 동중국해 is a sea, 남중국해 another — not the country itself,
 * so it neither names a member nor replaces one; at a word's start it keeps its suffixes (중국인,
 * 미국산, 일본의). A continent keeps a direction before it: 남아프리카, 동남아시아 are parts of it.
 */
const PLACE_START = /(^|[\s"'“‘(《「『,.·])$/;
const NAME_START: ReadonlyMap<readonly (readonly string[])[], RegExp> = new Map([
  [SET_FORMS[0]!, PLACE_START],
  [SET_FORMS[1]!, /(^|[\s"'“‘(《「『,.·])(동|서|남|북|중|동남|서남|동북|서북)?$/],
]);

function namesMember(text: string, forms: readonly string[], start: RegExp): boolean {
  for (const form of forms)
    for (let at = text.indexOf(form); at >= 0; at = text.indexOf(form, at + 1))
      if (start.test(text.slice(Math.max(0, at - 3), at))) return true;
  return false;
}

function has(set: readonly (readonly string[])[], text: string, forms: readonly string[]): boolean {
  const start = NAME_START.get(set);
  return start ? namesMember(text, forms, start) : hasAnyOf(text, forms);
}

/** A contrast set the claim names exactly one member of. */
export interface ClaimContrast {
  set: readonly (readonly string[])[];
  claimed: readonly string[];
}

/** What contrastClashes reads of the claim: a caller checking many sentences reads it once. */
export function claimContrasts(claim: string): ClaimContrast[] {
  const out: ClaimContrast[] = [];
  for (const set of SET_FORMS) {
    const inClaim = set.filter((m) => has(set, claim, m));
    if (inClaim.length === 1) out.push({ set, claimed: inClaim[0] as readonly string[] });
  }
  return out;
}

/** The sets of people: a possessor among them is someone acting, not a kind or an origin. */
const PERSON_SETS: ReadonlySet<readonly (readonly string[])[]> = new Set(
  SET_FORMS.filter((_, i) => FAMILY_ROLES.includes(SETS[i]!)),
);

/** Words read after a possessor for its noun: "미국의 세계적인 패스트푸드 체인점" puts modifiers between. */
const POSSESSED_WORDS = 3;

/**
 * What follows each time a member is named as a possessor (엄마의 만류에도 불구하고 → its next
 * words); null when it is named once without 의, so it may be said of the subject itself.
 */
function possessed(text: string, forms: readonly string[]): string[][] | null {
  const out: string[][] = [];
  for (const form of forms)
    for (let at = text.indexOf(form); at >= 0; at = text.indexOf(form, at + 1)) {
      const rest = text.slice(at + form.length);
      const after = form.endsWith('의') ? rest : /^의\s/.test(rest) ? rest.slice(1) : null;
      if (after === null) return null;
      const words = after.match(/[가-힣A-Za-z0-9]+/g)?.slice(0, POSSESSED_WORDS) ?? [];
      if (words.length === 0) return null;
      out.push(words);
    }
  return out.length > 0 ? out : null;
}

/** Two words as the same noun: one the other's start, or the same first two syllables (간병을, 간병에). */
function sameNoun(a: string, b: string): boolean {
  const key = (w: string) => w.slice(0, Math.min(2, w.length));
  return a.startsWith(b) || b.startsWith(a) || key(a) === key(b);
}

/**
 * Whether the claim's member and the evidence's are possessors of different nouns: "아빠의 간병"
 * against "엄마의 만류" names two people with two roles in one event (the one cared for, the one
 * objecting), not another value of one attribute ("아빠의 간병" against "엄마의 간병" still
 * clashes). Only for people: a country as possessor is the origin of the thing itself ("한국의
 * 전통음식" against "태국의 쌀국수 요리" is another value). The noun possessed is the first word
 * after 의, looked for among the other side's next words.
 */
function possessorsOfOtherNouns(claim: string, claimed: readonly string[], evidence: string, other: readonly string[]) {
  const ofClaim = possessed(claim, claimed);
  const ofEvidence = ofClaim && possessed(evidence, other);
  if (ofClaim === null || ofEvidence === null) return false;
  const shares = (heads: string[][], phrases: string[][]) =>
    heads.some(([head]) => phrases.some((words) => words.some((w) => sameNoun(head!, w))));
  return !shares(ofClaim, ofEvidence) && !shares(ofEvidence, ofClaim);
}

/** A place name's own suffixes (한국인, 미국산, 일본어, 중국식, 영국령): the place itself, said of something. */
const PLACE_SUFFIX = /^(인|산|계|어|식|풍|군|령|측|제)/;
/** A particle after a place name: it is said of the sentence's predicate, not a modifier of a noun. */
const PLACE_PARTICLE =
  /^(의|은|는|이|가|을|를|에|과|와|도|로|으로|만|까지|부터)(?![가-힣])|^(에서|에게|에는|에도|이다|이며|이고|이었|였)/;

/**
 * Whether every time text `b` names its place it modifies another noun than the one text `a`'s
 * place possesses: "일본의 독립운동가" against "한국 천주교에서 …", "한국천주교회의 평가" — a Korean
 * church, not a Korean independence activist. A place said with a particle (한국의, 한국은) or its
 * own suffix (한국인), or before the same noun (한국 독립운동가), still replaces the other.
 */
function modifiesOtherNoun(a: string, ofA: readonly string[], b: string, ofB: readonly string[]): boolean {
  const heads = possessed(a, ofA);
  if (heads === null) return false;
  const places = placesIn(b, ofB);
  for (const rest of places) {
    if (!/^\s?[가-힣]/.test(rest) || PLACE_PARTICLE.test(rest) || PLACE_SUFFIX.test(rest)) return false;
    // "러시아 카라차예보체르케스카야 공화국의 수도이다": the phrase it opens may end in the same noun.
    const phrase = rest.match(/[가-힣A-Za-z0-9]+/g)?.slice(0, POSSESSED_WORDS) ?? [];
    if (heads.some(([head]) => phrase.some((w) => sameNoun(head!, w)))) return false;
  }
  return places.length > 0;
}

/** What follows each place name of `forms` at a word's start in `text` (한국 천주교 → " 천주교…"). */
function placesIn(text: string, forms: readonly string[]): string[] {
  const out: string[] = [];
  for (const form of forms)
    for (let at = text.indexOf(form); at >= 0; at = text.indexOf(form, at + 1))
      if (PLACE_START.test(text.slice(Math.max(0, at - 3), at))) out.push(text.slice(at + form.length));
  return out;
}

/** A country's particle as an actor or a thing acted on (일본이 강화하다, 일본을 방문하다): not where or whose. */
const ACTOR_PARTICLE = /^(이|가|은|는|을|를)(?![가-힣])/;

/**
 * Whether the claim's country possesses its noun (대한민국의 영토) while the evidence names the
 * other country only as an actor or an object of its own predicates: "…영토(독도) 문제 …, 일본이
 * 집단자위권을 강화함으로써" says whose the island is not.
 */
function actsElsewhere(claim: string, claimed: readonly string[], evidence: string, other: readonly string[]) {
  if (possessed(claim, claimed) === null) return false;
  const places = placesIn(evidence, other);
  return places.length > 0 && places.every((rest) => ACTOR_PARTICLE.test(rest));
}

/** A noun phrase closed by the particle of a verb's subject, object or partner (브랜드파이낸스가, 기업을, 기업과). */
const ARGUMENT_WORD = /^[가-힣A-Za-z0-9]{2,}(이|가)$|^[가-힣A-Za-z0-9]+(을|를|에게|와|과)$/;
/** The same after the claim's own noun, where a topic or a possessive also closes it (기업은, 기업의). */
const ARGUMENT_PARTICLE = /^(을|를|에게|와|과|은|는|의|도|에|에서)$/;

/**
 * Whether every time the evidence names its place, the place modifies a noun that is a verb's
 * subject, object or partner, not what the claim's subject is: "삼성전자는 한국 기업이다" is not
 * refuted by "삼성전자의 목표는 경쟁사인 일본 기업을 따라잡는 것이었다" (whom it competed with)
 * nor by "영국 브랜드파이낸스가 발표한 … 순위에서" (who ranked it). Read over the next few words
 * of the place's phrase (일본의 대형 기업을), stopping at the claim's noun ("일본 기업이다",
 * "일본의 기업으로" are still what it is) or at the first word closed by such a particle.
 */
function namesAnArgument(claim: string, claimed: readonly string[], evidence: string, other: readonly string[]) {
  const noun = copulaNoun(claim);
  const phrase = (place: string) => place.replace(/^만?의(?=\s)/, '').split(/[,;]/)[0]!;
  const words = (rest: string) => rest.match(/[가-힣A-Za-z0-9]+/g)?.slice(0, POSSESSED_WORDS) ?? [];
  // Only where the claim's place modifies the noun it says its subject is (한국 기업이다): not a
  // place that is that noun (…곳은 독일이다), nor one before a verb's argument (이탈리아의 영향을 받았다),
  // which the same argument of the evidence does contradict.
  if (!noun) return false;
  const places = placesIn(evidence, other);
  return (
    places.length > 0 &&
    placesIn(claim, claimed).some((p) => /^\s/.test(phrase(p)) && words(phrase(p)).some((w) => w.startsWith(noun))) &&
    places.every((place) => {
      // The place's phrase ends at a comma: "일본의 하쿠테이샤에서, 단편선이 …" names no 단편선 of Japan.
      const rest = phrase(place);
      if (!/^\s/.test(rest)) return false;
      for (const word of words(rest)) {
        if (word.startsWith(noun)) {
          const particle = word.slice(noun.length);
          // 기업이 아니다, 기업이 되었다: still what the subject is (or is not).
          if (/^(이|가)$/.test(particle)) return !/^\s*(아니|되)/.test(rest.slice(rest.indexOf(word) + word.length));
          return ARGUMENT_PARTICLE.test(particle);
        }
        if (ARGUMENT_WORD.test(word)) return true;
      }
      return false;
    })
  );
}

const BRACKETED = /\([^()]*\)/g;

const PERIOD_FORMS = SET_FORMS[SETS.indexOf(PERIODS)];

/** The particle after each place `forms` is named in `text` ('' for none): 조선 시대의 → 의. */
function particlesAfter(text: string, forms: readonly string[]): string[] {
  const out: string[] = [];
  for (const form of forms)
    for (let at = text.indexOf(form); at >= 0; at = text.indexOf(form, at + 1))
      out.push(/^(의|에는|에도|에서|에|부터|까지|이|가|은|는|을|를)?/.exec(text.slice(at + form.length))?.[1] ?? '');
  return out;
}

/**
 * Whether two periods are said in one role: both when something happened (삼국 시대에는), or both
 * as what a noun belongs to, the same noun (조선 시대의 군함 against 고려 시대의 군함). "고려 시대의
 * 문신이자 학자인 김부식" dates a scholar, not "삼국 시대에는 예술이 등장하였다".
 */
function samePeriodRole(claim: string, claimed: readonly string[], evidence: string, other: readonly string[]) {
  const [a, b] = [particlesAfter(claim, claimed), particlesAfter(evidence, other)];
  if (!a.some((p) => b.includes(p))) return false;
  return !(a.includes('의') && possessorsOfOtherNouns(claim, claimed, evidence, other));
}

/** Members the claim names that the evidence replaces with another member of the same set. */
export function contrastClashes(
  claim: string,
  evidence: string,
  named: readonly ClaimContrast[] = claimContrasts(claim),
): ContrastClash[] {
  const out: ContrastClash[] = [];
  // A place named in brackets glosses or refers elsewhere ("(동일본 대지진에 대한 대한민국의 논란
  // 참고)"): it is no value the sentence states.
  const stated = evidence.includes('(') ? evidence.replace(BRACKETED, ' ') : evidence;
  for (const { set, claimed } of named) {
    const inEvidence = set.filter((m) => has(set, stated, m));
    if (inEvidence.length === 0 || inEvidence.includes(claimed)) continue;
    // The claim's place inside a longer name (동일본 대지진 for 일본) is still spoken of there.
    if (NAME_START.has(set) && claimed.some((form) => evidence.includes(form))) continue;
    const other = inEvidence[0] as readonly string[];
    if (PERSON_SETS.has(set) && possessorsOfOtherNouns(claim, claimed, evidence, other)) continue;
    if (set === PERIOD_FORMS && !samePeriodRole(claim, claimed, evidence, other)) continue;
    // Either way round: "대한제국 농상공부 관측소는" is not refuted by "일본의 필요로".
    if (
      set === SET_FORMS[0] &&
      (modifiesOtherNoun(claim, claimed, evidence, other) ||
        modifiesOtherNoun(evidence, other, claim, claimed) ||
        actsElsewhere(claim, claimed, evidence, other) ||
        namesAnArgument(claim, claimed, stated, other))
    )
      continue;
    // Shown as written: 대한제국, not the set's first name 한국.
    const written = (text: string, forms: readonly string[]) => forms.find((f) => has(set, text, [f])) ?? forms[0]!;
    out.push({ claimWord: written(claim, claimed), evidenceWord: written(evidence, other) });
  }
  return out.length > 0 ? out : swappedMember(claim, evidence, named);
}

/** A sentence's or claim's words as a claim quotes them: glosses in brackets and final stops left out. */
const quotedWords = (text: string): string[] =>
  text
    .replace(/\s*\([^()]*\)/g, '')
    .split(/\s+/)
    .map((w) => w.replace(/[.,!?]+$/, ''))
    .filter(Boolean);

/**
 * The claim as the sentence with one member of a set swapped for another and every other word
 * the same ("…러시아 제국 태생 스페인 수학자이다" against "…러시아 제국 태생 독일 수학자이다"): a
 * claim naming two members of a set is read so, which contrastClashes otherwise leaves alone (which
 * of the two would stand against the sentence's is unknown). The swapped word must be the same but
 * for the member (미국의 against 대한민국의, not 북일본 against 북이탈리아).
 */
function swappedMember(claim: string, evidence: string, named: readonly ClaimContrast[]): ContrastClash[] {
  const [a, b] = [quotedWords(claim), quotedWords(evidence)];
  if (a.length !== b.length) return [];
  const differ = a.flatMap((w, i) => (w === b[i] ? [] : [i]));
  if (differ.length !== 1) return [];
  const [x, y] = [a[differ[0]!]!, b[differ[0]!]!];
  for (const set of SET_FORMS) {
    if (named.some((n) => n.set === set)) continue;
    const form = (word: string) => set.flatMap((m) => m.filter((f) => has(set, word, [f])))[0];
    const [fx, fy] = [form(x), form(y)];
    if (fx === undefined || fy === undefined || set.some((m) => m.includes(fx) && m.includes(fy))) continue;
    if (x.replace(fx, '') === y.replace(fy, '')) return [{ claimWord: fx, evidenceWord: fy }];
  }
  return [];
}
