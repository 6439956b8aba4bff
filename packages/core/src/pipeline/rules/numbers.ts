/**
 * Quantities in Korean text: Arabic digits with the Korean large-number words (6조원,
 * 5조 2천억원, 1,200만 명), native numerals before counters (세 명, 두 차례), percentages,
 * and dates split into their parts (2024년 3월 5일 → 2024 년, 3 월, 5 일). A claim and its
 * evidence disagree when they give different values for the same unit.
 */
import { stripSuffixes } from '../../search/korean.js';
import { NATIVE_NUMERALS, ORDINAL_NATIVE } from './numerals.js';
import { adnominal } from './terms.js';
import { textMemo } from './text-memo.js';

export interface Quantity {
  value: number;
  /** Normalised unit: 년, 월, 일, 원, %, 명, 개, 주택 …; '' for a bare number. */
  unit: string;
  /** The text as written, for reasons shown to users. */
  raw: string;
  /** An approximation (약, 여, 가량, 이상 …): never a hard mismatch. */
  approximate: boolean;
  /** The word just before the number, without its particle: what is counted (수도권 2315가구). */
  anchor: string;
  /** The word after the number's own (…30년을 기준으로 → 기준으로), for a count read in its frame. */
  after?: string;
  /** The noun a count of 의 counts, without its particle: 91개의 섬으로 → 섬. */
  counted?: string;
}

/** Multipliers inside one group (2천, 3백) and between groups (5조 2천억). */
const SMALL: Record<string, number> = { 십: 10, 백: 100, 천: 1000 };
const LARGE: Record<string, number> = { 만: 1e4, 억: 1e8, 조: 1e12 };

/**
 * Counters that may stand apart from the number (3 명, 세 명) and units that must be read
 * whole before particle stripping eats them (개월 ≠ 개, 년대 ≠ 년). Longest first.
 */
const COUNTERS =
  `퍼센트 개월 년대 주년 세기 분기 시간 번째 차례 가지 마리 가구 달러 위안 유로 광년 킬로미터 미터 킬로그램
  년 월 일 시 분 초 세 살 명 개 원 엔 위 회 차 번 대 층 기 호 권 장 편 곳 배 점 골 승 패 표 석 주 인 건 채 평 톤 개국 조항`
    .split(/\s+/)
    .filter(Boolean)
    .sort((a, b) => b.length - a.length);

/** Units of a point in time (a span, 3년 동안, is unit 년~ and not one). */
const DATE_UNITS = new Set(['년', '월', '일', '세기', '년대']);
/** Same quantity, different spelling. */
const UNIT_ALIASES: Record<string, string> = {
  퍼센트: '%',
  살: '세',
  프로: '%',
  킬로미터: 'km',
  미터: 'm',
  킬로그램: 'kg',
  // A work's year (봉준호 감독의 2000년작 영화): a date, one per work.
  년작: '년',
};

/** In this order (the first that fits is the counter): read for every pair of words of every text. */
const NATIVE_COUNTERS: readonly string[] = [
  '명',
  '개',
  // Before 번: 다섯 번째 (fifth) is 5번째, not 다섯 번 (five times).
  '번째',
  '번',
  '차례',
  '가지',
  '살',
  '권',
  '마리',
  '곳',
  '시간',
  '달',
  '사람',
  '채',
  '대',
  '장',
];

const SINO_DIGITS: Record<string, number> = { 일: 1, 이: 2, 삼: 3, 사: 4, 오: 5, 육: 6, 칠: 7, 팔: 8, 구: 9 };

/** Words around a number that make it approximate or a bound rather than a value. */
const APPROX_BEFORE = /(약|대략|거의|최소|최대|무려|줄잡아)\s*$/;
const APPROX_AFTER = /^(여|가량|남짓|정도|이상|이하|미만|초과|내외|안팎|넘|쯤|전후|대에|여개|여명)/;

/** What may follow a counter inside the same word (7년만에, 3일간, 5일부터). */
const AFTER_COUNTER = /^(동안|간|전|후|째|뒤|만|씩|짜리|부터|까지|이상|이하|미만|초과|가량|정도|남짓|쯤|여)/;

