/**
 * Case particles as a cheap stand-in for grammatical roles. "A를 이어 B가 출범" and "B를 이어
 * A가 출범" share every word; only the particles tell who did what. A claim noun that carries
 * a different particle class in the evidence is a sign of swapped roles, so it blocks support.
 */
import { isPlaceName } from './relations.js';
import { stripSuffixes } from '../../search/korean.js';
import { fold, isVerbForm, verbStem } from './terms.js';
import { textMemo } from './text-memo.js';

type Role = 'subject' | 'object' | 'genitive' | 'comitative' | 'comparative' | 'locative' | 'instrumental';

/**
 * Particle classes; topic and subject markers (은/는/이/가/도) are one class because Korean
 * paraphrases swap them freely. Longest first so 에서 wins over 에.
 */
const PARTICLES: [string, Role][] = (
  [
    ['에게서', 'locative'],
    ['에서는', 'locative'],
    ['에서', 'locative'],
    ['에게', 'locative'],
    ['한테', 'locative'],
    ['으로', 'instrumental'],
    ['께서', 'subject'],
    ['보다는', 'comparative'],
    ['보다', 'comparative'],
    ['하고', 'comitative'],
    ['이랑', 'comitative'],
    ['에는', 'locative'],
    ['에', 'locative'],
    ['로', 'instrumental'],
    ['은', 'subject'],
    ['는', 'subject'],
    ['이', 'subject'],
    ['가', 'subject'],
    ['도', 'subject'],
    ['을', 'object'],
    ['를', 'object'],
    ['의', 'genitive'],
    ['과', 'comitative'],
    ['와', 'comitative'],
    ['랑', 'comitative'],
  ] as [string, Role][]
).sort((a, b) => b[0].length - a[0].length);

function roleOf(suffix: string): Role | null {
  // The plural 들 sits between the noun and its particle (영웅들보다).
  const rest = suffix.startsWith('들') ? suffix.slice(1) : suffix;
  for (const [p, role] of PARTICLES) if (rest === p) return role;
  // A particle made a modifier by 의 keeps its own role: 터키와의 경기 is the match with 터키
  // (comitative), 서울에서의 생활 the life in 서울; "대한민국은 터키와의 …에서 승리했다" against
  // "터키는 대한민국과의 …에서 승리해" swaps who won.
  if (rest.length > 1 && rest.endsWith('의')) {
    const inner = rest.slice(0, -1);
    for (const [p, role] of PARTICLES) if (inner === p && role !== 'subject' && role !== 'object') return role;
  }
  return null;
}

/**
 * The text's words, each folded, for the texts read lately: every claim term's role is looked
 * up in the same claim and evidence sentences, and folding each word again was most of it.
 */
