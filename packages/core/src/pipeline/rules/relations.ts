/**
 * Single-valued relations: a country has one capital, a person one birthplace, a book one
 * author, a region one 최초의 국가. When the claim and an evidence sentence give the same
 * relation of the same owner different values ("대한민국의 수도는 부산이다" against "서울특별시는
 * 대한민국의 수도이자 …" or the page 대한민국's "수도는 서울이다"), the evidence refutes the claim
 * even though the two share few words — the one refutation that needs no word-for-word overlap.
 */
import { stripSuffixes } from '../../search/korean.js';
import { FORMER, FORMER_BEFORE_NOUN } from './former.js';
import { reportedValue } from './qualifiers.js';
import { escapeRegExp, fold, foldedSentence, modifiesAnotherNoun } from './terms.js';

export interface Relation {
  /** The relation's name as users read it: 수도, 출생지, 최초의 국가 … */
  relation: string;
  /** Whose relation it is (대한민국); '' when the sentence does not say and no title is known. */
  owner: string;
  value: string;
  /** The words of the text that state it, for the reason shown to users. */
  phrase: string;
  /** Said in the past (…였다, …이었던): a former capital or a value of a state that no longer is. */
  past?: boolean;
  /** Read from a verb (…에서 태어났다, …에 위치한): the value is the one word before it. */
  verb?: boolean;
  /**
   * A verb reading's noun phrase, from its first word to the place: "아일랜드의 수도 더블린의
   * 샌디마운트", not "서울 출신의 부모 사이에서 부산" (a claim's value elsewhere is another word's).
   */
  nounPhrase?: string;
  /**
   * Said as a guess, a story or hearsay (…에서 태어난 것으로 추정한다, …태어났다는 이야기도 있다,
   * …태어났다고 한다: qualifiers.ts reportedValue): a verb reading that reports what some hold, not what is.
   */
  hedged?: boolean;
  /**
   * A birthplace's larger places, named right before it ("평안도 평양에서 태어나": 평안도): a claim of
   * one of them is a statement of the relation too, never a clash.
   */
  within?: string[];
}

/** Relation nouns, each with its synonyms; the first is the name. */
const NOUNS: readonly (readonly string[])[] = [
  ['수도'],
  ['설립자', '창립자', '창업자', '창시자'],
  ['출생지', '고향'],
  ['국적'],
  // Not 작가: "플로베르는 프랑스의 작가이다" names a writer's country, no book's author.
  ['저자', '지은이', '작자'],
  ['위치'],
];
/** A superlative or first makes the noun after it single-valued: 최초의 국가, 최대 도시. */
const SUPERLATIVE = /^(최초|최대|최고|최장|최소|최다|첫|처음)(의)?$/;
const COPULA =
  /(이다|이며|이자|이고|였다|이었다|였으며|이었으며|였고|이었고|입니다|이었던|였던|인|이야|이에요|예요|이래|이지|이죠|이잖아|였습니다|이었습니다)$/;
const TOPIC = /(은|는|이|가|께서)$/;
/** A verb or adjective in the past ending (하였다, 되었다, 했다): 였다 there is no copula. */
const NOT_COPULA = /(하|되|시키)(였|었)|^(보|높|줄|늘|속|숨|덮|섞)이(다|며|고|자)$|적인$/;
const PAST = /(였|었)(다|으며|고|던|습니다)$/;
/**
 * Words inside a value that make it a clause, not a name: an object, a place, a verb's modifier
 * ("수도가 되었던 것은 …이다" says when, not which city), a word for "former" before another noun.
 */
const CLAUSE_WORD = new RegExp(
  `(을|를|에|에서|에게|으로|로서|하는|되는|있는|없는|하여|되어|하고|되고|지만|면서|는데|적인|하게|된|될|할|되었던|되던|했던|하던|하였던)$|^(한|${[...FORMER, ...FORMER_BEFORE_NOUN].join('|')})$`,
);
/**
 * Nouns a birthplace or a location may be read as that name no place: "농가에서 태어났다",
 * "귀족가문에서", "뉴욕 시에서" (the word before is the name), "이곳에서" (the page's title).
 */
const NO_PLACE =
  /^(마을|지역|가정|가문|귀족가문|집안|농가|집|주택|곳|해외|시|군|구|도|읍|면|리|도시|나라|국가|지점|구역|부근|지방|장소|환경|시골|빈민가|병원|가족)$/;
/** An event held (passive: who held it is another relation): 개최된, 개최되었다, 열렸다, 열린. */
const HELD =
  /^(개최(된|되었다|됐다|되었으며|되었고|됐으며|됐고|되며|되고|된다|되어|되는|되었던)|열(렸다|렸으며|렸고|리며|리고|린다|린|리는|렸던))[.,]?$/;
