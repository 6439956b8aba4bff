import type { StoredAnalysis } from '@olala/contract/truth';
import { request } from '../../../lib/api-client.js';

/** `GET /v1/analyses/:id`: a stored run, with its input. */
export function getAnalysis(id: string, signal?: AbortSignal): Promise<StoredAnalysis> {
  return request<StoredAnalysis>(`/v1/analyses/${encodeURIComponent(id)}`, { signal });
}
