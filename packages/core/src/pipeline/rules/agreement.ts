/**
 * The deterministic evidence check of no-LLM mode: does one piece of evidence support or
 * refute a claim? It finds the evidence sentence that best covers the claim's content terms,
 * then looks on that sentence for disagreements a reader would call a contradiction:
 * different numbers for the same unit, opposite polarity (negation), antonyms. Support needs
 * near-complete coverage and no disagreement at all, because calling a contradicted claim
 * supported is the worst error this service can make.
 */
import { stripSuffixes } from '../../search/korean.js';
import { MIN_QUOTE_CHARS } from '../quotes.js';
import { endsAsQuestion } from './checkability.js';
import { claimContrasts, contrastClashes, type ClaimContrast } from './contrasts.js';
import {
  compareQuantities,
  saidMoreOften,
  extractQuantities,
  isDateClash,
  isPointAgainstPeriod,
  isPointDate,
  quantitiesOf,
  type Quantity,
  type QuantityConflict,
} from './numbers.js';
import {
  affirmative,
  antonymClashes,
  claimAntonyms,
  type ClaimAntonym,
  copulaSaidBothWays,
  countNegations,
  exclusiveWords,
  negatedPredicate,
  negatedStems,
  polarityConflicts,
  scopedNegation,
  prefixNegated,
  clauseTopic,
  sameSubject,
} from './polarity.js';
import { lifespanReader } from './lifespan.js';
import { paraphraseReader, predicateVariants, type Paraphrase } from './paraphrase.js';
import {
  isQualifierWord,
  ordinals,
  plannedVerb,
  qualifierMismatches,
  quotesAnAccount,
  reportedValue,
  superlatives,
  unrealized,
  type Ordinal,
} from './qualifiers.js';
import {
  extractRelations,
  GENERIC_EVENT,
  relationAgreements,
  relationClashes,
  relationKind,
  relationWords,
  type Relation,
} from './relations.js';
import {
  anaphoric,
  datedDescription,
  describedValue,
  nounPredicate,
  attributedUpTo,
  claimEvent,
  eventArguments,
  datedHolder,
  datedVerbs,
  namedEventOf,
  otherEvent,
  editionName,
  eventOnlyAsArgument,
  relativeTopic,
  existential,
  isFrame,
  isTopic,
  namedSubject,
  namingDate,
  saysEvent,
  subjectName,
  subjectPhrase,
  verbEvent,
} from './scope.js';
import { ownerTaken, predicateKey, roleChanges, roleIn, slotTaken, subjectRoleChanged, topicTaken } from './roles.js';
import { evidenceSentences, splitClauses, type Span } from './sentences.js';
import { textMemo } from './text-memo.js';
import {
  contentTerms,
  adnominal,
  adnominalForms,
  closesInRieul,
  coverage,
  escapeRegExp,
  fold,
  foldBare,
  foldedSentence,
  matchAt,
  midWord,
  modifiesAnotherNoun,
  RELATIVE,
  sentenceCoverage,
  verbStem,
  withoutBrackets,
  type Coverage,
  type Term,
} from './terms.js';

/** Why a finding was decided: the calibration measures precision per kind (calibration.ts). */
export type RefuteKind =
  | 'relation'
  | 'relation-verb'
  | 'relation-place'
  | 'date'
  | 'number'
  | 'ordinal'
  | 'denial'
  | 'negated-predicate'
  | 'negation'
  | 'antonym'
  | 'attribute-contrast'
  | 'contrast';
/**
 * `stated`: the sentence holds the claim nearly verbatim, or states it as its own statement
 * (statedBy); `full`: every term, the predicate and the qualifiers, but in passing (a
 * modifier, a list, a joined clause, another topic); `paraphrase`: stated in a fixed
 * construction of other words (paraphrase.ts: Y에 있는 X for X는 Y에 위치한다, X 또는 Y는 for
 * X는 Y라고도 불린다); `relation`: the evidence states the claim's single-valued relation with the
 * same value, said with a copula (서울특별시는 대한민국의 수도이자 … for 대한민국의 수도는
 * 서울특별시이다), `relation-verb` with a verb (…에서 태어났다), `relation-place` a location
 * (relations.ts relationKind): each measured apart.
 */
export type SupportKind = 'stated' | 'full' | 'paraphrase' | 'relation' | 'relation-verb' | 'relation-place';
export type FindingKind = RefuteKind | SupportKind;
/**
 * How much of the quoted evidence the claim's words cover (share of its content terms): a
 * quote that says much more than the claim (`loose`, under 0.3) leaves room for what the
 * rules cannot read; `tight` is 0.6 and over.
 */
export type CoverBucket = 'tight' | 'mid' | 'loose';

export interface Finding {
  evid_id: string;
  stance: 'support' | 'refute';
  kind: FindingKind;
  bucket: CoverBucket;
  /** 0–1: how sure the rule is, from the coverage of the claim and the kind of disagreement. */
  strength: number;
  /** A verbatim substring of the evidence content: the sentence that matched. */
  quote: string;
  /** Short Korean reasons, shown to users. */
  reasons: string[];
  /**
   * A refutation read in a sentence about something else, the claim's subject only in another
   * role ("수정구는 … 성남시 북서부에 있는 구이다" for 성남시): it does not stand against the
   * subject's own page stating the claim word for word (calibration.ts conflictLabel).
   */
  aside?: true;
}

export interface EvidenceText {
  evid_id: string;
  content: string;
  /** The page or article title: the subject of wiki sentences that leave it out ("수도는 서울이다"). */
  title?: string;
}

/** Tuned on the even half of KLUE-NLI dev (bench/nli.ts); the odd half confirms them. */
export const THRESHOLDS = {
  /** A sentence is about the claim when it covers this much of the claim's weighted terms… */
  align: 0.5,
  /** …and at least this many of its terms. */
  alignTerms: 2,
  /** Support needs every content term of two or more syllables in one sentence, at least… */
  supportTerms: 3,
  /** …in the claim's order (share of concordant pairs)… */
  order: 0.9,
  /** …and with at most this many nouns changing their particle role (적혈구는 vs 적혈구와 달리). */
  roleChanges: 1,
  /** A negation off the claim's predicate refutes only in a clause that says nearly all of the claim. */
  polarityShare: 0.8,
  /** Claims with fewer content terms say too little to be checked word by word. */
  minClaimTerms: 2,
};

interface Aligned {
  sentence: Span;
  cover: Coverage;
}

/** A clause of the claim with what disagreements compares of it. */
interface ClaimClause {
  text: string;
  terms: readonly Term[];
  /** predicateStem, comparedWith and clauseTopic of the clause. */
  predicate: string;
  compared: string;
  subject: string;
  /** claimAntonyms and negatedStems of the clause, read on the first sentence that needs them. */
  antonyms?: ClaimAntonym[];
  negated?: string[];
}

/**
 * What disagreements reads of the claim alone: the same for every sentence, so read once per
 * piece of evidence (on its first aligned sentence) instead of once per sentence.
 */
interface ClaimParts {
  text: string;
  quantities: Quantity[];
  ordinals: Ordinal[];
  superlatives: Ordinal[];
  contrasts: ClaimContrast[];
  clauses: ClaimClause[];
  /** namedSubject of the claim: empty when it leaves its subject out or says it with a pronoun. */
  named: string[];
  /** subjectName of the claim: its subject of several words as one name, else ''. */
  name: string;
  /** claimEvent of the claim: the predicate a date, number, ordinal or other value is said of. */
  event: string;
  /** describedValue of the claim: a description and the value it picks out. */
  described: ReturnType<typeof describedValue>;
  /** The verb a claim that says when its description happened dates (…선언한 날짜는 → 선언). */
  datedEvent?: string;
  /**
   * That description's other words, each to stand in the date's clause (datesDescribedEvent):
   * not 하다's 한 after its object, one syllable asking for no word of its own.
   */
  datedWords?: string[];
  /** The verb and the other words of a description that asks who did it (…혹평한 사람은). */
  doer?: { event: string; words: string[] };
}

function claimParts(claim: string, quantities: Quantity[]): ClaimParts {
  const described = describedValue(claim, (w) => verbStem(w) !== null);
  const dated = datedDescription(described);
  const event = claimEvent(contentTerms(dated ?? claim).map((t) => t.term));
  const words = (text: string, event: string) =>
    contentTerms(text)
      .map((t) => t.term)
      .filter((t) => t !== event && t.length >= 2);
  const head = described?.description.split(/\s+/) ?? [];
  const doerTerms = WHO_HEAD.test(head.at(-1) ?? '')
    ? contentTerms(head.slice(0, -1).join(' ')).map((t) => t.term)
    : [];
  const doer = claimEvent(doerTerms);
  const named = namedSubject(claim);
  return {
    text: claim,
    // A year that names the subject (2002년 FIFA 월드컵은 …이다) is no value of the claim's.
    quantities: quantities.filter((q) => !namingDate(claim, q.raw, (w) => verbStem(w) !== null)),
    ordinals: ordinals(claim),
    superlatives: superlatives(claim),
    contrasts: claimContrasts(claim),
    clauses: splitClauses({ text: claim, start: 0, end: claim.length }).map(({ text }) => ({
      text,
      terms: contentTerms(text),
      predicate: predicateStem(text),
      compared: comparedWith(text),
      subject: clauseTopic(text),
    })),
    named,
    name: subjectName(claim, named),
    event,
    described,
    // Named as datedVerbs names a sentence's (죽은 → 사망).
    ...(dated !== undefined && event !== '' ? { datedEvent: verbEvent(event), datedWords: words(dated, event) } : {}),
    ...(doer !== '' ? { doer: { event: doer, words: doerTerms.filter((t) => t.length >= 2) } } : {}),
  };
}

/** Whether `term` starts a word of `text` (folded with its spaces kept): 임시정부 holds no 정부. */
function hasWord(text: string, term: string): boolean {
  for (let i = matchAt(text, term); i >= 0; i = matchAt(text, term, i + 1)) if (!midWord(text, i)) return true;
  return false;
}

/** What a sentence must not say of a date it is to state: a denial, a doubt, a rumour. */
const NOT_STATED = /(않|못하|못했|못한|아니|없|소문|루머|주장|추정|설이|설도|가능성|으로 보)/;

/**
 * Whether the sentence dates `event` with `raw`, said once: every one of `words` stands in the
 * date's clause (or the page's title, for a subject the sentence leaves out) as a word of its own
 * (임시정부 is no 정부), `raw` dates that verb as datedVerbs reads it (일어난 → 발생), held by no one
 * else (datedHolder), and the sentence neither denies nor doubts it. A date read of anything less
 * may be another event's.
 */
function datesEvent(
  parts: ClaimParts,
  sentence: string,
  title: string,
  raw: string,
  event: string,
  words: readonly string[],
): boolean {
  if (NOT_STATED.test(sentence) || sentence.split(raw).length !== 2) return false;
  // "1948년 Y 정부가 수립되었고, 1950년 대한민국 정부가 …" dates Y's. Folded with its spaces kept, so
  // that a word's start can be seen.
  const here = `${title} ${clauseAt(sentence, sentence.indexOf(raw)).text}`.normalize('NFKC').toLowerCase();
  if (!words.every((t) => hasWord(here, t))) return false;
  const verbs = datedVerbs(sentence, raw);
  return !!verbs?.some((v) => v.includes(event) || event.includes(v)) && heldByClaim(parts, datedHolder(sentence, raw));
}

/** Whether a dated event's holder (datedHolder) is the claim's subject, or no one named. */
function heldByClaim(parts: ClaimParts, holder: string): boolean {
  return holder === '' || parts.named.some((n) => fold(holder).includes(fold(n)));
}

/**
 * Whether a sentence dates what the claim's description says happened (datedDescription) with its
 * date `raw`, every other noun of the description in the date's clause. Both a support and a
 * refutation of such a claim need this much.
 */
function datesDescribedEvent(parts: ClaimParts, sentence: string, title: string, raw: string): boolean {
  return !!parts.datedEvent && datesEvent(parts, sentence, title, raw, parts.datedEvent, parts.datedWords ?? []);
}

/**
 * The claim's own event and its one date, as the sentence dates them ("간토 대지진은 1923년에
 * 일어났다" by "…관동 대지진은 1923년 9월 1일 … 일어난 해구형 지진이다"; not "1904년 2월에 일어난
 * 러일전쟁을 취재하기 위해 …" for a paper 창간되었다), with the claim's subject named there or as the
 * page; '' when the sentence does not.
 */
function datesClaimEvent(parts: ClaimParts, sentence: string, title: string): string {
  const date = claimDate(parts);
  if (!date || !subjectNamed(parts.named, `${title} ${sentence}`) || !date.said.test(sentence)) return '';
  const { raw } = date.year;
  const events = datedVerbs(parts.text, raw) ?? [];
  const event =
    events.find((e) => datesEvent(parts, sentence, title, raw, e, [])) ?? glossDatesEvent(parts, sentence, raw, events);
  return event === undefined ? '' : `${event} ${date.whole}`;
}

/**
 * The claim's one date: a point in time (1636년, or 1905년 11월 17일 said whole), read by its first
 * part, which is what a sentence's verb is dated by; `said` finds the whole date in a sentence. A
 * full date is stated only where the sentence gives it whole, not 11월 and 17일 of other dates.
 */
function claimDate(parts: ClaimParts): { year: Quantity; whole: string; said: RegExp } | undefined {
  const dates = parts.quantities.filter((q) => isPointDate(q, parts.text));
  const [first, ...rest] = dates;
  if (!first || (rest.length > 0 && (first.unit !== '년' || rest.length > 2))) return undefined;
  const pattern = dates.map((q) => escapeRegExp(q.raw)).join('\\s?');
  const whole = new RegExp(pattern).exec(parts.text)?.[0];
  if (whole === undefined) return undefined;
  return { year: first, whole, said: new RegExp(`(?<![0-9])${pattern}(?![0-9])`) };
}

/** "X는 1636년에 일어났다": a subject, one date, and the event's verb, nothing else. */
const DATED_EVENT_CLAIM = /^\S+(?:\s\S+){0,3}?(?:은|는|이|가)\s(?:\d+(?:년|월|일)\s?){1,3}에\s\S+?[.!?]?$/;

/** What eventDateReader reads in one sentence: a statement of the claim's date, or another date of its event. */
interface EventDate {
  stance: 'support' | 'refute';
  reason: string;
}

/**
 * A claim that says only when its subject's event happened ("병자호란은 1636년에 일어났다"), read
 * against a sentence whose topic is that subject and which dates the same event in other words
 * ("병자호란(丙子胡亂)은 1636년 12월 28일 ~ 1637년 2월 24일까지 … 벌어진 전쟁이다": 벌어진 is 발생,
 * the span's start its day). The same year is a statement of it; another year of the same event
 * refutes it, named. The claim is read once; null for any other claim, and the reader gives null
 * for any other sentence: a date of another event on the page (1627년 정묘호란이 일어났다) has another
 * topic; a birth or a death is read from the lead's gloss only (a relative's, "키드먼의 여동생인
 * 안토니아 키드먼은 1970년에 태어났고", reads the same).
 */
function eventDateReader(parts: ClaimParts): ((sentence: string) => EventDate | null) | null {
  if (!DATED_EVENT_CLAIM.test(parts.text.trim())) return null;
  const date = claimDate(parts);
  const claimed = date?.year;
  if (!date || claimed?.unit !== '년') return null;
  // A birth or a death is the lead gloss's (lifespan.ts): a relative's is said the same way.
  const events = (datedVerbs(parts.text, claimed.raw) ?? []).filter((e) => e !== '출생' && e !== '사망');
  if (events.length === 0) return null;
  return (sentence) => {
    if (NOT_STATED.test(sentence) || !topicIsSubject(parts.named, sentence)) return null;
    const datesEvent_ = (q: Quantity) => {
      // Held by no one named, or by the subject itself: 삼성물산 holds its own founding, not 삼성's.
      const holder = fold(datedHolder(sentence, q.raw));
      if (sentence.split(q.raw).length !== 2 || (holder !== '' && !parts.named.some((n) => holder.endsWith(fold(n)))))
        return false;
      return (datedVerbs(sentence, q.raw) ?? []).some((v) => events.includes(v));
    };
    const years = quantitiesOf(sentence).filter(
      (q) => q.unit === '년' && isPointDate(q, sentence) && datesEvent_(q) && !reportedValue(sentence, q.raw),
    );
    if (years.some((q) => q.value === claimed.value))
      // A full date is stated whole; the same year with another day is the generic date clash's.
      return date.said.test(sentence)
        ? { stance: 'support', reason: `근거 문장의 날짜가 같은 사건의 날짜임: '${events[0]} ${date.whole}'` }
        : null;
    const other = years[0];
    return other ? { stance: 'refute', reason: `날짜 불일치: 근거: '${other.raw}' ↔ 주장: '${claimed.raw}'` } : null;
  };
}

/** A lead whose topic carries its one date in brackets: "을사조약(乙巳條約, 1905년 11월 17일)은 … 체결한 조약이다". */
const GLOSSED_TOPIC = /^([^()]+?)\s?\(([^()]*)\)(?:은|는|이|가)\s/;