/** Kinds of event, no event's name: 경기, 대회, 회의 … (and the series 월드컵, 올림픽 without an edition). */
export const GENERIC_EVENT =
  /^(경기|경기들|대회|회의|행사|경주|시합|축제|전시회|전시|공연|콘서트|결승전|결승|준결승|개막식|폐막식|종목|예선|본선|월드컵|올림픽|리그|선거|총회|회담|박람회|엑스포|시상식|페스티벌|토너먼트|라운드|매치|더비|추첨식|조추첨식|추첨)$/;
const HELD_MODIFIER = /^(개최된|개최되는|개최되었던|열린|열리는|열렸던)$/;
/** A topic that is someone's relative (아버지 새뮤얼 세이건은): the page's person is not the subject. */
export const KIN =
  /^(아버지|어머니|부친|모친|아들|딸|형|동생|여동생|남동생|형제|자매|누나|누이|언니|오빠|아내|남편|부인|부모|할아버지|할머니|조부|조모|자녀|손자|손녀|장남|차남|장녀|차녀|삼촌|숙부|백부|고모|이모|조카|사촌|사위|며느리|장인|장모)$/;
/** A topic word that is a frame, not the subject (츠빙글리보다는, 일본에서는, 이후에는). */
const FRAME_TOPIC = /(보다는|에서는|에는|으로는|로는|와는|과는|에게는|까지는|부터는|때는)$/;
/** A pronoun for the page's own subject: "이곳은 반 고흐의 고향이다" on the page 쥔더르트. */
const HERE = /^(이곳|그곳|이|이 도시|이 나라)$/;
/** Modifying copulas: "크로아티아가 고향이었던 티토는" — the relation is of the noun that follows. */
const MODIFIER_COPULA = /(인|이었던|였던)$/;

/**
 * A word before the relation noun that makes it another relation than today's single value: a
 * word for "former" (former.ts: 옛, 구, 전(前), 이전, 예전, 과거), 초기 (an early one), 임시 (a
 * provisional one). "개성은 고려의 옛 수도이다" states no capital of 고려 today, and a country had
 * several former or provisional capitals. Each maps to the name shown in the relation (옛 수도,
 * 초기 수도, 임시 수도). Not 첫: "첫 수도" is single-valued, read as a superlative (SUPERLATIVE).
 */
const OTHER_TIME: ReadonlyMap<string, string> = new Map([
  ...[...FORMER, ...FORMER_BEFORE_NOUN].map((w): [string, string] => [w, '옛']),
  ['초기', '초기'],
  ['임시', '임시'],
]);
/** Those that modify the noun with 의 too (과거의 수도, 초기의 수도); 구의, 전의 are no time. */
const OTHER_TIME_GENITIVE = new Set([...FORMER, '초기', '임시']);
/** The same written as one word (임시수도, 옛수도): not 구 or 전, the start of many a word. */
const OTHER_TIME_PREFIX = new RegExp(`^(${[...OTHER_TIME_GENITIVE].join('|')})(?=[가-힣]{2})`);
/** The OTHER_TIME word a word before the relation noun is, if any (옛, 과거의 → 옛). */
function otherTimeWord(raw: string): string | undefined {
  const genitive = raw.endsWith('의') ? raw.slice(0, -1) : '';
  return OTHER_TIME.get(raw) ?? (OTHER_TIME_GENITIVE.has(genitive) ? OTHER_TIME.get(genitive) : undefined);
}
/** Names of relations read with an OTHER_TIME word: the name's first word is that word. */
const OTHER_TIME_NAMES = new Set(OTHER_TIME.values());

/** Whether the relation is one of several a time allows (옛 수도, 임시 수도): never single-valued. */
export const otherTime = (r: Pick<Relation, 'relation'>): boolean =>
  OTHER_TIME_NAMES.has(r.relation.split(' ')[0] ?? '') && r.relation.includes(' ');

/** The relation without its OTHER_TIME word (옛 수도 → 수도). */
const baseRelation = (name: string): string =>
  otherTime({ relation: name }) ? name.slice(name.indexOf(' ') + 1) : name;

/**
 * Nouns of a position relative to something else (최남단, 사이, 남부, 일대, 경계부분): "한국 최남단에
 * 위치하고", "울릉도와 오키 제도 사이에 위치하며" place the owner against another place, and name no
 * value a claim's place (남해, 서해) could be compared with. A place name ending in a direction
 * (호남, 경남) is a name, so a lone direction must be the whole word.
 */
