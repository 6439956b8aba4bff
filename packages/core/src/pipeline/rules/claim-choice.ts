/**
 * Picks the most check-worthy sentence of an article or a long text, like the predecessor's
 * rule (olala.md C.1): longer sentences with numbers and event, statistic, policy or quote cues
 * score up; reasoning and hearsay score down; questions, opinions and predictions are not
 * candidates at all because they would only be refused.
 */
import { checkability } from './checkability.js';
import { splitSentences } from './sentences.js';

export type ClaimType = '사건' | '통계' | '정책' | '인용' | '논리' | '기타';

export interface ClaimCandidate {
  sentence: string;
  score: number;
  type: ClaimType;
  /** Position of the sentence in the text (0-based). */
  index: number;
}

export interface ClaimChoice {
  claim: string;
  score: number;
  type: ClaimType;
  /** The next best candidates, best first (at most 4). */
  runnersUp: ClaimCandidate[];
}

/**
 * Cue words by claim type. Events, statistics, policies and quotes are what fact-checkers
 * verify; the lists are short and frequent rather than complete.
 */
const CUES: [Exclude<ClaimType, '논리' | '기타'>, RegExp][] = [
  [
    '통계',
    /(%|퍼센트|증가|감소|상승|하락|집계|통계|조사 결과|평균|비율|순위|만\s?명|억\s?원|조\s?원|달러|최고치|최저치|역대)/,
  ],
  [
    '사건',
    /(발생|사고|사망|숨졌|체포|구속|기소|선고|판결|개최|출시|발사|합의|체결|당선|취임|사퇴|폭발|화재|지진|붕괴|확진|수상|우승)/,
  ],
  ['정책', /(정부|법안|개정|시행|규제|정책|예산|국회|의결|지원금|세율|과세|부처|장관|지자체|조례|대책)/],
  ['인용', /(["“”]|라고\s?(밝혔|말했|전했|강조했|주장했)|밝혔다|말했다|전했다|강조했다|따르면)/],
];
/** Reasoning connectives: the sentence argues rather than reports. */
const LOGIC = /(따라서|그러므로|그렇기 때문에|결국|즉,|만약|라면|셈이다)/;
/** Hearsay words: the sentence reports a rumour, not a fact (the predecessor's −25). */
const RUMOUR = /(소문|루머|의혹|논란|카더라|찌라시|허위|풍문|추측|알려지지 않은)/;

const MIN_CHARS = 15;
const MAX_CHARS = 300;

export function scoreSentence(sentence: string): { score: number; type: ClaimType } {
  const letters = sentence.replace(/\s+/g, '').length;
  // Length: informative up to about 120 characters, then no further gain.
  let score = Math.min(letters, 120) / 4;
  let type: ClaimType = '기타';
  if (/\d/.test(sentence)) score += 30;
  for (const [cueType, re] of CUES) {
    if (!re.test(sentence)) continue;
    score += 10;
    if (type === '기타') type = cueType;
  }
  if (LOGIC.test(sentence)) {
    score -= 10;
    if (type === '기타') type = '논리';
  }
  if (RUMOUR.test(sentence)) score -= 25;
  return { score, type };
}

/** The best claim in the text, or null when no sentence is a checkable statement. */
export function chooseClaim(text: string): ClaimChoice | null {
  const candidates: ClaimCandidate[] = [];
  splitSentences(text).forEach((s, index) => {
    const length = s.text.replace(/\s+/g, '').length;
    if (length < MIN_CHARS || length > MAX_CHARS) return;
    if (!checkability(s.text).checkable) return;
    candidates.push({ sentence: s.text, index, ...scoreSentence(s.text) });
  });
  if (candidates.length === 0) return null;
  // Ties go to the earlier sentence: news puts the main fact first.
  candidates.sort((a, b) => b.score - a.score || a.index - b.index);
  const [best, ...rest] = candidates as [ClaimCandidate, ...ClaimCandidate[]];
  return { claim: best.sentence, score: best.score, type: best.type, runnersUp: rest.slice(0, 4) };
}
