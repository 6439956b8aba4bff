import type { WikiPage } from '@olala/contract/wiki-search';
import { request } from '../../../lib/api-client.js';

/** `GET /api/wiki/pages/:id[?chunk=]`: the whole page, the chunk to show echoed as `focus_chunk_id`. */
export function getWikiPage(pageId: number, chunk?: number, signal?: AbortSignal): Promise<WikiPage> {
  const q = chunk !== undefined ? `?chunk=${chunk}` : '';
  return request<WikiPage>(`/api/wiki/pages/${pageId}${q}`, { signal });
}

/**
 * The chunk a citation quotes. Citations carry the page but not the chunk, so the quote (a
 * verbatim substring of the evidence, which may span two neighbouring chunks) is looked up:
 * the chunk holding it whole, else the one holding its longest leading part.
 */
export function chunkQuoted(page: WikiPage, quote: string): number | undefined {
  const q = quote.replace(/\s+/g, ' ').trim();
  if (!q) return undefined;
  const norm = page.chunks.map((c) => ({ id: c.chunk_id, text: c.content.replace(/\s+/g, ' ') }));
  const whole = norm.find((c) => c.text.includes(q));
  if (whole) return whole.id;
  for (let len = Math.min(q.length, 80); len >= 12; len = Math.floor(len / 2)) {
    const head = q.slice(0, len);
    const hit = norm.find((c) => c.text.includes(head));
    if (hit) return hit.id;
  }
  return undefined;
}