/** A length said to fall short of itself: 1년도 안 되어, 3개월이 채 못 돼, 2년도 되지 않아. */
const SHORT_OF =
  /^[가-힣]{1,2}?(도|이|가)\s+(채\s+)?(안\s?(되|돼|됐|된)|못\s?(되|돼|미치|미친)|되지\s?(않|못)|지나지\s?않)/;

/**
 * 프로 after a number is spoken Korean for percent only as a word of its own, with at most a
 * particle (12프로, 12프로가): 프로그램, 프로야구 are nouns counted by it, and "아이폰 12 프로"
 * (a space before it) is a product's name, never a share.
 */
const PERCENT_PRO = /^프로(이다|였다|이었다|이|가|를|을|의|에|로|는|은|도|까지|정도|가량|쯤|나)?$/;

function unitOf(run: string): string {
  if (PERCENT_PRO.test(run)) return '%';
  for (const c of COUNTERS) {
    if (!run.startsWith(c)) continue;
    const after = run.slice(c.length);
    const rest = after.replace(AFTER_COUNTER, '');
    if (rest !== '' && stripSuffixes(rest, 0) !== '') continue;
    // 3일 뒤, 7년 만에, 2시간 동안 are spans of time, not dates: a different unit.
    const span = /^(동안|간|전|후|뒤|만|째)/.test(after) ? '~' : '';
    return (UNIT_ALIASES[c] ?? c) + span;
  }
  const stem = stripSuffixes(run, 0);
  // Longer units are nouns counted by the number (1주택, 3개국): keep up to 3 syllables.
  const unit = stem.slice(0, 3);
  return UNIT_ALIASES[unit] ?? unit;
}

/** The number and unit as written, without the particle after them (6조원을 → 6조원). */
function displayRaw(raw: string): string {
  // 12프로 keeps its 로: it is the unit, not a particle.
  if (/\d\s?프로/.test(raw)) return raw.trim().replace(/(프로)[가-힣]*$/, '$1');
  return raw.trim().replace(/(이었다|였다|이다|에서|으로|까지|부터|을|를|이|가|은|는|의|에|로|과|와|도)$/, '');
}

/**
 * The noun after a count ending in 의, past its modifiers (91개의 크고 작은 섬들로 → 섬), or
 * undefined: not for dates (2002년의 대회), nor past three words.
 */
function countedNoun(word: string, unit: string, rest: string): string | undefined {
  if (!word.endsWith('의') || unit === '' || DATE_UNITS.has(unit)) return undefined;
  const words = rest.trimStart().split(/\s+/, 3);
  // A modifier ends in 고 (크고) or is adnominal (작은, 붉은, 새로운).
  const noun = words.find((w) => /^[가-힣]+$/.test(w) && !w.endsWith('고') && !adnominal(w));
  return noun === undefined ? undefined : stripSuffixes(noun) || undefined;
}

/** Parses 이천이십 / 삼십 / 오백만 style Sino-Korean numerals; NaN when it is not one. */
export function parseSinoKorean(word: string): number {
  if (!/^[일이삼사오육칠팔구십백천만억조]+$/.test(word)) return NaN;
  let total = 0;
  let group = 0;
  let digit = 0;
  for (const ch of word) {
    if (ch in SINO_DIGITS) {
      if (digit) return NaN;
      digit = SINO_DIGITS[ch] as number;
    } else if (ch in SMALL) {
      group += (digit || 1) * (SMALL[ch] as number);
      digit = 0;
    } else {
      total += (group + digit || 1) * (LARGE[ch] as number);
      group = 0;
      digit = 0;
    }
  }
  return total + group + digit;
}

const NUMBER_START = /\d/g;

/** Every quantity in the text, in order. */
export function extractQuantities(text: string): Quantity[] {
  const out: Quantity[] = [];
  NUMBER_START.lastIndex = 0;
  for (let m = NUMBER_START.exec(text); m; m = NUMBER_START.exec(text)) {
    const start = m.index;
    // Digits inside names (S24, COVID-19, 3D) are part of the name.
    if (/[A-Za-z\-_]/.test(text[start - 1] ?? '')) {
      NUMBER_START.lastIndex = skipDigits(text, start);
      continue;
    }
    const parsed = readArabic(text, start);
    NUMBER_START.lastIndex = parsed.end;
    out.push(parsed.quantity);
  }
  readWordNumerals(text, out);
  readAttachedNative(text, out);
  return out;
}