/**
 * The claim's event a lead dates in its topic's gloss, or undefined: an event's page gives its day
 * there ("을사조약(乙巳條約, 1905년 11월 17일)은 … 강제로 체결한 조약이다"), and the event the date is
 * the day of is the one the lead's predicate names it by (체결한 조약, 일어난 지진). Only one date,
 * no span (a person's life is lifespan.ts's), the topic the claim's subject, and nothing denied or
 * doubted: "을사조약은 1905년에 폐기되었다" is not the day it was signed.
 */
function glossDatesEvent(
  parts: ClaimParts,
  sentence: string,
  raw: string,
  events: readonly string[],
): string | undefined {
  const m = GLOSSED_TOPIC.exec(sentence);
  if (!m || NOT_STATED.test(sentence) || events.length === 0) return undefined;
  const [, topic, gloss] = m as unknown as [string, string, string];
  const years = quantitiesOf(gloss).filter((q) => q.unit === '년');
  if (gloss.includes('~') || years.length !== 1 || !gloss.includes(raw)) return undefined;
  if (!parts.named.some((n) => fold(topic).includes(fold(n)))) return undefined;
  // The lead's predicate and the verb modifying it: what the subject is, by the event it names.
  const words = withoutBrackets(sentence)
    .replace(/[.!?]+$/, '')
    .split(/\s+/);
  const [modifier, predicate] = words.slice(-2);
  if (!modifier || !predicate || !/(이다|다)$/.test(predicate)) return undefined;
  const named = datedVerbs(`${raw} ${modifier} ${predicate}`, raw) ?? [];
  return events.find((e) => named.some((v) => v.includes(e) || e.includes(v)));
}

/** The clause of `sentence` that holds `at`. */
function clauseAt(sentence: string, at: number): Span {
  const whole = { text: sentence, start: 0, end: sentence.length };
  return splitClauses(whole).find((c) => c.end > at) ?? whole;
}

/** What a sentence states of a description's claim (below): the reason shown, and the clause that says it. */
interface Stated {
  reason: string;
  clause: string;
}

/** A sentence that states the claim's date of its description's event (above). */
function datesDescription(parts: ClaimParts, sentence: string, title: string): Stated | undefined {
  const { described, datedEvent } = parts;
  if (!described || !datedEvent || !fold(sentence).includes(fold(described.value))) return undefined;
  // The first date word of the value: 9월 of "1951년 9월" may be another year's.
  const raw = quantitiesOf(described.value)[0]?.raw;
  if (!raw || !datesDescribedEvent(parts, sentence, title, raw)) return undefined;
  return {
    reason: `같은 ${datedEvent} 날짜: 근거: '${described.value}' = 주장: '${described.value}'`,
    clause: clauseAt(sentence, sentence.indexOf(raw)).text,
  };
}

/** A description's head that asks who did it (…혹평한 사람은, …창제한 왕은). */
const WHO_HEAD = /^(사람|인물|이름|선수|왕|감독|작가|저자|주인공|학자|대통령|회장|장군|배우|가수|화가)(은|는)$/;

/**
 * The reason a sentence states who did what the claim's description says ("명성황후를 … 혹평한
 * 사람은 유길준이다" against "…유길준은 명성황후를 ‘세계에서 가장 나쁜 여성’이라고 혹평하였다"): the
 * value as a subject or topic, the description's verb after it in the same clause (as a verb, not
 * another verb's noun) with no other subject or topic between, every other word of the description in that clause as a word of its
 * own, and no denial or doubt.
 */
function namesDescribed(parts: ClaimParts, sentence: string): Stated | undefined {
  const { described, doer } = parts;
  if (!described || !doer || NOT_STATED.test(sentence)) return undefined;
  const text = sentence.normalize('NFKC').toLowerCase();
  const value = described.value.normalize('NFKC').toLowerCase();
  const at = text.indexOf(value);
  if (at < 0 || midWord(text, at) || !/^(은|는|이|가)\s/.test(text.slice(at + value.length))) return undefined;
  const clause = clauseAt(text, at);
  if (!doer.words.every((t) => hasWord(clause.text, t))) return undefined;
  const after = clause.text.slice(Math.max(0, at - clause.start + value.length));
  const verbAt = matchAt(after, doer.event);
  // The event as the verb, not a noun another verb takes ("한글 창제를 반대하였다").
  if (verbAt < 0 || /^(을|를|이|가|은|는|의|에|과|와|으로|로|도)(\s|$)/.test(after.slice(verbAt + doer.event.length)))
    return undefined;
  const between = after.slice(0, verbAt).split(/\s+/).slice(1);
  if (between.some((w) => w.length >= 2 && /[가-힣](은|는|이|가)$/.test(w))) return undefined;
  return {
    reason: `'${doer.event}'의 주체: 근거: '${described.value}' = 주장: '${described.value}'`,
    clause: clause.text,
  };
}

/**
 * Whether a sentence speaks of another thing than the one the claim's description picks out:
 * "전지현이 2012년에 출연한 영화는 도둑들이다" against "2001년에 … 《엽기적인 그녀》에 출연해" —
 * a number of the description differs and the value is not there. Its dates and numbers then
 * disagree with nothing the claim states; with the value there ("2001년에 도둑들에 출연"), they do.
 */
function describesAnother(parts: ClaimParts, conflicts: readonly { claim: Quantity }[], sentence: string): boolean {
  const { described } = parts;
  // Folded: a native numeral's rank is read without its space (두 번째 → 두번째).
  if (!described || !conflicts.some((c) => fold(described.description).includes(fold(c.claim.raw)))) return false;
  return !fold(sentence).includes(fold(described.value));
}

/** A bracket with a number glossed on the name it follows (up to three words): 불국사다보탑(국보 20호). */
const NUMBER_GLOSS = /((?:[^\s()]+\s){0,2}[^\s()]+)\(([^()]*\d[^()]*)\)/g;

/**
 * The sentence's quantities, less those glossed on a name with none of the claim's words:
 * "…불국사다보탑(국보 20호), 불국사삼층석탑(국보 21호) 등 …석굴암과 함께 …" numbers the pagodas,
 * not 석굴암; "아흐메드 살만 루슈디 경(, 1947년 …)" dates 루슈디.
 */