const foldedWords = textMemo(
  (text: string): readonly string[] => text.split(/[\s,.!?;:'"“”‘’()[\]·]+/).map(fold),
  1024,
);

/** The particle role of the first word of `text` that starts with `term`, or null. */
export function roleIn(text: string, term: string): Role | null | undefined {
  for (const w of foldedWords(text)) if (w.startsWith(term)) return roleOf(w.slice(term.length));
  return undefined;
}

/** Claim terms whose particle role differs between the claim and the evidence. */
export function roleChanges(claim: string, evidence: string, terms: readonly string[]): string[] {
  const out: string[] = [];
  for (const term of terms) {
    if (!/^[가-힣]{2,}$/.test(term)) continue;
    const a = roleIn(claim, term);
    const b = roleIn(evidence, term);
    if (a && b && a !== b) out.push(term);
  }
  return out;
}

/**
 * Whether the claim's subject (its first term marked 은/는/이/가) stands in the evidence with
 * another role: "적혈구는 … 할 수 있다" is not what "백혈구는 적혈구와 달리 … 할 수 있다" says.
 * In the genitive it is the subject still when its phrase is (서울의 인구는), or names the claim's
 * event (흑사병의 대유행으로: `predicate`, the claim's predicate stem), but not as the owner of an
 * object or a place: "마로가 … 페트라르카의 소네트 형식을 … 시도했다" is 마로's attempt.
 */
export function subjectRoleChanged(claim: string, evidence: string, terms: readonly string[], predicate = ''): boolean {
  const subject = terms.find((t) => /^[가-힣]{2,}$/.test(t) && roleIn(claim, t) === 'subject');
  if (!subject) return false;
  const roles = rolesIn(evidence, subject);
  if (roles.length === 0) return false;
  if (roles.every((r) => r !== null && r !== 'subject' && r !== 'genitive')) return true;
  // Only another noun's owner, in a phrase that is no subject: "마로가 … 페트라르카의 소네트 형식을 … 시도했다".
  return roles.every((r) => r === 'genitive') && ownsAnObject(evidence, subject, predicateKey(predicate));
}

/**
 * Whether every phrase `term` opens in the genitive ends, within three words, in an object's or
 * a place's particle (X의 소네트 형식을, X의 남서쪽으로) with no word of the claim's event in it.
 */
function ownsAnObject(text: string, term: string, event: string): boolean {
  const words = foldedWords(text);
  const at = words.flatMap((w, i) => (w.startsWith(term) ? [i] : []));
  return at.every((i) => {
    for (let k = i + 1; k < words.length && k <= i + 3; k++) {
      const w = words[k] as string;
      if (event.length >= 2 && w.includes(event)) return false;
      if (/(을|를|에서|에게|으로)$/.test(w)) return true;
      if (/(은|는|이|가|이다|였다|의)$/.test(w)) return false;
    }
    return false;
  });
}

function rolesIn(text: string, term: string): (Role | null)[] {
  return foldedWords(text)
    .filter((w) => w.startsWith(term))
    .map((w) => roleOf(w.slice(term.length)));
}

/** A sentence's words without the quotes, brackets and end marks around them. */
const sentenceWords = (sentence: string): string[] =>
  sentence.split(/\s+/).map((w) => w.replace(/^["“‘'(《「]+|[.!?"”’')》」]+$/g, ''));
/** A claim's words, folded, without its end mark. */
const claimWordsOf = (claim: string): string[] => claim.split(/\s+/).map((w) => fold(w.replace(/[.!?]+$/, '')));

/** What every form of a predicate starts with: 사망했 and 사망한 share 사망 (a stem of two syllables stays whole). */
export const predicateKey = (predicate: string): string => (predicate.length >= 3 ? predicate.slice(0, -1) : predicate);

/**
 * Whether a word of the sentence is a form of the claim's predicate (predicateStem): a verb the
 * stemmer left whole (보냈다) by its stem's forms (보낸다, 보내며), a noun by its key.
 */
function predicateForm(predicate: string): (word: string) => boolean {
  const verb = predicate.endsWith('다') ? verbStem(predicate) : null;
  if (verb !== null) return (word) => isVerbForm(fold(word), verb);
  const key = predicateKey(predicate);
  return (word) => fold(word).startsWith(key);
}

/**
 * Particles of a verb's argument that one noun fills, each its own: where (에서), where to or when
 * (에), what (을/를), by or into what (으로/로). 에 and 에서 stay apart: "여름에" is no place.
 */
const SLOTS: readonly (readonly string[])[] = [
  ['에서', '에서는'],
  ['에', '에는'],
  ['을', '를'],
  ['으로', '로'],
];
const slotOf = (said: string): { noun: string; slot: number } | null => {
  // 로도, 에서만: the particle before an "also" or "only".
  const word = said.replace(/(도|만)$/, '');
  for (const [slot, particles] of SLOTS.entries())
    for (const p of particles)
      if (word.length > p.length + 1 && word.endsWith(p)) return { noun: word.slice(0, -p.length), slot };
  return null;
};
/** Words a noun's phrase goes back over to its larger place or owner: 서울 종로구 자택, 뉴욕의 한 병원. */
const DETERMINER = /^(한|어느|모)$/;
const POSTPOSITION =
  /^(통해|통하여|통한|위해|위하여|위한|따라|따른|대해|대하여|대한|의해|의하여|의한|관해|관하여|관한|비해|향해|거쳐|걸쳐|제외하고)$/;
const NOT_A_PLACE = /^(사이|가정|집안|가운데|슬하|때|무렵|당시)$/;
/** Where a clause ends before a predicate: a comma, or a verb's connective ending. */
const CLAUSE_END = /(,|고|며|으며|지만|는데|면서)$/;
/** A clause's end, or a purpose's (초빙하기 위해): the noun before it is another verb's. */
const endsClause = (word: string): boolean => CLAUSE_END.test(word) || /^(위해|위하여|위한)$/.test(word);

/**
 * A claim's argument whose place before the verb the sentence gives to another noun: "김철수는
 * 일본에서 사망했다" against "김철수는 일본 유학을 마치고 귀국한 뒤 서울에서 사망했다" — 일본 is
 * there, 서울 is where. The claim's noun is not another when it is that noun's larger place or
 * owner (서울 종로구 자택에서, 뉴욕의 한 병원에서), one of a list with it (스마트폰 등 전자제품을),
 * or said with the same particle elsewhere in the sentence. The claim's predicate is `predicate`
 * (its stem); every occurrence of it as a verb in the sentence must have the slot taken. The term
 * whose slot is taken, or null.
 */
export function slotTaken(claim: string, sentence: string, terms: readonly string[], predicate: string): string | null {
  if (!/^[가-힣]{2,}$/.test(predicate)) return null;
  const isPredicate = predicateForm(predicate);
  const claimWords = claimWordsOf(claim);
  const words = sentenceWords(sentence);
  const verbs = words.flatMap((w, i) => (isPredicate(w) && !slotOf(fold(w)) ? [i] : []));
  if (verbs.length === 0) return null;
  for (const term of terms) {
    if (!/^[가-힣]{2,}$/.test(term)) continue;
    // An argument of a postposition's verb (연소를 통해, 승리를 위해) is not the predicate's.
    const own = claimWords
      .map((w, i) => (POSTPOSITION.test(claimWords[i + 1] ?? '') ? null : slotOf(w)))
      .find((s) => s !== null && fold(s.noun) === term);
    if (!own) continue;
    const same = (w: string) => {
      const s = slotOf(fold(w));
      return s !== null && s.slot === own.slot && s.noun.includes(term);
    };
    // The claim's noun in the slot of a verb occurrence's own clause (희석제로도 쓰인다).
    if (verbs.some((v) => words.some((w, j) => j < v && same(w) && !words.slice(j, v).some(endsClause)))) continue;
    if (verbs.every((v) => takenBefore(words, v, term, own.slot))) return term;
  }
  return null;
}

/**
 * Whether a word before 은/는 is a noun, not a verb's modifier (연결하는, 이루는) nor a particle's
 * topic (오늘날에는, 서울에서는). Unsure endings count as a modifier: a noun missed only keeps a support.
 */
const isTopicNoun = (word: string): boolean =>
  !/(하|되|시키|있|없|않|지|리|르|이|우|오|보|주|내|에|에서|로|와|과|에게|까지|부터|만|도)$/.test(word);

/** A word that starts a clause after it: a connective ending or comma, or a contrast said as a word. */
const CLAUSE_OPENER = /(,|고|며|으며|지만|는데|면서)$|^(반면|반면에|한편|그러나|하지만|그리고)$/;

/**
 * Whether the sentence says the claim's predicate only of another topic, in a clause of its own:
 * "버논의 아버지는 미국인이다" against "버논의 아버지는 전주 출신의 한국인이고 어머니는 프랑스계
 * 미국인이다". Every occurrence of `predicate` (the claim's predicate stem) stands in a clause
 * that opens with another noun marked 은/는, after the claim's subject was said.
 */
export function topicTaken(claim: string, sentence: string, terms: readonly string[], predicate: string): boolean {
  if (!/^[가-힣]{2,}$/.test(predicate)) return false;
  const subject = terms.find((t) => /^[가-힣]{2,}$/.test(t) && roleIn(claim, t) === 'subject');
  if (!subject) return false;
  const isPredicate = predicateForm(predicate);
  const words = sentenceWords(sentence);
  const said = words.findIndex((w) => fold(w).startsWith(subject));
  const at = words.flatMap((w, i) => (i > said && isPredicate(w) ? [i] : []));
  if (said < 0 || at.length === 0) return false;
  return at.every((p) => {
    for (let k = p - 1; k > said; k--) {
      const before = words[k - 1] as string;
      // …다고 그러는: a quotation's 고 opens no clause of its own.
      if (!CLAUSE_OPENER.test(before) || /[다라자냐]고$/.test(before)) continue;
      // The topic may have its owner before it (그의 아내는).
      let t = k;
      while (t < p - 1 && /[가-힣]의$/.test(words[t] as string)) t++;
      const topic = /^([가-힣]{2,})(은|는)$/.exec(fold(words[t] as string))?.[1];
      return topic !== undefined && isTopicNoun(topic) && !topic.includes(subject) && !subject.includes(topic);
    }
    return false;
  });
}

/**
 * A claim's "B의 C" whose C the sentence gives only to another owner: "신의왕후는 이성계의 생모이다"
 * against "…이성계의 첫번째 아내로 정종과 태종의 생모이다". Each C of the sentence is read with the
 * phrase before it (up to four words, back to a case particle or a clause's end): B anywhere in it
 * keeps it B's (조선 중기의 장군, 서울 최대의 시장), another noun in the genitive takes it. The owner
 * whose noun is taken, or null.
 */
export function ownerTaken(claim: string, sentence: string): string | null {
  const claimWords = claimWordsOf(claim);
  const words = sentenceWords(sentence).map(fold);
  for (let i = 0; i + 1 < claimWords.length; i++) {
    const owner = /^([가-힣]{2,})의$/.exec(claimWords[i] as string)?.[1];
    // In a chain (오페라의 유령의 속편) only the last owner is read: the rest is a name.
    const next = claimWords[i + 1] as string;
    const noun = stripSuffixes(next);
    if (!owner || next.endsWith('의') || !/^[가-힣]{2,}$/.test(noun)) continue;
    // A noun the claim names twice (야구 기록은 다른 스포츠의 기록보다): whose the sentence's is, is open.
    if (claimWords.filter((w) => w.includes(noun)).length > 1) continue;
    const at = words.flatMap((w, k) => (w.startsWith(noun) && !w.startsWith(`${noun}의`) ? [k] : []));
    if (at.length > 0 && at.every((k) => ownedByAnother(words, k, owner))) return owner;
  }
  return null;
}

function ownedByAnother(words: readonly string[], at: number, owner: string): boolean {
  let another = false;
  // Read without the spaces between words: 우리 나라의 탈춤 is 우리나라's.
  let phrase = '';
  for (let j = at - 1; j >= 0 && at - j <= 4; j--) {
    const w = words[j] as string;
    phrase = w + phrase;
    if (phrase.includes(owner)) return false;
    if (/[가-힣]의$/.test(w)) another = true;
    else if (!/(과|와)$/.test(w) && PHRASE_END.test(w)) break;
  }
  return another;
}

/** Whether the verb at `verb` has, in its clause, another noun in slot `slot` than `term` or a part of it. */
function takenBefore(words: readonly string[], verb: number, term: string, slot: number): boolean {
  for (let k = verb - 1; k >= 0 && verb - k <= 6; k--) {
    const w = fold(words[k] as string);
    const s = slotOf(w);
    // Among whom (부모 사이에서), in what home (가정에서) or when (때에) is no place of its own: read on.
    if (s?.slot === slot && NOT_A_PLACE.test(s.noun)) continue;
    if (s?.slot === slot) return !s.noun.includes(term) && !term.includes(s.noun) && !partOf(words, k, term);
    if (CLAUSE_END.test(words[k] as string)) return false;
  }
  return false;
}

/** A word that ends its phrase before a noun: a case particle, or a verb's connective ending. */
const PHRASE_END = /(은|는|이|가|을|를|에|에서|로|으로|도|만|에게|고|며|지만|는데|면서|,)$/;

/**
 * Whether `term` is named in the phrase before word `at` as its larger place or owner, or a fellow
 * in a list: in the genitive (뉴욕의 한 병원, 아르헨티나 부에노스아이레스의 한 중산층 가정), listed
 * (스마트폰과 반도체, 스마트폰 등 전자제품), or bare with no genitive between but places' (서울 종로구
 * 자택, 미국 메릴랜드주의 볼티모어).
 * A bare word before a genitive modifies that word: "일본 점령하의 서울" is no place in 일본; nor
 * is a former state between them one ("일본의 식민지였던 조선의 경성").
 */
function partOf(words: readonly string[], at: number, term: string): boolean {
  let genitive = false;
  let former = false;
  for (let j = at - 1; j >= 0 && at - j <= 5; j--) {
    const raw = words[j] as string;
    if (fold(raw.replace(/(의|과|와|및|,)$/, '')).startsWith(term))
      return !former && (/(의|과|와|,)$/.test(raw) || !genitive);
    if (/던$/.test(raw)) former = true;
    // A place in the genitive continues a chain of places (미국 메릴랜드주의 볼티모어).
    if (/의$/.test(raw) && !isPlaceName(raw.slice(0, -1))) genitive = true;
    else if (!isPlaceName(raw) && !DETERMINER.test(raw) && !/(과|와)$/.test(raw) && PHRASE_END.test(raw)) return false;
  }
  return false;
}
