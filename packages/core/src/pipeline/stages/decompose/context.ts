/**
 * Decontextualisation by rules: a claim taken out of an article must stand alone. Korean drops
 * the subject of a sentence that continues the previous one, refers back with 그는 / 이 회사,
 * and dates events relative to the day of the article (어제, 지난해). Each rule changes the
 * wording only where it can tell what is meant; otherwise the claim keeps its words.
 */
import type { CharSpan } from './spans.js';

export interface Subject extends CharSpan {
  /** The noun phrase without its particle (삼성전자, 서울시의 교육청). */
  text: string;
}

/** Topic and subject particles (the plural 들 may come before them). */
const SUBJECT_WORD = /^(.+?)(들)?(은|는|이|가|께서|도)$/;
/** Words that end in 이/가/도 but are no noun with a particle. */
const NOT_SUBJECT =
  /^(같이|함께|또한|특히|역시|다시|모두|이미|아직|거의|정도|가장|매우|아주|어떻게|이렇게|그렇게|결국|보다|또|하지만|그러나|그리고|그래서|따라서|한편|최근|당시|이후|이전|현재|지금|오늘|어제|올해|지난해)$/;
/** Words that refer back instead of naming: the rules replace them when there is an antecedent. */
const PRONOUN = /^(그|그녀|이들|그들|동사|당사|이곳|그곳)$/;
const DEMONSTRATIVE = /^(이|그|해당|동|같은|저)$/;
/** Nouns that, after 이/그/해당, point at an earlier subject: "이 회사는" is the company named before. */
const REFERENT_NOUN =
  /^(회사|기업|업체|단체|기관|정당|나라|국가|도시|지역|선수|인물|사람|팀|구단|학교|대학|병원|제품|법안|정책|그룹|은행|정부|부처|매체|방송사|언론사|협회|재단|조직|인사|감독|교수|의원|장관|대표|회장|총리|대통령)(들)?(은|는|이|가|의|을|를|와|과|도|에|에서|에게|로|으로)?$/;
/** Modifiers that may stand before the head noun of a subject (국적, 직함, 소속): bare nouns only. */
const TIME_WORD = /^(지난|이번|오는|올해|지난해|작년|내년|오늘|어제|그제|내일|최근|현재|당시|지금|이날|전날|다음날)/;

interface Word extends CharSpan {
  text: string;
}

