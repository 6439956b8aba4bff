/**
 * Search queries from a claim without an LLM. Encyclopedia search wants headwords (the
 * entities the claim is about); news search wants a few keywords in the claim's order, numbers
 * included. Words come from the search tokenizer, so particles are already stripped.
 */
import { stripSuffixes } from '../../search/korean.js';
import { contentTerms } from './terms.js';

export interface KeywordQueries {
  /** 1–3 headword queries for the wiki, most likely entity first. */
  wiki: string[];
  /** 1–3 keyword queries for news search, longest first. */
  news: string[];
}

/**
 * Nouns too general to be an encyclopedia headword on their own: they name roles, times and
 * abstractions that every article mentions.
 */
const GENERIC = new Set(
  `정부 국민 사람 경우 기록 발표 관계자 관련 이날 오늘 내일 어제 올해 작년 내년 지난해 최근 현재 당시 이후 이전 기준 결과 사실 문제
   상황 부분 내용 방안 계획 예정 시작 진행 추진 대상 이상 이하 정도 전체 일부 대부분 주장 의견 입장 가능 필요 발생 확인`
    .split(/\s+/)
    .filter(Boolean),
);

/** Particles that mark the topic or subject: the word in front is what the claim is about. */
const TOPIC = /(은|는|이|가|께서|에서는|의)$/;

interface Word {
  text: string;
  stem: string;
  score: number;
  index: number;
  numeric: boolean;
}

function words(claim: string): Word[] {
  const raw = claim
    .normalize('NFKC')
    .split(/[\s,.!?;:"“”'‘’()[\]·]+/)
    .filter(Boolean);
  const content = new Set(contentTerms(claim).map((t) => t.term));
  const out: Word[] = [];
  raw.forEach((text, index) => {
    const numeric = /^\d/.test(text);
    const stem = numeric
      ? text.replace(/(을|를|이|가|은|는|의|에|에서|으로|로|과|와|까지|부터|도|만)$/, '')
      : /^[가-힣]+$/.test(text)
        ? stripSuffixes(text)
        : text.replace(/^([A-Za-z0-9]+)[가-힣]+$/, '$1'); // BTS가 → BTS
    if (!numeric && !content.has(stem.toLowerCase())) return;
    let score = 0;
    if (/[A-Za-z]/.test(stem)) score += 3;
    if (index === 0) score += 2;
    if (TOPIC.test(text) && stem !== text) score += 2;
    if (stem.length >= 3) score += 1;
    if (GENERIC.has(stem)) score -= 3;
    if (numeric) score -= 5;
    out.push({ text, stem, score, index, numeric });
  });
  return out;
}

/**
 * The last word of a verb-final claim is its predicate (기록했다, 올랐다): not a search keyword.
 * A noun with a copula (…의 수도이다) keeps its noun.
 */
function isPredicate(w: Word, claim: string): boolean {
  const words = claim
    .trim()
    .replace(/[.!。]+$/, '')
    .split(/\s+/);
  return w.index === words.length - 1 && !w.numeric && !/(이다|입니다|이었다|(?<!하|되)였다)$/.test(words.at(-1) ?? '');
}

export function keywordQueries(claim: string): KeywordQueries {
  const all = words(claim);
  const keywords = all.filter((w) => !isPredicate(w, claim));
  const entities = keywords
    .filter((w) => !w.numeric && !GENERIC.has(w.stem) && w.stem.length >= 2)
    .sort((a, b) => b.score - a.score || a.index - b.index);

  const wiki = dedupe(entities.slice(0, 3).map((w) => w.stem));
  const inOrder = (ws: Word[]): string =>
    ws
      .sort((a, b) => a.index - b.index)
      .map((w) => w.stem)
      .join(' ');
  const news = dedupe([
    inOrder(keywords.slice(0, 6)),
    inOrder([...entities.slice(0, 2), ...keywords.filter((w) => w.numeric).slice(0, 1)]),
    inOrder(entities.slice(0, 2)),
  ]).slice(0, 3);
  if (wiki.length === 0 && news.length === 0) {
    const fallback = claim.trim().slice(0, 100);
    return { wiki: [fallback], news: [fallback] };
  }
  return { wiki: wiki.length ? wiki : news.slice(0, 1), news: news.length ? news : wiki.slice(0, 1) };
}

function dedupe(queries: string[]): string[] {
  return [...new Set(queries.map((q) => q.trim()).filter(Boolean))];
}
