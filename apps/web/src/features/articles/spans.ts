import type { ArticleClaim, ArticleSkipped, TextSpan } from '@olala/contract/articles';
import type { VerdictLabel } from '@olala/contract/truth';
import { graphemeBoundary } from '@olala/contract/text-tools';
import { VERDICT_NAMES } from '@olala/contract/verdicts';

// Type imports only from the schemas' modules: the schema library stays out of the app's bundle.
const LABELS = Object.keys(VERDICT_NAMES) as VerdictLabel[];

/** What a stretch of the article is: a checked claim (by id), a sentence not checked (by index), or plain text. */
export type Mark = { kind: 'claim'; id: string } | { kind: 'skipped'; index: number };

export interface Segment {
  start: number;
  end: number;
  text: string;
  mark?: Mark;
}

/** A cluster ends after `pos`: the boundary at or after it, so a span never ends inside a character. */
function boundaryAfter(text: string, pos: number): number {
  const before = graphemeBoundary(text, pos);
  if (before === pos) return pos;
  const seg = new Intl.Segmenter('ko', { granularity: 'grapheme' });
  for (const { index } of seg.segment(text.slice(before, before + 64))) if (before + index > pos) return before + index;
  return Math.min(text.length, before + 64);
}

interface Range {
  start: number;
  end: number;
  mark: Mark;
  /** Claims draw over skipped sentences; among claims the shorter span wins, so a claim inside another stays reachable. */
  rank: number;
}

/**
 * The article's text cut into stretches to draw, in order, covering it exactly once (their texts
 * joined are the text). Spans come from the server in UTF-16 offsets; they may be out of order,
 * overlap, run past the end or cut a character in two: each is clamped to the text and widened to
 * whole grapheme clusters (a surrogate pair, an emoji sequence, a Hangul syllable written as jamo),
 * and where spans overlap the claim wins over a skipped sentence and the shorter claim over the longer.
 */
export function segmentText(
  text: string,
  claims: readonly Pick<ArticleClaim, 'id' | 'spans'>[],
  skipped: readonly Pick<ArticleSkipped, 'spans'>[],
): Segment[] {
  const ranges: Range[] = [];
  const add = (span: TextSpan, mark: Mark, claim: boolean) => {
    const start = graphemeBoundary(text, Math.max(0, Math.min(span.start, text.length)));
    const end = boundaryAfter(text, Math.max(0, Math.min(span.end, text.length)));
    if (end <= start) return;
    ranges.push({ start, end, mark, rank: (claim ? 0 : 1) * (text.length + 1) + (end - start) });
  };
  claims.forEach((c) => c.spans.forEach((s) => add(s, { kind: 'claim', id: c.id }, true)));
  skipped.forEach((k, index) => k.spans.forEach((s) => add(s, { kind: 'skipped', index }, false)));

  const cuts = [...new Set([0, text.length, ...ranges.flatMap((r) => [r.start, r.end])])].sort((a, b) => a - b);
  const out: Segment[] = [];
  for (let i = 0; i + 1 < cuts.length; i++) {
    const start = cuts[i]!;
    const end = cuts[i + 1]!;
    let owner: Range | undefined;
    for (const r of ranges) if (r.start <= start && r.end >= end && (!owner || r.rank < owner.rank)) owner = r;
    const last = out.at(-1);
    if (last && sameMark(last.mark, owner?.mark)) {
      last.end = end;
      last.text = text.slice(last.start, end);
    } else out.push({ start, end, text: text.slice(start, end), mark: owner?.mark });
  }
  return out;
}

function sameMark(a: Mark | undefined, b: Mark | undefined): boolean {
  if (!a || !b) return a === b;
  return a.kind === 'claim' ? b.kind === 'claim' && a.id === b.id : b.kind === 'skipped' && a.index === b.index;
}

export interface LabelCounts {
  counts: Record<VerdictLabel, number>;
  /** Checked, but the check itself failed (no verdict). */
  failed: number;
  /** Found, not yet checked (while the run streams). */
  pending: number;
}

/** The summary bar's figures, from the claims themselves, so it also counts while the run is under way. */
export function countLabels(
  claims: readonly { result?: ArticleClaim['result']; error?: unknown; done?: boolean }[],
): LabelCounts {
  const counts = Object.fromEntries(LABELS.map((l) => [l, 0])) as Record<VerdictLabel, number>;
  let failed = 0;
  let pending = 0;
  for (const c of claims) {
    if (c.result) counts[c.result.label]++;
    else if (c.error || c.done) failed++;
    else pending++;
  }
  return { counts, failed, pending };
}
