import type { AdminAnalysisPage } from '@olala/contract/admin';
import { authedRequest } from '../../../lib/auth.js';

/** `GET /v1/admin/analyses`: every user's analyses, newest first; `before` is the previous page's `next_before`. */
export function listAnalyses(before?: string, signal?: AbortSignal): Promise<AdminAnalysisPage> {
  const q = new URLSearchParams({ limit: '20' });
  if (before) q.set('before', before);
  return authedRequest<AdminAnalysisPage>(`/v1/admin/analyses?${q}`, { signal });
}
