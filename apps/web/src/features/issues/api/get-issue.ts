import type { Issue } from '@olala/contract/issues';
import { request } from '../../../lib/api-client.js';

/** `GET /v1/issues/:id`: one published issue (404 for a draft or an unknown id). */
export function getIssue(id: string, signal?: AbortSignal): Promise<Issue> {
  return request<Issue>(`/v1/issues/${encodeURIComponent(id)}`, { signal });
}