const POSITION =
  /^(최?[동서남북]{1,2}(단|쪽|부|방)?|중부|앞|뒤|옆|위|아래|안|밖|내부|끝)$|(사이|가운데|중앙|중심|근처|부근|일대|인근|주변|경계|부분|외곽|[동서남북](단|쪽))$/;

interface Word {
  raw: string;
  stem: string;
}

function words(text: string): Word[] {
  // Parenthesised glosses (서울特別市, 漢字, dates) sit between a name and its particle.
  const clean = text.replace(/\([^)]*\)/g, '').replace(/[《》「」『』“”‘’"'<>]/g, '');
  return clean
    .split(/[\s,.!?;:]+/)
    .filter(Boolean)
    .map((raw) => ({ raw, stem: stripSuffixes(raw) }));
}

/**
 * The topic without its particle: the search stem strips what may be part of a name (오만은 → 오,
 * 호랑이는 → 호랑), and the owner or value must stay the name the text gives.
 */
const topicName = (w: Word): string => w.raw.replace(TOPIC, '') || w.stem;

/**
 * The sentence's opening words up to its topic at `t` as one name (1988년 하계 올림픽은), when they
 * are at most four and none carries a particle of its own; else null.
 */
function namePhrase(ws: readonly Word[], t: number): string | null {
  if (t > 3 || ws.slice(0, t).some((w) => /(의|에|에서|을|를|으로|로|과|와|도|만|은|는|이|가|,)$/.test(w.raw)))
    return null;
  return [...ws.slice(0, t).map((w) => w.raw), topicName(ws[t] as Word)].join(' ');
}

function relationAt(ws: Word[], i: number): { name: string; end: number } | null {
  const w = ws[i] as Word;
  for (const group of NOUNS) if (group.includes(w.stem)) return { name: group[0] as string, end: i };
  // 임시수도가, 옛수도인: the OTHER_TIME word written into the noun, read on the word without its
  // copula or particle (the search stem cuts 임시수도가 to 임시수).
  const bare = w.raw.replace(COPULA, '').replace(TOPIC, '');
  const prefix = OTHER_TIME_PREFIX.exec(bare);
  if (prefix) {
    const noun = bare.slice(prefix[0].length);
    for (const group of NOUNS)
      if (group.includes(noun)) return { name: `${OTHER_TIME.get(prefix[0])} ${group[0]}`, end: i };
  }
  if (SUPERLATIVE.test(w.raw) || SUPERLATIVE.test(w.stem)) {
    const head = ws[i + 1];
    // 최대 도시인 is 최대 도시; 첫 번째 is an ordinal, no relation.
    const noun = head?.stem.replace(COPULA, '') ?? '';
    if (head && /^[가-힣]{1,6}$/.test(noun) && noun !== '번째')
      return { name: `${w.stem.replace(/의$/, '')} ${noun}`, end: i + 1 };
  }
  return null;
}

/** The genitive owner right before the relation (대한민국의, 한반도 일대의). */
function ownerBefore(ws: Word[], i: number): string {
  // "대한민국의 수도이자 최대 도시": the owner is shared with the predicate noun before it.
  if (/(이자|이며|이고)$/.test(ws[i - 1]?.raw ?? '')) i--;
  const prev = ws[i - 1];
  if (!prev || !prev.raw.endsWith('의')) return '';
  const parts = [prev.raw.slice(0, -1)];
  // A bare noun before it belongs to the same phrase: 한반도 일대의.
  const before = ws[i - 2];
  if (before && before.stem === before.raw && /^[가-힣A-Za-z]+$/.test(before.raw)) parts.unshift(before.raw);
  return parts.join(' ');
}

/** A copula that states a value: not a verb's past (하였다) nor a verb in -이다 (보이다). */
const isCopula = (raw: string): boolean => COPULA.test(raw) && !NOT_COPULA.test(raw);

/** The relations a sentence states; `title` is the owner when the sentence leaves it out. */
export function extractRelations(text: string, title = ''): Relation[] {
  const ws = words(text);
  const out: Relation[] = [];
  const isTopicWord = (w: Word) =>
    TOPIC.test(w.raw) && w.stem.length >= 1 && w.stem !== w.raw && !FRAME_TOPIC.test(w.raw);
  const topic = ws.findIndex(isTopicWord);
  // "이곳은 반 고흐의 고향이다": the pronoun is the page's subject.
  const named = (name: string): string => (HERE.test(name) && title ? title : name);
  for (let i = 0; i < ws.length; i++) {
    const rel = relationAt(ws, i);
    if (!rel) continue;
    const last = ws[rel.end] as Word;
    // "고려의 옛 수도", "대한민국의 임시 수도": another relation, its owner before the time word.
    const time = otherTimeWord(ws[i - 1]?.raw ?? '');
    if (time) rel.name = `${time} ${rel.name}`;
    const genitive = ownerBefore(ws, time ? i - 1 : i);
    const owner = genitive || title;
    if (TOPIC.test(last.raw) && !COPULA.test(last.raw)) {
      // "X의 수도는 Y이다": the value is what follows, up to the copula.
      const valueWords: string[] = [];
      for (let j = rel.end + 1; j < ws.length && valueWords.length < 6; j++) {
        const w = ws[j] as Word;
        valueWords.push(w.stem);
        if (COPULA.test(w.raw) || w.raw.endsWith('다')) break;
      }
      const value = valueWords.join(' ');
      const copula = ws[rel.end + valueWords.length]?.raw ?? '';
      const inside = ws.slice(rel.end + 1, rel.end + valueWords.length);
      // Only a copula states the value ("수도는 서울이다"); "수도는 기록에 따라 다르게 나타난다"
      // names none, nor does a clause ("고향이 있는 남쪽으로 … 하였다").
      // "최대 도시는 옛 수도인 …" names the relation again, no value.
      const renamed = valueWords.some((v) => NOUNS.some((g) => g.includes(v.replace(COPULA, ''))));
      if (value && isCopula(copula) && !renamed && !inside.some((w) => CLAUSE_WORD.test(w.raw)))
        out.push({
          relation: rel.name,
          owner,
          value,
          phrase: ws
            .slice(Math.max(0, time ? i - 2 : i - 1), rel.end + 1 + valueWords.length)
            .map((w) => w.raw)
            .join(' '),
          past: PAST.test(copula),
        });
    } else if (isCopula(last.raw) && topic >= 0 && topic < i && (genitive || !MODIFIER_COPULA.test(last.raw))) {
      // "Y는 X의 수도이다": the value is the sentence's topic. Without a genitive owner a
      // modifying copula ("크로아티아가 고향이었던 티토는") is the next noun's relation, not the page's.
      const value = named(topicName(ws[topic] as Word));
      out.push({
        relation: rel.name,
        owner,
        value,
        phrase: [
          ws[topic]!.raw,
          ...ws.slice(Math.max(topic + 1, time ? i - 2 : i - 1), rel.end + 1).map((w) => w.raw),
        ].join(' '),
        past: PAST.test(last.raw),
      });
    }
  }
  // Verb relations: "Y에서 태어났다" (birthplace), "Y에 위치한" (location), "Y에서 개최된/열렸다"
  // (an event's host: one place an edition, not a co-host's "대한민국과 일본에서"). The owner is the
  // nearest topic before the verb, unless it is someone's relative (아버지 새뮤얼 세이건은).
  const raws = ws.map((w) => w.raw);
  for (let i = 1; i < ws.length; i++) {
    const w = ws[i] as Word;
    const prev = ws[i - 1] as Word;
    const born = /^태어/.test(w.raw) && /에서$/.test(prev.raw);
    const located = /^위치(한|하며|해|하고|하다|한다|했|하는|하였)/.test(w.raw) && /에$/.test(prev.raw);
    // Said as a modifier (…에서 열린 X), only of the sentence's own copula predicate ("…서울에서
    // 개최된 하계 올림픽이다"): elsewhere it modifies another event than the topic.
    const held =
      HELD.test(w.raw) &&
      /에서$/.test(prev.raw) &&
      !/(과|와|및|,|·)$/.test(ws[i - 2]?.raw ?? '') &&
      ws[i - 2]?.raw !== '및' &&
      (!HELD_MODIFIER.test(w.raw) ||
        (ws.length - i <= 3 && COPULA.test((ws.at(-1) as Word).raw.replace(/[.!?]+$/, ''))));
    if (!born && !located && !held) continue;
    // "… 헤이그에 위치한 국제형사재판소에 …" locates the court, not the sentence's topic.
    if (/^(태어난|위치한|위치하는|위치했던|위치하던|개최된|열린)$/.test(w.raw) && modifiesAnotherNoun(raws, i, []))
      continue;
    let t = -1;
    for (let k = i - 2; k >= 0 && t < 0; k--) if (isTopicWord(ws[k] as Word)) t = k;
    if (t >= 0 && ws.slice(Math.max(0, t - 3), t).some((x) => KIN.test(x.stem) || KIN.test(x.raw))) continue;
    // An event is named whole (1988년 하계 올림픽): its last word (올림픽) names every edition.
    const subject =
      t < 0 ? title : held ? named(namePhrase(ws, t) ?? topicName(ws[t] as Word)) : named(topicName(ws[t] as Word));
    // "경기는 평창에서 개최되었으며": a kind of event names no one edition, unless numbered (제23회 대회).
    if (held && GENERIC_EVENT.test(subject.split(' ').at(-1) ?? '') && !/\d/.test(subject)) continue;
    // The word without its particle, not the search stem (곳에 stays 곳에 there, 고양시에서 → 고양시).
    // A street address ends in its number (서울특별시 중구 남대문로 39에): the place is the address.
    const address = /^\d/.test(prev.raw) ? addressBefore(raws, i - 1, t) : [prev.raw];
    if (address.length === 0) continue;
    const value = named(address.join(' ').replace(/(에서|에)$/, ''));
    if (NO_PLACE.test(value) || /^(사이|가정|집안|집|때)$/.test(prev.stem)) continue;
    const within = born && address.length === 1 ? placesBefore(raws, i - 1, t) : [];
    // "…에서 태어난 것으로 추정한다", "…태어났다는 이야기도 있다", "…태어나 …자랐다고 한다".
    const hedged = reportedValue(raws.slice(i).join(' '), w.raw);
    out.push({
      relation: born ? '출생지' : located ? '위치' : '개최지',
      owner: subject,
      value,
      phrase: `${[...raws.slice(i - 1 - within.length, i - 1), ...address].join(' ')} ${w.raw}`,
      past: false,
      verb: true,
      ...(within.length > 0 ? { within } : {}),
      ...(hedged ? { hedged } : {}),
      nounPhrase: raws.slice(nounPhraseStart(raws, i - 1, t), i).join(' '),
    });
  }
  return out.filter(
    (r) => r.owner && r.value && r.owner !== r.value && !POSITION.test(r.value) && !NO_PLACE.test(r.value),
  );
}

/** Parts of a street address: an administrative unit's name (서울특별시, 중구, 주암동) or a road's (남대문로). */
const ADMINISTRATIVE = /^[가-힣]+(특별시|광역시|특별자치시|특별자치도|도|시|군|구|읍|면|동|리)$/;
const ROAD = /^[가-힣]+[^으](로|길)$|^[가-힣]+대로$/;
/** An address's number, with its particle: 39에, 685에서, 13번지에서. */
const ADDRESS_NUMBER = /^\d+(-\d+)?(번지)?(에|에서)$/;

/**
 * The words of the street address ending at word `end` (its number), back to its first part and
 * after the topic word `topic`: "서울특별시 중구 남대문로 39에". Empty when it names no
 * administrative unit: a number after "북동쪽으로" is a distance, not an address.
 */
function addressBefore(raws: readonly string[], end: number, topic: number): string[] {
  if (!ADDRESS_NUMBER.test(raws[end] as string)) return [];
  let start = end;
  const part = (w: string) => ADMINISTRATIVE.test(w) || ROAD.test(w);
  while (start - 1 > topic && end - start < 5 && part(raws[start - 1] as string)) start--;
  const words = raws.slice(start, end);
  return words.some((w) => ADMINISTRATIVE.test(w)) ? raws.slice(start, end + 1) : [];
}

/** A place by its name alone: a country, or an administrative unit or state by its suffix (종로구, 메릴랜드주). */
export const isPlaceName = (word: string): boolean =>
  isCountry(word) || ADMINISTRATIVE.test(word) || /^[가-힣]{2,}주$/.test(word);

/**
 * The places named right before the word at `end`, after the topic at `topic`, largest first: a
 * country, a unit by its suffix (평안도, 메릴랜드주의), as many as follow one another. Any other word
 * ends them ("일본 점령하의 서울에서" names no birthplace in 일본).
 */
function placesBefore(raws: readonly string[], end: number, topic: number): string[] {
  const places: string[] = [];
  for (let k = end - 1; k > topic && places.length < 3; k--) {
    const word = (raws[k] as string).replace(/의$/, '');
    if (!isPlaceName(word)) break;
    places.unshift(word);
  }
  return places;
}

/** Where the noun phrase ending at `end` starts: back over genitives (…의) and bare words, after the topic. */
function nounPhraseStart(raws: readonly string[], end: number, topic: number): number {
  let start = end;
  while (
    start - 1 > topic &&
    /(의|[가-힣A-Za-z0-9)]|\))$/.test(raws[start - 1] as string) &&
    !particleMarked(raws[start - 1] as string)
  )
    start--;
  return start;
}
/** A word ending in a case particle other than 의: it closes the phrase before a noun ("볼티모어의 저명한 변호사" is one). */
const particleMarked = (w: string): boolean => /(은|는|을|를|에|에서|에게|와|과|로|으로|,)$/.test(w) && !/의$/.test(w);

