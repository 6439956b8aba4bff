import type { WikiStatus } from '@olala/contract/wiki';
import { request } from '../../../lib/api-client.js';

/** `GET /api/wiki/status`: pages, chunks, imports and embedding coverage per model. */
export function getWikiStatus(signal?: AbortSignal): Promise<WikiStatus> {
  return request<WikiStatus>('/api/wiki/status', { signal });
}
