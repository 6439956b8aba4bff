/**
 * Cutting and escaping text, the one way for the server, the core and the app. This file imports
 * nothing (no schema library), so the app can bundle it; the control-character rule of request
 * bodies is in `text.ts`.
 *
 * Lengths are UTF-16 code units (`string.length`), the strictest of the usual counts: a cut
 * text also fits a limit counted in code points or in characters as people see them. A cut is
 * only ever made between grapheme clusters, so it never splits a surrogate pair, an emoji ZWJ
 * sequence, a letter from its combining marks, or a Hangul syllable written as separate jamo.
 */

export const ELLIPSIS = '…';

let segmenter: Intl.Segmenter | undefined;
const graphemes = () => (segmenter ??= new Intl.Segmenter('ko', { granularity: 'grapheme' }));

/** Longer than any grapheme cluster of real text (emoji ZWJ sequences included). */
const CLUSTER_REACH = 32;
/** How far back a cut looks for a space to start segmenting from (see `graphemeBoundary`). */
const ANCHOR_REACH = 256;
const LOW_SURROGATE = /^[\udc00-\udfff]$/;
/** One of the letters that make up a flag (U+1F1E6–U+1F1FF), as its surrogate pair. */
const REGIONAL_INDICATOR = /^\ud83c[\udde6-\uddff]$/;

/**
 * The nearest grapheme boundary at or before `pos`. Only the text around `pos` is segmented
 * (segmenting a long text from its start would cost more than a whole search), starting at a space
 * when one is near: a boundary always falls before a space, whereas an arbitrary start inside a
 * run of flags would pair their halves wrongly.
 */
export function graphemeBoundary(text: string, pos: number): number {
  if (pos <= 0) return 0;
  if (pos >= text.length) return text.length;
  let from = Math.max(0, pos - CLUSTER_REACH);
  const space = text.slice(Math.max(0, from - ANCHOR_REACH), from + 1).search(/\s\S*$/);
  if (space >= 0) from = Math.max(0, from - ANCHOR_REACH) + space;
  else {
    // No space near: start at a code point, and before the whole run of regional indicators.
    if (from > 0 && LOW_SURROGATE.test(text[from]!)) from--;
    while (from >= 2 && REGIONAL_INDICATOR.test(text.slice(from - 2, from))) from -= 2;
  }
  let before = from;
  for (const { index } of graphemes().segment(text.slice(from, Math.min(text.length, pos + CLUSTER_REACH)))) {
    const at = from + index;
    if (at === pos) return pos;
    if (at > pos) return before;
    before = at;
  }
  return before;
}

/** The longest prefix of `text` at most `max` UTF-16 units long that ends on a grapheme boundary. */
export function cutAt(text: string, max: number): string {
  return text.length <= max ? text : text.slice(0, graphemeBoundary(text, Math.max(0, max)));
}

/** `text` when it fits in `max`; otherwise cut so that the cut and the ellipsis together fit. */
export function truncate(text: string, max: number, ellipsis = ELLIPSIS): string {
  return text.length <= max ? text : cutAt(text, max - ellipsis.length) + ellipsis;
}

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text safe in HTML text and in attribute values quoted with either quote. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c]!);
}
