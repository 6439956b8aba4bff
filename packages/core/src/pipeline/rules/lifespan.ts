/**
 * Birth and death dates from an encyclopedia's lead: "안중근(安重根, 1879년 9월 2일 ~ 1910년 3월
 * 26일)은 …". A person has one birth date and one death date, so the gloss right after the name
 * decides "안중근은 1879년에 태어났다" (the same date) and "…1880년에 태어났다" (another), though the
 * claim's verb is nowhere in the sentence. Only that shape is read: a date elsewhere in a
 * sentence dates whatever its verb says (agreement.ts), never the person's life.
 */
import { KIN } from './relations.js';
import { lifeEvent } from './scope.js';
import { evidenceSentences } from './sentences.js';
import { fold } from './terms.js';

export interface LifeDate {
  year: number;
  month?: number;
  day?: number;
  bc: boolean;
  /** The words as written, for the reason shown. */
  raw: string;
  /** The lunar calendar's month and day beside it (1902년 12월 16일 (음력 11월 17일)). */
  lunar?: { month: number; day?: number };
}

export interface LifeFinding {
  stance: 'support' | 'refute';
  reason: string;
}

type Event = 'birth' | 'death';

const EVENT_NAME: Record<Event, string> = { birth: '출생일', death: '사망일' };

const DATE = /(기원전\s?)?(\d{1,4})년(?:\s?(\d{1,2})월)?(?:\s?(\d{1,2})일)?/;
const DATES = new RegExp(DATE.source, 'g');
/** How many dates a text gives: a side of the gloss, or a claim, must give exactly one. */
const dateCount = (text: string): number => text.match(DATES)?.length ?? 0;
/** A date said loosely (1879년경, 1460년대, ?, 추정, 무렵, 또는): no single value to compare. */
const LOOSE = /[?？]|\d년대|경(?![가-힣])|추정|무렵|또는|혹은|이전|이후|사이|초|말|중반/;

function dateOf(text: string): LifeDate | null {
  const m = DATE.exec(text);
  if (!m) return null;
  return {
    year: Number(m[2]),
    ...(m[3] !== undefined && { month: Number(m[3]) }),
    ...(m[4] !== undefined && { day: Number(m[4]) }),
    bc: m[1] !== undefined,
    raw: m[0],
  };
}

/** One side of the gloss's "~": its date, or null when it gives none or a loose one. */
function side(text: string): LifeDate | null {
  // A lunar date in its own brackets (1902년 12월 16일 (음력 11월 17일)) is the same day again.
  const solar = text.replace(/\([^()]*\)/g, ' ');
  if (LOOSE.test(solar) || dateCount(solar) !== 1) return null;
  const date = dateOf(solar);
  const lunar = /음력\s?(\d{1,2})월(?:\s?(\d{1,2})일)?/.exec(text);
  return date && lunar
    ? { ...date, lunar: { month: Number(lunar[1]), ...(lunar[2] && { day: Number(lunar[2]) }) } }
    : date;
}

/** The bracket that opens at `open` up to its match (brackets nest: the lunar date's), or null. */
function bracketed(text: string, open: number): string | null {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === '(') depth++;
    else if (text[i] === ')' && --depth === 0) return text.slice(open + 1, i);
  }
  return null;
}

/**
 * The lead's name and life dates: the sentence starts with the name, its gloss holds
 * "birth ~ death", and a topic particle follows the gloss. null for any other sentence.
 */
export function lifespanOf(sentence: string): { name: string; birth: LifeDate | null; death: LifeDate | null } | null {
  const open = sentence.indexOf('(');
  if (open < 2 || open > 40) return null;
  const name = sentence.slice(0, open).trim();
  if (!/^[가-힣A-Za-z][가-힣A-Za-z·.\s]*$/.test(name)) return null;
  const gloss = bracketed(sentence, open);
  if (gloss === null || !/^(은|는|이|가)(\s|,)/.test(sentence.slice(open + gloss.length + 2))) return null;
  const parts = gloss.replace(/\([^()]*\)/g, (m) => m.replace(/~/g, ' ')).split(/~|∼|〜/);
  if (parts.length !== 2) return null;
  const before = (parts[0] as string).split(/[,;]/).at(-1) as string;
  return { name, birth: side(before), death: side(parts[1] as string) };
}

/** "X는 1879년(에) (…) 태어났다": the claim's subject, event and date; null for any other claim. */
function claimLife(claim: string): { subject: string; event: Event; date: LifeDate; rest: string } | null {
  const m = /^(.+?)(은|는|이|가)\s+(.+?)[.!。]?$/.exec(claim.trim());
  if (!m) return null;
  const body = m[3] as string;
  const words = body.split(/\s+/);
  const verb = words.at(-1) as string;
  // The same reading of a life's ends as a date's verb gets (scope.ts): 태어났다, 출생하였다, 숨졌다 ….
  const end = lifeEvent(verb);
  const event: Event | null = end === '출생' ? 'birth' : end === '사망' ? 'death' : null;
  if (event === null || /음력|양력|경(?![가-힣])|무렵|이전|이후|전후|쯤|추정/.test(body)) return null;
  const date = dateOf(body);
  if (!date || dateCount(body) !== 1) return null;
  const rest = body
    .replace(date.raw, '')
    .replace(verb, '')
    .replace(/^\s*에\s*/, '')
    .trim();
  return { subject: (m[1] as string).trim(), event, date, rest };
}

