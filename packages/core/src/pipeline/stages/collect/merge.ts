import { isSameArticle } from '../../../sources/self-citation.js';
import type { Evidence } from '../../../evidence.js';
import type { ArticleInput } from '../../types.js';

const MAX_CANDIDATES = 60;

export interface Merged {
  candidates: Evidence[];
  /** Candidates dropped because they are the checked article itself. */
  self_citations: number;
}

/**
 * Stage 3 (merge): one list, duplicates removed, and the checked article never its own evidence
 * (same URL, same canonical URL, or a near-identical title).
 */
export function mergeCandidates(lists: readonly Evidence[][], article: ArticleInput | undefined): Merged {
  const seen = new Set<string>();
  const candidates: Evidence[] = [];
  let selfCitations = 0;
  for (const evidence of lists.flat()) {
    if (seen.has(evidence.evid_id)) continue;
    seen.add(evidence.evid_id);
    if (
      article &&
      evidence.source_type !== 'WIKIPEDIA' &&
      isSameArticle({ url: evidence.url, title: evidence.title }, article)
    ) {
      selfCitations++;
      continue;
    }
    candidates.push(evidence);
  }
  return { candidates: candidates.slice(0, MAX_CANDIDATES), self_citations: selfCitations };
}
