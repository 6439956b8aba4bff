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
