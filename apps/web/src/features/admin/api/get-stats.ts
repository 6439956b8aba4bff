import type { AdminStats } from '@olala/contract/admin';
import { authedRequest } from '../../../lib/auth.js';

/** `GET /v1/admin/stats?days=N`: figures of the last N days in Korea. */
export function getStats(days: number, signal?: AbortSignal): Promise<AdminStats> {
  return authedRequest<AdminStats>(`/v1/admin/stats?days=${days}`, { signal });
}