/**
 * extractQuantities of the texts read lately: every claim of a run (and each of its predicate
 * variants) compares its values with the same evidence sentences. Shared: callers must not change it.
 */
export const quantitiesOf = textMemo<readonly Quantity[]>(extractQuantities, 1024);

/** The Hangul or Latin word right before `at` (one space or none between), minus its particle. */
function anchorBefore(text: string, at: number): string {
  const m = /([가-힣A-Za-z]+)\s?$/.exec(text.slice(Math.max(0, at - 20), at));
  if (!m) return '';
  const word = m[1] as string;
  return /^[가-힣]+$/.test(word) ? stripSuffixes(word) : word.toLowerCase();
}

function skipDigits(text: string, i: number): number {
  while (i < text.length && /[\d.,]/.test(text[i] as string)) i++;
  return i;
}

/** Reads 5조 2천억원, 1,200만 명, 3.5%, 2024년 from `start`. */
function readArabic(text: string, start: number): { quantity: Quantity; end: number } {
  let i = start;
  let total = 0;
  for (;;) {
    const num = /^(\d+(?:,\d{3})*(?:\.\d+)?)([천백]?)([만억조]?)/.exec(text.slice(i));
    if (!num) break;
    let group = Number((num[1] as string).replaceAll(',', ''));
    if (num[2]) group *= SMALL[num[2]] as number;
    if (num[3]) group *= LARGE[num[3]] as number;
    total += group;
    i += num[0].length;
    // 5조 2천억: another group follows only after a large multiplier and before a smaller one.
    if (!num[3]) break;
    const ahead = /^\s?(?=\d+(?:\.\d+)?[천백]?[만억천])/.exec(text.slice(i));
    if (!ahead) break;
    i += ahead[0].length;
  }
  let unit = '';
  let end = i;
  const rest = text.slice(i);
  // 100여 명: 여 marks an approximation and the counter comes after it.
  const roughly = /^여(?=\s|[가-힣])/.test(rest);
  const unitText = roughly ? rest.slice(1) : rest;
  const attached = roughly && /^\s/.test(unitText) ? null : /^[가-힣]+/.exec(unitText);
  const spaced = /^ ([가-힣]+)/.exec(unitText);
  const shift = roughly ? 1 : 0;
  const latin = /^\s?([A-Za-z]{1,4})\b/.exec(rest);
  if (rest.startsWith('%')) {
    unit = '%';
    end = i + 1;
  } else if (attached) {
    unit = unitOf(attached[0]);
    end = i + shift + attached[0].length;
  } else if (spaced && COUNTERS.some((c) => (spaced[1] as string).startsWith(c))) {
    unit = unitOf(spaced[1] as string);
    end = i + shift + spaced[0].length;
  } else if (latin) {
    unit = (latin[1] as string).toLowerCase();
    end = i + latin[0].length;
  }
  // 3일 뒤, 2년 전, 2년 전부터 with a space: also a span of time; so is a length said to fall short
  // (1년도 안 되어, 1년이 채 못 되어), which dates nothing.
  if (
    unit &&
    !unit.endsWith('~') &&
    (/^\s(뒤|후|전|동안|만에|만)(?=\s|$|[에의을이가은는도.,]|부터|까지)/.test(text.slice(end)) ||
      SHORT_OF.test(text.slice(i)))
  )
    unit += '~';
  const before = text.slice(Math.max(0, start - 6), start);
  // The approximation word follows the unit (100여 명, 5조원가량, 30% 이상).
  const tail = text
    .slice(i, end + 5)
    .replace(/^[%가-힣A-Za-z]*?(?=여|가량|남짓|정도|이상|이하|미만|초과|내외|안팎|넘|쯤)/, '')
    .trimStart();
  const approximate =
    roughly || APPROX_BEFORE.test(before) || APPROX_AFTER.test(tail) || APPROX_AFTER.test(text.slice(end).trimStart());
  return {
    quantity: {
      value: total,
      unit,
      raw: displayRaw(text.slice(start, end)),
      approximate,
      anchor: anchorBefore(text, start),
      after: /^\S*\s+(\S+)/.exec(text.slice(end))?.[1] ?? '',
      counted: countedNoun(text.slice(start, end), unit, text.slice(end)),
    },
    end,
  };
}