function words(text: string, offset: number): Word[] {
  const out: Word[] = [];
  for (const m of text.matchAll(/[^\s]+/g)) {
    // Punctuation around a word is not part of it ("삼성전자는," → 삼성전자는).
    const raw = m[0];
    const lead = /^["'“‘(「『《[]+/.exec(raw)?.[0].length ?? 0;
    const trail = /["'”’)」』》\],.!?;:…]+$/.exec(raw.slice(lead))?.[0].length ?? 0;
    const w = raw.slice(lead, raw.length - trail);
    if (w) out.push({ text: w, start: offset + m.index + lead, end: offset + m.index + lead + w.length });
  }
  return out;
}

const isNounLike = (w: string) => /^[가-힣A-Za-z0-9·&.-]+$/.test(w);

/**
 * The subject of a sentence or clause: the first word marked 은/는/이/가/께서/도 whose stem is a
 * name (not a pronoun), with bare nouns and genitives right before it (미국 애플, 서울시의 교육청).
 * `offset` is where `text` starts in the article, so the subject's span is the article's.
 */
export function subjectOf(text: string, offset = 0): Subject | undefined {
  const ws = words(text, offset);
  // The final word is the predicate: never a subject.
  for (let i = 0; i < ws.length - 1; i++) {
    const w = ws[i] as Word;
    const m = SUBJECT_WORD.exec(w.text);
    if (!m || NOT_SUBJECT.test(w.text) || !isNounLike(w.text)) continue;
    const stem = (m[1] as string) + (m[2] ?? '');
    if (PRONOUN.test(m[1] as string) || stem.length < 2) return undefined;
    if (i > 0 && DEMONSTRATIVE.test((ws[i - 1] as Word).text)) return undefined;
    let first = i;
    while (first > 0) {
      const prev = (ws[first - 1] as Word).text;
      if (!isNounLike(prev) || /\d/.test(prev) || TIME_WORD.test(prev) || DEMONSTRATIVE.test(prev)) break;
      // A bare noun or a genitive belongs to the phrase; a word with another particle does not.
      if (!/의$/.test(prev) && SUBJECT_WORD.test(prev)) break;
      if (/(을|를|에|에서|로|으로|와|과|고|며|게|서|면|다)$/.test(prev)) break;
      first--;
    }
    const start = (ws[first] as Word).start;
    const end = w.start + stem.length;
    return { text: `${text.slice(start - offset, w.start - offset)}${stem}`, start, end };
  }
  return undefined;
}

/** Whether the clause names any subject at all, a pronoun included. */
export function hasSubject(text: string): boolean {
  const ws = words(text, 0);
  // X이 되다 / X가 아니다: 이/가 mark the complement there, not the subject.
  return ws
    .slice(0, -1)
    .some(
      (w, i) =>
        SUBJECT_WORD.test(w.text) &&
        !NOT_SUBJECT.test(w.text) &&
        isNounLike(w.text) &&
        !/^(되|된|됐|아니|아닌)/.test(ws[i + 1]?.text ?? ''),
    );
}

/**
 * Adnominal endings (가난한, 설립된, 살던, 하는): the word after one is the head of a noun
 * phrase. Bare 은/는 are left out: after a noun they are the topic particle.
 */
const ADNOMINAL = /(한|된|던|운|적인|하는|되는|있는|없는|않는|많은|적은|작은|좋은|같은)$/;

/** The final syllable has a consonant ending (받침): 애플은, 삼성전자는. */
function hasBatchim(word: string): boolean {
  const last = word.charCodeAt(word.length - 1);
  if (last >= 0xac00 && last <= 0xd7a3) return (last - 0xac00) % 28 !== 0;
  // Latin and digits: read out, most end in a vowel; 1, 3, 6, 7, 8, 0 and L, M, N end in a consonant.
  return /[136780lmnLMN]$/.test(word);
}

const PARTICLE_PAIRS: Record<string, [string, string]> = {
  은: ['은', '는'],
  는: ['은', '는'],
  이: ['이', '가'],
  가: ['이', '가'],
  을: ['을', '를'],
  를: ['을', '를'],
  과: ['과', '와'],
  와: ['과', '와'],
  으로: ['으로', '로'],
  로: ['으로', '로'],
};

/** `noun` with `particle` in the form its last syllable takes (애플 + 는 → 애플은). */
export function withParticle(noun: string, particle: string): string {
  const pair = PARTICLE_PAIRS[particle];
  if (!pair) return noun + particle;
  const last = noun.charCodeAt(noun.length - 1);
  // 로 after ㄹ: 서울로.
  if (particle === '으로' || particle === '로') {
    const rieul = last >= 0xac00 && last <= 0xd7a3 && (last - 0xac00) % 28 === 8;
    return noun + (hasBatchim(noun) && !rieul ? pair[0] : pair[1]);
  }
  return noun + (hasBatchim(noun) ? pair[0] : pair[1]);
}

/** Titles that end a person's name (홍길동 대표, 김 장관). */
const PERSON_TITLE =
  /(씨|대표|회장|사장|장관|차관|대통령|총리|의원|교수|감독|선수|기자|위원장|원장|청장|시장|지사|군수|구청장|이사장|총장|부장|국장|판사|검사|변호사|작가|배우|가수)$/;
const SURNAME =
  /^[김이박최정강조윤장임한오서신권황안송류전홍고문양손배백허유남심노하곽성차주우구민진나지엄채원천방공현함변염여추도소석선설마길연위표명기반왕금옥육인맹제모탁국어은편용]/;
/** Nouns after 이/그/해당 that mean a person: their antecedent must look like one. */
const PERSON_NOUN = /^(선수|인물|사람|인사|감독|교수|의원|장관|대표|회장|총리|대통령)/;

/** Whether a subject names a person, as far as the rules can tell: a title, or a three-syllable name. */
export function looksLikePerson(subject: string): boolean {
  return PERSON_TITLE.test(subject) || (/^[가-힣]{3}$/.test(subject) && SURNAME.test(subject));
}

export interface Resolved {
  text: string;
  /** The antecedent was put in (subject carried over or a pronoun replaced). */
  antecedent?: Subject;
  /** A pronoun or 이 회사 is left that no antecedent explains: the claim cannot stand alone. */
  unresolved: boolean;
}

/**
 * Replaces 그는 / 이 회사는 / 해당 기업의 with the antecedent, and gives a clause without any
 * subject the antecedent as its subject.
 */
export function resolveReferences(text: string, antecedent: Subject | undefined): Resolved {
  const ws = words(text, 0);
  let out = '';
  let cursor = 0;
  let used = false;
  let unresolved = false;
  for (let i = 0; i < ws.length; i++) {
    const w = ws[i] as Word;
    // After a modifier (가난한 이들, 떠나는 그들) the word is a noun phrase's head, not a pronoun.
    const modified = i > 0 && ADNOMINAL.test((ws[i - 1] as Word).text);
    const pron = modified ? null : /^(그|그녀|이들|그들|동사|당사)(은|는|이|가|의|을|를|와|과|도)$/.exec(w.text);
    const next = ws[i + 1];
    const demo = DEMONSTRATIVE.test(w.text) && next ? REFERENT_NOUN.exec(next.text) : null;
    if (!pron && !demo) continue;
    // 그는 / 이 선수는 mean a person, 이 회사는 does not: an antecedent of the other kind is no referent.
    const wantsPerson = pron ? /^(그|그녀|이들|그들)$/.test(pron[1] as string) : PERSON_NOUN.test((next as Word).text);
    if (!antecedent || looksLikePerson(antecedent.text) !== wantsPerson) {
      unresolved = true;
      continue;
    }
    const particle = pron ? (pron[2] as string) : (demo?.[3] ?? '');
    const until = pron ? w.end : (next as Word).end;
    out += text.slice(cursor, w.start) + (particle ? withParticle(antecedent.text, particle) : antecedent.text);
    cursor = until;
    used = true;
    if (demo) i++;
  }
  out += text.slice(cursor);
  if (!used && antecedent && !hasSubject(text)) {
    return { text: `${withParticle(antecedent.text, '은')} ${text}`, antecedent, unresolved };
  }
  return { text: out, ...(used ? { antecedent } : {}), unresolved };
}

/** Year, month and day of an instant in Korea, where the articles are dated. */
export function seoulDate(iso: string): { y: number; m: number; d: number } | undefined {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return undefined;
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Asia/Seoul',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).formatToParts(new Date(t));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  return { y: get('year'), m: get('month'), d: get('day') };
}

function shifted(date: { y: number; m: number; d: number }, days: number) {
  const t = new Date(Date.UTC(date.y, date.m - 1, date.d + days));
  return { y: t.getUTCFullYear(), m: t.getUTCMonth() + 1, d: t.getUTCDate() };
}

const day = (x: { y: number; m: number; d: number }) => `${x.y}년 ${x.m}월 ${x.d}일`;
const NOT_AFTER_HANGUL = '(?<![가-힣])';

/** Time words that need the article's date but have no absolute form: the claim is dated instead. */
const TIME_BOUND = /(?<![가-힣])(현재|지금|최근|요즘|지난주|이번 ?주|금주)(?![가-힣]{2})/;

/**
 * Relative dates made absolute from the article's date (Asia/Seoul): 올해 → 2024년, 어제 →
 * 2024년 5월 2일, 지난 3일 → 2024년 5월 3일; a claim with 현재 or 최근 and no year is prefixed
 * with the date it was true on. Without a date nothing changes.
 */
export function attachDate(text: string, publishedAt: string | undefined): { text: string; dated: boolean } {
  const date = publishedAt ? seoulDate(publishedAt) : undefined;
  if (!date) return { text, dated: false };
  const prevMonth = date.m === 1 ? { y: date.y - 1, m: 12 } : { y: date.y, m: date.m - 1 };
  const rules: [RegExp, (...groups: string[]) => string][] = [
    [
      /지난 ?(\d{1,2})일/g,
      (_, n) => (Number(n) <= date.d ? `${date.y}년 ${date.m}월 ${n}일` : `${prevMonth.y}년 ${prevMonth.m}월 ${n}일`),
    ],
    [new RegExp(`${NOT_AFTER_HANGUL}(지난해|작년)`, 'g'), () => `${date.y - 1}년`],
    [new RegExp(`${NOT_AFTER_HANGUL}(올해|금년)`, 'g'), () => `${date.y}년`],
    [new RegExp(`${NOT_AFTER_HANGUL}(지난달)`, 'g'), () => `${prevMonth.y}년 ${prevMonth.m}월`],
    [new RegExp(`${NOT_AFTER_HANGUL}(이번 ?달|이달)`, 'g'), () => `${date.y}년 ${date.m}월`],
    [new RegExp(`${NOT_AFTER_HANGUL}(그저께|그제)`, 'g'), () => day(shifted(date, -2))],
    [new RegExp(`${NOT_AFTER_HANGUL}(어제|전날)`, 'g'), () => day(shifted(date, -1))],
    [new RegExp(`${NOT_AFTER_HANGUL}(오늘|이날)`, 'g'), () => day(date)],
  ];
  let out = text;
  let dated = false;
  for (const [re, to] of rules) {
    out = out.replace(re, (...args: string[]) => {
      dated = true;
      return to(...args);
    });
  }
  if (TIME_BOUND.test(out) && !/\d{4}년/.test(out)) {
    out = `${day(date)} 기준, ${out}`;
    dated = true;
  }
  return { text: out, dated };
}
