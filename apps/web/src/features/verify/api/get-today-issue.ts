import { request } from '../../../lib/api-client.js';

/**
 * `GET /v1/issues/today`: not in the contract yet (a later issue). Read loosely, and any failure
 * (404 until the route exists) simply means no banner.
 */
export interface TodayIssue {
  id?: string | number;
  title: string;
  category?: string;
  participants?: number;
}

export async function getTodayIssue(signal?: AbortSignal): Promise<TodayIssue | undefined> {
  const body = await request<Partial<TodayIssue> | { issue?: Partial<TodayIssue> }>('/v1/issues/today', { signal });
  const issue = (body && 'issue' in body ? body.issue : body) as Partial<TodayIssue> | undefined;
  return issue && typeof issue.title === 'string' && issue.title ? (issue as TodayIssue) : undefined;
}