const same = (a: string, b: string): boolean => {
  const [x, y] = [fold(a), fold(b)];
  return (
    x.length > 0 &&
    y.length > 0 &&
    (x.includes(y) ||
      y.includes(x) ||
      spelledOtherwise(x, y) ||
      (aliasOf(x) !== undefined && aliasOf(x) === aliasOf(y)))
  );
};

/**
 * One place under two names a Korean text uses: a Sino-Korean reading (동경, 북경) or a former
 * name (키예프, 봄베이, 레닌그라드). Only names no other place in Korean texts goes by (광주 is
 * Korea's own, not 광저우).
 */
const PLACE_NAMES: readonly (readonly string[])[] = [
  ['도쿄', '동경'],
  ['베이징', '북경'],
  ['상하이', '상해'],
  ['난징', '남경'],
  ['톈진', '천진'],
  ['충칭', '중경'],
  ['타이베이', '대북'],
  ['홍콩', '향항'],
  ['오사카', '대판'],
  ['키이우', '키예프'],
  ['뭄바이', '봄베이'],
  ['콜카타', '캘커타'],
  ['첸나이', '마드라스'],
  ['호찌민', '호치민', '사이공'],
  ['양곤', '랑군'],
  ['상트페테르부르크', '페테르부르크', '레닌그라드'],
  ['이스탄불', '콘스탄티노폴리스'],
  ['미얀마', '버마'],
  ['튀르키예', '터키'],
  ['타이완', '대만'],
  ['스리랑카', '실론'],
];
const ALIAS: ReadonlyMap<string, number> = new Map(
  PLACE_NAMES.flatMap((names, i) => names.map((n): [string, number] => [fold(n), i])),
);
/** The place a folded name is one of PLACE_NAMES' names of, with or without its 시 (상하이시). */
const aliasOf = (folded: string): number | undefined => ALIAS.get(folded) ?? ALIAS.get(folded.replace(/시$/, ''));
/** The names of the place `value` names, itself included. */
const namesOf = (value: string): readonly string[] => {
  const i = aliasOf(fold(value));
  return i === undefined ? [value] : PLACE_NAMES[i]!;
};

