import { hostOf } from '../../../sources/trust.js';
import { RELATED } from '../../rules/passages.js';
import type { Scored } from '../score/index.js';

export const TOPK = {
  /** Below this share of the claim's words a source is about something else. */
  minCoverage: 0.34,
  total: 6,
  perSource: 2,
} as const;

/**
 * Stage 5: the evidence the verifiers read. At most two items from one page or site, so one
 * source cannot outvote the rest, and no more than six: small models read short prompts better.
 * The lead of the claim's subject's page comes first, beside its page's two: it says what the
 * subject is, which the claim's other words may rank below passages that mention it.
 */
export function topEvidence(scored: readonly Scored[]): Scored[] {
  const perSource = new Map<string, number>();
  // A lead that names its page's subject says what the subject is, even when it shares no other
  // word of the claim (a far-off year of the event it dates); a page that only lists namesakes does not.
  const isLead = (item: Scored) =>
    item.subject_lead === true && (item.coverage >= TOPK.minCoverage || item.content.includes(item.title));
  const out: Scored[] = scored.filter(isLead).slice(0, TOPK.total);
  for (const item of scored) {
    if (out.length === TOPK.total) break;
    if (item.coverage < TOPK.minCoverage || isLead(item)) continue;
    // Wiki items count per page (their URL), news per site.
    const key = item.source_type === 'WIKIPEDIA' ? item.url : (hostOf(item.url) ?? item.url);
    const n = perSource.get(key) ?? 0;
    if (n >= TOPK.perSource) continue;
    perSource.set(key, n + 1);
    out.push(item);
  }
  return out;
}

/**
 * What the answer's related list reads: the verifiers' evidence, then the best-scored item of
 * each other page until RELATED.max pages. The verifiers' coverage floor keeps thin matches
 * from deciding, but the page the search ranked first is often the one a reader needs even
 * when it words the claim differently (영리하다 for 지능이 높다): 6 % of BoolQ dev statements
 * showed no passage at all for that floor alone. A page sharing no word of the claim is never
 * shown.
 */
export function relatedEvidence(scored: readonly Scored[], top: readonly Scored[]): Scored[] {
  const pages = new Set(top.map((item) => item.url));
  const out = [...top];
  for (const item of scored) {
    if (pages.size >= RELATED.max) break;
    if (item.coverage <= 0 || pages.has(item.url)) continue;
    pages.add(item.url);
    out.push(item);
  }
  return out;
}
