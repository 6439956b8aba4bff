import type { HistoryPage } from '@olala/contract/me';
import { authedRequest } from '../../../lib/auth.js';
import { load, save } from '../../../lib/storage.js';
import { createStore } from '../../../lib/store.js';
import { historyItemId } from '../../../lib/use-paged-list.js';

const PAGE = 30;

/** Ids I have bookmarked, as last known: drives the bookmark buttons, also offline. */
export const bookmarkedIds = createStore<ReadonlySet<string>>(new Set(load<string[]>('bookmarked', [])));
bookmarkedIds.subscribe(() => save('bookmarked', [...bookmarkedIds.get()]));

function mark(id: string, on: boolean) {
  bookmarkedIds.set((prev) => {
    const next = new Set(prev);
    if (on) next.add(id);
    else next.delete(id);
    return next;
  });
}

/** `GET /v1/bookmarks`: single checks and article runs, newest bookmark first. */
export async function getBookmarks(before?: string): Promise<HistoryPage> {
  const q = new URLSearchParams({ limit: String(PAGE) });
  if (before) q.set('before', before);
  const page = await authedRequest<HistoryPage>(`/v1/bookmarks?${q}`);
  if (!before) bookmarkedIds.set(new Set(page.items.map(historyItemId)));
  else for (const i of page.items) mark(historyItemId(i), true);
  return page;
}

/** `PUT` or `DELETE /v1/bookmarks/:id` (a check's or an article run's id); the button flips at once and flips back if the server says no. */
export async function setBookmark(id: string, on: boolean): Promise<void> {
  mark(id, on);
  try {
    await authedRequest<void>(`/v1/bookmarks/${encodeURIComponent(id)}`, { method: on ? 'PUT' : 'DELETE' });
  } catch (err) {
    mark(id, !on);
    throw err;
  }
}