/** Vowels that transliterations of one foreign name swap (에딘버러 / 에든버러, 레닌그라드 / 레닌그러드). */
const VOWEL_SWAPS = new Set(['ㅡㅣ', 'ㅣㅡ', 'ㅔㅐ', 'ㅐㅔ', 'ㅓㅗ', 'ㅗㅓ', 'ㅓㅡ', 'ㅡㅓ']);
const VOWELS = 'ㅏㅐㅑㅒㅓㅔㅕㅖㅗㅘㅙㅚㅛㅜㅝㅞㅟㅠㅡㅢㅣ';

/**
 * One name in two Korean spellings: as long (three syllables or more), one syllable apart, that
 * syllable differing only in a vowel transliterations swap. A short name (부산) is never read so.
 */
function spelledOtherwise(a: string, b: string): boolean {
  if (a.length !== b.length || a.length < 3) return false;
  let differing = -1;
  for (let i = 0; i < a.length; i++)
    if (a[i] !== b[i]) {
      if (differing >= 0) return false;
      differing = i;
    }
  if (differing < 0) return true;
  const [p, q] = [a.charCodeAt(differing) - 0xac00, b.charCodeAt(differing) - 0xac00];
  if (p < 0 || p >= 11172 || q < 0 || q >= 11172) return false;
  const [lead, tail] = [(x: number) => Math.floor(x / 588), (x: number) => x % 28];
  const vowel = (x: number) => VOWELS[Math.floor((x % 588) / 28)];
  return lead(p) === lead(q) && tail(p) === tail(q) && VOWEL_SWAPS.has(`${vowel(p)}${vowel(q)}`);
}

