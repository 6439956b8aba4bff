import type { CheckedArticle, FullTextReader, FullTextReport } from '../../../sources/full-text.js';
import { trustOf } from '../../../sources/trust.js';
import type { SearchProvider } from '../../../sources/types.js';
import type { Evidence } from '../../../evidence.js';
import { evidenceId } from '../../evidence-id.js';

const RESULTS_PER_QUERY = 5;

export interface WebCollection {
  evidence: Evidence[];
  /** Providers that failed, with why; the others' results still count. */
  errors: { provider: string; query: string; message: string }[];
  /** Set when the top articles were read in full. */
  full_text?: FullTextReport;
}

export interface FullTextHook {
  reader: FullTextReader;
  /** The stage's time left: reading ends before it. */
  remainingMs: () => number;
  checked?: CheckedArticle;
}

/**
 * Stage 3 (news/web): every news query on every configured provider, in parallel. One provider
 * failing costs its results, not the run: the limitation is reported with the result.
 */
export async function collectWeb(
  providers: readonly SearchProvider[],
  queries: readonly string[],
  signal: AbortSignal,
  fullText?: FullTextHook,
): Promise<WebCollection> {
  const calls = providers.flatMap((provider) => queries.map((query) => ({ provider, query })));
  const settled = await Promise.allSettled(
    calls.map(({ provider, query }) => provider.search(query, { limit: RESULTS_PER_QUERY, signal })),
  );
  const evidence: Evidence[] = [];
  const errors: WebCollection['errors'] = [];
  settled.forEach((outcome, i) => {
    const { provider, query } = calls[i]!;
    if (outcome.status === 'rejected') {
      errors.push({
        provider: provider.name,
        query,
        message: outcome.reason instanceof Error ? outcome.reason.message : String(outcome.reason),
      });
      return;
    }
    for (const [rank, item] of outcome.value.entries()) {
      const { tier, trust } = trustOf(item.url, { publisherUrl: item.publisher_url, news: provider.kind === 'news' });
      evidence.push({
        evid_id: evidenceId(item.url, item.title),
        source_type: provider.kind === 'news' ? 'NEWS' : 'WEB_URL',
        title: item.title,
        url: item.url,
        // The headline is quotable too: it is often the sentence that states the fact.
        content: item.description ? `${item.title}\n${item.description}` : item.title,
        provider: provider.name,
        trust_tier: tier,
        trust,
        relevance: 1 / (1 + rank),
        published_at: item.published_at,
        query,
      });
    }
  });
  if (!fullText) return { evidence, errors };
  const read = await fullText.reader.read(evidence, {
    signal,
    remainingMs: fullText.remainingMs,
    ...(fullText.checked ? { checked: fullText.checked } : {}),
  });
  return { evidence: read.evidence, errors, full_text: read.report };
}
