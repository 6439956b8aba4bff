/**
 * Single-valued relations: a country has one capital, a person one birthplace, a book one
 * author, a region one 최초의 국가. When the claim and an evidence sentence give the same
 * relation of the same owner different values ("대한민국의 수도는 부산이다" against "서울특별시는
 * 대한민국의 수도이자 …" or the page 대한민국's "수도는 서울이다"), the evidence refutes the claim
 * even though the two share few words — the one refutation that needs no word-for-word overlap.
 */
import { stripSuffixes } from '../../search/korean.js';
import { fold, foldedSentence } from './terms.js';

export interface Relation {
  /** The relation's name as users read it: 수도, 출생지, 최초의 국가 … */
  relation: string;
  /** Whose relation it is (대한민국); '' when the sentence does not say and no title is known. */
  owner: string;
  value: string;
  /** The words of the text that state it, for the reason shown to users. */
  phrase: string;
}

/** Relation nouns, each with its synonyms; the first is the name. */
const NOUNS: readonly (readonly string[])[] = [
  ['수도'],
  ['설립자', '창립자', '창업자', '창시자'],
  ['출생지', '고향'],
  ['국적'],
  ['저자', '지은이', '작가', '작자'],
  ['위치'],
];
/** A superlative or first makes the noun after it single-valued: 최초의 국가, 최대 도시. */
const SUPERLATIVE = /^(최초|최대|최고|최장|최소|최다|첫|처음)(의)?$/;
const COPULA =
  /(이다|이며|이자|이고|였다|이었다|였으며|이었으며|였고|이었고|입니다|이었던|였던|인|이야|이에요|예요|이래|이지|이죠|이잖아|였습니다|이었습니다)$/;
const TOPIC = /(은|는|이|가|께서)$/;

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

function relationAt(ws: Word[], i: number): { name: string; end: number } | null {
  const w = ws[i] as Word;
  for (const group of NOUNS) if (group.includes(w.stem)) return { name: group[0] as string, end: i };
  if (SUPERLATIVE.test(w.raw) || SUPERLATIVE.test(w.stem)) {
    const head = ws[i + 1];
    if (head && /^[가-힣]{1,6}$/.test(head.stem))
      return { name: `${w.stem.replace(/의$/, '')} ${head.stem}`, end: i + 1 };
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

/** The relations a sentence states; `title` is the owner when the sentence leaves it out. */
export function extractRelations(text: string, title = ''): Relation[] {
  const ws = words(text);
  const out: Relation[] = [];
  const topic = ws.findIndex((w) => TOPIC.test(w.raw) && w.stem.length >= 1 && w.stem !== w.raw);
  for (let i = 0; i < ws.length; i++) {
    const rel = relationAt(ws, i);
    if (!rel) continue;
    const last = ws[rel.end] as Word;
    const owner = ownerBefore(ws, i) || title;
    if (TOPIC.test(last.raw) && !COPULA.test(last.raw)) {
      // "X의 수도는 Y이다": the value is what follows, up to the copula.
      const valueWords: string[] = [];
      for (let j = rel.end + 1; j < ws.length && valueWords.length < 6; j++) {
        const w = ws[j] as Word;
        valueWords.push(w.stem);
        if (COPULA.test(w.raw) || w.raw.endsWith('다')) break;
      }
      const value = valueWords.join(' ');
      // Only a copula states the value ("수도는 서울이다"); "수도는 기록에 따라 다르게 나타난다" names none.
      if (value && COPULA.test(ws[rel.end + valueWords.length]?.raw ?? ''))
        out.push({
          relation: rel.name,
          owner,
          value,
          phrase: ws
            .slice(Math.max(0, i - 1), rel.end + 1 + valueWords.length)
            .map((w) => w.raw)
            .join(' '),
        });
    } else if (COPULA.test(last.raw) && topic >= 0 && topic < i) {
      // "Y는 X의 수도이다": the value is the sentence's topic.
      const value = topicName(ws[topic] as Word);
      out.push({
        relation: rel.name,
        owner,
        value,
        phrase: [ws[topic]!.raw, ...ws.slice(Math.max(topic + 1, i - 1), rel.end + 1).map((w) => w.raw)].join(' '),
      });
    }
  }
  // Verb relations: "Y에서 태어났다" (birthplace), "Y에 위치한" (location). The owner is the topic.
  const subject = topic >= 0 ? topicName(ws[topic] as Word) : title;
  for (let i = 1; i < ws.length; i++) {
    const w = ws[i] as Word;
    const prev = ws[i - 1] as Word;
    if (/^태어/.test(w.raw) && /에서$/.test(prev.raw) && !/^(사이|가정|집안|집|때)$/.test(prev.stem)) {
      out.push({ relation: '출생지', owner: subject, value: prev.stem, phrase: `${prev.raw} ${w.raw}` });
    } else if (/^위치(한|하며|해|하고|하다|한다|했|하는|하였)/.test(w.raw) && /에$/.test(prev.raw)) {
      out.push({ relation: '위치', owner: subject, value: prev.stem, phrase: `${prev.raw} ${w.raw}` });
    }
  }
  return out.filter((r) => r.owner && r.value && r.owner !== r.value && !POSITION.test(r.value));
}

const same = (a: string, b: string): boolean => {
  const [x, y] = [fold(a), fold(b)];
  return x.length > 0 && y.length > 0 && (x.includes(y) || y.includes(x));
};

export interface RelationClash {
  claim: Relation;
  evidence: Relation;
}

/**
 * Relations of the claim that the evidence gives another value for, same owner, while the
 * claim's value appears nowhere in the evidence sentence (so 서울 ⊂ 서울특별시 never clashes,
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
  const folded = foldedSentence(evidence);
  const out: RelationClash[] = [];
  for (const c of claimRelations) {
    if (folded.includes(fold(c.value))) continue;
    const e = evidenceRelations.find(
      (r) =>
        r.relation === c.relation &&
        same(r.owner, c.owner) &&
        !same(r.value, c.value) &&
        !fold(claim).includes(fold(r.value)),
    );
    if (e) out.push({ claim: c, evidence: e });
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