/** 세 명, 두 차례, 삼십 명: numerals written as words, before a counter. */
function readWordNumerals(text: string, out: Quantity[]): void {
  const re = /(^|[\s(])([가-힣]{1,4}) ([가-힣]+)/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const word = m[2] as string;
    const next = m[3] as string;
    const counter = NATIVE_COUNTERS.find((c) => next.startsWith(c) && stripSuffixes(next, 0).length <= c.length + 1);
    // Rewind so that "세 명 중 두 명" finds both.
    re.lastIndex = m.index + (m[1] as string).length + word.length;
    if (!counter) {
      countedByNumeral(text, m.index + (m[1] as string).length, word, next, out);
      continue;
    }
    let value = (counter === '번째' ? ORDINAL_NATIVE : NATIVE_NUMERALS)[word];
    if (value === undefined && word.length >= 2) value = parseSinoKorean(word);
    if (value === undefined || Number.isNaN(value)) continue;
    const unit = UNIT_ALIASES[counter] ?? counter;
    const at = m.index + (m[1] as string).length;
    out.push({ value, unit, raw: displayRaw(`${word} ${next}`), approximate: false, anchor: anchorBefore(text, at) });
  }
}

/**
 * Native numerals that count the noun after them with no counter between (두 학문, 세 나라, 다섯
 * 아들). 한 is left out (한 병원 is "a hospital"), and so is 열 (열 에너지 is heat).
 */
const COUNTING_NUMERAL = /^(두|세|네|다섯|여섯|일곱|여덟|아홉|열한|열두|스무|서른|마흔|쉰)$/;

/** "세 학문으로": three of the noun, its unit the noun itself as a number's noun is (1주택 → 주택). */
function countedByNumeral(text: string, at: number, word: string, next: string, out: Quantity[]): void {
  if (!COUNTING_NUMERAL.test(word)) return;
  // The search's stem, as on both sides (아들과 and 아들을 are 아, 딸을 is 딸).
  const noun = stripSuffixes(next, 0);
  if (!/^[가-힣]+$/.test(noun)) return;
  const unit = noun.slice(0, 3);
  out.push({
    value: NATIVE_NUMERALS[word] as number,
    unit: UNIT_ALIASES[unit] ?? unit,
    raw: displayRaw(`${word} ${next}`),
    approximate: false,
    anchor: anchorBefore(text, at),
  });
}

/** 스무살, 다섯명: longer native numerals written solid with their counter. */
function readAttachedNative(text: string, out: Quantity[]): void {
  const re = /(^|[\s(])(다섯|여섯|일곱|여덟|아홉|열한|열두|스무|서른|마흔|쉰)(살|명|개|번째|번|가지|마리|시간)/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const counter = m[3] as string;
    const at = m.index + (m[1] as string).length;
    out.push({
      value: NATIVE_NUMERALS[m[2] as string] as number,
      unit: UNIT_ALIASES[counter] ?? counter,
      raw: `${m[2]}${counter}`,
      approximate: false,
      anchor: anchorBefore(text, at),
    });
  }
}

export interface QuantityConflict {
  claim: Quantity;
  evidence: Quantity[];
}

/**
 * Claim quantities against evidence quantities. A claim value is confirmed when the evidence
 * has it (same unit, or one side bare: 1999 vs 1999년); it conflicts when the evidence gives
 * the same unit only with other values. Approximations never conflict.
 */
