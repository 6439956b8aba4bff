import type { WikiPage } from '@olala/contract';
import type { Queryable } from '../db/types.js';
import { pageRef } from './snippets.js';

/** A whole wiki page with its chunks in order, or undefined when there is no such page. */
export async function getWikiPage(db: Queryable, pageId: number): Promise<WikiPage | undefined> {
  const page = await db.query<{ page_id: number; title: string; url: string | null }>(
    'SELECT page_id, title, url FROM wiki_pages WHERE page_id = $1',
    [pageId],
  );
  const row = page.rows[0];
  if (!row) return undefined;
  const { rows } = await db.query<{ chunk_id: number; chunk_idx: number; content: string }>(
    'SELECT chunk_id, chunk_idx, content FROM wiki_chunks WHERE page_id = $1 ORDER BY chunk_idx, chunk_id',
    [pageId],
  );
  return { page_id: row.page_id, title: row.title, url: pageRef(row.page_id), source_url: row.url, chunks: rows };
}

export type PageLead = {
  page_id: number;
  title: string;
  source_url: string | null;
  chunk_id: number;
  /** The page's first chunk: where an encyclopedia says what its subject is. */
  content: string;
};

/** At most this many titles a lookup reads: a claim names one subject, said a few ways. */
export const MAX_LEAD_TITLES = 4;

/**
 * The first chunk of each page titled exactly as one of `titles` (wiki_pages_title_idx). A claim
 * about "안중근" is best judged on what the 안중근 page says first, which a search ranking the
 * claim's other words may leave out.
 */
export async function pageLeads(db: Queryable, titles: readonly string[]): Promise<PageLead[]> {
  return (await pageLeadsMany(db, [titles]))[0]!;
}

/**
 * `pageLeads` for several claims in one statement (an article's claims, `articles/search-pool.ts`):
 * each list bounded as `pageLeads` bounds it, each answered with the leads of its own titles.
 */
export async function pageLeadsMany(db: Queryable, asks: readonly (readonly string[])[]): Promise<PageLead[][]> {
  const wanted = asks.map((titles) =>
    [...new Set(titles.filter((t) => t.length > 0 && t.length <= 200))].slice(0, MAX_LEAD_TITLES),
  );
  const all = [...new Set(wanted.flat())];
  if (all.length === 0) return asks.map(() => []);
  const { rows } = await db.query<PageLead>(
    `SELECT p.page_id, p.title, p.url AS source_url, c.chunk_id, c.content
       FROM wiki_pages p
       CROSS JOIN LATERAL (
         SELECT chunk_id, content FROM wiki_chunks WHERE page_id = p.page_id ORDER BY chunk_idx, chunk_id LIMIT 1
       ) c
      WHERE p.title = ANY($1::text[])`,
    [all],
  );
  const leads = rows.map((r) => ({ ...r, page_id: Number(r.page_id), chunk_id: Number(r.chunk_id) }));
  return wanted.map((titles) => leads.filter((lead) => titles.includes(lead.title)));
}