/**
 * Countries and polities by their Korean names, to tell a place named as a country from one named
 * as a city or region: the rules know no gazetteer, so 독일 and 할레 are two names at two levels,
 * not two places that exclude each other.
 */
const COUNTRIES = new Set(
  (
    '대한민국 한국 북한 조선 미국 영국 프랑스 독일 일본 중국 러시아 캐나다 호주 오스트레일리아 이탈리아 ' +
    '스페인 포르투갈 네덜란드 벨기에 스위스 오스트리아 스웨덴 노르웨이 덴마크 핀란드 아이슬란드 폴란드 ' +
    '체코 슬로바키아 헝가리 루마니아 불가리아 그리스 세르비아 크로아티아 튀르키예 터키 이집트 모로코 ' +
    '인도 파키스탄 방글라데시 이란 이라크 이스라엘 요르단 시리아 레바논 사우디아라비아 베트남 태국 ' +
    '필리핀 인도네시아 말레이시아 싱가포르 미얀마 캄보디아 몽골 카자흐스탄 우즈베키스탄 브라질 ' +
    '아르헨티나 칠레 멕시코 쿠바 콜롬비아 페루 베네수엘라 우크라이나 벨라루스 조지아 아르메니아 ' +
    '스코틀랜드 잉글랜드 웨일스 아일랜드 뉴질랜드 남아프리카 나이지리아 케냐 에티오피아 대만 타이완 ' +
    '홍콩 프로이센 오스만 소련'
  ).split(' '),
);
const POLITY_END = /(제국|왕국|공화국|연방|합중국)$/;
const isCountry = (place: string): boolean => COUNTRIES.has(place) || POLITY_END.test(place);

