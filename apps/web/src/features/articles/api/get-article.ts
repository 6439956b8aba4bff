import type { ArticleCheckResponse } from '@olala/contract/articles';
import { request } from '../../../lib/api-client.js';

/** `GET /v1/articles/:id`: a stored article check (public like a single result: the id is an unguessable UUID). */
export function getArticle(id: string, signal?: AbortSignal): Promise<ArticleCheckResponse> {
  return request<ArticleCheckResponse>(`/v1/articles/${encodeURIComponent(id)}`, { signal });
}
