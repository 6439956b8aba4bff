/**
 * Character spans of claims in the text they come from. Offsets are UTF-16 code units, as JS
 * strings index them (an emoji counts 2), so `text.slice(start, end)` is the span's text.
 */

export interface CharSpan {
  start: number;
  end: number;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Where `quote` stands in `text`: verbatim, else with any run of whitespace (a line break in the
 * article, two spaces) matching any other. Never fuzzier than that: a quote a model reworded is
 * not in the text, and the claim that rests on it is dropped. `from` finds a later occurrence.
 */
export function findSpan(text: string, quote: string, from = 0): CharSpan | undefined {
  const q = quote.trim();
  if (!q) return undefined;
  const at = text.indexOf(q, from);
  if (at >= 0) return { start: at, end: at + q.length };
  const words = q.split(/\s+/).filter(Boolean);
  if (words.length < 2) return undefined;
  const re = new RegExp(words.map(escape).join('\\s+'), 'g');
  re.lastIndex = from;
  const m = re.exec(text);
  return m ? { start: m.index, end: m.index + m[0].length } : undefined;
}

/** Spans sorted and merged where they touch or overlap. */
export function mergeSpans(spans: readonly CharSpan[]): CharSpan[] {
  const sorted = [...spans].sort((a, b) => a.start - b.start || a.end - b.end);
  const out: CharSpan[] = [];
  for (const s of sorted) {
    const last = out[out.length - 1];
    if (last && s.start <= last.end) last.end = Math.max(last.end, s.end);
    else out.push({ ...s });
  }
  return out;
}
