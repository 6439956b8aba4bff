/**
 * Contrast sets: words of one kind that exclude each other (co-hyponyms). A claim that puts
 * the event in 미국 when the matching evidence sentence says 영국, at 아침 instead of 밤, or
 * makes a 고등학생 a 대학생, swaps one member for another — the commonest way to make a false
 * sentence out of a true one besides numbers and negation. Members separated by | are
 * synonyms; the sets are short on purpose (only unambiguous words).
 */
import { hasAnyOf } from './polarity.js';

const SETS: readonly (readonly string[])[] = [
  // Countries most often named in Korean news (NAME_START: this set and the next are place names).
  [
    '한국|대한민국|남한',
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
  // Times of day, seasons, weekdays.
  ['아침', '점심', '저녁', '새벽'],
  ['봄철|봄에|봄이', '여름', '가을', '겨울'],
  ['월요일', '화요일', '수요일', '목요일', '금요일', '토요일', '일요일'],
  // Schools and the students in them.
  ['초등학교|초등학생', '중학교|중학생', '고등학교|고등학생|고교생', '대학교|대학생|대학원'],
  // Family roles.
  ['아버지|아빠', '어머니|엄마'],
  ['할아버지', '할머니'],
  ['남편', '아내'],
  ['아들', '딸이|딸을|딸은|딸의|딸과|딸로'],
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
const NAME_START: ReadonlyMap<readonly (readonly string[])[], RegExp> = new Map([
  [SET_FORMS[0]!, /(^|[\s"'“‘(《「『,.·])$/],
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

/** Members the claim names that the evidence replaces with another member of the same set. */
export function contrastClashes(
  claim: string,
  evidence: string,
  named: readonly ClaimContrast[] = claimContrasts(claim),
): ContrastClash[] {
  const out: ContrastClash[] = [];
  for (const { set, claimed } of named) {
    const inEvidence = set.filter((m) => has(set, evidence, m));
    if (inEvidence.length === 0 || inEvidence.includes(claimed)) continue;
    out.push({ claimWord: claimed[0] as string, evidenceWord: (inEvidence[0] as readonly string[])[0] as string });
  }
  return out;
}