/**
 * The calibration's kind of a relation finding: a location (위치) names a place at any level (강원도
 * 중앙부, 산간, 태백산계) and is measured apart, as is a birthplace set against one named at
 * another level ("독일에서 태어나" against a claim of 할레); a verb reading (…에서 태어났다) takes
 * the one word before the verb and is measured apart from a value stated with a copula.
 */
export function relationKind(r: Relation, against?: Relation): 'relation' | 'relation-verb' | 'relation-place' {
  if (r.relation === '위치') return 'relation-place';
  if (
    (r.relation === '출생지' || r.relation === '개최지') &&
    against &&
    isCountry(r.value) !== isCountry(against.value)
  )
    return 'relation-place';
  return r.verb ? 'relation-verb' : 'relation';
}

/**
 * One owner named two ways (대한민국 and 대한민국의 …; a title and the sentence's own name), but
 * not a polity of another time or kind around the same name: 러시아 제국 is not 러시아, 조선 is not
 * 조선민주주의인민공화국, 구 소련 or 대한민국 임시 정부 (OTHER_TIME's words) is not the one of today.
 */
const OTHER_POLITY = new RegExp(
  `(제국|왕국|연방|공화국|왕조|시대|정부|민주주의|인민|자치|${[...OTHER_TIME.keys()].join('|')}|후)`,
);
function sameOwner(a: string, b: string): boolean {
  const [x, y] = [fold(a), fold(b)];
  if (x.length === 0 || y.length === 0) return false;
  if (x === y) return true;
  // An edition's number is its name (2018년 FIFA 월드컵 is not FIFA 월드컵 nor its 2014년 one).
  if (x.replace(/\D/g, '') !== y.replace(/\D/g, '')) return false;
  const [short, long] = x.length < y.length ? [x, y] : [y, x];
  if (!long.includes(short)) return false;
  return !OTHER_POLITY.test(long.replace(short, ''));
}

/** The claim and the evidence speak of the same time: a former value neither refutes nor supports a present one. */
const sameTime = (c: Relation, e: Relation): boolean => !!c.past === !!e.past;

/**
 * What states the relation itself, folded: its owner, its value, and the words that name it (the
 * relation's nouns, 창립자 as well as 설립자, or the verb of a verb reading). A claim's word that is
 * none of these says something more than the relation.
 */
export function relationWords(r: Relation): string {
  const base = baseRelation(r.relation);
  const nouns = [...(NOUNS.find((g) => g[0] === base) ?? [base]), ...(base === r.relation ? [] : [r.relation])];
  return fold([r.owner, r.value, ...nouns, r.verb ? r.phrase : ''].join(''));
}

export interface RelationClash {
  claim: Relation;
  evidence: Relation;
}

/**
 * Relations of the claim that the evidence gives another value for, same owner and time, while
 * the claim's value appears nowhere in the evidence sentence (so 서울 ⊂ 서울특별시 never clashes,
 * nor a birthplace the evidence names at another level: 황해도 해주).
 */
