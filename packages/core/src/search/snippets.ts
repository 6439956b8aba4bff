/**
 * Snippets with the question's terms marked, and the prompt context string. Both cut text only
 * between grapheme clusters, so a cut never splits a character (nor an emoji, nor a Hangul
 * syllable written as separate jamo).
 */
import { cutAt, ELLIPSIS, escapeHtml, graphemeBoundary as boundary } from '@olala/contract/text-tools';
import { isBigram, isTitleTerm, tokenize } from './tokenizer.js';

export const SNIPPET_CHARS = 240;

export interface Span {
  start: number;
  end: number;
  /** The query term this span matched, to count distinct terms in a window. */
  term: string;
}

/** The question's terms a snippet should mark: words and numbers, not bigrams or title spans. */
export function markTerms(question: string): Set<string> {
  return new Set(tokenize(question, { kind: 'query' }).filter((t) => !isBigram(t) && !isTitleTerm(t)));
}

const WORD = /[\p{L}\p{M}\p{N}]+(?:[.,]\p{N}+)*%?/gu;

/**
 * Where the question's terms occur in `text`. A word whose stem is a query term is marked on its
 * stem (서울의 → [서울]의); a query word inside a longer word is marked where it occurs
 * (서울특별시 → [서울]특별시), since Korean compounds are written without spaces.
 */
export function findMatches(text: string, terms: ReadonlySet<string>): Span[] {
  if (terms.size === 0) return [];
  const inner = [...terms].filter((t) => t.length >= 2 && !/^\p{N}/u.test(t));
  const spans: Span[] = [];
  for (const m of text.matchAll(WORD)) {
    const word = m[0];
    const start = m.index;
    const lower = word.toLowerCase();
    const hit = tokenize(word).find((t) => !isBigram(t) && terms.has(t));
    if (hit) {
      // The stem is a prefix of the word unless normalisation changed its length; then mark it all.
      const len = lower.startsWith(hit) ? hit.length : word.length;
      spans.push({ start, end: start + len, term: hit });
      continue;
    }
    for (const t of inner) {
      if (t.length >= lower.length) continue;
      for (let at = lower.indexOf(t); at >= 0; at = lower.indexOf(t, at + t.length)) {
        spans.push({ start: start + at, end: start + at + t.length, term: t });
      }
    }
  }
  spans.sort((a, b) => a.start - b.start || b.end - a.end);
  // Two query words may overlap inside one compound; keep the first, longest.
  const out: Span[] = [];
  for (const s of spans) {
    const prev = out[out.length - 1];
    if (!prev || s.start >= prev.end) out.push(s);
  }
  return out;
}

/**
 * About `size` characters of `text` around its densest cluster of matched terms (most distinct
 * terms, then most matches), HTML-escaped, each match in `<mark>…</mark>`, with … where text was cut.
 */
export function makeSnippet(text: string, terms: ReadonlySet<string>, size = SNIPPET_CHARS): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  const spans = findMatches(flat, terms);
  let start = 0;
  if (spans.length > 0 && flat.length > size) {
    let best = { distinct: -1, count: -1, at: 0 };
    for (let i = 0; i < spans.length; i++) {
      const from = spans[i]!.start;
      const seen = new Set<string>();
      let count = 0;
      for (let j = i; j < spans.length && spans[j]!.end <= from + size; j++) {
        seen.add(spans[j]!.term);
        count++;
      }
      if (seen.size > best.distinct || (seen.size === best.distinct && count > best.count))
        best = { distinct: seen.size, count, at: from };
    }
    // Some words of lead-in before the first match read better than starting on it.
    start = Math.max(0, Math.min(best.at - Math.floor(size / 5), flat.length - size));
    if (start > 0) {
      const space = flat.lastIndexOf(' ', start);
      if (space >= 0 && start - space < 20) start = space + 1;
    }
  }
  start = boundary(flat, start);
  let end = Math.min(flat.length, start + size);
  if (end < flat.length) {
    const space = flat.lastIndexOf(' ', end);
    if (space > start + size / 2) end = space;
    end = boundary(flat, end);
  }

  let out = start > 0 ? ELLIPSIS : '';
  let pos = start;
  for (const s of spans) {
    if (s.end <= start || s.start >= end) continue;
    const a = Math.max(s.start, start);
    const b = Math.min(s.end, end);
    out += escapeHtml(flat.slice(pos, a)) + '<mark>' + escapeHtml(flat.slice(a, b)) + '</mark>';
    pos = b;
  }
  out += escapeHtml(flat.slice(pos, end));
  if (end < flat.length) out += ELLIPSIS;
  return out;
}

export interface ContextSource {
  title: string;
  pageId: number;
  content: string;
}

/** How a page is cited in the prompt context and in hits. */
export function pageRef(pageId: number): string {
  return `wiki://page/${pageId}`;
}

/** Below this many characters of text, a source cut to fit is left out instead. */
const MIN_SOURCE_TEXT = 80;

/**
 * Numbered sources, `[n] title (wiki://page/<id>)` then the text, separated by blank lines, at
 * most `maxChars` UTF-16 units in all. The source that does not fit whole is cut (with …) if a
 * useful part of it fits; the ones after it are left out, so numbers always match `hits`.
 */
export function buildPromptContext(sources: readonly ContextSource[], maxChars: number): string {
  let out = '';
  for (let i = 0; i < sources.length; i++) {
    const s = sources[i]!;
    const head = `${out ? '\n\n' : ''}[${i + 1}] ${s.title} (${pageRef(s.pageId)})\n`;
    const room = maxChars - out.length - head.length;
    if (s.content.length <= room) {
      out += head + s.content;
      continue;
    }
    if (room - ELLIPSIS.length >= MIN_SOURCE_TEXT) out += head + cutAt(s.content, room - ELLIPSIS.length) + ELLIPSIS;
    break;
  }
  return out;
}
