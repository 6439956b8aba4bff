import type { Issue } from '@olala/contract/issues';
import { ApiError, request } from '../../../lib/api-client.js';

/** `GET /v1/issues/today`: today's published issue; undefined when there is none (404). */
export async function getTodayIssue(signal?: AbortSignal): Promise<Issue | undefined> {
  try {
    return await request<Issue>('/v1/issues/today', { signal });
  } catch (err) {
    if (err instanceof ApiError && err.status === 404) return undefined;
    throw err;
  }
}