function ownQuantities(sentence: string, claimTerms: readonly Term[]): readonly Quantity[] {
  if (!/[^\s(]\([^()]*\d/.test(sentence)) return quantitiesOf(sentence);
  const own = sentence.replace(NUMBER_GLOSS, (gloss, name: string) => {
    const folded = fold(name);
    return claimTerms.some((t) => t.term.length >= 2 && matchAt(folded, t.term) >= 0) ? gloss : `${name} `;
  });
  return quantitiesOf(own);
}

/** A rank said as a number: 제4대 (the counter 대 after 제), 4번째. */
const isRank = (q: Quantity): boolean => q.unit === '번째' || (q.unit === '대' && q.anchor === '제');
const rankWord = (q: Quantity): string => (q.unit === '대' ? `제${q.raw}` : q.raw);
/** The noun a rank ranks, the word after it without its particle (제4대 국왕이다 → 국왕). */
const rankedNoun = (q: Quantity): string =>
  stripSuffixes((q.after ?? '').split(/[\s(（]/)[0]!.replace(/[^가-힣A-Za-z0-9]/g, ''));

/**
 * A rank conflicts only with a rank of the same thing: "제214대 교황" not with "발렌시아 대교구의 제3대
 * 대교구장", "제4대 국왕" with "제5대 왕". A conflict left with no such rank is none.
 */
function rankOfSameThing(c: QuantityConflict, claim: string, sentence: string): QuantityConflict[] {
  if (!isRank(c.claim)) return [c];
  if (rankPicksAnother(claim, claim.indexOf(c.claim.raw), sentence)) return [];
  const noun = rankedNoun(c.claim);
  const same = c.evidence.filter((e) => {
    const other = rankedNoun(e);
    // The same noun, or one inside the other's compound (국왕 and 왕, 대통령 and 대통령이었다).
    const within = (a: string, b: string) => a.startsWith(b) || a.endsWith(b);
    return isRank(e) && noun !== '' && other !== '' && (within(noun, other) || within(other, noun));
  });
  return same.length > 0 ? [{ ...c, evidence: same }] : [];
}

/**
 * Whether a rank at `at` in the claim stands in its subject (before the first word marked 은/는) and
 * so picks out which thing the claim speaks of, with the claim's value absent from the sentence:
 * "…두 번째 단독 콘서트를 한 곳은 서울 올림픽공원 올림픽홀이다" against a sentence on the fourth concert
 * speaks of another concert. With the value there ("어휘 선정의 첫 번째 원칙은 ‘공통성’이다" against "…세
 * 번째 원칙은 공통성이다") the ranks clash.
 */
function rankPicksAnother(claim: string, at: number, sentence: string): boolean {
  const m = /^(.*?[가-힣A-Za-z0-9》」』"'”’)](?:은|는))\s+(.+?)(?:이다|였다|이었다|다)?[.!?]*$/.exec(claim.trim());
  if (!m || at < 0 || at >= (m[1] as string).length) return false;
  return !foldBare(sentence).includes(foldBare(m[2] as string));
}

/**
 * Whether the sentence says what it shares with the claim only as someone's account, a guess or
 * hearsay ("…적자를 기록했다는 소문이 돌았다", "…효과가 없는 것으로 추정된다", "…결혼하지 않았다고
 * 한다"): each of its words a matched claim term is in is read so (qualifiers.ts reportedValue).
 * Such a sentence neither supports nor refutes (the sources differ), unless the claim says the same report.
 */
function saidAsReported(claim: string, sentence: string, cover: Coverage, accountsOnly = false): boolean {
  // Read for every sentence a support may come from: most quote nothing.
  if (accountsOnly && !quotesAnAccount(sentence)) return false;
  const reported = (text: string) => {
    const matched = text.split(/\s+/).filter((w) => {
      const folded = fold(w);
      return cover.matched.some((m) => matchAt(folded, m.term) >= 0);
    });
    return matched.length > 0 && matched.every((w) => reportedValue(text, w, accountsOnly));
  };
  return reported(sentence) && !reported(claim);
}

/** A clause's end that sets it against or before the next (…지만, …는데, …자마자): not the next one's time. */
const SET_AGAINST = /(지만|으나|되나|는데|므로|니까|자마자),?\s*$/;

/**
 * Whether a clause says what may be so: …ㄹ 수도 있다, …것으로 볼 수 있다, …지도 모른다. Not a
 * bare …ㄹ 수 있다, which says what can be done (망원경으로 볼 수 있다, 물은 얼 수 있다).
 */
function possibly(text: string): boolean {
  const may = /([가-힣])\s?수도\s?있/.exec(text);
  // The modifier's ㄹ closes the syllable before 수도 (할, 될, 볼, 있을): 수도 is not the capital there.
  if (may && closesInRieul(may[1]!)) return true;
  return /것으로\s?(볼|판단할|해석할)\s?수|지도\s?모른/.test(text);
}

/** Disagreements between the claim and one aligned sentence, as Korean reasons with a weight. */
function disagreements(
  parts: ClaimParts,
  sentenceQ: readonly Quantity[],
  aligned: Aligned,
  title = '',
  before = '',
): { reasons: string[]; weight: number; kind: RefuteKind } {
  const claim = parts.text;
  const reasons: string[] = [];
  let weight = 0;
  let kind: RefuteKind = 'contrast';
  // The claim's words that differ (1899년, 일본): when one is the claim's predicate itself (X는
  // 일본인이다), the value is what the sentence states, and no event need be shared.
  const values: string[] = [];
  const { sentence } = aligned;
  // The heaviest disagreement names the finding's kind.
  const found = (w: number, k: RefuteKind) => {
    if (w > weight) [weight, kind] = [w, k];
  };
  // Only dates differed: when they are shown to be another event's or thing's, nothing disagrees.
  const datesOnly = () => reasons.every((r) => r.startsWith('날짜 불일치'));
  const none = { reasons: [], weight: 0, kind: 'contrast' as const };

  // A value the sentence gives only as someone's account or guess (…라는 소문, …으로 추정된다) refutes
  // nothing, unless the claim too says what was reported ("보도에서는 10층이 … 지점이라고 추측되었다").
  const reported = (c: QuantityConflict) =>
    c.evidence.every((e) => reportedValue(sentence.text, e.raw)) && !reportedValue(claim, c.claim.raw);
  // A year that names the claim's subject ("1988년 하계 올림픽은 …") is its name, not a date to
  // refute: another year is another edition's ("2016년 하계 올림픽이", "1934년의 이탈리아"), and a
  // sentence on this edition would carry this year.
  const compared = compareQuantities(parts.quantities, sentenceQ).conflicts.filter(
    (c) => editionName(claim, c.claim.raw) === '' && !reported(c),
  );
  const conflicts = (describesAnother(parts, compared, sentence.text) ? [] : compared).flatMap((c) =>
    rankOfSameThing(c, claim, sentence.text),
  );
  for (const c of conflicts) {
    if (isRank(c.claim)) {
      reasons.push(
        `순서 불일치: 근거: '${c.evidence.map((e) => rankWord(e)).join(', ')}' ↔ 주장: '${rankWord(c.claim)}'`,
      );
      found(0.8, 'ordinal');
      continue;
    }
    if (isDateClash(c, claim, sentence.text)) {
      reasons.push(`날짜 불일치: 근거: '${c.evidence.map((e) => e.raw).join(', ')}' ↔ 주장: '${c.claim.raw}'`);
      found(0.86, 'date');
      continue;
    }
    if (isPointAgainstPeriod(c, claim, sentence.text)) continue;
    reasons.push(`수치 불일치: 주장 ${c.claim.raw}, 근거 ${c.evidence.map((e) => e.raw).join(', ')}`);
    found(0.85, 'number');
  }
  for (const c of conflicts) values.push(c.claim.raw);

  // 4번째 against 3번째: an ordinal is a number of its own (the counter 번째 is not a unit).
  const [claimOrd, ...moreOrd] = parts.ordinals;
  // Of the same thing only: "세 번째 행성" is not refuted by "첫 번째는 소행성의 충돌" nor by
  // "두 번째로 크며". A superlative is the first by the same measure (가장 큰 섬 against 두 번째로 큰 섬,
  // not against 가장 오래된 섬 nor 세 번째 섬).
  const ranked =
    claimOrd && moreOrd.length === 0 && claimOrd.head !== ''
      ? claimOrd
      : claimOrd === undefined && parts.superlatives.length === 1
        ? parts.superlatives[0]
        : undefined;
  // A rank by a measure is another ranking than a plain one: "다섯 번째로 큰 행성" (by size) is not
  // refuted by "태양으로부터 세 번째 행성" (by place).
  // Nor is a rank by a measure of another noun: "크기 비가 가장 큰 위성" is not "다섯 번째로 큰 위성".
  const sameRank = (o: Ordinal, r: Ordinal) =>
    o.of === r.of &&
    ((o.head === r.head && (!(o.superlative || r.superlative || o.measure || r.measure) || o.by === r.by)) ||
      // "토성은 가장 큰 행성이다" ranks what "토성은 행성 중 … 두 번째로 크며" does: the subject, by 크 —
      // when the subject is that sentence's topic ("토성은 … 두 번째로 크며, …지구의 9.1배이며" ranks no 지구).
      (o.head === r.measure &&
        !o.superlative &&
        predicateStem(claim) === r.head &&
        topicIsSubject(parts.named, sentence.text)));
  const rivals = ranked
    ? [...ordinals(sentence.text), ...superlatives(sentence.text)].filter((o) => sameRank(o, ranked))
    : [];
  if (
    ranked &&
    rivals.length > 0 &&
    !rivals.some((o) => o.value === ranked.value) &&
    conflicts.length === 0 &&
    !rankPicksAnother(claim, claim.indexOf(ranked.superlative ? '가장' : '번째'), sentence.text)
  ) {
    const said = (o: Ordinal) => (o.superlative ? `가장 ${o.by ?? ''}`.trim() : `${o.value}번째`);
    reasons.push(`순서 불일치: 근거: '${rivals.map(said).join(', ')}' ↔ 주장: '${said(ranked)}'`);
    found(0.8, 'ordinal');
    values.push(said(ranked));
  }

  for (const clash of contrastClashes(claim, sentence.text, parts.contrasts)) {
    reasons.push(`다른 대상: 주장 '${clash.claimWord}', 근거 '${clash.evidenceWord}'`);
    values.push(clash.claimWord);
    // Another value of an attribute of the claim's subject (일본의 체인점 against 미국의 체인점) is
    // measured apart from a swap inside the subject (사도세자의 아내 against 남편: another person
    // spoken of) and from a claim that it happens somewhere (한국에서 찾아볼 수 있다).
    // The subject must be the sentence's (or its page's): "남부 베트남의 요리는 프랑스의 영향을" says
    // nothing of 리비아 요리.
    const phrase = subjectPhrase(claim);
    const here = fold(`${title} ${sentence.text}`);
    const said = phrase !== '' && contentTerms(phrase).every((t) => matchAt(here, t.term) >= 0);
    const inSubject = phrase.includes(clash.claimWord);
    // "제주도나 중국에도 서식한다": a value said with 도 (also) adds to the claim's, it does not replace it.
    const also = new RegExp(`${escapeRegExp(clash.evidenceWord)}[가-힣]{0,2}도(?![가-힣])`).test(sentence.text);
    found(0.6, said && !inSubject && !also && !existential(claim) ? 'attribute-contrast' : 'contrast');
  }

  // A reported rumour that the evidence calls baseless (…사실무근이었다: the whole sentence denies
  // it), or a quote of the claim it debunks (…다는 것은 잘못된 속설이다).
  if ((DENIAL.test(sentence.text) || debunked(sentence.text, aligned.cover)) && !CLAIM_DENIAL.test(claim)) {
    reasons.push('근거는 해당 내용을 사실이 아니라고 밝힘');
    found(0.75, 'denial');
  }

  // Polarity is read clause by clause: one sentence often joins a negated and a plain
  // statement ("회복하지는 못했으나 … 상승했다"), so each claim clause is compared with the
  // evidence clause that covers it best.
  const sentenceClauses = splitClauses(sentence);
  // A position the sentence attributes (…아니라 …해야 한다고 주장하는 해석) is not its own statement.
  const attributed = attributedUpTo(claim) < 0 ? attributedUpTo(sentence.text) : -1;
  // Read only when a polarity conflict is found: most sentences have none.
  let bothWays: string[] | undefined;
  for (const claimClause of parts.clauses) {
    const { terms, predicate, subject } = claimClause;
    if (terms.length < THRESHOLDS.alignTerms) continue;
    const { clause, share } = bestClause(sentence, terms, sentenceClauses);
    if (share < THRESHOLDS.align) continue;
    // Same subject, same predicate, opposite polarity: a negated word elsewhere in the clause
    // (공인중개사가 아닌, 과일뿐만 아니라) says nothing about the claim's predicate.
    const onPredicate = (stem: string): boolean =>
      predicate.length > 0 && (predicate.startsWith(stem.slice(0, 2)) || stem.startsWith(predicate.slice(0, 2)));
    // "눈밖에 없다", "비용만이 아니다", "거의 …지 않았다", "…만큼 …지 않다": the negation restricts,
    // grades or compares; it does not deny the predicate.
    const scoped = scopedNegation(claimClause.text, clause.text, exclusiveWords(claimClause.text).length > 0);
    // Whose is the evidence's copula: a clause's named topic (인천광역시는 … 도시이다) other than the
    // claim's subject, or, with no topic, its page (a sentence on 인천광역시), when the claim's subject
    // is not in the sentence. A pronoun or a determiner's topic (그들은, 이 그룹은) may be the subject.
    const otherSubject = (clauseText: string, text: string): boolean => {
      if (subject === '' || matchAt(foldedSentence(text), subject) >= 0) return false;
      const topic = clauseTopic(clauseText) || clauseTopic(text);
      if (topic === '') return title !== '' && matchAt(fold(title), subject) < 0;
      return (
        !sameSubject(claimClause.text, clauseText, text) && !anaphoric(clauseText, topic) && !anaphoric(text, topic)
      );
    };
    // "낙선재는 궁궐 내의 침전건축과는 달리 단청을 하지 않고": the claim's subject set against
    // another, whose statement it is.
    const setAgainst = subject !== '' && setAgainstIn(sentence.text, subject);
    for (const stem of scoped || setAgainst
      ? []
      : polarityConflicts(
          claimClause.text,
          clause.text,
          (claimClause.negated ??= negatedStems(claimClause.text)),
        ).filter((st) => {
          if (!onPredicate(st) && share < THRESHOLDS.polarityShare) return false;
          // A noun the claim says X is or is not (수도가 아니다) is not said of anything where it
          // stands only as another predicate's argument ("양국 수도에 대표부를 설치하여") or as the
          // first noun of a compound (도시 철도), nor of the claim's subject in a sentence without a
          // topic on another subject's page ("대표적인 남초 도시 중 하나이다" on 인천광역시). A noun the
          // claim says is absent (원작 소설이 없다) is another matter: any mention says it is there.
          if (
            copulaOn(claimClause.text, st) &&
            (notPredicated(clause.text, st) ||
              valueOfTopicOnly(sentence.text, st, subject) ||
              otherSubject(clause.text, sentence.text) ||
              deniedAsModified(clause.text, st, claimClause.text))
          )
            return false;
          // The other way round: a noun the sentence says X is not (그 13일의 금요일이 아니다) is not what a
          // claim naming it only as an argument says (13일의 금요일에 대해 … 상상해왔다).
          // Not "내적 특성이 아니라 … 낙인에 의해": what 아니라 denies, it denies in the role it gives the other.
          if (
            copulaOn(clause.text, st) &&
            !copulaOn(claimClause.text, st) &&
            notPredicated(claimClause.text, st) &&
            !new RegExp(`${escapeRegExp(st)}[가-힣]{0,2}\\s?아니라`).test(clause.text)
          )
            return false;
          if ((bothWays ??= copulaSaidBothWays(sentence.text)).some((w) => w.startsWith(st) || st.startsWith(w)))
            return false;
          // "계약 만료를 6개월 연장하기로 했다" says nothing of whether the contract 만료되지 않았다: a verb the
          // claim denies, which the sentence has only as another verb's object or modifier.
          if (onPredicate(st) && (claimClause.negated ?? []).includes(st) && argumentOnly(clause.text, st))
            return false;
          // "개방할 예정이다" says the verb is yet to come: neither that it was done nor that it was not.
          if (plannedVerb(clause.text, st) !== plannedVerb(claimClause.text, st)) return false;
          const at = sentence.text.lastIndexOf(st);
          return at < 0 || at >= attributed;
        })) {
      reasons.push(
        `부정 불일치: 근거: '${phraseWith(clause.text, stem)}' ↔ 주장: '${phraseWith(claimClause.text, stem)}'`,
      );
      // The predicate itself flipped, said of the same subject, is measured apart: far more often right.
      if (onPredicate(stem) && negatedPredicate(claimClause.text, clause.text, sentence.text, predicate))
        found(0.72, 'negated-predicate');
      else found(0.7, 'negation');
    }
    // "X는 Y보다 높다" against "Y는 X에 비해 낮다" agree: unless both compare with the same
    // thing (작년보다 증가 / 작년보다 감소), an antonym decides nothing.
    const compares = claimClause.compared !== comparedWith(clause.text);
    // An opposite said of another subject (대신들이 찬성 against 고종이 반대) refutes nothing.
    const ofSubject =
      subject === '' ||
      matchAt(foldedSentence(sentence.text), subject) >= 0 ||
      sameSubject(claimClause.text, clause.text, sentence.text);
    // "…감소하는 것으로 볼 수도 있다": what may be so, said of the claim's subject, is no opposite of what is.
    const possible = possibly(clause.text) && !possibly(claimClause.text);
    const clashes =
      compares || !ofSubject || possible || setAgainst
        ? []
        : antonymClashes(
            claimClause.text,
            clause.text,
            (claimClause.antonyms ??= claimAntonyms(claimClause.text)),
            sentence.text,
          );
    // "혼자 타고 있지 않았다" against "친구들과 함께 타고": an opposite the claim denies (its clause's last
    // predicate denied) is the other side said. Not a pair that is itself a denial (수 있 / 수 없).
    const claimDenies = DENIED_END.test(claimClause.text.trim()) && countNegations(claimClause.text) % 2 === 1;
    for (const clash of clashes) {
      if (claimDenies && !DENYING_FORM.test(`${clash.claimWord} ${clash.evidenceWord}`)) continue;
      reasons.push(`반대 표현: 주장 '${clash.claimWord.trim()}', 근거 '${clash.evidenceWord.trim()}'`);
      found(0.7, 'antonym');
    }
    for (const t of terms) {
      // What the claim says X is (행성이다) is negated only by the prefixed noun said of X in turn
      // (미행성이다), not by one standing as another predicate's argument ("미행성들은 …").
      const ofCopula = copulaOn(claimClause.text, t.term);
      if (
        ofSubject &&
        prefixNegated(t.term, claimClause.text, clause.text) &&
        (!ofCopula ||
          [...clause.text.matchAll(new RegExp(`[불비미무]${escapeRegExp(t.term)}`, 'g'))].some((m) =>
            copulaOn(clause.text.slice(m.index), m[0]),
          ))
      ) {
        reasons.push(`반대 표현: '${t.term}'의 부정형`);
        found(0.65, 'antonym');
      }
    }
  }
  // Another value, date, number or an antonym refutes only what is said of the same subject:
  // "그는 …" or a claim with no subject may be about someone else than the sentence (everyday
  // text), so such a finding stays, shown, in `contrast`, which does not decide.
  // A sentence with no topic of its own continues the passage's subject ("…패션 위크이다. 1년에
  // 두 번 열린다."), so the words before it count as its own.
  const context =
    clauseTopic(sentence.text) === '' ? `${title} ${before} ${sentence.text}` : `${title} ${sentence.text}`;
  if (SUBJECT_KINDS.has(kind) && !subjectNamed(parts.named, context)) {
    // Dates alone, of a sentence that never names the subject the claim names: another's dates.
    if (parts.named.length > 0 && datesOnly()) return none;
    reasons.push('주장의 주어가 근거 문장에 이름으로 나오지 않아 같은 대상인지 알 수 없음');
    kind = 'contrast';
  }
  // "1703년에 일어난 지진도 간토 대지진과 거의 비슷한 구조로 일어났기": a subject the sentence names only
  // as what another thing is likened to is not what its values are of, whatever the page.
  if (SUBJECT_KINDS.has(kind) && comparedOnly(parts.named, sentence.text)) {
    if (datesOnly()) return none;
    reasons.push(
      `근거 문장에서 '${parts.named.at(-1)}'은(는) 비교 대상으로만 나와 같은 대상에 대한 진술인지 알 수 없음`,
    );
    kind = 'contrast';
  }
  // A relative of the claim's subject as the sentence's topic (키드먼의 여동생인 안토니아 키드먼은):
  // the value is the relative's, though the family name is the claim's. Not even a contrast: the
  // sentence disagrees with nothing the claim says.
  if (
    SUBJECT_KINDS.has(kind) &&
    relativeTopic(sentence.text, subjectPhrase(claim).replace(/(은|는|이|가)$/, '')) &&
    !relativeTopic(claim)
  )
    return none;
  // A series of events (FIFA 월드컵, 하계 올림픽) said as one edition of it (2018년 FIFA 월드컵) or as
  // another series named with its words (하계 청소년 올림픽): the values are that one's. Not a
  // person's name, which a lead says whole (게오르크 페르디난트 루트비히 필리프 칸토어 for 게오르크 칸토어).
  const series = subjectPhrase(claim).replace(/(은|는|이|가)$/, '');
  if (
    SUBJECT_KINDS.has(kind) &&
    GENERIC_EVENT.test(series.split(/\s+/).at(-1) ?? '') &&
    (namedOnlyAsEdition(series, sentence.text) || topicNamesAnother(series, sentence.text))
  )
    return none;
  // Another value refutes only the same event: a sentence about the claim's subject (its topic)
  // speaks of the claim's attribute, any other must state the claim's predicate ("…1910년에
  // 태어났고" against "…1899년에 태어났다"; "X는 2017년에 이사했다" does not refute a wedding
  // in 2019), unless that predicate is the value itself (X는 일본인이다).
  const { event } = parts;
  if (
    EVENT_KINDS.has(kind) &&
    event !== '' &&
    !topicIsSubject(parts.named, sentence.text) &&
    !values.some((v) => fold(event).includes(foldBare(v))) &&
    !eventAsWord(claim, sentence.text, event)
  ) {
    // Dates alone: what the sentence dates is not the claim's event ("2010년 … 해고된" against
    // "1975년에 설립되었다"), so it disagrees with nothing the claim says.
    if (datesOnly()) return none;
    reasons.push(`근거 문장에 주장의 서술어 '${event}'가 없어 같은 사건인지 알 수 없음`);
    kind = 'contrast';
  }
  // A date dates an event, never its subject as a whole: a sentence that dates the same verb of
  // other arguments ("2004년 시작된 이메일 서비스" against "백럽이라는 이름으로 검색 서비스를
  // 시작하였다") or another event of the subject ("1938년에 미국으로 떠났다" against "1946년에
  // 미국 시민이 되었다") says nothing of the claim's date. The sentence (with its page's title,
  // for a subject it leaves out) must hold each of the claim's arguments.
  // "대한민국 정부가 수립된 해는 1948년이다" against "1919년 … 대한민국 임시정부를 수립했다": a claim that says
  // when its description happened is refuted only by a date of that same event.
  if (
    (kind as RefuteKind) === 'date' &&
    parts.datedEvent &&
    !conflicts.some((c) => c.evidence.some((e) => datesDescribedEvent(parts, sentence.text, title, e.raw))) &&
    datesOnly()
  )
    return none;
  // "처음으로 공연을 한 해는 1995년이다" against "1990년, … 공연단을 구상한다": a description that picks
  // out the first or last time picks one of many, and a date said without it may be another time's.
  const oneOfMany = parts.described && ONE_OF_MANY.test(parts.described.description);
  if ((kind as RefuteKind) === 'date' && oneOfMany && !ONE_OF_MANY.test(sentence.text) && datesOnly()) return none;
  // Unless the claim says its event the same way (…발견된 원소가 되었다 in both): then its date is that predicate's too.
  if (
    (kind as RefuteKind) === 'date' &&
    eventOnlyAsArgument(sentence.text, event) &&
    !eventOnlyAsArgument(claim, event)
  ) {
    if (datesOnly()) return none;
    reasons.push(`근거 문장의 '${event}'는 다른 서술어의 대상이어서, 그 날짜는 '${event}'의 날짜가 아님`);
    kind = 'contrast';
  }
  // A date dates the first verb after it: "1987년에 작성된 … 공훈록에서 … 사망했다는 기록" dates the
  // record, not the deaths. When the claim's date dates a Sino-Korean verb (…에 사망하였다) and
  // every differing date of the sentence dates another one, the sentence says nothing of the
  // claim's date. Not read when either verb is a native one or a copula's (태어났다, …이다).
  if ((kind as RefuteKind) === 'date') {
    const dated = conflicts
      .filter((c) => isDateClash(c, claim, sentence.text))
      .map((c) => ({
        claim: parts.datedEvent ? [parts.datedEvent] : datedVerbs(claim, c.claim.raw),
        holder: datedHolder(claim, c.claim.raw),
        evidence: c.evidence.map((e) => ({
          raw: e.raw,
          verbs: datedVerbs(sentence.text, e.raw),
          holder: datedHolder(sentence.text, e.raw),
        })),
      }));
    // Every verb of one against every verb of the other: 사망 is not 작성, 공부 is 공부.
    const other = (a: string[] | null, b: string[] | null) =>
      a !== null && b !== null && a.every((x) => b.every((y) => otherEvent(x, y)));
    // A date whose verb is not read, in a sentence that never says the claim's event ("1633년에
    // … 갈릴레오 갈릴레이는 종신 징역형을 받았으나" against "…1642년에 사망하였다"), dates something
    // else the subject did. Not a gloss's date ("(1927년 3월 6일 ~ 2014년 4월 17일)"), which is a life's.
    // Said only before the date or past a clause set against the date's, the event is not what
    // the date dates: a date precedes its verb ("투르쿠에서 태어난 누르미는 1920년에서 … 명예를 얻은",
    // "1950년 해산 후에 사망하였지만, 새로 태어난 딸"); clauses chained by …고 or …며 share it
    // ("5월 14일 … 대사관으로 바꾸었고, 개관식을 진행하였다").
    const afterDate = (raw: string) => {
      const at = sentence.text.indexOf(raw);
      const clauses = splitClauses({ text: sentence.text, start: 0, end: sentence.text.length });
      const last = clauses.find((c) => c.end > at && SET_AGAINST.test(c.text));
      return sentence.text.slice(at, last?.end ?? sentence.text.length);
    };
    const unsaid = (claimed: string[] | null, e: { raw: string; verbs: string[] | null }) =>
      claimed !== null &&
      e.verbs === null &&
      withoutBrackets(sentence.text).includes(e.raw) &&
      !saysEvent(afterDate(e.raw), claimed);
    // "1938년 설립된 삼성물산을": the founding dated is another thing's than the claim's subject —
    // unless the claim dates that same holder's ("X는 서태지가 2004년에 설립한 기업이다").
    const othersThing = (holder: string, claimHolder = '') =>
      parts.named.length > 0 &&
      !heldByClaim(parts, holder) &&
      (claimHolder === '' || fold(holder) !== fold(claimHolder));
    // "2005년의 튤립 혁명과 2010년 키르기스스탄 혁명 이후 세 번째로 일어난 혁명": each date names an
    // event of its own, which the claim does not name.
    const ofNamedEvent = (raw: string) => {
      const event = namedEventOf(sentence.text, raw);
      return event !== undefined && !contentTerms(event).every((t) => matchAt(foldedSentence(claim), t.term) >= 0);
    };
    const first = dated[0];
    // The reason names only the dates of the claim's event (not 1938년 of 삼성물산's founding).
    for (const d of dated) {
      const own = d.evidence.filter(
        (e) =>
          !other(d.claim, e.verbs) && !othersThing(e.holder, d.holder) && !unsaid(d.claim, e) && !ofNamedEvent(e.raw),
      );
      if (own.length === 0 || own.length === d.evidence.length) continue;
      const shown = `'${d.evidence.map((e) => e.raw).join(', ')}' ↔`;
      const at = reasons.findIndex((r) => r.startsWith('날짜 불일치') && r.includes(shown));
      if (at >= 0) reasons[at] = reasons[at]!.replace(shown, `'${own.map((e) => e.raw).join(', ')}' ↔`);
    }
    if (
      first?.claim &&
      dated.every((d) =>
        d.evidence.every(
          (e) =>
            other(d.claim, e.verbs) || othersThing(e.holder, d.holder) || unsaid(d.claim, e) || ofNamedEvent(e.raw),
        ),
      )
    ) {
      // Nothing but those dates differed: the sentence disagrees with nothing the claim says.
      if (datesOnly()) return none;
      const e = first.evidence[0]!;
      reasons.push(
        ofNamedEvent(e.raw)
          ? `근거의 '${e.raw}'은 '${namedEventOf(sentence.text, e.raw)}'의 날짜여서 주장의 '${first.claim.join(', ')}'의 날짜가 아님`
          : othersThing(e.holder, first.holder)
            ? `근거의 '${e.raw}'은 '${e.holder}'의 날짜여서 주장의 '${parts.named.join(' ')}'의 날짜가 아님`
            : e.verbs === null
              ? `근거 문장에 주장의 '${first.claim.join(', ')}'가 없어 '${e.raw}'이 그 날짜인지 알 수 없음`
              : `근거의 '${e.raw}'은 '${e.verbs.join(', ')}'의 날짜여서 주장의 '${first.claim.join(', ')}'의 날짜가 아님`,
      );
      kind = 'contrast';
    }
  }
  if ((kind as RefuteKind) === 'date') {
    const here = fold(`${title} ${sentence.text}`);
    const missing = eventArguments(claim, isQualifierWord).filter((w) => matchAt(here, fold(w)) < 0);
    if (missing.length > 0) {
      reasons.push(`근거 문장에 주장의 '${missing.join(', ')}'가 없어 같은 사건의 날짜인지 알 수 없음`);
      kind = 'contrast';
    }
  }
  return { reasons, weight, kind };
}

/**
 * Whether the sentence names `noun` only as a topic whose value it then gives, without `subject`
 * ("공성전은 그냥 배경일뿐 중점은 묵가의 사상이다" against "공성전이 중점이 아니다": what the focus is,
 * not whether 공성전 is it). "대한민국의 수도는 서울이다" still opposes "서울은 대한민국의 수도가 아니다".
 */
function valueOfTopicOnly(text: string, noun: string, subject: string): boolean {
  if (subject === '') return false;
  const name = escapeRegExp(noun);
  const topic = new RegExp(`(?<![가-힣])${name}(은|는)(?![가-힣])`).exec(text);
  if (!topic || new RegExp(`${name}(이다|였다|이었다|이며|이고|이자|인|이|가)(?![가-힣])`).test(text)) return false;
  return matchAt(fold(text.slice(topic.index + topic[0].length)), subject) < 0;
}

/** Verbs that put off or stop what their object names: 만료를 연장하다, 시행을 미루다, 통과를 막다. */
const PUTS_OFF = /^(\S*\s)?(연장|유예|연기|보류|미루|미뤄|미뤘|막|저지|피하|피했|취소|중단|철회)/;

/**
 * Whether every mention of `stem` in `text` is the object of a verb that puts it off or stops it
 * (만료를 6개월 연장하기로): the deed is not said to have happened, nor denied.
 */
function argumentOnly(text: string, stem: string): boolean {
  const mentions = [...text.matchAll(new RegExp(`${escapeRegExp(stem)}([가-힣]*)((?:\\s+\\S+){0,2})`, 'g'))];
  return mentions.length > 0 && mentions.every((m) => /^(을|를)$/.test(m[1]!) && PUTS_OFF.test(m[2]!.trim()));
}

/** A clause whose last predicate is denied: …지 않았다, …이 없다, …이 아니다, 못했다. */
const DENIED_END = /(^|\s|지)(않|없|아니|아닌|못)[가-힣]*[.!?]*$/;

/** An opposite that is itself a denial: 수 없, 불가능, 불합격, 무죄, 비공개. */
const DENYING_FORM = /없|않|못|(^|\s)[불비무미]/;

/** Whether `text` names `subject` only as what something else is set against (X과는 달리, X와 달리). */
function setAgainstIn(text: string, subject: string): boolean {
  const name = escapeRegExp(subject.split(/\s+/).at(-1)!);
  const against = new RegExp(`(?<![가-힣])${name}[가-힣]{0,2}(과|와)(는|도)?\\s?달리`);
  return against.test(text) && !new RegExp(`${name}(은|는|이|가)(?![가-힣])`).test(text);
}

/** The kinds that refute an attribute of the claim's subject: they need it named in both sentences. */
const SUBJECT_KINDS: ReadonlySet<RefuteKind> = new Set(['antonym', 'attribute-contrast', 'date', 'number', 'ordinal']);

/**
 * The reason a sentence about the claim's subject (its topic) ranks it as the claim does, said
 * the other way round: "토성은 태양계에서 두 번째로 큰 행성이다" against "토성은 태양계 내의 행성 중 목성에
 * 이어 두 번째로 크며" — the same rank, by the same measure (크), among the claim's noun (행성 중) —
 * which the claim's word order and 큰 against 크며 keep from a support. Every other word of the
 * claim (태양계) must be there; undefined otherwise.
 */
function rankStated(
  claim: string,
  sentence: string,
  parts: ClaimParts,
  claimTerms: readonly Term[],
): string | undefined {
  const ranks = [...parts.ordinals, ...parts.superlatives];
  const rank = ranks.length === 1 ? ranks[0] : undefined;
  // A measure (로:크) is set only with the modifier it was read from (by).
  const by = rank?.measure && rank.by;
  if (!by || predicateStem(claim) !== rank.head || !COPULA_CLAIM.test(claim.trim())) return undefined;
  if (!topicIsSubject(parts.named, sentence)) return undefined;
  const said = [...ordinals(sentence), ...superlatives(sentence)].filter(
    (o) => o.head === rank.measure && o.of === rank.of,
  );
  if (said.length !== 1 || said[0]!.value !== rank.value) return undefined;
  if (!new RegExp(`${escapeRegExp(rank.head)}\\s?(중|가운데)(?![가-힣])`).test(sentence)) return undefined;
  const missing = sentenceCoverage(claimTerms, sentence).missing;
  if (missing.some((t) => t.term !== by && t.term !== stripSuffixes(by))) return undefined;
  // As each says it: from the rank's number (or 가장) to its measure, and the claim's noun.
  const from = rank.superlative ? /가장\s/ : /\S+\s?번째로/;
  const words = (text: string, n: number) =>
    text
      .slice(Math.max(0, text.search(from)))
      .split(/\s+/)
      .slice(0, n)
      .join(' ')
      .replace(/[,.]|이다\.?$/g, '');
  const n = rank.superlative ? 2 : 3;
  return `같은 순위: 근거 '${rank.head} 중 … ${words(sentence, n)}' = 주장 '${words(claim, n + 1)}'`;
}

/**
 * Whether a sentence speaks of something else than the claim's named subject: its topic is
 * another's (수정구는 … 성남시 북서부에 있는 구이다; 랴홉스키 제도는 against 노보시비르스크 제도는), or it
 * has none and goes on with its page's, and its page is not the subject's.
 */
function aboutAnother(parts: ClaimParts, sentence: string, title: string): boolean {
  if (parts.named.length === 0) return false;
  const { name } = parts;
  const names = (text: string) => subjectNamed(parts.named, text) && foldBare(text).includes(name);
  const topic = topicWords(sentence);
  if (topic.length === 0) return title !== '' && !names(title);
  if (topicIsSubject(parts.named, sentence) && foldBare(topic.join('')).endsWith(name)) return false;
  return !names(title);
}

/**
 * Whether the sentence's first subject or topic is the claim's named subject: its head noun, and
 * the owners the claim names it by (태국의 국장 is not 콩고 민주 공화국의 국장).
 */
function topicIsSubject(named: readonly string[], sentence: string): boolean {
  const head = named.at(-1);
  const topic = fold(clauseTopic(sentence));
  if (head === undefined || topic === '' || !topic.endsWith(fold(head))) return false;
  // The owners stand before the topic's noun, as its genitives (포유류의 결장은).
  const folded = foldedSentence(sentence);
  const at = folded.indexOf(topic);
  const upTo = at < 0 ? folded : folded.slice(0, at + topic.length);
  return named.slice(0, -1).every((owner) => matchAt(upTo, fold(owner)) >= 0);
}

/**
 * Whether the claim's event is in the sentence. An action the claim says with 하다 / 되다
 * (설립되었다) must stand as a word of its own, not as the tail of a compound: 노조설립 is the
 * founding of a union, whose date says nothing of the company's. A noun the claim says X is
 * (학교이다) may: 대학교 is a 학교.
 */
function eventAsWord(claim: string, sentence: string, event: string): boolean {
  const said = claim.indexOf(event);
  const action = said >= 0 && /^(하|되|했|됐|한|된|할|될|함|됨)/.test(claim.slice(said + event.length));
  if (!action) return matchAt(foldedSentence(sentence), event) >= 0;
  // Folded with its spaces kept, so that a word's start can be seen.
  return hasWord(sentence.normalize('NFKC').toLowerCase(), event);
}

/**
 * Whether `noun` stands in the text only where nothing is said to be it: before an argument's
 * particle (수도에, 도시를), inside a compound (도시기반시설본부가, 비수도권) or as a bare first noun
 * of one (도시 철도). Not before a word that says it is absent or is not (반응 없이, 도시 아닌),
 * nor as a topic, subject or copula (도시는, 도시가, 도시이다, 도시였다).
 */
function notPredicated(text: string, noun: string): boolean {
  const words = text.split(/\s+/);
  let seen = false;
  for (const [i, word] of words.entries()) {
    const at = word.indexOf(noun);
    if (at < 0) continue;
    seen = true;
    if (midWord(word, at)) continue;
    const tail = word.slice(at + noun.length).replace(/[^가-힣]+$/, '');
    if (tail === '') {
      if (!/^[가-힣]/.test(words[i + 1] ?? '') || /^(없|아니|아닌|않|못)/.test(words[i + 1] ?? '')) return false;
      continue;
    }
    // "돌로 된 섬이란 뜻의 '돌섬'", "…이라는 이름": the word glossed, said of nothing.
    if (GLOSSED_TAIL.test(tail) && GLOSS_NOUN.test(words[i + 1] ?? '')) continue;
    if (PREDICATED_TAIL.test(tail)) return false;
  }
  return seen;
}

/**
 * Whether the text denies `noun` only as modified by words the claim does not give it: "…중요도가
 * 높은 대회는 아니다" denies an important tournament, not a tournament ("…17번째 FIFA 월드컵
 * 대회이다"); "큰 도시가 아니다" says nothing of "도시이다". The word right before the denied noun is a
 * modifier (높은, 중요한, 큰) the claim lacks.
 */
function deniedAsModified(text: string, noun: string, claim: string): boolean {
  const words = text.split(/\s+/);
  const at = words.findIndex((w, i) => w.startsWith(noun) && /^(아니|아닌|아님)/.test(words[i + 1] ?? ''));
  const before = (words[at - 1] ?? '').replace(/[^가-힣]/g, '');
  // A topic (서울은 도시가 아니다) is whose denial it is, and an adverbial (대내적으로는) where: no modifier of the noun.
  return (
    at > 0 &&
    adnominal(before) &&
    !isTopic(before, words[at - 2]) &&
    !/(으로|로|에|에서|과|와|에게|한테|까지|부터|보다|처럼|만큼)는$/.test(before) &&
    !claim.includes(before)
  );
}

/** A word quoted for its meaning or as a name: 섬이란 뜻, 돌섬이라는 이름. */
const GLOSSED_TAIL = /^(이란|란|이라는|라는)$/;
const GLOSS_NOUN = /^(뜻|의미|말|낱말|단어|이름|명칭)/;

/** What after a noun makes it said of something: a topic, a subject, a copula, a negation. */
const PREDICATED_TAIL =
  /^(은|는|이|가|도|만|임|인$|이다|였|이었|이며|이자|이고|이나|이지|이라|라|입니|이므로|아니|로서|으로서)/;

/** Whether the text says something is or is not `noun` (수도이다, 수도가 아니다, 수도였다). */
function copulaOn(text: string, noun: string): boolean {
  const at = text.indexOf(noun);
  return (
    at >= 0 &&
    // The noun may carry its particle already (섬이 of "섬이 아니다", as negatedStems reads it).
    /^(이다|였|이었|이며|이자|이고|인(?![가-힣])|[이가]?\s?아니|\s?중\s?하나)/.test(text.slice(at + noun.length))
  );
}

/** The kinds that refute a value of the claim's event: they need its predicate in the sentence. */
const EVENT_KINDS: ReadonlySet<RefuteKind> = new Set(['attribute-contrast', 'date', 'number', 'ordinal']);

/** Whether every stem of the claim's named subject is in the sentence or its page's title. */
function subjectNamed(named: readonly string[], text: string): boolean {
  const here = fold(text);
  return named.length > 0 && named.every((stem) => matchAt(here, fold(stem)) >= 0);
}

/**
 * After a noun, what makes it the thing compared with: X처럼, X보다, X만큼, X에 비해. Not 같이 nor
 * X와 같은: "오늘날의 비글과 같이 … 짧아짐" says what the beagle became, "X와 같은 Y" gives X as an example.
 */
const COMPARED_TAIL = /^(처럼|보다|만큼|에비해|에비하여)/;
const RANKED_AFTER = /^(이어|다음으로|다음가는)/;
/** After X과 / X와, the word that likens or sets apart: 비슷한, 유사하게, 닮은, 다른, 달리, 마찬가지로. */
const LIKENED = /^(비슷|유사|닮|다르|다른|달리|마찬가지|동일|흡사)/;

/**
 * Whether the sentence names the claim's subject (its head noun) and only as what something else
 * is compared with: "…지진도 간토 대지진과 거의 비슷한 구조로", "…는 서울보다 크다", "…목성에 이어 두
 * 번째로 크며".
 */
function comparedOnly(named: readonly string[], sentence: string): boolean {
  const head = named.at(-1);
  if (head === undefined) return false;
  const words = sentence.split(/\s+/).map(fold);
  let seen = false;
  for (const [i, word] of words.entries()) {
    const at = word.indexOf(fold(head));
    if (at < 0) continue;
    const tail = word.slice(at + fold(head).length).replace(/[^가-힣]+$/, '');
    const likened = /^(과|와)$/.test(tail) && words.slice(i + 1, i + 3).some((w) => LIKENED.test(w));
    // What a rank follows (목성에 이어 두 번째로, 목성 다음으로): the rank is another's.
    const followed = /^(에)?$/.test(tail) && RANKED_AFTER.test(words[i + 1] ?? '');
    if (!likened && !followed && !COMPARED_TAIL.test(tail)) return false;
    seen = true;
  }
  return seen;
}

/** A year, a count or a rank before a name makes it one edition: 2018년 FIFA 월드컵, 제23회 동계 올림픽, 17번째 FIFA 월드컵. */
const EDITION_BEFORE = /(\d{4}\s?년|제\s?\d+\s?회|(\d+|[가-힣]{1,2})\s?번째)\s*$/;

/**
 * Whether the sentence names the claim's subject, a name with no number of its own, only as an
 * edition of it: each time it says the name, a year, a count or a rank stands right before it.
 */
function namedOnlyAsEdition(subject: string, sentence: string): boolean {
  if (subject === '' || /\d/.test(subject)) return false;
  const starts = [...sentence.matchAll(new RegExp(escapeRegExp(subject).replace(/\s+/g, '\\s*'), 'g'))];
  return starts.length > 0 && starts.every((m) => EDITION_BEFORE.test(sentence.slice(0, m.index)));
}

/**
 * Whether the sentence's topic holds every word of the claim's subject of two words or more, with
 * another word among them: 제1회 하계 청소년 올림픽 is not 하계 올림픽. A shorter name (올림픽 for
 * 하계 올림픽) may be the same thing said briefly, and is not read here.
 */
function topicNamesAnother(subject: string, sentence: string): boolean {
  const words = subject.split(/\s+/).filter(Boolean);
  if (words.length < 2) return false;
  const topic = topicWords(sentence);
  if (topic.length === 0) return false;
  if (words.every((w) => topic.includes(w))) return !fold(topic.join(' ')).includes(fold(subject));
  // Another instance of the same kind of event, each named by a word the other lacks: 대한민국 제8대
  // 대통령 선거 is not 1972년 미국 대통령 선거. Not a year against an ordinal (2022년 … 선거 may be
  // 제20대 … 선거): only words without a number tell them apart.
  const lacks = (from: readonly string[], other: readonly string[]) =>
    from.slice(0, -1).some((w) => !/\d/.test(w) && !other.includes(w));
  return topic.at(-1) === words.at(-1) && lacks(words, topic) && lacks(topic, words);
}

/** The words of the sentence's first topic or subject, up to five before it (its particle off); [] when it has none. */
function topicWords(sentence: string): string[] {
  const plain = withoutBrackets(sentence).split(/\s+/);
  const at = plain.findIndex((w) => /[가-힣A-Za-z0-9](은|는|이|가)$/.test(w));
  if (at < 0) return [];
  const from = plain.slice(0, at + 1).findLastIndex((w, i) => i < at && /[,，]$/.test(w)) + 1;
  return plain
    .slice(Math.max(from, at - 5), at + 1)
    .map((w, i, all) => (i === all.length - 1 ? w.replace(/(은|는|이|가)$/, '') : w));
}

/** The word holding `stem` and the one after it (수도가 아니다), as a short phrase for reasons. */
function phraseWith(text: string, stem: string): string {
  const words = text.split(/\s+/);
  const key = stem.length >= 2 ? stem.slice(0, 2) : stem;
  // The word the stem starts (광역시가 아니다), not a name that ends in it (대구광역시는).
  const starts = words.findIndex((w) => w.replace(/^[^가-힣A-Za-z0-9]+/, '').startsWith(key));
  const i = starts >= 0 ? starts : words.findLastIndex((w) => w.includes(key));
  if (i < 0) return stem;
  // Through the word that carries the polarity, when an auxiliary stands between (분류할 수 없다
  // against 분류할 수 있다): the two phrases shown must differ where the two sentences do.
  const polar = words.slice(i + 1, i + 3).findIndex((w) => /(않|없|있|못|아니|아닌)/.test(w));
  return words
    .slice(i, i + 2 + Math.max(0, polar))
    .join(' ')
    .replace(/[.,!?]+$/, '');
}

function bestClause(
  sentence: Span,
  claimTerms: readonly Term[],
  clauses = splitClauses(sentence),
): { clause: Span; share: number } {
  let best = { clause: sentence, share: -1 };
  for (const clause of clauses) {
    const share = coverage(claimTerms, clause.text).share;
    if (share > best.share) best = { clause, share };
  }
  return best;
}

/** Of several relations read in one sentence, the kind read most surely: a copula's before a verb's, a location's last. */
function strongestRelationKind(found: readonly { claim: Relation; evidence: Relation }[]): RefuteKind & SupportKind {
  const kinds = found.map((c) => relationKind(c.evidence, c.claim));
  return (['relation', 'relation-verb', 'relation-place'] as const).find((k) => kinds.includes(k)) ?? 'relation-place';
}

/**
 * Whether a claim says nothing its relation's agreement leaves unchecked: every claim word the
 * sentence lacks names the relation's owner, value or relation in other words (대한민국 for 한국,
 * 창립자 for 설립자), and no
 * number, date or qualifier is left over. "서울특별시는 1950년부터 대한민국의 수도이다" and "…
 * 수도이자 최대 항구도시이다" agree on the capital and still say something the sentence does not.
 */
function saysOnlyTheRelation(
  claim: string,
  relation: Relation,
  said: Coverage,
  hasQuantities: boolean,
  sentence: string,
): boolean {
  if (hasQuantities) return false;
  const named = relationWords(relation);
  if (said.missing.some((t) => !named.includes(t.term))) return false;
  return qualifierMismatches(claim, sentence).length === 0;
}

/** What a clause compares with (트롬본 in 트롬본보다, 선천면역 in 선천면역에 비해); '' when nothing. */
function comparedWith(text: string): string {
  const m = /([가-힣A-Za-z0-9]+?)(보다|에\s?비해|에\s?비하여|에\s?비교해|와\s?비교|과\s?비교)/.exec(text);
  return m ? (m[1] as string) : '';
}

/** Words by which a text denies a report: 사실무근, 사실이 아니다, 허위로 밝혀졌다, 오보. */
const DENIAL =
  /(사실무근|사실이\s?아니|사실과\s?다르|허위로\s?(밝혀|드러)|거짓으로\s?(밝혀|드러)|오보(였|로|이다|라고))/;
/** A claim that itself calls something untrue ("…죽었다는 이야기는 거짓이었다"): a denial agrees with it. */
const CLAIM_DENIAL =
  /사실무근|사실이\s?아니|사실과\s?다르|(거짓|허위|오보|가짜|낭설|헛소문|뜬소문|루머)(이다|였다|이었다|으로|로|임|입니다|였습니다)/;
/** Words by which a text debunks what it quotes: 잘못된 속설, 잘못 알려진, 근거 없는, 미신이다, 오해다, 가짜 뉴스, 낭설, 사실이 아닌 것으로 확인. */
const DEBUNK =
  /^(잘못된\s?(속설|정보|상식|통념|믿음|이야기|주장)|잘못\s?알려진|(과학적|역사적|아무)?\s?근거\s?(가|는|도)?\s?없|속설에\s?불과|미신(이다|이며|에\s?불과|일\s?뿐)|오해(이다|다|에\s?불과|일\s?뿐)|허위\s?사실|가짜\s?뉴스|낭설|헛소문|뜬소문|괴담|사실이\s?아(닌|님)|(허위|거짓)(인\s?것으로|으로|로)\s?(판명|확인))/;
const DEBUNKS = new RegExp(DEBUNK.source.slice(1));
/** A content quoted as a thing said or believed: …다는 것은, …라는 소문은, …란 주장이. */
const QUOTED =
  /(다는|라는|란|다던)\s?(것|소문|주장|루머|이야기|속설|설|말|보도|의혹|믿음|통념)(은|는|이|가|도)?(?=\s)/g;
/** A word that ends a clause: a debunking word after it is another clause's, unless it comes right after. */
const ENDS_CLAUSE = /(다|며|지만|으나|는데|도록|고|면|서|나)[,.]?$/;
/** What may open the clause that debunks the quote before it: 이는, 이에 대한, 순전히, 전혀 … */
const POINTS_BACK = /^(이는|이것은|이것도|이에|대한|대해|대해서는|순전히|전혀|별로|아무런|명확한|과학적인|역사적인)$/;

/**
 * Whether the sentence quotes what it shares with the claim and then debunks it: every matched
 * claim term in the quoted content, the debunking word right after the quote ("만리장성이 우주에서
 * 보인다는 것은 잘못된 속설이다", "…유발한다는 주장은 과학적 근거가 없다") or opening the next
 * clause ("…다는 속설이 있으나 과학적 근거는 없다", "…이야기가 있지만, 이는 순전히 잘못된 이야기이다").
 * Not a debunking word of another clause ("…필요하다는 것은 인정하지만, 자유의지를 지지하는 과학적
 * 근거는 없다"), nor a quote that is another verb's subject ("…출신이라는 것이 드러나지 않도록 … 헛소문을").
 */
function debunked(sentence: string, cover: Coverage): boolean {
  if (cover.matched.length === 0 || !DEBUNKS.test(sentence)) return false;
  for (const q of sentence.matchAll(QUOTED)) {
    const quoted = fold(sentence.slice(0, (q.index as number) + (q[1] as string).length));
    if (!cover.matched.every((m) => matchAt(quoted, m.term) >= 0)) continue;
    const after = sentence
      .slice((q.index as number) + q[0].length)
      .trim()
      .split(/\s+/);
    const at = after.findIndex((_, k) => k <= 6 && DEBUNK.test(after.slice(k, k + 4).join(' ')));
    if (at < 0) continue;
    const between = after.slice(0, at);
    const end = between.findLastIndex((w) => ENDS_CLAUSE.test(w));
    if (end < 0) {
      if (between.length <= 4) return true;
    } else if (SET_AGAINST.test(between[end]!) && between.slice(end + 1).every((w) => POINTS_BACK.test(w))) return true;
  }
  return false;
}

/** What assessEvidence reads of the claim alone, whatever the evidence. */
interface ClaimReading {
  text: string;
  terms: readonly Term[];
  quantities: Quantity[];
  relations: Relation[];
  // Read on the first sentence that needs them: much evidence has no aligned sentence.
  parts?: ClaimParts;
  paraphrase?: (sentence: string) => Paraphrase | null;
  carry?: CarriedPhrase | null;
  life?: ReturnType<typeof lifespanReader>;
  eventDate?: ReturnType<typeof eventDateReader>;
}

/**
 * The claims read lately. A run checks one claim against each piece of its evidence in turn
 * (assessAll, then the aggregate's quotes), so the claim is read once, not once per piece. A few
 * entries, not one: the claim's own predicate variants are read in between (assessEvidence on
 * each), and so are the other claims of an article or a batch checked at the same time. The
 * lazy parts (parts, paraphrase, carry) are the same claim's, so filling them in is still its reading.
 */
const readClaim = textMemo<ClaimReading>(
  (claim) => ({
    text: claim,
    terms: contentTerms(claim),
    quantities: extractQuantities(claim),
    relations: extractRelations(claim),
  }),
  64,
);

/** Support, refutation, or null when the evidence is neutral or says too little. */
export function assessEvidence(text: string, evidence: EvidenceText, paraphrased = false): Finding | null {
  return assess(text, evidence, paraphrased, true);
}

/** assessEvidence; `carry` false reads no subject from the sentence before (for a refutation). */
function assess(text: string, evidence: EvidenceText, paraphrased: boolean, carry: boolean): Finding | null {
  const claim = spacedAuxiliary(text);
  const read = readClaim(claim);
  const { terms: claimTerms, quantities: claimQ, relations: claimRelations } = read;
  if (claimTerms.length < THRESHOLDS.minClaimTerms) return null;

  let refute: Finding | null = null;
  let support: Finding | null = null;
  // The claim's relation stated with the same value: support only when no other sentence supports it.
  let agreed: Finding | null = null;
  const sentences = evidenceSentences(evidence.content);
  const said = plainWords(claim, true);
  const topic = plainWords(evidence.title ?? '');
  let verbatim = false;
  for (let i = 0; i < sentences.length; i++) {
    const sentence = sentences[i] as Span;
    // "30년이 지난 지금 평가가 말이 되는가.": a question (rhetorical or not) states nothing either way.
    if (endsAsQuestion(sentence.text)) continue;
    const quote = quoteFor(evidence.content, sentences, i);
    // The claim word for word: stated, whatever the checks for a claim said in other words would
    // read into it (a clause of its own, 비모음 for 모음). The sentence's glosses in brackets may be
    // left out, the claim's may not (its own dates); and the sentence names its page's subject, so
    // a claim that leaves out whom it is about (…금메달을 땄다) is not matched to one page's.
    if (said.length >= MIN_VERBATIM && topic !== '' && saysWordForWord(said, sentence.text, topic)) {
      support = {
        evid_id: evidence.evid_id,
        stance: 'support',
        kind: 'stated',
        bucket: bucketOf(claimTerms, quote),
        strength: 1,
        quote,
        reasons: ['근거 문장이 같은 내용을 그대로 진술함'],
      };
      verbatim = true;
      continue;
    }
    // A birth or death date against the lead's gloss (안중근(…, 1879년 9월 2일 ~ 1910년 …)은):
    // single-valued too, and decided as a relation is. The person's lead says nothing else of it.
    const life = (read.life === undefined ? (read.life = lifespanReader(claim)) : read.life)?.(
      sentence.text,
      evidence.title ?? '',
    );
    if (life === 'lead') continue;
    if (life) {
      const finding: Finding = {
        evid_id: evidence.evid_id,
        stance: life.stance,
        kind: 'relation',
        bucket: bucketOf(claimTerms, quote),
        strength: 0.8,
        quote,
        reasons: [life.reason],
      };
      if (life.stance === 'support') agreed ??= finding;
      else if (!refute || 0.8 > refute.strength) refute = finding;
      continue;
    }
    // A different value of a single-valued relation refutes without word-for-word overlap.
    const clashes = relationClashes(claim, sentence.text, evidence.title, claimRelations);
    if (clashes.length > 0) {
      const reasons = clashes.map(
        (c) => `다른 ${c.claim.relation}: 근거: '${c.evidence.phrase}' ↔ 주장: '${c.claim.phrase}'`,
      );
      if (!refute || 0.8 > refute.strength)
        refute = {
          evid_id: evidence.evid_id,
          stance: 'refute',
          kind: strongestRelationKind(clashes),
          bucket: bucketOf(claimTerms, quote),
          strength: 0.8,
          quote,
          reasons,
        };
      continue;
    }
    // A finding this sentence states outright, read before any word-for-word overlap.
    const stating = (stance: Finding['stance'], kind: FindingKind, reasons: string[]): Finding => ({
      evid_id: evidence.evid_id,
      stance,
      kind,
      bucket: bucketOf(claimTerms, quote),
      strength: 0.8,
      quote,
      reasons,
    });
    // "병자호란은 1636년에 일어났다" against the subject's sentence dating the same event.
    const dated = (
      read.eventDate === undefined
        ? (read.eventDate = eventDateReader((read.parts ??= claimParts(claim, claimQ))))
        : read.eventDate
    )?.(sentence.text);
    // A date the event was only planned for, or nearly happened on, neither states nor refutes it.
    if (dated && unrealized(claim, sentence.text)) continue;
    if (dated?.stance === 'refute') {
      if (!refute || 0.8 > refute.strength) refute = stating('refute', 'date', [dated.reason]);
      continue;
    }
    if (dated && !agreed) agreed = stating('support', 'stated', [dated.reason]);
    // "…입학한 해는 1948년이다" against "김영삼이 1948년 9월 서울대학교 … 입학해", "…혹평한 사람은
    // 유길준이다" against "유길준은 … 혹평하였다": the claim's date or doer said of its event.
    // The claim's qualifiers (최초, 가장 …) are the sentence's too, and the clause that says it adds
    // none of its own (일부, …할 수 있다), as for any support.
    if (!agreed) {
      const parts = (read.parts ??= claimParts(claim, claimQ));
      const stated =
        datesDescription(parts, sentence.text, evidence.title ?? '') ?? namesDescribed(parts, sentence.text);
      if (stated && qualifierMismatches(claim, sentence.text, stated.clause).length === 0)
        agreed = stating('support', 'stated', [stated.reason]);
    }
    if (!agreed) {
      const rank = rankStated(claim, sentence.text, (read.parts ??= claimParts(claim, claimQ)), claimTerms);
      if (rank) agreed = stating('support', 'stated', [rank]);
    }
    if (!agreed && claimRelations.length > 0) {
      const said = sentenceCoverage(claimTerms, sentence.text);
      const agreeing = relationAgreements(claim, sentence.text, evidence.title, claimRelations).filter((c) =>
        saysOnlyTheRelation(claim, c.claim, said, claimQ.length > 0, sentence.text),
      );
      if (agreeing.length > 0)
        agreed = {
          evid_id: evidence.evid_id,
          stance: 'support',
          kind: strongestRelationKind(agreeing),
          bucket: bucketOf(claimTerms, quote),
          strength: 0.8,
          quote,
          reasons: agreeing.map(
            (c) => `같은 ${c.claim.relation}: 근거: '${c.evidence.phrase}' = 주장: '${c.claim.phrase}'`,
          ),
        };
    }
    const written = sentenceCoverage(claimTerms, sentence.text);
    const parts = (read.parts ??= claimParts(claim, claimQ));
    // A sentence with no subject of its own continues the one before it ("스판덱스는 … 섬유이다.
    // 기저귀 등에 사용되며 …"): it may support the claim read with that subject said. Refutation
    // reads it as written, so a carried subject can only withhold or support.
    const subject =
      carry && written.missing.length > 0
        ? read.carry === undefined
          ? (read.carry = carriedPhrase(claim, claimTerms))
          : read.carry
        : null;
    const carrying = subject
      ? carriedSubject(subject, written, sentences, i, { title: evidence.title, content: evidence.content })
      : null;
    const carried = carrying?.phrase ?? '';
    const aligned = (c: Coverage) => c.matched.length >= THRESHOLDS.alignTerms && c.share >= THRESHOLDS.align;
    // Read once, and only for a sentence near the claim: most are not.
    let ownQ: readonly Quantity[] | undefined;
    const sentenceQ = () => (ownQ ??= ownQuantities(sentence.text, claimTerms));
    if (aligned(written)) {
      const found = disagreements(
        parts,
        sentenceQ(),
        { sentence, cover: written },
        evidence.title,
        evidence.content.slice(0, sentence.start),
      );
      if (found.reasons.length > 0) {
        const strength = round(found.weight * written.share);
        // A report the sentence says is untrue (…다는 이야기가 돌았지만 사실무근이었다) still refutes.
        const reported = found.kind !== 'denial' && saidAsReported(claim, sentence.text, written);
        if ((!refute || strength > refute.strength) && !reported)
          refute = {
            evid_id: evidence.evid_id,
            stance: 'refute',
            kind: found.kind,
            bucket: bucketOf(claimTerms, quote),
            strength,
            quote,
            reasons: found.reasons,
            ...(aboutAnother(parts, sentence.text, evidence.title ?? '') ? { aside: true as const } : {}),
          };
        continue;
      }
    }
    if (carried === '' && !aligned(written)) continue;
    const stated = carrying?.stated ?? sentence.text;
    const cover = carried === '' ? written : coverage(claimTerms, stated);
    if (carried !== '') {
      const reading = { ...sentence, text: stated };
      if (!aligned(cover)) continue;
      // Anything the carried reading would dispute leaves the sentence out.
      if (disagreements(parts, sentenceQ(), { sentence: reading, cover }, evidence.title).reasons.length > 0) continue;
    }
    // The sentence before shows where the subject comes from; a paragraph's first sentence has none.
    const cited =
      carried === '' || carrying?.from === 'paragraph'
        ? quote
        : evidence.content.slice((sentences[i - 1] as Span).start, sentence.end);
    const from = carrying?.from === 'sentence' ? '앞 문장에서' : '문서 제목에서';
    const carriedReason = carrying ? [`주어 '${carried.replace(/(은|는|의)$/, '')}'는 ${from} 이어짐`] : [];
    // Nor does what it quotes only as a belief, a rumour or a claim (…3초라는 속설이 있다).
    if (saidAsReported(claim, stated, cover, true)) continue;
    if (!supports(claim, cover, stated)) {
      // A fixed paraphrase needs both its nouns said in the sentence: no carried subject.
      const said: Paraphrase | null =
        support || carried !== '' ? null : (read.paraphrase ??= paraphraseReader(claim))(sentence.text);
      if (said)
        support = {
          evid_id: evidence.evid_id,
          stance: 'support',
          kind: 'paraphrase',
          bucket: bucketOf(claimTerms, cited),
          strength: round(cover.share),
          quote: cited,
          reasons: [said.reason, ...carriedReason],
        };
      continue;
    }
    const numbers = compareQuantities(claimQ, sentenceQ());
    if (numbers.confirmed.length < claimQ.length || saidMoreOften(claimQ, sentenceQ())) continue;
    const strength = round(cover.share);
    if (!support || strength > support.strength) {
      // The claim's event on the claim's date, read as the sentence's own: a statement of it.
      const dated =
        claimQ.length > 0
          ? datesClaimEvent((read.parts ??= claimParts(claim, claimQ)), stated, evidence.title ?? '')
          : '';
      support = {
        evid_id: evidence.evid_id,
        stance: 'support',
        kind:
          nearlyVerbatim(claim, stated) || statedBy(claim, stated) || listsPredicate(claim, stated) || dated !== ''
            ? 'stated'
            : 'full',
        bucket: bucketOf(claimTerms, cited),
        strength,
        quote: cited,
        reasons: [
          `주장의 핵심어 ${cover.matched.length}개가 모두 근거 문장에 있음`,
          ...(dated === '' ? [] : [`근거 문장의 날짜가 같은 사건의 날짜임: '${dated}'`]),
          ...carriedReason,
        ],
      };
    }
  }
  // A negated claim whose affirmative the evidence states as its own statement ("X는 당시
  //대통령이 아니다" against "…당시 대통령이었다"; "…을 사살하지 못한다" against "…을 사살하고 …
  // 성공한다"): the predicate itself is denied, whatever the polarity reading of the clauses found.
  if (!paraphrased && !support && (!refute || refute.kind === 'negation')) {
    const denied = deniedStatement(claim, evidence);
    if (denied) return denied;
  }
  // Said word for word, the claim outweighs another sentence's reading against it (a misreading,
  // or a passage at odds with itself); a single-valued relation's other value makes it a contrast,
  // below. A place is not single-valued that way: "…사할린주에 위치한 도시이다" and "사할린섬의
  // 서해안에 위치해" are both so (relation-place: another level or side of where it is).
  const singleValued = refute?.kind === 'relation' || refute?.kind === 'relation-verb';
  if (verbatim && !singleValued) return support;
  // A refuting sentence outweighs a supporting one: the evidence disagrees with itself or with
  // the claim, and a wrong 'support' is the costlier mistake. But a passage that states the claim
  // in one sentence and opposes it in another decides nothing either way (one reading is wrong, or
  // the passage contradicts itself): the refutation stays, shown, as a `contrast`. A relation's
  // other value (수도, 출생일 …: single-valued, read more surely than a statement) still refutes.
  if (
    refute &&
    (support?.kind === 'stated' || support?.kind === 'paraphrase') &&
    (verbatim || !refute.kind.startsWith('relation'))
  )
    return {
      ...refute,
      kind: 'contrast',
      reasons: [...refute.reasons, `같은 근거의 다른 문장은 주장을 그대로 진술함: 「${support.quote}」`],
    };
  // A support in passing ('full') yields to the relation or statement the sentence was read as.
  if (refute ?? support ?? agreed) return refute ?? (support?.kind === 'full' && agreed ? agreed : support) ?? agreed;
  // The same predicate in other words (쓰인다 = 사용된다), only when the sentence states it.
  if (!paraphrased) {
    for (const variant of predicateVariants(claim)) {
      const f = assess(variant, evidence, true, carry);
      if (f?.stance === 'support' && f.kind === 'stated')
        return {
          ...f,
          kind: 'paraphrase',
          reasons: [`같은 뜻의 서술어: 주장 '${lastWord(claim)}' = '${lastWord(variant)}'`, ...f.reasons],
        };
    }
  }
  return null;
}

/**
 * The claim's subject phrase (스판덱스는) when sentence `i` leaves it out and continues the
 * sentence right before it: a word of the phrase is missing, the sentence has no topic (…은/는)
 * and no subject (…이/가) of its own, and the sentence before has the claim's subject as its
 * topic. Null otherwise. Only the adjacent sentence: a subject carried further (the nearest
 * earlier topic) supported one false statement held out (docs/eval.md). On the subject's own
 * page (its title is the claim's subject) a run of such sentences continues the page's subject
 * back to a topic, the paragraph's start or the passage's: a biography says "…에 진학하였다. 3월
 * 1일 3.1 운동에 참여하고 …" of the person its title names, and a paragraph that opens without a
 * subject ("기원전 57년 … 신라의 수도였고" on 경주시) continues the page's, not the last paragraph's topic.
 */
function carriedSubject(
  subject: CarriedPhrase,
  cover: Coverage,
  sentences: readonly Span[],
  i: number,
  page: { title?: string; content: string },
): { phrase: string; stated: string; from: 'sentence' | 'page' | 'paragraph' } | null {
  if (i === 0) return null;
  // Cheap tests first: most sentences of a passage do not come near the claim.
  const carried = subject.own.filter((t) => cover.missing.includes(t)).length;
  if (carried === 0 || cover.matched.length + carried < THRESHOLDS.alignTerms) return null;
  // A frame of its own (현재는, 일본에서는) turns from the sentence before as a topic does.
  const ownSubject = (words: readonly string[]) =>
    words.some((w, k) => isTopic(w, words[k - 1]) || isFrame(w) || OWN_SUBJECT.test(w));
  const text = (sentences[i] as Span).text;
  // "X의 A는 …" (안중근의 세례명은) against "세례명은 토마스이다": the sentence's topic is the
  // claim's attribute, and X is carried to it; the sentence has no other subject.
  const attribute = subject.owner ? ownAttributeAt(text, subject.owner.attribute) : -1;
  const phrase = attribute >= 0 ? subject.owner!.phrase : subject.phrase;
  const stated = attribute >= 0 ? `${text.slice(0, attribute)}${phrase} ${text.slice(attribute)}` : `${phrase} ${text}`;
  if (attribute < 0 && ownSubject(withoutBrackets(text).split(/\s+/))) return null;
  const owner = attribute >= 0 ? subject.owner!.head : subject.head;
  const ownPage = foldBare(withoutBrackets(page.title ?? '')) === owner;
  for (let k = i - 1; k >= 0; k--) {
    const opens = page.content.slice((sentences[k] as Span).end, (sentences[k + 1] as Span).start).includes('\n');
    if (ownPage && opens) return { phrase, stated, from: 'paragraph' };
    const before = withoutBrackets((sentences[k] as Span).text).split(/\s+/);
    const at = before.findIndex((w, n) => isTopic(w, before[n - 1]));
    if (at >= 0) {
      const topic = foldBare(before.slice(0, at + 1).join(' '));
      if (!topic.replace(/(은|는|이란|란)$/, '').endsWith(owner)) return null;
      // A sentence that turns to another topic ("…아버지는 …한국인이고 어머니는 …이다") leaves
      // the next one's subject unsaid between them.
      if (turnsTopic(before, at, owner)) return null;
      return { phrase, stated, from: k === i - 1 ? 'sentence' : 'page' };
    }
    if (!ownPage || ownSubject(before)) return null;
  }
  return { phrase, stated, from: 'page' };
}

/** Whether a clause after word `at` of `words` opens with a topic other than `owner` (…이고 어머니는). */
function turnsTopic(words: readonly string[], at: number, owner: string): boolean {
  for (let n = at + 2; n < words.length; n++) {
    if (!/(,|고|며)$/.test(words[n - 1] as string) || !isTopic(words[n] as string, words[n - 1])) continue;
    const topic = fold(words[n] as string).replace(/(은|는)$/, '');
    if (/^[가-힣]{2,}$/.test(topic) && !topic.endsWith(owner) && !owner.endsWith(topic)) return true;
  }
  return false;
}

/**
 * Where a sentence states `attribute` (세례명은, 본류 총연장은) as a topic with no subject before it:
 * its first topic, or one opening a later clause after other bare attributes of the same thing
 * ("면적은 605.23 km2로 …이고, 인구는 약 950만 명으로 …"). The offset of the attribute's first word; else -1.
 */
function ownAttributeAt(sentence: string, attribute: string): number {
  const words = [...sentence.matchAll(/\S+/g)];
  const length = attribute.split(/\s+/).length;
  for (let at = 0; at < words.length; at++) {
    const word = words[at]![0];
    if (OWN_SUBJECT.test(word) || isFrame(word)) return -1;
    if (!isTopic(word, words[at - 1]?.[0])) continue;
    const said = words.slice(Math.max(0, at - length + 1), at + 1);
    if (said.length === length && said.map((m) => m[0]).join(' ') === attribute) return said[0]!.index ?? -1;
    // Another bare attribute, one word opening its clause: the list goes on.
    const opens = at === 0 || /(,|며|이고)$/.test(words[at - 1]![0]);
    if (!opens) return -1;
  }
  return -1;
}

/** A word marked as a subject: a noun's (기구가), a title's (《배심원들》이) or an amount's (5.7%가). */
const OWN_SUBJECT = /([가-힣]{2,}|[》」』"”’%\d])(이|가)$/;

/** The claim's subject phrase (스판덱스는), its folded head, and its terms: read once per claim. */
interface CarriedPhrase {
  phrase: string;
  head: string;
  own: readonly Term[];
  /** "X의 A는": the owner as carried (X의), its folded head, and the attribute as said (A는). */
  owner?: { phrase: string; head: string; attribute: string };
}

/** The claim's topic phrase as carriedSubject needs it, or null when the claim has no topic (…은/는). */
function carriedPhrase(claim: string, claimTerms: readonly Term[]): CarriedPhrase | null {
  const phrase = subjectPhrase(withoutBrackets(claim).trim());
  if (!/(은|는)$/.test(phrase)) return null;
  const head = fold(phrase).replace(/(은|는)$/, '');
  const own = claimTerms.filter((t) => head.includes(t.term));
  if (head === '' || own.length === 0) return null;
  const said = genitive(phrase);
  const owner = said && {
    phrase: said.owner,
    head: foldBare(said.owner.replace(/의$/, '')),
    attribute: said.attribute,
  };
  return { phrase, head: head.replace(/[^가-힣a-z0-9]/g, ''), own, ...(owner ? { owner } : {}) };
}

/** "X의 A…" (산소의 원자 번호는): the owner with its 의 and the attribute as said; null for any other text. */
function genitive(text: string): { owner: string; attribute: string } | null {
  const m = /^(\S+의)\s(.+)$/.exec(text);
  return m ? { owner: m[1] as string, attribute: m[2] as string } : null;
}

/**
 * The auxiliary 있다 written solid to its verb (위치해있다, 등재되어있다) spaced as the standard
 * spelling has it (위치해 있다), so that the verb is a word of its own, matched in any ending.
 */
function spacedAuxiliary(claim: string): string {
  return claim.replace(/([가-힣]{2,}(?:어|아|여|해|져|워|와|돼))(있)/g, '$1 $2');
}

/** The evidence stating the negated claim's affirmative (stated or paraphrased), as a refutation; else null. */
function deniedStatement(claim: string, evidence: EvidenceText): Finding | null {
  const positive = affirmative(claim);
  if (positive === null) return null;
  // A statement read with a carried subject refutes nothing (see assess).
  const f = assess(positive, evidence, true, false);
  if (f?.stance !== 'support' || (f.kind !== 'stated' && f.kind !== 'paraphrase')) return null;
  const words = claim
    .trim()
    .replace(/[.!?。]+$/, '')
    .split(/\s+/);
  return {
    ...f,
    stance: 'refute',
    kind: 'negated-predicate',
    reasons: [
      `부정 불일치: 근거는 '${lastWord(positive)}'라고 진술 ↔ 주장: '${words.slice(-2).join(' ')}'`,
      ...f.reasons,
    ],
  };
}

const lastWordOf = (text: string): string =>
  text
    .trim()
    .replace(/[.!?。,]+$/, '')
    .split(/\s+/)
    .at(-1) ?? '';

const lastWord = (text: string): string =>
  text
    .trim()
    .replace(/[.!?。]+$/, '')
    .split(/\s+/)
    .at(-1) ?? '';

/** Lower bounds of the coverage buckets (measured on BoolQ train: precision rises with the share). */
const COVER_BUCKETS: readonly [CoverBucket, number][] = [
  ['tight', 0.6],
  ['mid', 0.3],
];
/** The buckets from the claim covering least of its quote to most, as the calibration pools them. */
export const COVER_ORDER: readonly CoverBucket[] = ['loose', ...COVER_BUCKETS.map(([bucket]) => bucket).reverse()];

function bucketOf(claimTerms: readonly Term[], sentence: string): CoverBucket {
  const own = contentTerms(sentence);
  if (own.length === 0) return 'tight';
  const claimWords = new Set(claimTerms.map((t) => t.term));
  const said = own.filter((t) => claimWords.has(t.term)).length;
  return COVER_BUCKETS.find(([, min]) => said / own.length >= min)?.[0] ?? 'loose';
}

/** The claim, without its final syllable and punctuation (이다/였다 may differ), verbatim in the sentence (spaces aside). */
function nearlyVerbatim(claim: string, sentence: string): boolean {
  const body = fold(claim)
    .replace(/[.!?。]+$/, '')
    .slice(0, -1);
  return body.length >= 4 && fold(sentence).includes(body);
}

/** A claim this short (in letters, spaces aside) says too little to be matched word for word. */
const MIN_VERBATIM = 8;
/** A text's words without spaces or full stop, and without glosses in brackets (한자, dates) unless kept. */
const plainWords = (text: string, glosses = false): string =>
  fold(glosses ? text : withoutBrackets(text)).replace(/[.!?。]+$/, '');

/** Whether a sentence naming its page's subject (`topic`) says the claim's plain words (`said`), glosses aside or kept. */
function saysWordForWord(said: string, sentence: string, topic: string): boolean {
  if (sentence.length < said.length) return false;
  const plain = plainWords(sentence);
  return plain.includes(topic) && (plain === said || plainWords(sentence, true) === said);
}

/** Words that join the names of one thing in a lead: 또는, 혹은, 즉. */
const LIST_JOINER = /^(또는|혹은|즉)$/;

/**
 * A clause joined before the claim's predicate that may turn or deny it: a contrast (…이나,
 * …지만, …는데), a choice (…거나) or a negated clause (…하지 못하고). An additive one with the
 * same topic (카카는 … 데뷔전을 치렀고, 그 해 … 선발되었다) states both.
 */
const JOINED_CLAUSE = /[가-힣](이나|으나|거나|지만|는데|면서),?$|(않|못|없)[가-힣]*(고|며),?$/;
/** A claim that puts its subject in a place: …에 있다, …에 위치한다. */
const PLACE_CLAIM = /[가-힣](에|에서)\s+(있|위치)[가-힣]*[.!?]*$/;
/** The name of an administrative unit or a landmark, as places are written from the widest in. */
const PLACE_NAME = /(시|도|군|구|읍|면|동|리|가|로|길|산|섬|주|현)$/;

/**
 * Whether the sentence names the claim's place (word `at`, bare) and then finer ones inside it up
 * to the verb: "인천광역시 중구 운서동에 있는 국제공항이다" puts it in 중구 as "…중구에 있다" does.
 */
function narrowsPlace(claim: string, words: readonly string[], at: number): boolean {
  if (!PLACE_CLAIM.test(claim.trim())) return false;
  for (let k = at + 1; k <= at + 2 && k < words.length; k++) {
    const word = (words[k] as string).replace(/[^가-힣]/g, '');
    const place = word.replace(/(에|에서)$/, '');
    if (!PLACE_NAME.test(place)) return false;
    if (place !== word) return /^(있|위치)/.test(words[k + 1] ?? '');
  }
  return false;
}

/** A claim that says what its subject is (…이다, …였다). */
const COPULA_CLAIM = /[가-힣](이다|였다|이었다)[.!?]*$/;
/** The present as a frame: what holds now (현재는 보험설계사이다) is what a claim in the present says. */
const PRESENT_FRAME = /^(현재는|지금은|오늘날은)$/;
/** Another time as a frame (현재는, 1990년에는, 그 후에는): what was said before it held at some other time. */
const LATER_TIME = /(현재는|지금은|오늘날은|당시는|년에는|후에는|뒤에는|전에는|때에는|때는)$/;
/** A claim in the past (…였다, …했다): 현재는 says nothing of then. */
const PAST_CLAIM = /[가-힣](었|았|였|했|됐)다[.!?]*\s*$/;
/** An intention, a condition or a report, not a deed: 추존하려고 (시도했으나), 매각하기로 (했다), 흡수하면, 있다는 (것은). */
const INTENDED = /(려고|려는|려던|고자|기로|려다|면|거든|더라도|어도|아도|여도|다는|라는),?$/;
/** An auxiliary verb written after its verb (…고 있다, …어 주다): the verb's ending is the auxiliary's. */
const AUXILIARY_BEFORE = /[가-힣](고|어|아|여|해|워|와|져)$/;
const AUXILIARY = /^(있|없|싶|주|준|줬|버리|버린|버렸|놓|놓은|둔|두)[가-힣]{0,3}$/;

/**
 * Whether a supporting sentence states the claim as its own statement, not in passing. The
 * claim's predicate ends the sentence's last clause, or its first clause when the claim's
 * subject is the sentence's topic ("X는 …의 배구 선수로, 포지션은 …") or its first subject
 * ("와트가 새로운 특허를 얻자 볼턴은 …"; not reported: "…가지고 있다는 것은"), or, with the subject as
 * the topic, modifies the first or the last clause's statement ("사회학이란 … 행위를 연구하는 학문이다"
 * states 사회학은 … 행위를 연구한다; not as an intention or a condition: 추존하려고 시도하였으나). The claim's words
 * come in its order; no contrasting, alternative or negated clause is joined before the predicate (JOINED_CLAUSE) and no topic
 * (…은/는) other than the claim's words stands before it ("버논의 아버지는 한국인이고 어머니는 …
 * 미국인이다" is about the mother). Brackets are read as if absent.
 */
export function statedBy(claim: string, sentence: string): boolean {
  const claimTerms = contentTerms(withoutBrackets(claim));
  // A sentence with two values of the claim's unit (1904년 2월에 일어난 … 7월 18일에 창간한) does not say which is the claim's.
  const quantities = quantitiesOf(sentence);
  if (quantitiesOf(claim).some((q) => quantities.some((e) => e.unit === q.unit && e.value !== q.value))) return false;
  // A possessive subject (영조의 시대는) is said as one phrase: "영조의 뒤를 이은 정조의 시대는" speaks of
  // another's 시대.
  const owned = /^([가-힣A-Za-z0-9]+)의\s([가-힣A-Za-z0-9]+?)(은|는|이|가)\s/.exec(withoutBrackets(claim).trim());
  if (
    owned &&
    !fold(withoutBrackets(sentence)).includes(fold(`${owned[1]}의${owned[2]}`)) &&
    !fold(withoutBrackets(sentence)).includes(fold(`${owned[1]}${owned[2]}`))
  )
    return false;
  // Every word in the claim's order, its subject and object in their roles: 픽사가 배급한 is not
  // 배급하고 픽사가 제작한, 공부를 …보다 좋아한다 not 공부보다는 … 좋아하는.
  if (coverage(claimTerms, sentence).order < 1) return false;
  const terms = claimTerms.map((t) => t.term);
  if (roleChanges(claim, sentence, terms).some((t) => ['subject', 'object'].includes(roleIn(claim, t) ?? '')))
    return false;
  // The word marked as subject or topic (장미 전쟁에서 리처드 3세가 …), else the first.
  const subject = terms.find((t) => roleIn(claim, t) === 'subject') ?? terms[0];
  const claimPredicate = predicateStem(claim);
  const predicate = claimPredicate.slice(0, 2);
  // A one-syllable noun said with the copula (…큰 섬이다) is a predicate, read only where it ends a
  // clause as the same word: a one-syllable verb stem (취, 가) is too short to be found safely.
  // Not a bound noun (…있는 것이다): what it stands for is the clause before it.
  const oneNoun = predicate.length === 1 && !/[것수데줄뿐바듯]/.test(predicate) && COPULA_CLAIM.test(claim.trim());
  if (!subject || (predicate.length < 2 && !oneNoun)) return false;
  // The claim's predicate in a text, also in another ending of the same verb (얻었다 in 특허를 얻자).
  const saysPredicate = (text: string): boolean =>
    fold(text).includes(predicate) || (verbStem(claimPredicate) !== null && matchAt(fold(text), claimPredicate) >= 0);
  const plain = withoutBrackets(sentence);
  const words = plain
    .replace(/[.!?。]+\s*$/, '')
    .split(/\s+/)
    .filter(Boolean);
  const topicAt = words.findIndex((w, i) => isTopic(w, words[i - 1]));
  const topic = words[topicAt];
  // A lead that lists the names of one thing ("콜레라 또는 호역은", "밧줄 또는 로프는") has each as its topic.
  const names = topicAt > 0 && words.slice(0, topicAt).some((w) => LIST_JOINER.test(w)) ? topicAt : 0;
  const subjectIsTopic =
    topic !== undefined &&
    (matchAt(fold(topic), subject) >= 0 ||
      (names > 0 && matchAt(fold(words.slice(0, names + 1).join(' ')), subject) >= 0));
  // The subject as the sentence's own first subject (엘리가 술에 취해 곯아떨어지자 폴이 …): the
  // first clause is its statement, as it is a topic's.
  const subjectAt = words.findIndex((w) => /[가-힣A-Za-z0-9](이|가)$/.test(w));
  const subjectLeads =
    !subjectIsTopic &&
    subjectAt >= 0 &&
    subjectAt <= 2 &&
    (topicAt < 0 || topicAt > subjectAt) &&
    matchAt(fold(words.slice(0, subjectAt + 1).join(' ')), subject) >= 0;
  const firstIsOwn = subjectIsTopic || subjectLeads;
  const clauses = splitClauses({ text: plain, start: 0, end: plain.length });
  const last = clauses.length - 1;
  const ends = clauses.findIndex(
    (c, i) =>
      (oneNoun
        ? predicateStem(c.text) === predicate
        : predicateStem(c.text).startsWith(predicate) || (c.text !== '' && saysPredicate(lastWordOf(c.text)))) &&
      (i === last || (i === 0 && firstIsOwn)),
  );
  // Else, with the subject as the topic, the predicate inside the first or the last clause; with
  // the subject leading, inside the first.
  const inside = oneNoun
    ? undefined
    : subjectIsTopic
      ? [0, last].find((i) => saysPredicate((clauses[i] as Span).text))
      : subjectLeads && saysPredicate((clauses[0] as Span).text)
        ? 0
        : undefined;
  if (ends < 0 && inside === undefined) return false;
  const clause = clauses[ends < 0 ? (inside as number) : ends] as Span;
  if (matchAt(fold(plain.slice(0, clause.end)), subject) < 0) return false;
  const upTo = words.slice(0, plain.slice(0, clause.end).split(/\s+/).filter(Boolean).length);
  const at = upTo.findLastIndex((w) => saysPredicate(w));
  if (at < 0) return false;
  // The verb's last word, with an auxiliary written apart (가지고 있다는): what its ending says of it.
  const verbEnd =
    AUXILIARY_BEFORE.test(upTo[at] as string) && AUXILIARY.test(words[at + 1] ?? '') ? words[at + 1] : upTo[at];
  if (INTENDED.test(verbEnd as string)) return false;
  const claimWord = (w: string) => terms.some((t) => matchAt(fold(w), t) >= 0);
  // Another time framed after the predicate sets it against that time (전직 보험설계사이자 현재는
  // 경찰이다); a frame before it (일본에서는, 현재는) limits it, which only the present leaves true of a
  // claim in the present.
  if (
    words.slice(at + 1).some((w) => LATER_TIME.test(w)) ||
    upTo.slice(0, at).some((w) => isFrame(w) && !(PRESENT_FRAME.test(w) && !PAST_CLAIM.test(claim)) && !claimWord(w))
  )
    return false;
  // Inside a clause, the predicate must be a modifier or a copula (연구하는, 수도이자, 선수로 …), not a
  // noun of a compound or an argument (미국 기업 캠퍼스, 불화로 위기를 겪었다).
  if (ends < 0) {
    const word = (upTo[at] as string).replace(/[^가-힣A-Za-z0-9]/g, '');
    // In another ending (얻자, 맺으며) the word is the verb itself, never a noun with a case particle.
    const rest = word.includes(predicate) ? word.slice(word.indexOf(predicate) + predicate.length) : '-';
    const copulaRo = /^(으로|로)$/.test(rest) && !TAKES_RO.test(words[at + 1] ?? '');
    // What the claim says its subject is (…은 개력이다) stands in the sentence as an argument too
    // when it is a subject of its own ("개력도 40여 차례에 걸쳐서 일어났다").
    const argument = ARGUMENT.test(rest) || (nounPredicate(claim) && SUBJECT_PARTICLE.test(rest));
    if ((rest === '' && !narrowsPlace(claim, words, at)) || (argument && !copulaRo)) return false;
    // A modifier of an argument (…상속인인 파리아를 만나게 된 것, 표의문자인 한자에 비해서) describes
    // that other noun, not the subject; a definition's object (…구성원인 사람을 말한다) is the subject itself.
    const next = words[at + 1] ?? '';
    if (
      RELATIVE.test(word) &&
      (/[가-힣A-Za-z0-9](에|에서|에게|와|과|보다|처럼)$/.test(next) ||
        (/[가-힣](을|를)$/.test(next) && !DEFINES.test(words[at + 2] ?? '')))
    )
      return false;
  }
  // The claim's words up to its predicate, not borrowed from after it ("연결되어 …, 머리와 목의 연결을").
  const head = fold(upTo.slice(0, at + 1).join(' '));
  if (terms.some((t) => matchAt(head, t) < 0)) return false;
  const subjectWords = subjectPhraseTerms(claim, claimTerms);
  // A noun predicate modified by a relative clause (…증폭하거나 스위칭하는 데 사용되는 반도체소자이다):
  // a clause joined inside that modifier turns the modifier, not the statement that X is a Y.
  const modified =
    COPULA_CLAIM.test(claim.trim()) &&
    at > 0 &&
    RELATIVE.test(upTo[at - 1] as string) &&
    !isTopic(upTo[at - 1] as string) &&
    !isFrame(upTo[at - 1] as string);
  return !upTo.slice(0, at).some(
    (w, i) =>
      (JOINED_CLAUSE.test(w) && !modified) ||
      // A purpose (…사범을 초빙하기 위해 …에 사자를 보낸다) holding a claim word said nowhere after
      // it: that word is what was wanted, not what the predicate did.
      (/[가-힣]기$/.test(w) &&
        /^위(해|하여|한)/.test(upTo[i + 1] ?? '') &&
        // …unless the claim states that purpose too (병을 고치기 위해 노력했다).
        !/기\s위(해|하여|한)/.test(claim) &&
        terms.some(
          (t) =>
            t !== subject &&
            !subjectWords.includes(t) &&
            matchAt(fold(upTo.slice(0, i + 1).join(' ')), t) >= 0 &&
            matchAt(fold(upTo.slice(i + 2).join(' ')), t) < 0,
        )) ||
      (isTopic(w, upTo[i - 1]) && !claimWord(w) && !(subjectIsTopic && i <= names)),
  );
}

const SUPERLATIVE_OF = (word: string) => new RegExp(`(가장|제일)\\s?${escapeRegExp(word)}`);

/** Foreign-language glosses in brackets ("(독일어: Ludwig …)"): their words are not the sentence's. */
const GLOSS = /\(([가-힣]+어|영문|원어|한자)\s?:[^()]*\)/g;

/** Verbs of a definition, "X는 … Y인 사람을 말한다": their object is the subject. */
const DEFINES = /^(말|가리|뜻|의미|이르|이른|일컫|지칭|칭)/;

/** A term followed by 대신 (instead of): folded text, so no spaces. */
const INSTEAD_OF = (term: string): RegExp => new RegExp(`${escapeRegExp(term)}[가-힣]?대신`);

/** Case particles that make a noun an argument (행성으로, 궁궐의), not the predicate (행성이다). */
const ARGUMENT = /^(을|를|의|에|에서|에게|으로|로|와|과|보다|처럼)$/;
/** The first or the last of an event that happens more than once. */
const ONE_OF_MANY = /(최초|처음|첫|마지막|최후)/;
/** A subject's or topic's particle, also 도 (as well). */
const SUBJECT_PARTICLE = /^(도|은|는|이|가)$/;
/** Verbs whose argument is a noun in …(으)로: thought, named, chosen, changed or moved to. */
const TAKES_RO =
  /^(믿|여기|여겨|여긴|간주|보았|보는|보고|보기|불리|불린|불렸|부르|부른|불러|알려|생각|착각|오해|인정|지정|선정|선출|임명|변하|변해|변한|바뀌|바뀐|바꾸|바꿨|이동|옮|향하|향해|가는|갔|가서|이루어|구성|만들|쓰|사용|활용|분류|취급|꼽|평가|추정|묘사|표현|기록|번역)/;
/** Auxiliaries after the main predicate word: 이루어져 있다, 되어 있다, 하고 있다. */
const AUXILIARY_END =
  /^(있다|있었다|있는다|있습니다|없다|된다|됐다|되었다|한다|했다|하였다|않다|않는다|않았다|못한다|못했다)$/;

/** Negation and modality words after the predicate: 방영되지 않았다, 먹을 수 없다, 수도가 아니다. */
const AFTER_PREDICATE = /^(수|적|줄|리|것|것은|것이)$|^(않|못|없|아니|아닌|있|하|되|된|한|했|됐)/;

/**
 * The stem of a clause's predicate: its last word, or the word before trailing auxiliaries,
 * negations and bound nouns (먹을 수 없다 → 먹을, 수도가 아니다 → 수도). '' when none.
 */
export function predicateStem(text: string): string {
  let stem = stripSuffixes(predicateWord(text).replace(/[^가-힣A-Za-z0-9]/g, ''));
  // …지 (방영되지), …을 (먹을), …게 (움직이게): verb tails the stemmer leaves.
  if (stem.length > 2) stem = stem.replace(/(지는|지도|지|게)$/, '');
  return stem;
}

/** The word predicateStem reads: the last, or the one before trailing auxiliaries and negations. */
function predicateWord(text: string): string {
  const words = text
    .replace(/[.!?。,]+\s*$/, '')
    .split(/\s+/)
    .filter(Boolean);
  let i = words.length - 1;
  while (i > 0 && (AFTER_PREDICATE.test(words[i] as string) || AUXILIARY_END.test(words[i] as string))) i--;
  return words[i] ?? '';
}

/**
 * The claim's predicate (the last word's stem, before an auxiliary) must stand in the sentence
 * as a predicate too: "태양과 달도 행성이다" is not supported by "…행성으로 믿었기 때문에".
 */
export function predicateMatches(claim: string, sentence: string, stem = predicateStem(claim)): boolean {
  const words = sentence.replace(GLOSS, ' ').split(/[\s,.!?;:"“”'‘’()《》「」]+/);
  const own = claim.split(/\s+/);
  if (verbSaidOfAnother(claim, words, own)) return false;
  if (!/^[가-힣]{2,}$/.test(stem)) return true;
  const key = predicateKey(stem);
  const at = own.findLastIndex((w) => w.includes(stem));
  const claimWord = own[at] ?? '';
  const claimRest = claimWord.slice(claimWord.indexOf(stem) + stem.length);
  const existence = at < 0 ? '' : (/^(있|없)/.exec(own[at + 1] ?? '')?.[1] ?? '');
  let seen = false;
  // 불가능 is not 가능, 비공개 not 공개; and a sentence that says both is no support of either.
  const negated = (word: string, at: number) =>
    at > 0 && /[불비미무]/.test(word[at - 1] as string) && !claim.includes(`${word[at - 1]}${key}`);
  if (words.some((word) => negated(word, word.indexOf(key)))) return false;
  for (const [i, word] of words.entries()) {
    const at = word.indexOf(key);
    if (at < 0) continue;
    seen = true;
    const rest = word.slice(at + stem.length);
    if (VOICE.test(rest) && !VOICE.test(claimRest)) continue;
    const beforeNoun =
      VERB_BEFORE_NOUN.test(rest) || (COPULA_BEFORE_NOUN.test(rest) && !GENERIC_HEAD.test(words[i + 1] ?? ''));
    if (beforeNoun && modifiesAnotherNoun(words, i, own)) continue;
    if (!ARGUMENT.test(rest)) return true;
    // "…박물관에 있다": the claim's word is that argument too, before 있다 or 없다; so is the
    // sentence's when the same verb follows it (박물관에 있으며), not another (박물관에 옮겨졌다).
    if (rest === claimRest && existence !== '' && (words[i + 1] ?? '').startsWith(existence)) return true;
    // A noun and 하다 as the predicate (대변자 역할을 한다) on both sides: the noun is no argument there.
    if (/^(을|를)$/.test(rest) && LIGHT_HA.test(words[i + 1] ?? '') && lightPredicate(claim, stem)) return true;
    // "화성은 …4번째 행성으로, 지구형 행성에 속한다": …으로 opening a clause is the encyclopedia's
    // copula ("is …, and"), unless a verb takes it as its argument (행성으로 믿었다, 서울로 옮겼다).
    if (/^(으로|로)$/.test(rest) && !TAKES_RO.test(words[i + 1] ?? '')) return true;
  }
  return !seen;
}

/**
 * Whether the claim's verb stands in the sentence only as the modifier of another noun: "안옥윤은
 * 간도 참변 때 죽었다" is not what "…간도 참변으로 죽은 유모에 대해 이야기하며" says (the nurse
 * died). Any other word starting like the verb (죽었다, 죽음, 변화) leaves it to the other checks.
 */
function verbSaidOfAnother(claim: string, words: readonly string[], own: readonly string[]): boolean {
  const stem = verbStem(fold(predicateWord(claim).replace(/[^가-힣]/g, '')));
  if (stem === null) return false;
  const modifiers = [...adnominalForms(stem, false), ...adnominalForms(stem, true)];
  // A stem's last syllable may close (태어난, 변한): words are found by what comes before it.
  const lead = stem.length >= 2 ? stem.slice(0, -1) : stem;
  let seen = false;
  for (const [i, word] of words.entries()) {
    if (!word.startsWith(lead)) continue;
    seen = true;
    if (!modifiers.includes(word) || !modifiesAnotherNoun(words, i, own)) return false;
  }
  return seen;
}

/** 하다 as a word of its own after its object: 한다, 했다, 하였으며, 하는 (not 한국). */
const LIGHT_HA = /^(하|한|할|함|합|했|해|하였|하여)(다|고|며|는|던|으며|으나|지만|니다|습니다)?$/;

/** Whether the claim's predicate is its noun `stem` with 하다 after it as its object (역할을 한다). */
function lightPredicate(claim: string, stem: string): boolean {
  const words = claim.replace(/[.!?。]+\s*$/, '').split(/\s+/);
  const at = words.findLastIndex((w) => /(을|를)$/.test(w) && w.slice(0, -1).startsWith(stem));
  return at >= 0 && at === words.length - 2 && LIGHT_HA.test(words[at + 1] as string);
}

/** A 하다/되다 verb's form before a noun (위치한, 설립된, 소속되어 있는 is not one). */
const VERB_BEFORE_NOUN = /^(한|된|하는|되는|하던|되던|했던|됐던|되었던|하였던)$/;
/**
 * The copula before a noun (선수였던 아버지, 선수인 동생) says it of that noun, unless the noun is
 * a definition's generic head: "입법자는 … 입법부의 구성원인 사람을 말한다" is the subject's.
 */
const COPULA_BEFORE_NOUN = /^(인|였던|이었던|이던)$/;
const GENERIC_HEAD = /^(사람|사람들|것|곳|자|이|분|존재|물질|동물|식물|말|단어|용어)/;
/**
 * A verb made causative or passive by its ending (패배시켰다, 패배당했다): the subject did it to
 * another, or had it done, not what the plain verb says of it.
 */
const VOICE = /^(시키|시켜|시켰|시킨|시킬|시킴|당하|당했|당한|당해|당할|당함)/;
/**
 * The sentence as a verbatim quote, with the sentence before it when it is too short to be
 * checked as a quote on its own ("수도는 서울이다." after the sentence that names the country).
 */
function quoteFor(content: string, sentences: readonly Span[], i: number): string {
  const sentence = sentences[i] as Span;
  let start = sentence.start;
  for (let j = i - 1; j >= 0 && sentence.end - start < MIN_QUOTE_CHARS * 2; j--) start = (sentences[j] as Span).start;
  return content.slice(start, sentence.end);
}

function supports(claim: string, cover: Coverage, sentence: string): boolean {
  return supportBlock(claim, cover, sentence) === null;
}

/**
 * Why a sentence that covers the claim does not support it (the first check it fails), or null
 * when it does: the tuning script counts these to see which check holds back most answers.
 */
export function supportBlock(claim: string, cover: Coverage, sentence: string): string | null {
  if (GLOSS.test(sentence)) {
    GLOSS.lastIndex = 0;
    cover = coverage(contentTerms(claim), sentence.replace(GLOSS, ' '));
  }
  const predicate = predicateStem(claim);
  if (!predicateMatches(claim, sentence, predicate)) return 'predicate';
  // One-syllable words (방, 집, 책) may be missing: they are often spelled into compounds.
  // Allowing a paraphrased final verb instead (만들다 ~ 창출하다) doubled the unsafe rate on
  // KLUE-NLI: contradictions change the verb as often as entailments do.
  if (cover.missing.some((t) => t.term.length >= 2)) return 'missing';
  // But not the measure of a superlative: 가장 먼 is not 가장 가까운.
  if (cover.missing.some((t) => SUPERLATIVE_OF(t.term).test(claim))) return 'superlative';
  // A two-word claim (콜레라는 전염병이다) says too little to be matched in passing, but the
  // sentence stating it as its own statement (콜레라는 수인성 전염병이며) is support.
  if (cover.matched.length < THRESHOLDS.supportTerms && !(cover.matched.length >= 2 && statedBy(claim, sentence)))
    return 'few-terms';
  if (cover.order < THRESHOLDS.order) return 'order';
  const matched = cover.matched.map((t) => t.term);
  const changed = roleChanges(claim, sentence, matched);
  if (changed.length > THRESHOLDS.roleChanges) return 'roles';
  if (subjectRoleChanged(claim, sentence, matched, predicate)) return 'subject-role';
  // The object must stay the object: "수성은 지구를 공전한다" is not "지구의 궤도 내에서 태양을 공전하며".
  if (changed.some((t) => roleIn(claim, t) === 'object')) return 'object-role';
  // "일본에서 사망했다" is not what "일본 유학을 마치고 … 서울에서 사망했다" says.
  if (slotTaken(claim, sentence, matched, predicate)) return 'slot';
  // "…아버지는 한국인이고 어머니는 프랑스계 미국인이다": 미국인 is said of 어머니.
  if (topicTaken(claim, sentence, matched, predicate)) return 'topic';
  // "이성계의 생모이다" is not what "…이성계의 첫번째 아내로 정종과 태종의 생모이다" says.
  if (ownerTaken(claim, sentence)) return 'owner';
  // "롤러 대신에 활로 소리를 낸다": the word said instead of is what the sentence excludes.
  if (
    sentence.includes('대신') &&
    !claim.includes('대신') &&
    cover.matched.some((t) => INSTEAD_OF(t.term).test(fold(sentence)))
  )
    return 'instead';
  const exclusive = exclusiveWords(sentence);
  if (!exclusiveWords(claim).every((w) => exclusive.includes(w))) return 'exclusive';
  // The clause holding the claim's predicate and most of its words.
  const terms = contentTerms(claim);
  // A gloss's colon ("(영어: cholera)") cuts no clause: clauses are read without glosses.
  const text = sentence.replace(GLOSS, ' ');
  const clauses = splitClauses({ text, start: 0, end: text.length });
  const head = predicate.slice(0, 2);
  const holding = clauses.filter((c) => !head || c.text.includes(head));
  // The clause is the one with most of what the claim says of its subject (the subject may stand apart, as the topic).
  const subjectTerms = subjectPhraseTerms(claim, terms);
  const said = terms.filter((t) => !subjectTerms.includes(t.term));
  const clause = bestClause(
    { text, start: 0, end: text.length },
    said.length ? said : terms,
    holding.length ? holding : clauses,
  ).clause;
  if (
    !sameClause(terms, clause.text, text, claim) &&
    !statesBothParts(claim, sentence) &&
    !listsPredicate(claim, sentence)
  )
    return 'clause';
  const q = qualifierMismatches(claim, sentence, clause.text);
  return q.length === 0 ? null : `qualifier:${q[0]!.name}/${q[0]!.side}`;
}

/** "X는 [A에 있는] N이다": the subject, the words before the modifier, the modifier's stem, and N with its copula. */
const RELATIVE_COPULA = /^(\S+(?:은|는))\s(.+)\s([가-힣]+)는\s([가-힣]+(?:이다|였다|이었다|다))[.!?]?$/;
/** A clause joined by "and" (있으며, 하고): it adds a statement, it does not turn against the next. */
const ADDITIVE_END = /[가-힣](며|고),?$/;

/**
 * A claim that describes its subject's noun with a present modifier ("태양은 태양계의 중심에 있는
 * 항성이다") said as two statements of one sentence on its topic ("태양은 태양계 중심에 있으며 …
 * 항성이다"): "태양은 항성이다" supported there (supportBlock), and the modifier's words with its
 * verb in a clause joined by "and" before it, with no negation of its own.
 */
function statesBothParts(claim: string, sentence: string): boolean {
  const m = RELATIVE_COPULA.exec(claim.trim());
  if (!m) return false;
  const [, subject, before, stem, noun] = m as unknown as [string, string, string, string, string];
  const whole = `${subject} ${noun}.`;
  if (supportBlock(whole, coverage(contentTerms(whole), sentence), sentence) !== null) return false;
  const text = sentence.replace(GLOSS, ' ');
  const clauses = splitClauses({ text, start: 0, end: text.length });
  const words = contentTerms(`${before} ${stem}`).map((t) => t.term);
  return clauses.slice(0, -1).some((c) => {
    const folded = fold(c.text);
    return (
      ADDITIVE_END.test(c.text.trim()) &&
      countNegations(c.text) === 0 &&
      words.every((w) => matchAt(folded, w) >= 0) &&
      fold(c.text).includes(stem)
    );
  });
}

/** A claim that says what its subject is: subject, topic particle, the noun said of it with its modifiers. */
const WHAT_IT_IS = /^(.+?)(?:은|는|이|가)\s+(?:(.+)\s)?([가-힣A-Za-z]+?)(?:이다|였다|이었다)[.!?]*$/;
/** One noun of a list, no particle or space inside (가수, 배우, 캐스터). */
const LIST_ITEM = '[가-힣A-Za-z]+';
/**
 * The copula a list of what the topic is ends in, the sentence's end or a clause's. Not 이자, which
 * also joins a relative clause on another noun (…제26대 왕이자 …초대 황제였던 고종의 딸).
 */
const LIST_COPULA = '(?:이다|이며|이고|이었다|였다|이었으며|였으며)';
/** A word that ends a clause or names another topic or subject before the list: not the topic's list then. */
const NOT_THE_TOPICS = /(은|는|이|가|고|며|서|면|지만|,)$/;

/**
 * A claim of one thing its subject is ("사쿠라이 쇼는 일본의 가수이다") said as one noun of a list
 * the sentence's topic is ("사쿠라이 쇼(…)는 일본의 가수, 배우, 캐스터이며, …"): the claim's
 * modifiers before the list, each item a bare noun, the list ended by the copula. "…의 가수,
 * 배우의 아들이다" is no such list: its last item has a particle, and the copula is another noun's;
 * nor "…한국인이고 어머니는 프랑스계 미국인이다": a clause and another topic stand before it.
 */
function listsPredicate(claim: string, sentence: string): boolean {
  const m = WHAT_IT_IS.exec(withoutBrackets(claim).trim());
  if (!m) return false;
  const [, subject, modifiers, noun] = m as unknown as [string, string, string | undefined, string];
  const text = withoutBrackets(sentence).trim();
  const topic = new RegExp(`^${escapeRegExp(subject)}(?:은|는|이|가)\\s`).exec(text);
  if (!topic) return false;
  const before = modifiers ? `${escapeRegExp(modifiers).replace(/\s+/g, '\\s+')}\\s+` : '(?:^|\\s)';
  const list = new RegExp(
    `${before}(?:${LIST_ITEM},\\s*)*${escapeRegExp(noun)}(?:,\\s*${LIST_ITEM})*${LIST_COPULA}(?![가-힣])`,
  );
  const rest = text.slice(topic[0].length);
  const found = list.exec(rest);
  if (!found || countNegations(text) > 0) return false;
  return !rest
    .slice(0, found.index)
    .split(/\s+/)
    .some((w) => NOT_THE_TOPICS.test(w));
}

/**
 * The claim's words other than its subject must be in the clause of its predicate, and a
 * clause that leaves the subject out must not bring a topic of its own: in "소현세자는 …
 * 접견하였으나, 봉림대군은 … 다짐하였다" the second clause is about someone else. The subject
 * is the claim's whole subject phrase ("주세페 메아자 스타디움은"): a name of several words is
 * said once, as the sentence's topic, and left out of the clause that states the claim
 * ("…에 있는 축구 경기장으로, 밀란과 인터 밀란의 홈 경기장이다").
 */
function sameClause(terms: readonly Term[], clause: string, sentence: string, claim = ''): boolean {
  const folded = fold(clause);
  const subjectTerms = subjectPhraseTerms(claim, terms);
  const rest = terms.map((t) => t.term).filter((t) => !subjectTerms.includes(t));
  if (rest.some((t) => t.length >= 2 && matchAt(folded, t) < 0)) return false;
  if (subjectTerms.length === 0 || subjectTerms.every((t) => matchAt(folded, t) >= 0)) return true;
  // Outside the predicate's clause, the subject must be the sentence's own topic.
  const words = withoutBrackets(sentence).split(/\s+/);
  const at = words.findIndex((w) => /[가-힣A-Za-z0-9'’"”》](은|는)$/.test(w) && !LIST_JOINER.test(w));
  if (at < 0) return false;
  const topic = foldBare(words.slice(0, at + 1).join(' '));
  const phrase = subjectTerms.join('');
  // A lead listing the names of one thing (콜레라 또는 호역은) has each as its topic.
  const names = words.slice(0, at).some((w) => LIST_JOINER.test(w))
    ? words
        .slice(0, at + 1)
        .join(' ')
        .split(/\s(?:또는|혹은|즉)\s/)
    : [words[at] as string];
  const leads =
    subjectTerms.length === 1
      ? names.some((n) =>
          fold(n)
            .replace(/^[^가-힣a-z0-9]+/, '')
            .startsWith(phrase),
        )
      : topic.replace(/(은|는)$/, '').endsWith(phrase) || ownAttribute(claim, subjectTerms, topic, folded);
  if (!leads) return false;
  // Nor a subject of its own: "조 말론 런던은 …, 1999년 에스티 로더 사가 인수했다" is what the other did.
  const clauseWords = clause.split(/\s+/);
  return !clauseWords.some(
    (w, i) =>
      (/[가-힣]{2,}(은|는)$/.test(w) ? isTopic(w, clauseWords[i - 1]) : /[가-힣](이|가)$/.test(w)) &&
      !terms.some((t) => fold(w).startsWith(t.term)),
  );
}

/**
 * A subject phrase "X의 A는" (산소의 원자 번호는) said as the sentence's topic X with A in the
 * predicate's clause: "산소는 화학 원소의 하나로, … 원자 번호는 8이다".
 */
function ownAttribute(claim: string, subjectTerms: readonly string[], topic: string, clause: string): boolean {
  const owner = genitive(withoutBrackets(claim).trim())?.owner.replace(/의$/, '');
  if (owner === undefined) return false;
  const ownerTerms = subjectTerms.filter((t) => fold(owner).startsWith(t));
  const attribute = subjectTerms.filter((t) => !ownerTerms.includes(t));
  return (
    ownerTerms.length === 1 &&
    attribute.length > 0 &&
    topic.replace(/(은|는)$/, '').endsWith(ownerTerms[0] as string) &&
    attribute.every((t) => matchAt(clause, t) >= 0)
  );
}

/**
 * The claim's terms in its subject phrase: the words up to its first one marked 은/는/이/가
 * when every one of them is a term (a name of several words), else only the first term.
 */
function subjectPhraseTerms(claim: string, terms: readonly Term[]): string[] {
  const first = terms[0]?.term;
  if (first === undefined) return [];
  const words = withoutBrackets(claim)
    .replace(/[《》「」『』'’"“”]/g, '')
    .split(/\s+/);
  const end = words.findIndex((w) => /[가-힣A-Za-z0-9](은|는|이|가)$/.test(w));
  if (end <= 0 || end > 4) return [first];
  const phrase = words.slice(0, end + 1).map((w) => fold(w));
  const inPhrase = terms.filter((t) => phrase.some((w) => w.startsWith(t.term))).map((t) => t.term);
  // Every word of the phrase is a name's word: no modifier (…한, …의) that would need checking.
  if (inPhrase.length !== end + 1 || !terms.slice(0, end + 1).every((t) => inPhrase.includes(t.term))) return [first];
  return inPhrase;
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}
