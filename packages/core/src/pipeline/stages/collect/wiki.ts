import { pageLeads } from '../../../search/wiki-page.js';
import { searchWikiMany, type WikiSearchDeps } from '../../../search/wiki-search.js';
import type { Evidence } from '../../../evidence.js';
import { pageRef } from '../../../search/snippets.js';
import { evidenceId } from '../../evidence-id.js';

/** Pages per query: each query should name one topic, and a few pages cover it. */
const PAGES_PER_QUERY = 3;

/**
 * Stage 3 (wiki): every wiki query through the same search as `POST /api/wiki/search`, hits
 * widened by one neighbouring chunk on each side so a verifier sees the sentence around a match.
 * A query that matches nothing well returns nothing (the search's no-match gate), never filler.
 * The queries are searched as one batch (and, in an article, with the other claims' queries).
 */
export async function collectWiki(
  queries: readonly string[],
  deps: WikiSearchDeps,
  subjectTitles: readonly string[] = [],
): Promise<Evidence[]> {
  const out: Evidence[] = [];
  const byChunk = new Map<number, Evidence>();
  const [results, leads] = await Promise.all([
    searchWikiMany(
      queries.map((question) => ({
        question,
        top_k: PAGES_PER_QUERY,
        window: 1,
        page_limit: PAGES_PER_QUERY,
        max_chars: 1000,
        snippets: false,
      })),
      deps,
    ),
    // The lead of the page the claim's subject names, read beside the searches (scope.ts subjectTitles).
    deps.leads ? deps.leads(subjectTitles) : pageLeads(deps.reader, subjectTitles),
  ]);
  const add = (chunk: { chunk_id: number; title: string; url: string; content: string }, extra: Partial<Evidence>) => {
    const found = byChunk.get(chunk.chunk_id);
    if (found) {
      // A lead the searches found too is still the subject's lead.
      if (extra.subject_lead) found.subject_lead = true;
      return;
    }
    const evidence: Evidence = {
      evid_id: evidenceId('wiki', chunk.chunk_id),
      source_type: 'WIKIPEDIA',
      title: chunk.title,
      url: chunk.url,
      content: chunk.content,
      provider: 'wiki',
      trust_tier: 'encyclopedia',
      trust: 0.82,
      relevance: 1,
      chunk_id: chunk.chunk_id,
      ...extra,
    };
    byChunk.set(chunk.chunk_id, evidence);
    out.push(evidence);
  };
  for (const [i, result] of results.entries())
    for (const [rank, hit] of result.hits.entries())
      // The search's own order, until stage 4 scores every candidate alike.
      add({ ...hit, url: hit.source_url ?? hit.url }, { relevance: 1 / (1 + rank), query: queries[i]! });
  for (const lead of leads)
    add({ ...lead, url: lead.source_url ?? pageRef(lead.page_id) }, { query: lead.title, subject_lead: true });
  return out;
}