export function compareQuantities(
  claim: readonly Quantity[],
  evidence: readonly Quantity[],
): { confirmed: Quantity[]; conflicts: QuantityConflict[] } {
  const confirmed: Quantity[] = [];
  const conflicts: QuantityConflict[] = [];
  for (const q of claim) {
    const same = (e: Quantity): boolean => Math.abs(e.value - q.value) <= 1e-9 * Math.max(1, Math.abs(q.value));
    // The same word counting a different amount is a swap (수도권 3077가구 vs 수도권 2315가구,
    // 지방 3077가구), even when the claim's value appears elsewhere in the evidence.
    // Not for dates: the word before a date is the topic (유리는 2005년에 …, 2007년에 …), not what it counts.
    // Nor for a bare number after a name (아이폰 12 프로, 시즌 2): a model or a part, another thing, not another amount.
    const anchored =
      q.anchor.length >= 2 && q.unit !== '' && !q.approximate && !DATE_UNITS.has(q.unit)
        ? evidence.filter((e) => e.unit === q.unit && e.anchor === q.anchor)
        : [];
    if (anchored.length > 0 && !anchored.some(same)) {
      if (anchored.every((e) => !e.approximate)) conflicts.push({ claim: q, evidence: anchored });
      continue;
    }
    if (evidence.some((e) => same(e) && (e.unit === q.unit || e.unit === '' || q.unit === ''))) {
      confirmed.push(q);
      continue;
    }
    // A count of years (취임 3년, 잃어버린 10년) differs only from the same count's: the same word
    // before it, or after it (10년을 기준으로 against 30년을 기준으로).
    if (yearCount(q)) {
      const sameCount = (e: Quantity) =>
        (q.anchor.length >= 2 && e.anchor === q.anchor) || (!!q.after && q.after.length >= 2 && e.after === q.after);
      const counted = evidence.filter((e) => yearCount(e) && sameCount(e));
      if (counted.length > 0 && counted.every((e) => !e.approximate)) conflicts.push({ claim: q, evidence: counted });
      continue;
    }
    // An ordinal is compared with what it ranks (agreement.ts, qualifiers.ts ordinals), not as an amount.
    if (!q.unit || q.approximate || q.unit === '번째') continue;
    // Evidence values the claim also mentions are accounted for (총 5000명 중 100명 vs 100명), and a
    // count of another noun is another count (91개의 섬 vs 9개의 화산암층).
    const rivals = evidence.filter(
      (e) =>
        e.unit === q.unit &&
        !yearCount(e) &&
        !claim.some((c) => c.unit === e.unit && c.value === e.value) &&
        !countsAnother(q, e) &&
        !measuresAnother(q, e),
    );
    if (rivals.length > 0 && rivals.every((e) => !e.approximate)) conflicts.push({ claim: q, evidence: rivals });
  }
  return { confirmed, conflicts };
}

/**
 * Whether the claim says a value more often than the evidence, which says another of its unit:
 * one of the claim's may stand where the evidence's other value does ("1951년 결의안이 채택되고
 * 1951년 발효된" against "1948년 … 채택되고 1951년 발효된"), so the values are not all confirmed.
 */
export function saidMoreOften(claim: readonly Quantity[], evidence: readonly Quantity[]): boolean {
  // Only values with a unit: a bare number (3·1's 3) is matched by any unit's, as compareQuantities does.
  const times = (qs: readonly Quantity[], q: Quantity) =>
    qs.filter((e) => e.unit === q.unit && e.value === q.value).length;
  return claim.some(
    (q) =>
      q.unit !== '' &&
      times(claim, q) > times(evidence, q) &&
      evidence.some((e) => e.unit === q.unit && e.value !== q.value),
  );
}

/**
 * Whether the evidence's amount is of a compound of the claim's attribute (반지름 1740 km against
 * 지름은 3,476 km): the word before it names another measure. Only the compound: another word
 * before a number is as often the same measure said otherwise (약, 평균, 크기).
 */
function measuresAnother(a: Quantity, b: Quantity): boolean {
  return !DATE_UNITS.has(a.unit) && HANGUL_WORD.test(a.anchor) && b.anchor !== a.anchor && b.anchor.endsWith(a.anchor);
}
const HANGUL_WORD = /^[가-힣]{2,}$/;

/** Whether two counts of 의 count different nouns (섬 and 화산암층; 섬 and 화산섬 are one). */
function countsAnother(a: Quantity, b: Quantity): boolean {
  const [x, y] = [a.counted, b.counted];
  return x !== undefined && y !== undefined && !x.endsWith(y) && !y.endsWith(x) && !x.startsWith(y) && !y.startsWith(x);
}