/** A person's name as a lead starts with it: a few words, none a particle's or a relative's (그의 아버지 …). */
const isName = (name: string): boolean => {
  const words = name.split(/\s+/);
  // The last word is the name's own (홍범도 ends in 도 as a particle would).
  return (
    words.length <= 4 &&
    !words.some((w, i) => KIN.test(w) || (i < words.length - 1 && /(의|은|는|을|를|에|도|고|데|며|서)$/.test(w)))
  );
};
const first = (name: string): string => fold(name.split(/\s+/)[0] ?? '');
const last = (name: string): string => fold(name.split(/\s+/).at(-1) ?? '');

/**
 * Whether the lead's name is the claim's subject: the same name, or, on the page of that person
 * (the name is the title, or shares its first and last words: 앤드루 존 와일스 경 on 앤드루 와일스),
 * the title or the last word of either (와일스). A relative with the family name (예카테리나 … 루카셴코 on
 * 알렉산드르 루카셴코) is not the page's person.
 */
function samePerson(subject: string, name: string, title: string): boolean {
  const person = name.replace(/\s+경$/, '');
  if (!isName(person)) return false;
  const s = fold(subject);
  if (s.length < 2) return false;
  if (s === fold(person)) return true;
  const page = title.replace(/\s*\([^)]*\)$/, '');
  // With no page to say whose lead it is, the name's last word (괴테 of 요한 볼프강 폰 괴테) will do.
  if (page === '') return person.includes(' ') && s === last(person);
  const ofPage = fold(person) === fold(page) || (first(person) === first(page) && last(person) === last(page));
  return ofPage && (s === fold(page) || (page.includes(' ') && s === last(page)) || s === last(person));
}

/**
 * The claim's birth or death date against a lead's gloss, as a check built once per claim (null
 * when the claim states no birth or death date): another year, month or day refutes; the same
 * date supports when the claim says nothing else (a place of birth is not in the gloss). 'lead'
 * when the sentence is the person's lead but decides nothing (1460년대~, a place claimed too):
 * its other dates (the death's, against a birth claim) say nothing of the claim either.
 */
export function lifespanReader(
  claim: string,
): ((sentence: string, title: string) => LifeFinding | 'lead' | null) | null {
  const c = claimLife(claim);
  if (!c) return null;
  const what = EVENT_NAME[c.event];
  return (sentence, title) => {
    // Most sentences hold no gloss: the bracket and the tilde first.
    if (!sentence.includes('~') && !sentence.includes('∼')) return null;
    const lead = lifespanOf(sentence);
    if (!lead || !samePerson(c.subject, lead.name, title)) return null;
    const said = c.event === 'birth' ? lead.birth : lead.death;
    if (!said || said.bc !== c.date.bc) return 'lead';
    // The lunar birthday many Koreans keep, given without saying so: neither the date nor another.
    if (said.lunar && c.date.month === said.lunar.month && (c.date.day ?? said.lunar.day) === said.lunar.day)
      return null;
    const differs =
      said.year !== c.date.year ||
      (said.month !== undefined && c.date.month !== undefined && said.month !== c.date.month) ||
      (said.day !== undefined && c.date.day !== undefined && said.month === c.date.month && said.day !== c.date.day);
    if (differs) return { stance: 'refute', reason: `다른 ${what}: 근거: '${said.raw}' ↔ 주장: '${c.date.raw}'` };
    // The same date, as precisely as the claim gives it, and nothing more claimed.
    const precise =
      (c.date.month === undefined || said.month !== undefined) && (c.date.day === undefined || said.day !== undefined);
    if (!precise || c.rest !== '') return 'lead';
    return { stance: 'support', reason: `같은 ${what}: 근거: '${said.raw}' = 주장: '${c.date.raw}'` };
  };
}

/**
 * A search query for the person's lead, where the gloss states both dates: "안중근 출생" ranks the
 * page's first chunk first, while the claim itself, with another year, finds other chunks.
 */
export function lifespanQueries(claim: string): string[] {
  const c = claimLife(claim);
  return c ? [`${c.subject} ${c.event === 'birth' ? '출생' : '사망'}`] : [];
}

/**
 * For a claim of a birth or death date, whether a text holds the person's lead (one of its first
 * sentences): such a text states the claim's attribute though it shares only the name with the
 * claim (the year differs, the verb is not said), so stage 4 counts it as covering the claim.
 * null for any other claim.
 */
export function leadReader(claim: string): ((content: string, title: string) => boolean) | null {
  const read = lifespanReader(claim);
  if (!read) return null;
  return (content, title) =>
    evidenceSentences(content)
      .slice(0, 3)
      .some((s) => read(s.text, title) !== null);
}