export function relationClashes(
  claim: string,
  evidence: string,
  title = '',
  // The claim's own relations: a caller checking many sentences reads them once.
  claimRelations: readonly Relation[] = extractRelations(claim),
): RelationClash[] {
  if (claimRelations.length === 0) return [];
  const evidenceRelations = extractRelations(evidence, title);
  const out: RelationClash[] = [];
  for (const c of claimRelations) {
    // A former or provisional capital is one of several: another one refutes nothing.
    if (otherTime(c)) continue;
    // The claim's value named in the sentence may be the evidence's at another level (서울 in
    // 서울특별시, 황해도 of 황해도 해주): no clash. A verb's place is read with the places before it,
    // so elsewhere in the sentence the claim's value is another word's ("서울 출신의 부모 사이에서
    // 부산에서 태어났다"), and the birthplace still clashes.
    const named = (text: string) => {
      const folded = text === evidence ? foldedSentence(evidence) : fold(text);
      return namesOf(c.value).some((name) => folded.includes(fold(name)));
    };
    // A location's other words are as often its region ("미야기현의 거의 중앙, … 중간에 위치하고"): only a
    // birthplace is read so. The gloss after the place counts as its phrase ("할레(현재는 독일 영토)").
    const born = evidenceRelations.filter((r) => r.verb && r.relation === '출생지' && c.relation === '출생지');
    const gloss = (r: Relation) => new RegExp(`${escapeRegExp(r.value)}\\s?\\(([^()]*)\\)`).exec(evidence)?.[1] ?? '';
    const phrase = (r: Relation) => `${r.nounPhrase ?? ''} ${r.phrase} ${gloss(r)}`;
    if (born.length > 0 ? born.some((r) => named(phrase(r))) : named(evidence)) continue;
    // A place on the page of the claim's place is inside it ("인천국제공항이 중구 영종도에 위치해" on
    // 인천광역시's page): a finer place, not another.
    if (c.relation === '위치' && title !== '' && namesOf(c.value).some((name) => same(name, title))) continue;
    const e = evidenceRelations.find(
      (r) =>
        // Sources that differ leave the claim open: a value said as a guess or hearsay refutes nothing.
        !r.hedged &&
        r.relation === c.relation &&
        sameOwner(r.owner, c.owner) &&
        sameTime(c, r) &&
        !same(r.value, c.value) &&
        // A measure and a name (대략 태양의 1.44배 against 찬드라세카르 한계 as the greatest mass)
        // do not exclude each other: the name may be what the measure is.
        /\d/.test(r.value) === /\d/.test(c.value) &&
        !fold(claim).includes(fold(r.value)),
    );
    if (e) out.push({ claim: c, evidence: e });
  }
  return out;
}

/** A claim that denies (아니다, 않다, 없다, 못하다): a relation it names is not asserted. */
const DENIES = /(아니|않|없|못)[가-힣]*[.!?]?\s*$/;

/**
 * Relations of the claim the evidence states with the same value, of the same owner and time
 * ("대한민국의 수도는 서울특별시이다" against "서울특별시는 대한민국의 수도이자 …"): agreement in
 * another order than the claim's, which word-for-word support does not read. A former value
 * (…였다) agrees only with a claim in the past; a denying claim agrees with nothing.
 */
export function relationAgreements(
  claim: string,
  evidence: string,
  title = '',
  claimRelations: readonly Relation[] = extractRelations(claim),
): RelationClash[] {
  if (claimRelations.length === 0 || DENIES.test(claim)) return [];
  const out: RelationClash[] = [];
  for (const e of extractRelations(evidence, title)) {
    // "개성은 고려의 옛 수도이다" also says "고려의 수도는 개성이었다", never "…개성이다".
    const former = otherTime(e) && e.relation.startsWith('옛 ');
    const c = claimRelations.find(
      (r) =>
        (r.relation === e.relation || (former && r.past && r.relation === baseRelation(e.relation))) &&
        sameOwner(r.owner, e.owner) &&
        (!e.past || r.past) &&
        fold(r.value).length >= 2 &&
        (same(r.value, e.value) || !!e.within?.some((place) => same(r.value, place))),
    );
    if (c) out.push({ claim: c, evidence: e });
  }
  return out;
}

/**
 * Search queries for the claim's single-valued relations without the value it gives, in the form
 * the page of the actual value states them: "대한민국의 수도는 인천광역시이다" → "대한민국의
 * 수도이다", as "서울특별시는 대한민국의 수도이자 …" says it. A search for the whole claim finds
 * the pages of the owner and of the claimed value (인천광역시), not the one stating the actual
 * value, and without it neither the relation's refutation nor the reader can tell which value is
 * right; the bare "대한민국의 수도" ranks only the owner's own page first. Verb relations become
 * their noun (안중근의 출생지이다).
 */
export function relationQueries(
  claim: string,
  claimRelations: readonly Relation[] = extractRelations(claim),
): string[] {
  // The claim's own word for the relation (창립자, not the group's name 설립자): the page may use it.
  const word = (name: string) => NOUNS.find((g) => g[0] === name)?.find((w) => claim.includes(w)) ?? name;
  return [...new Set(claimRelations.map((r) => `${r.owner}의 ${word(r.relation)}이다`))];
}