/**
 * Years under 100 with no era before them count a period (취임 3년을 맞아, 잃어버린 10년) — or
 * shorten a year (62년 공개된) — rather than name a year: no calendar year's rival.
 */
const yearCount = (q: Quantity): boolean =>
  q.unit === '년' && q.value < 100 && !/^(기원전|기원후|서기)$/.test(q.anchor);

/** What after a date makes it where a period starts or ends (2003년부터, 2001년까지, 1970년 이후). */
const LIMITS = '부터|까지|이후|이전|이래';
const PERIOD_LIMIT = new RegExp(`^\\s?(${LIMITS})`);
/** A bound, not a date: a period's limit, or 1990년경, 1990년대 초, 10년 동안. */
const BOUND_AFTER = new RegExp(`^\\s?(${LIMITS}|무렵|경|께|쯤|전후|초|말|중반|후반|전반|동안)`);

/** Whether the words right after the quantity's first mention in `text` match `after`. */
function followedBy(text: string, q: Quantity, after: RegExp): boolean {
  const at = text.indexOf(q.raw);
  return at >= 0 && after.test(text.slice(at + q.raw.length));
}

function boundAt(text: string, q: Quantity): boolean {
  // The word may carry its bound (2003년부터는).
  return /\d[^\d]*(부터|까지)$/.test(q.raw) || followedBy(text, q, BOUND_AFTER);
}

/** Whether the date opens a period, said exactly (2301년부터): not after 이후 or 초반, which boundAt also reads. */
const startsAt = (text: string, q: Quantity): boolean => /\d[년월일]부터$/.test(q.raw) || followedBy(text, q, /^부터/);

/** A date said as a time (1923년, 1446년 10월), not a bound of a period, a count of years nor an approximation. */
export function isPointDate(q: Quantity, text: string): boolean {
  return DATE_UNITS.has(q.unit) && !q.approximate && !yearCount(q) && !boundAt(text, q);
}

/**
 * A point in time against only the bounds of a period, or approximate dates, either way round
 * (2006년 against "2003년부터 … 2010년까지"; "2001년까지 최고경영자였다" against "2003년 … 복귀했다"):
 * inside the period or not, the one does not date what the other does. Two bounds (2006년부터
 * against 2003년부터) still disagree.
 */
export function isPointAgainstPeriod(conflict: QuantityConflict, claim: string, evidence: string): boolean {
  const { claim: q } = conflict;
  if (!DATE_UNITS.has(q.unit)) return false;
  const bound = (e: Quantity, text: string) => e.approximate || boundAt(text, e);
  if (isPointDate(q, claim)) return conflict.evidence.every((e) => bound(e, evidence));
  // The claim's own bound only when it opens or closes a period (2001년까지), not a part of one (2000년대 초반).
  const limit = /(부터|까지)$/.test(q.raw) || followedBy(claim, q, PERIOD_LIMIT);
  return !q.approximate && limit && conflict.evidence.every((e) => isPointDate(e, evidence));
}

/**
 * A conflict of dates: the claim and the evidence date something by the same unit (year,
 * month, day, century) differently, and neither date is a bound of a period (2003년부터,
 * 2001년까지, 10년 동안), which a different date inside it would not contradict. Measured apart
 * from other numbers because it is more often right (BoolQ train: 37 of 39 false statements,
 * against 28 of 33 for other numbers).
 */
export function isDateClash(conflict: QuantityConflict, claim: string, evidence: string): boolean {
  const { claim: q } = conflict;
  if (!DATE_UNITS.has(q.unit) || q.approximate) return false;
  // Where a period starts, said as exactly as a point (24세기는 2301년부터, 2024년부터 시행된다),
  // against where the sentence starts it; not an open bound (1970년 이후) nor a part (2000년대 초반부터).
  const start = startsAt(claim, q);
  if (!start && boundAt(claim, q)) return false;
  return conflict.evidence.every((e) => !e.approximate && (start ? startsAt(evidence, e) : !boundAt(evidence, e)));
}
