/**
 * Scope: what a claim is said of. Another member of a contrast set refutes an attribute of the
 * claim's subject ("맥도날드는 일본의 체인점이다" against "미국의 … 체인점이다"), but not a swap inside
 * the subject itself ("사도세자의 아내는" against "남편 사도세자": the sentence speaks of someone
 * else), nor a claim that something can be or has been found somewhere ("한국의 디저트 가게에서
 * 찾아볼 수 있다": another place does not deny it). agreement.ts measures the first apart
 * (`attribute-contrast`).
 */

import { stripSuffixes } from '../../search/korean.js';
import { KIN } from './relations.js';
import { foldBare, foldedSentence, hasFinal, matchAt, midWord, pastVerb, verbStem, withoutBrackets } from './terms.js';

/**
 * A claim that something can or did happen at least once (찾아볼 수 있다, 개최한 적이 있다): a
 * sentence naming another place or time where it happens does not deny it.
 */
export function existential(claim: string): boolean {
  return /(수|적이?)\s?있|찾아볼/.test(claim);
}

/**
 * The claim's words up to its first one marked as subject or topic (사도세자의 아내는, 《가웨인 경과
 * 녹기사》는); '' when none.
 */
export function subjectPhrase(claim: string): string {
  const at = claim.search(/[가-힣A-Za-z0-9》」』"'”’](은|는|이|가)(\s|$)/);
  return at < 0 ? '' : claim.slice(0, at + 2);
}

/**
 * The page titles the claim's subject may have, the likeliest first: the phrase itself (한일 병합
 * 조약), its possessor (대한민국의 수도 → 대한민국) and a name before a title or a role (이순신
 * 장군 → 이순신). None for a pronoun.
 */
export function subjectTitles(claim: string): string[] {
  // A quoted title (《택시운전사》는) ends in its bracket, which subjectPhrase does not read.
  const said = subjectPhrase(claim) || (QUOTED_TOPIC.exec(claim)?.[0] ?? '');
  const phrase = said
    .slice(0, -1)
    .replace(/^["'“‘《「『(]+|["'”’》」』)]+$/g, '')
    .trim();
  const words = phrase.split(/\s+/).filter(Boolean);
  if (words.length === 0 || PRONOUNS.has(words[0]!) || DETERMINER.test(words[0]!)) return [];
  const out = [phrase];
  const possessor = /^(.+?)의$/.exec(words[0]!)?.[1];
  if (possessor) out.push(possessor);
  else if (words.length === 2 && ROLE.test(words[1]!)) out.push(words[0]!);
  return out;
}

const QUOTED_TOPIC = /^["“‘'《「『][^"”’'》」』]{1,60}["”’'》」』](은|는|이|가)(?=\s)/;
/** A role or title after a name (이순신 장군, 윤석열 대통령): the page is the name's. */
const ROLE =
  /^(장군|대통령|총리|장관|의원|회장|사장|대표|감독|선수|교수|박사|작가|시인|화가|가수|배우|씨|왕|황제|대왕|여왕|선생|목사|신부|스님)$/;

/** What the text around points to, a list or a table (다음은 …의 일람이다, 아래는 …): no named subject. */
const POINTS_TO_TEXT = /^(다음|아래|이하|위)$/;

/** Words that stand for a subject without naming it. */
const PRONOUNS = new Set([
  '그',
  '그녀',
  '그분',
  '이',
  '이분',
  '저',
  '저분',
  '나',
  '내',
  '제',
  '너',
  '네',
  '우리',
  '저희',
  '너희',
  '당신',
  '자기',
  '자신',
  '이것',
  '그것',
  '저것',
  '이거',
  '그거',
  '저거',
  '여기',
  '거기',
  '저기',
  '이곳',
  '그곳',
  '저곳',
  '누구',
  '누군가',
  '아무',
  '아무도',
  '모두',
  '모든',
]);

/**
 * Words in front of a noun that point at someone already spoken of (그 사람은, 이런 일이): the
 * subject is then the phrase as said, which only a sentence using the same words names.
 */
const DETERMINER = /^(그|이|저|그런|이런|저런|그러한|이러한|어떤|어느)$/;

/**
 * Whether the topic `stem` read in `text` (clauseTopic) points back at something named before:
 * a pronoun (그들은, 이들은) or a noun after a determiner (이 그룹은, 그 섬은), which may be the
 * claim's subject without naming it.
 */
export function anaphoric(text: string, stem: string): boolean {
  if (PRONOUNS.has(stem.replace(/들$/, ''))) return true;
  const words = plainWords(text).filter(Boolean);
  const at = words.findIndex((w) => w.startsWith(stem));
  const before = words[at - 1] ?? '';
  // 본 영화는, 해당 기업은, 동 사업은: the formal "this" and "the said".
  return at > 0 && (DETERMINER.test(before) || /^(본|해당|동|이번)$/.test(before));
}

/**
 * A verb's ending that looks like a subject particle (있는, 먹는, 많이, 같이): the phrase
 * subjectPhrase found is no noun. 가 and 오 only as the verbs of going and coming, alone or after
 * another verb (가는, 들어가는, 나오는, 다가오는): 국가는, 작가는, 요가는, 비디오는, 마리오는 are nouns.
 */
const VERB_STEM = /(있|없|하|되|않|했|였|었|았|겠|많|같|먹)$|(^|[아어와워나들가라려러너])(가|오)$/;
/** A subject's or topic's particle at a word's end (사람들은, 선생님께서, 회사가). */
const SUBJECT_MARK = /들?(께서|은|는|이|가)$/;
/** The year or month before a month or day that is a subject's head (2020년 3월, 7월 8일). */
const DATE_PART = /^\d{1,4}(년|월)$/;

/**
 * A time said as the topic (2011년에는, 조선 시대에는, 그때부터는): when, not what the claim is
 * about. Not a place (로켓에는 사람을 태울 수 없다, 《…》에는 3편이 수록되어 있다): what is there is said of it.
 */
const ADVERBIAL_TOPIC = /(년|월|일|세기|년대|시대|시기|때|당시|이후|이전|무렵|초|말|중반|후반|전반)(에|부터|까지)는$/;

/** The claim's words without quotes, brackets and final punctuation (one per space, so a word's index is kept). */
function plainWords(claim: string): string[] {
  return claim.split(/\s+/).map((w) => w.replace(/["'“”‘’()《》〈〉「」『』<>,.!?]/g, ''));
}

/**
 * The claim's subject as it names it: the stems of the word marked as subject or topic and of
 * the possessives in front of it (사도세자의 아내는 → 사도세자, 아내). Empty when the claim leaves
 * its subject out or says it with a pronoun (그는, 우리는, 그의 아내는; 그 사람은 is the phrase
 * 그 사람, see DETERMINER): everyday
 * sentences speak so, and "another value of the same attribute" then is often about someone else.
 */
export function namedSubject(claim: string): string[] {
  const words = plainWords(claim).filter(Boolean);
  // The first word marked as subject or topic whose stem is no verb (판단하는 기후는 → 기후).
  const at = words.findIndex((w) => {
    const stem = w.replace(SUBJECT_MARK, '');
    return stem !== w && stem !== '' && !VERB_STEM.test(stem) && !ADVERBIAL_TOPIC.test(w);
  });
  if (at < 0) return [];
  const head = (words[at] as string).replace(SUBJECT_MARK, '');
  if (PRONOUNS.has(head) || POINTS_TO_TEXT.test(head)) return [];
  let i = at - 1;
  // A date said as a subject is named whole: 7월 8일은 is not 8월 8일은, nor 2020년 3월은 2021년 3월은.
  let name = head;
  while (/^\d/.test(name) && i >= 0 && i >= at - 2 && DATE_PART.test(words[i] as string))
    name = `${words[i--] as string} ${name}`;
  const stems = [name];
  for (; i >= 0 && (words[i] as string).endsWith('의'); i--) stems.unshift((words[i] as string).slice(0, -1));
  // A date that names an event (3·1 운동, 6·25 전쟁, 5·18 민주화 운동) is part of its name.
  const dateName = [words[i], words[i - 1]].find((w) => w !== undefined && /^\d{1,2}[·.ㆍ]\d{1,2}$/.test(w));
  if (dateName) stems.unshift(dateName);
  if (stems.some((s) => s === '' || PRONOUNS.has(s))) return [];
  // 이 법안은: named only where the sentence points at it with the same words.
  if (i >= 0 && DETERMINER.test(words[i] as string)) return [`${words[i] as string} ${stems.join(' ')}`];
  return stems;
}

/**
 * The claim's subject when several words name it, folded as one (노보시비르스크 제도는 →
 * 노보시비르스크제도, 2010년 FIFA 월드컵은 → 2010년fifa월드컵): its head noun alone (제도, 월드컵)
 * names other things too. The words after its owners (namedSubject's possessives); '' for a
 * subject of one word, and where the subject's word is not namedSubject's head.
 */
export function subjectName(claim: string, named: readonly string[] = namedSubject(claim)): string {
  const head = named.at(-1);
  const words = plainWords(withoutBrackets(subjectPhrase(claim))).filter(Boolean);
  const last = (words.at(-1) ?? '').replace(SUBJECT_MARK, '');
  if (head === undefined || last !== head) return '';
  const name = words.slice(words.findLastIndex((w) => w.endsWith('의')) + 1, -1);
  return name.length === 0 || name.length > 3 ? '' : foldBare(`${name.join('')}${head}`);
}

/** 하다 as a word of its own after its object (공연을 한): LIGHT_VERB below reads a word's start. */
const LIGHT_VERB_WORD = /^(한|했던|하는|하던|할|했다|한다|함)$/;
/** Verbs that follow another as auxiliaries (일해 왔다, 읽어 버렸다): the event is the verb before them. */
const AUXILIARY_VERB = /^(왔다|온다|왔|갔다|간다|갔|보았다|봤다|주었다|줬다|버렸다|냈다|두었다|놓았다)$/;

/**
 * The claim's event: the term of its predicate (태어났다, 결혼, 체인점), the last content term
 * not a number, skipping an auxiliary verb after another (일해 왔다 → 일해). '' when the claim has
 * none. A different date or value refutes only a sentence that states the same event: "X는
 * 2019년에 결혼했다" is not refuted by "X는 2017년에 이사했다".
 */
export function claimEvent(terms: readonly string[]): string {
  const words = terms.filter((t) => !/^\d/.test(t));
  let i = words.length - 1;
  if (i > 0 && AUXILIARY_VERB.test(words[i] as string)) i--;
  // "공연을 한": the light verb's object is the event.
  if (i > 0 && LIGHT_VERB_WORD.test(words[i] as string)) i--;
  return words[i] ?? '';
}

/**
 * A word of the claim marked as an argument of its verb: its object (…을/를), place or source
 * (…에서, …에게), instrument, role or result (…으로/로), or the name it is given (…이라는). These
 * tell one event of a subject from another of the same verb ("백럽이라는 이름으로 검색 서비스를
 * 시작하였다" against "2004년 시작된 이메일 서비스"), where the subject and the verb are often
 * carried or paraphrased; so does the complement of 되다 (미국 시민이 되었다 against 미국으로
 * 떠났다). Not a number (10년을) nor a qualifier (처음으로, 최초로).
 */
const ARGUMENT = /^(.+?)(을|를|에서|에게|이라는|라는|으로|로)$/;

/** The claim's words marked as arguments of its verb (ARGUMENT), and the complement of 되다 (시민이 되었다), each before its particle. */
export function eventArguments(claim: string, isQualifier: (word: string) => boolean): string[] {
  const out: string[] = [];
  const words = plainWords(claim);
  words.forEach((word, i) => {
    if (/^\d/.test(word) || isQualifier(word)) return;
    const m = ARGUMENT.exec(word) ?? (/^(되|됐|된)/.test(words[i + 1] ?? '') ? /^(.+?)(이|가)$/.exec(word) : null);
    if (m) out.push(m[1] as string);
  });
  return out;
}

/** Events held in numbered editions, a year naming each (2002년 FIFA 월드컵); not 공연 or 경기, a year's one event. */
const EDITIONED =
  /^(월드컵|올림픽|아시안게임|게임|유니버시아드|엑스포|선수권|선수권대회|그랑프리|선거|총선|대선|지방선거)$/;

/** Nouns that make a bare date before them a time frame of the claim (2021년 현재, 2017년 기준), not part of a name. */
const TIME_FRAME = /^(현재|기준|당시|무렵|이후|이전|말|초|중반|경)/;

/**
 * The words a bare year names with it up to the claim's topic ("1988년 하계 올림픽은 …": 하계 올림픽)
 * or to a kind of event the claim's event took place at ("2002년 FIFA 월드컵에서 …": FIFA 월드컵),
 * or '' when the year is no part of a name (1988년에, 1961년 아민은: a name of one word is read
 * as a time's subject).
 */
export function editionName(claim: string, raw: string): string {
  if (!/^\d+년$/.test(raw)) return '';
  const words = plainWords(claim);
  const at = words.indexOf(raw);
  if (at < 0) return '';
  // "2002년 FIFA 월드컵에서 브라질이 우승했다": an edition where the claim's event took place.
  const venue = words.findIndex(
    (w, i) => i > at && i <= at + 3 && /(에서|에)$/.test(w) && EDITIONED.test(w.replace(/(에서|에)$/, '')),
  );
  if (venue > at + 1 && !TIME_FRAME.test(words[at + 1] ?? '') && !/,$/.test(claim.split(/\s+/)[at] ?? ''))
    return [...words.slice(at + 1, venue), (words[venue] as string).replace(/(에서|에)$/, '')].join(' ');
  const topic = words.findIndex((w, i) => i > at && isTopic(w, words[i - 1]));
  if (topic < at + 2 || !namedWithDate(claim, words, at, topic, pastVerb)) return '';
  return [...words.slice(at + 1, topic), (words[topic] as string).replace(/(은|는|이란|란)$/, '')].join(' ');
}

/**
 * Whether the words from a bare date (at `at`) to the claim's topic may be one name with it
 * (2002년 FIFA 월드컵은): at most two, the date neither set off by a comma ("2001년, … 하리수는")
 * nor a time frame's ("2021년 현재"), and none of them a phrase of its own (…의, …에, …를, …과:
 * "1994년 중앙 정부의 몰락과 함께, 모가디슈는") or a verb the date dates ("465년 태어났고 이름은").
 */
function namedWithDate(
  claim: string,
  words: readonly string[],
  at: number,
  topic: number,
  isVerb: (word: string) => boolean,
): boolean {
  return (
    topic > at &&
    topic <= at + 3 &&
    !/,$/.test(claim.split(/\s+/)[at] ?? '') &&
    !TIME_FRAME.test(words[at + 1] ?? '') &&
    !words.slice(at + 1, topic).some((w) => /(의|에|에서|을|를|로|으로|과|와)$/.test(w) || isVerb(w))
  );
}

/**
 * Whether the date `raw` is part of the claim's subject's name (2002년 FIFA 월드컵은 … 대회이다):
 * written bare before the claim's topic, in a claim that only says what its subject is (a noun
 * and the copula, no verb after the topic). Such a claim has no event for the date to date, so a
 * sentence with another year (2005년 FIFA 컨페더레이션스컵) speaks of another thing, it does not
 * contradict a date. "1961년 아민은 … 장교가 되었다" has a verb: its date is the event's.
 */
export function namingDate(claim: string, raw: string, isVerb: (word: string) => boolean): boolean {
  if (!/^\d+(년|월|일)$/.test(raw)) return false;
  const words = plainWords(claim);
  const at = words.indexOf(raw);
  const topic = words.findIndex((w, i) => i > at && isTopic(w, words[i - 1]));
  if (at < 0 || topic < 0 || !namedWithDate(claim, words, at, topic, isVerb)) return false;
  const rest = words.slice(topic + 1).filter(Boolean);
  const last = rest.at(-1) ?? '';
  return /(이다|이었다|였다|입니다|이야|예요|이에요)$/.test(last) && rest.every((w) => /^\d/.test(w) || !isVerb(w));
}

/**
 * A claim that says which thing its description picks out ("전지현이 2012년에 출연한 영화는
 * 도둑들이다", "…후보가 된 날짜는 2007년 11월 7일이다"): the words up to its last topic, and the
 * value after it, a few nouns and the copula. Undefined for any other shape.
 */
export function describedValue(
  claim: string,
  isVerb: (word: string) => boolean,
): { description: string; value: string } | undefined {
  const words = claim.trim().split(/\s+/);
  const plain = plainWords(claim.trim());
  let topic = -1;
  for (let i = plain.length - 2; i > 0 && topic < 0; i--) if (isTopic(plain[i]!, plain[i - 1])) topic = i;
  const rest = plain.slice(topic + 1);
  const value = copulaOf(rest.at(-1) ?? '');
  if (topic < 1 || rest.length > 4 || value === undefined) return undefined;
  if (rest.some((w) => !ERA.test(w) && isVerb(w))) return undefined;
  // "2021년 현재, …은": the time the claim speaks at, no part of what the description picks out.
  const description = words.slice(0, topic + 1).filter((_, i) => !TIME_FRAME.test(plain[i + 1] ?? ''));
  return { description: description.join(' '), value: [...words.slice(topic + 1, -1), value].join(' ') };
}

/**
 * The words of a claim that says when its description happened ("요시야가 죽은 것은 기원전
 * 609년이다", "…탈당한 년도는 2007년이다"), without the word for when: their verb (죽은, 탈당) is
 * the event the date dates, not the topic's 것 or 년도. Undefined for any other claim.
 */
export function datedDescription(described: ReturnType<typeof describedValue>): string | undefined {
  if (!described || !DATE_VALUE.test(described.value)) return undefined;
  const words = described.description.split(/\s+/);
  return WHEN_NOUN.test(words.at(-1) ?? '') ? words.slice(0, -1).join(' ') : undefined;
}

/** An era before a year: 기원전 reads like a verb's adnominal (전 as 저 + ㄴ). */
const ERA = /^(기원전|기원후)$/;
const DATE_VALUE = /^(기원전\s?)?\d[\d\s년월일.,~·-]*(년|월|일|년대|세기)$/;
const WHEN_NOUN = /^(것|해|년도|연도|날|날짜|일자|시기|때|시점|연대|시대)(은|는|이란)$/;

/** The noun a claim ending in the copula says its subject is (삼성전자는 한국 기업이다 → 기업); else undefined. */
export const copulaNoun = (claim: string): string | undefined => copulaOf(plainWords(claim.trim()).at(-1) ?? '');

/** Whether the claim ends in a noun and the copula: what it says its subject is (…은 개력이다). */
export const nounPredicate = (claim: string): boolean => copulaNoun(claim) !== undefined;

/** The noun a copula closes (도둑들이다, 임수경이었다, 무승부다: 다 right after a vowel). */
function copulaOf(word: string): string | undefined {
  const m = /^(.+?)(이다|이었다|였다)$/.exec(word);
  if (m) return m[1];
  // 아니다 denies; it closes no value.
  if (word.length >= 2 && word.endsWith('다') && !word.endsWith('아니다') && !hasFinal(word.at(-2)!))
    return word.slice(0, -1);
  return undefined;
}

/** A topic (…은/는, …이란): a noun's, not a verb's modifier (주는, 속하는, 있는) nor 또는. */
const TOPIC_WORD = /[가-힣A-Za-z0-9》」』'’"”](은|는|이란|란)$/;
// Only endings no noun has: 머리는, 도시는 and 거리는 are topics. A verb whose ㄹ drops before 는
// (살다: 사는, 알다: 아는) only as the whole word: 교사는, 회사는 and 역사는 are topics.
const MODIFIER =
  /(하는|되는|있는|없는|않는|주는|다는|라는|또는|혹은|많은|작은|같은|높은|낮은|좋은|넓은|깊은|짧은|받는|먹는|쓰는|어지는|아지는|시키는|만드는|이루는|지니는|가지는|일으키는|나타내는)$|^(사|아|드|여|우|노|끄)는$/;
/** A case particle that makes the next word a verb's modifier (영지에 사는, 열을 주는), not a topic. */
const ARGUMENT_BEFORE = /[가-힣](을|를|에|에서|에게|으로|로)$|[가-힣]{2,}(이|가)$|^데$/;

/** A word marked as the topic of what follows (머리는, 사회학이란), read with the word before it. */
export const isTopic = (word: string, before = ''): boolean =>
  TOPIC_WORD.test(word) && !MODIFIER.test(word) && !ARGUMENT_BEFORE.test(before) && !isFrame(word);

/**
 * A place, time or respect marked 는 (일본에서는, 1990년에는, 현재는): it frames what follows
 * and contrasts it with other places or times, but names no other subject.
 */
export const isFrame = (word: string): boolean =>
  /(에는|에서는|으로는|에게는|현재는|지금은|오늘날은|당시는)$/.test(word);

/**
 * A position the sentence reports someone as holding — argued, thought or believed
 * ("…아니라 … 통수해야 한다고 주장하는 해석", "…라는 견해") — is not what the sentence asserts: a
 * negation inside it does not deny the claim. Reports of what was said or announced (…라고
 * 밝혔다, 말했다) are left alone: news states facts so. Returns where the reported content ends
 * (its 고 or 는), or -1.
 */
const ATTRIBUTED = /(?:다|라|냐|자)(?:고\s?(?:주장|생각|믿)|는\s?(?:주장|견해|학설|의견|해석|생각|믿음)(?![가-힣]))/g;

export function attributedUpTo(text: string): number {
  let end = -1;
  for (const m of text.matchAll(ATTRIBUTED)) end = (m.index as number) + 2;
  return end;
}

/**
 * Whether the text's topic is someone's relative (키드먼의 여동생인 안토니아 키드먼은, 안필립의 어머니
 * 헬렌 리는, 그의 아버지는), other than `subject` (the claim's, named last in the topic: 안토니아
 * 키드먼): a kin word before or as its first topic. A date, number or value said of that topic is
 * the relative's, however much of the claim's name it holds.
 */
export function relativeTopic(text: string, subject = ''): boolean {
  const words = plainWords(text.replace(/\([^()]*\)/g, '')).filter(Boolean);
  const at = words.findIndex((w, i) => isTopic(w, words[i - 1]));
  if (at < 0) return false;
  const phrase = words.slice(0, at + 1);
  const named = phrase.join('').replace(/(은|는|이|가|께서)$/, '');
  if (subject !== '' && named.endsWith(subject.replace(/\s+/g, ''))) return false;
  return phrase.some((w) => KIN.test(w.replace(/(의|인|이자|이며|은|는|이|가)$/, '')) || KIN.test(w));
}

/** Case particles that make an event noun an argument of another predicate (반포에 반대하는, 반포를 앞두고). */
const ARGUMENT_PARTICLE = /^(에|을|를|에서|으로|로|에게|과|와|에는|에도|을도|를도)$/;
/** Light verbs that make the noun before them the predicate itself (반포를 하였다, 반포가 되었다). */
const LIGHT_VERB = /^(하|했|한|할|함|되|됐|된|될|시키|시켰|시킨)/;
const DATE_WORD = /\d+(년|월|일)|^(그해|이듬해)$/;

/**
 * A Sino-Korean verb said with 하다 / 되다 / 시키다 and a verb's ending (작성된, 설립하였다는,
 * 사망했으며, 등장하기): its noun, the light verb and the ending. The ending's syllables are a
 * verb's, so a noun that merely holds 하 or 한 (미국하원, 대수기하학) is none.
 */
const SINO_VERB =
  /^([가-힣]{2,6}?)(하|했|한|할|함|해|되|됐|된|될|됨|돼|시키|시켰|시킨|시킬)([였었고며여는던다지게면서을음으어라니데야기]{0,4})$/;
/**
 * Native verbs of an event, as the Sino-Korean noun of the same event: 태어났다 and 출생하였다 date
 * the same event, 사망하였다 and 숨졌다 too, and a birth is never a death; 일어났다 is 발생했다
 * ("간토 대지진은 1923년에 일어났다" is not dated by "1971년 … 발표한 지진 메커니즘").
 */
const LIFE_EVENTS: readonly [RegExp, string][] = [
  [/^태어(나|난|났|날)/, '출생'],
  [/^(죽(었|은|다|고|어)|숨(지|진|졌|질))/, '사망'],
  [/^일어(나|난|났|날)/, '발생'],
  [/^벌어(지|진|졌|질)/, '발생'],
];
/**
 * Whether two dated verbs (datedVerbs) are two events. A native predicate (…이끌었다, …문을 열었다)
 * is another event only than one whose native sayings LIFE_EVENTS reads (출생, 사망, 발생): 열었다
 * may well be 오픈 said natively.
 */
export function otherEvent(a: string, b: string): boolean {
  if (a.includes(b) || b.includes(a)) return false;
  const native = (w: string) => w.endsWith('다');
  const known = (w: string) => LIFE_EVENTS.some(([, noun]) => noun === w);
  return !(native(a) && !known(b)) && !(native(b) && !known(a));
}

/** Sino-Korean nouns of one event, as the first: a founding is 설립 however it is said. */
const SAME_EVENT: ReadonlyMap<string, string> = new Map([
  ...['출생', '탄생'].map((w): [string, string] => [w, '출생']),
  ...['사망', '별세', '타계', '서거', '순국', '작고', '사거', '전사', '병사'].map((w): [string, string] => [w, '사망']),
  ...['설립', '창립', '창설', '창업'].map((w): [string, string] => [w, '설립']),
  ...['발생', '발발'].map((w): [string, string] => [w, '발생']),
]);
const eventNoun = (noun: string): string => SAME_EVENT.get(noun) ?? noun;
/** A copula or a bare light verb (의원이 되었다, 공연을 했다): the noun before it is the event, not read here. */
const COPULA_OR_LIGHT = /((이|였|이었)다|^(되|됐|된|하|했|한|해)[가-힣]*다)$/;
/** Sino-Korean verbs of a state a date never dates: …을 포함한, …에 위치한, …를 비롯한, …에 해당하는. */
const STATIVE = /^(포함|비롯|위치|관련|소재|소속|인접|제외|동반|포괄|해당|상당|유사|비슷)$/;

/** A statement's predicate that is a life's end (태어났다, 출생하였다, 숨졌다, 순국했다): 출생 or 사망, else null. */
export function lifeEvent(word: string): '출생' | '사망' | null {
  if (!/(다|습니다)$/.test(word.replace(/[^가-힣]+$/, ''))) return null;
  const event = verbEvent(word);
  return event === '출생' || event === '사망' ? event : null;
}

/** The event a verb names, as datedVerbs names it (죽은 → 사망, 설립한 → 설립); else the word. */
export function verbEvent(word: string): string {
  const plain = word.replace(/[^가-힣]+$/, '');
  const m = SINO_VERB.exec(plain);
  if (m) return eventNoun(m[1] as string);
  return LIFE_EVENTS.find(([verb]) => verb.test(plain))?.[1] ?? word;
}

/**
 * Whether the sentence says any of `events` (datedVerbs' nouns: 사망, 출생, 설립) anywhere, as a
 * verb (숨졌다, 창립하였다) or as the noun itself (사망 소식).
 */
export function saysEvent(sentence: string, events: readonly string[]): boolean {
  // A native verb datedVerbs keeps as said (열린다) is found in its other endings (열리는).
  if (events.some((e) => e.endsWith('다') && matchAt(foldedSentence(sentence), e) >= 0)) return true;
  return sentence.split(/\s+/).some((word) => {
    const plain = word.replace(/^[^가-힣]+|[^가-힣]+$/g, '');
    return events.some((e) => verbEvent(plain) === e || eventNoun(plain.slice(0, 2)) === e);
  });
}

/** A noun with a case particle: what a verb before it may modify as its holder. */
const HOLDER = /^[가-힣A-Za-z0-9]{2,}(을|를|이|가|은|는|과|와|도|에서|에게|로|으로)$/;
const TIME_NOUN = /^(이후|이전|직후|직전|당시|무렵|때|후|전|뒤|다음|해)/;
/**
 * The event a date names as part of its name (2005년의 튤립 혁명, "2010년 키르기스스탄 혁명 이후 …"):
 * the date is that event's, not the verb's after it. Undefined when the date names none.
 */
export function namedEventOf(sentence: string, raw: string): string | undefined {
  const words = sentence
    .replace(/\([^)]*\)/g, '')
    .split(/\s+/)
    .filter(Boolean);
  const at = words.findIndex((w) => w.includes(raw));
  return at < 0 ? undefined : anchorAt(words, at);
}

/** namedEventOf on words, the date at `at`: said with 의, or before bare nouns and a time counted from them. */
function anchorAt(words: readonly string[], at: number): string | undefined {
  const bare = (w = '') => /^[가-힣A-Za-z0-9]+$/.test(w) && stripSuffixes(w) === w && !ANCHOR_TIME.test(w);
  const name: string[] = [];
  if (/\d(년|월|일)의$/.test(words[at]!)) {
    for (let j = at + 1; j < at + 4 && j < words.length; j++) {
      const w = words[j]!.replace(/[,.]$/, '');
      if (bare(w)) name.push(w);
      else {
        name.push(stripSuffixes(w));
        break;
      }
    }
    return name.join(' ') || undefined;
  }
  let j = at + 1;
  while (j < at + 4 && bare(words[j])) name.push(words[j++]!);
  return name.length > 0 && ANCHOR_TIME.test(words[j] ?? '') ? name.join(' ') : undefined;
}

/** A time counted from an event named before it (혁명 이후, 전쟁 당시에): the whole word. */
const ANCHOR_TIME = /^(이후|이전|직후|직전|당시|무렵|때|후|전|뒤)(에|에는|부터|로|의)?,?$/;
/**
 * A bare noun, as a list's items are written (김경섭 박사, 김충섭 박사; 기획, 자본, 참여로): no
 * particle nor verb ending (걷고, 서울에서, 그는), and no time (이후, 당시) whose comma closes a frame.
 */
const listItem = (word: string): boolean =>
  /^[가-힣A-Za-z0-9]+,?$/.test(word) &&
  !/[고며서어아여해돼면만데나니지게도은는을를이가의에와과로],?$/.test(word) &&
  !/^(이후|이전|직후|직전|당시|무렵|다음)/.test(word);
/** Whether words[j] is an item of a list: another bare noun after its comma, or a listed one before it. */
const listedAt = (words: readonly string[], j: number): boolean =>
  listItem(words[j]!) && (listItem(words[j + 1] ?? '') || (/,$/.test(words[j - 1] ?? '') && listItem(words[j - 1]!)));

/** Endings that chain a verb to the next one (당선되어 데뷔했다, 설립하고 운영하였다): both share the date. */
const CHAINED = /^(어|여|고|며|으며|어서|여서|서)$/;

/**
 * The nouns of the verbs a date in the sentence dates, when they are Sino-Korean ones or a life's
 * ends (1987년에 작성된 … 공훈록: 작성; 2016년 … 당선되어 데뷔했다: 당선, 데뷔; 1623년 … 태어났다:
 * 출생): the first predicate after the date, and those chained to it, the date's other parts
 * (9월 28일), the verbs' arguments (현장에서) and other native verbs passed over. null when
 * another date, the sentence's last predicate or a clause's end (…, ) comes first: then what the
 * date dates is not read.
 */
export function datedVerbs(sentence: string, raw: string): string[] | null {
  const verbs = datedWalk(sentence, raw)?.verbs;
  return verbs && verbs.length > 0 ? verbs : null;
}

/**
 * The noun a date's event belongs to when the date dates a verb that modifies it ("1938년
 * 설립된 삼성물산을 모태로": 삼성물산, whose founding it is), without its particle; '' when the
 * dated verb is a statement's or not read.
 */
export function datedHolder(sentence: string, raw: string): string {
  return glossOwner(sentence, raw) ?? datedWalk(sentence, raw)?.holder ?? '';
}

/** The relative `words[j]` names when it is a subject (부친이, or 딸 followed by a name and 이/가), else ''. */
function kinSubject(words: readonly string[], j: number): string {
  const word = (words[j] as string).replace(/[^가-힣]+$/, '');
  const kin = [word, word.replace(/(이|가|은|는)$/, '')].find((w) => KIN.test(w));
  if (!kin) return '';
  const subject =
    kin !== word || words.slice(j + 1, j + 4).some((w) => hasSubjectParticle(w.replace(/[^가-힣]+$/, '')));
  return subject ? kin : '';
}

/**
 * A topic naming someone or something between a date and its verb ("9월 14일 한명숙후보는 …
 * 단일화를 선언하면서"): whose the dated event is. Not a pronoun, a determiner's or a time's.
 */
function namedTopic(word: string, before = ''): string {
  if (!/[은는]$/.test(word) || !isTopic(word, before)) return '';
  const stem = word.replace(/(은|는)$/, '');
  return stem.length >= 2 && !PRONOUNS.has(stem) && !TIME_NOUN.test(stem) && !DETERMINER.test(before) ? stem : '';
}

/** A word ending in the subject particle: 이 after a closed syllable (준이), 가 after an open one (자크가); 머래이 is a name. */
function hasSubjectParticle(word: string): boolean {
  if (word.length < 2) return false;
  const closed = hasFinal(word[word.length - 2]!);
  return word.endsWith('이') ? closed : word.endsWith('가') && !closed;
}

/**
 * The name a date glosses in brackets right after it ("디에고 시나그라(1986년 9월 20일 나폴리
 * 출생)라는 아들": 시나그라's birth, not the sentence's subject's); undefined when the date is not
 * in such a gloss, or glosses the sentence's topic or subject (X(1879년 ~ 1910년)은: its own
 * dates) or another date (11월 28일(1730년 1월 16일): the same day in another calendar).
 */
function glossOwner(sentence: string, raw: string): string | undefined {
  for (const m of sentence.matchAll(/([가-힣A-Za-z0-9]+)\s?\(([^()]*)\)([가-힣]?)/g))
    if (m[2]!.includes(raw)) return /\d(년|월|일)$/.test(m[1]!) || /^[은는이가]$/.test(m[3]!) ? undefined : m[1];
  return undefined;
}

/**
 * Words read after a date for the verb it dates: its clause can run long before the verb, through
 * an address or two parents' names ("1882년 더블린의 … 41번지에서 아버지 … 사이에서 첫 번째 아들로
 * 태어났다"); a clause's end stops the walk sooner.
 */
const DATED_CLAUSE_WORDS = 32;
const NOW_CALLED = /^(지금의|현재의|오늘날의|현)$/;

/** A word with no particle nor punctuation after it: part of the name that follows it. */
const BARE_NOUN = /^['"‘“]?[가-힣A-Za-z0-9]+['"’”]?$/;
// Not 과 / 와: "'800 연안호' 선원과 선박이" names the two together.
const PARTICLE_END = /(은|는|을|를|의|에|에서|도|로|으로|께서|라는|이라는)$/;

/**
 * A quoted phrase: a name, a motto, someone's words ("1979년 '사람 사는 바른 길, … 위함'이라는
 * 출판정신으로 설립되었다"). Read after a date as one word, its commas close no clause and its
 * verbs are not what the date dates.
 */
const QUOTED_SPAN = /'[^']*'|"[^"]*"|‘[^’]*’|“[^”]*”|「[^」]*」|『[^』]*』|《[^》]*》|〈[^〉]*〉/g;

function datedWalk(sentence: string, raw: string): { verbs: string[]; holder: string } | null {
  const words = sentence
    .replace(/\([^)]*\)/g, '')
    .replace(QUOTED_SPAN, (quoted) => (quoted.includes(raw) ? quoted : quoted.replace(/\s+/g, '')))
    .split(/\s+/)
    .filter(Boolean);
  const at = words.findIndex((w) => w.includes(raw));
  if (at < 0) return null;
  const verbs: string[] = [];
  let holder = '';
  // A date said as a time (1987년에, 1920년 9월 28일); one said as a value (595년으로 기록된 출생연도,
  // 1990년이 …) is what the verb is about, not when it happened.
  const asValue = (word: string) => /\d(년|월|일)(으로|로|이|가|을|를|은|는|의|과|와|까지|부터)/.test(word);
  if (asValue(words[at] as string)) return null;
  // A span's end (~ 1637년 2월 24일까지) dates nothing by itself; its start dates when the event began.
  if (/~$/.test(words[at - 1] ?? '')) return null;
  // "2010년 키르기스스탄 혁명 이후 세 번째로 일어난": the date names an event the sentence counts
  // from, not when its verb happened.
  if (anchorAt(words, at) !== undefined) return null;
  // "큰형(김광동)이 1980년 10월에 … 사망했기": a subject right before the date holds its event,
  // named with the bare words before it ("맥클레이 선교사가 1884년 6월 24일 내한하여").
  // Not a verb's 다가 ("…해 오다가, 1969년"), nor across a comma.
  const before = (words[at - 1] ?? '').replace(/[)'"’”]+$/, '');
  if (
    /^[가-힣]{3,}$/.test(before) &&
    hasSubjectParticle(before) &&
    !before.endsWith('다가') &&
    !PRONOUNS.has(before.slice(0, -1))
  ) {
    const name = [before.slice(0, -1)];
    for (
      let k = at - 2;
      k >= Math.max(0, at - 3) &&
      BARE_NOUN.test(words[k]!) &&
      !PARTICLE_END.test(words[k]!) &&
      !hasSubjectParticle(words[k]!);
      k--
    )
      name.unshift(words[k]!);
    holder = name.join(' ');
  }
  for (let j = at + 1; j < Math.min(words.length, at + DATED_CLAUSE_WORDS); j++) {
    const word = words[j] as string;
    if (word === '~' && verbs.length === 0 && words.slice(at + 1, j).every((w) => DATE_WORD.test(w))) {
      while (DATE_WORD.test(words[j + 1] ?? '')) j++;
      continue;
    }
    if (DATE_WORD.test(word)) {
      if (verbs.length === 0 && (j === at + 1 || DATE_WORD.test(words[j - 1] as string))) {
        if (asValue(word)) return null;
        continue;
      }
      // Another date before any verb: the walk reads no event, but a topic named before it
      // ("2008년 3월 25일 국제한국연구원은 … 2월 14일부터 …") holds the first date's.
      if (verbs.length === 0) return holder !== '' ? { verbs, holder } : null;
      break;
    }
    const plain = word.replace(/[^가-힣]+$/, '');
    // "2001년 3월 29일 개항과 동시에 …": an event's noun right after the date, said as the time
    // of what follows, is what the date dates. Not "2014년 데뷔 후 처음으로": there 후 may well
    // start a frame of the dated verb after it.
    const noun = /^([가-힣]{2})(과|와)$/.exec(plain);
    const adjacent = () => words.slice(at + 1, j).every((w) => DATE_WORD.test(w));
    if (noun && verbs.length === 0 && /^동시에,?$/.test(words[j + 1] ?? '') && adjacent()) {
      verbs.push(eventNoun(noun[1] as string));
      break;
    }
    // "1962년 … 그들의 딸 준 리 오스월드가 태어났다", "1855년 부친이 사망한 후": a relative is the
    // subject of the dated verb, so the event is the relative's.
    holder ||= kinSubject(words, j) || namedTopic(plain, words[j - 1]);
    const m = SINO_VERB.exec(plain);
    if (!m) {
      const life = LIFE_EVENTS.find(([verb]) => verb.test(plain));
      if (life) {
        verbs.push(life[1]);
        // "…에서 태어난 아이 마카토 만델라가", "갓 태어난 아이를": a life's end said of the noun it
        // modifies is that noun's, not the sentence's topic's. Not "…에서 태어난 가수이다", which says
        // what the topic is.
        const next = (words[j + 1] ?? '').replace(/[^가-힣A-Za-z0-9]+$/, '');
        if (/[난진은]$/.test(plain) && (HOLDER.test(next) || /^[가-힣]{2,}$/.test(next)) && !TIME_NOUN.test(next)) {
          if (!/(이|였|이었)다$/.test(next)) holder = stripSuffixes(next);
          break;
        }
        if (!/(나|고|며|서)$/.test(plain) || /[,;]$/.test(word)) break;
        continue;
      }
      // Another native verb is passed over (a noun like 공무원 looks like one): only the
      // sentence's last predicate or a clause's end stops the search. That predicate, a plain
      // verb (…무리를 이끌었다), is what the date dates; a copula's (…인물이다, …였다) says what a thing is.
      if (/다$/.test(plain)) {
        if (verbs.length === 0 && !COPULA_OR_LIGHT.test(plain) && verbStem(plain) !== null) verbs.push(plain);
        break;
      }
      // A comma before what the place is called now (…대로, 지금의 …) closes no clause, nor one
      // between the nouns of a list (김경섭 박사, 김충섭 박사 … 공동 기획, 자본, 참여로). A noun said as a
      // clause's end ("전선에서 철수, 재편성을 위해") still closes it (listedAt).
      if (/[,;]$/.test(word) && !NOW_CALLED.test(words[j + 1] ?? '') && !listedAt(words, j)) break;
      continue;
    }
    // A verb that modifies a noun after a chained one opens a clause of its own ("1965년 …
    // 한일기본조약에서 … 포함하여 … 간에 체결된 모든 조약이 … 무효임을 확인하였다": 1965 dates the
    // confirmation, not the treaties).
    const adnominal = m[3] === '' && /^(한|된|할|될|시킨|시킬)$/.test(m[2] as string);
    // A state's modifier, not an event's (도쿄도 등을 포함한 미나미칸토 지역, 서울에 위치한): no date's.
    if (adnominal && STATIVE.test(m[1] as string)) continue;
    if (adnominal && verbs.length > 0) break;
    verbs.push(eventNoun(m[1] as string));
    if (adnominal) {
      // Only right after the date, and of a noun that is an argument: "2012년에 개봉한
      // 대한민국의 영화이다" says what the subject is, "1966년 … 사망한 이후" is a time.
      const next = (words[j + 1] ?? '').replace(/[^가-힣A-Za-z0-9]+$/, '');
      const adjacent = words.slice(at + 1, j).every((w) => DATE_WORD.test(w));
      if (adjacent && HOLDER.test(next) && !TIME_NOUN.test(next)) holder = stripSuffixes(next);
      break;
    }
    const chained = /^(해|돼)$/.test(m[2] as string) ? m[3] === '' : CHAINED.test(m[3] as string);
    if (!chained || /[,;]$/.test(word)) break;
  }
  return verbs.length > 0 ? { verbs, holder } : null;
}

/**
 * Whether the claim's event noun (반포) stands in the sentence only as an argument of another
 * predicate — "1444년 2월 … 훈민정음 반포에 반대하는 학자들은 … 상소를 올렸다" — so the sentence's
 * date belongs to that other predicate (the appeal), not to the event. Not when a date stands right
 * before the noun (1446년 정식 반포 이후: the event's own date), when a light verb follows
 * (반포를 하였다), or when the noun also stands otherwise (반포되었다, 반포는 1446년).
 */
export function eventOnlyAsArgument(sentence: string, event: string): boolean {
  if (!/^[가-힣]{2,}$/.test(event) || event.endsWith('다')) return false;
  const words = sentence
    .replace(/\([^)]*\)/g, '')
    .split(/[\s,]+/)
    .filter(Boolean);
  let seen = 0;
  for (const [i, word] of words.entries()) {
    const at = word.indexOf(event);
    if (at < 0) continue;
    seen++;
    // 노조설립: the tail of a compound is the event of its first part, another argument.
    if (midWord(word, at)) continue;
    const tail = word.slice(at + event.length).replace(/[^가-힣]+$/, '');
    const before = [words[i - 1], words[i - 2]].filter((w): w is string => w !== undefined);
    if (!ARGUMENT_PARTICLE.test(tail) || LIGHT_VERB.test(words[i + 1] ?? '')) return false;
    if (before.some((w) => DATE_WORD.test(w))) return false;
  }
  return seen > 0;
}
