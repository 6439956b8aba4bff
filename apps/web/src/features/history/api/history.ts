import type { HistoryPage } from '@olala/contract/me';
import { authedRequest } from '../../../lib/auth.js';

const PAGE = 30;

/** `GET /v1/history`: my single checks and article runs, newest first. */
export function getHistory(before?: string): Promise<HistoryPage> {
  const q = new URLSearchParams({ limit: String(PAGE) });
  if (before) q.set('before', before);
  return authedRequest<HistoryPage>(`/v1/history?${q}`);
}

/** `DELETE /v1/history/:id` (a check's or an article run's id): out of my history (the run itself stays, as others may share it). */
export function deleteHistoryItem(id: string): Promise<void> {
  return authedRequest<void>(`/v1/history/${encodeURIComponent(id)}`, { method: 'DELETE' });
}
