import type { AdminIssue, AdminIssuePage, CreateIssueRequest, UpdateIssueRequest } from '@olala/contract/issues';
import { authedRequest } from '../../../lib/auth.js';

/** The admin issue API (`/v1/admin/issues…`): drafts, scheduled and published issues. */
const base = '/v1/admin/issues';
const one = (id: string) => `${base}/${encodeURIComponent(id)}`;

export function listIssues(before?: string, signal?: AbortSignal): Promise<AdminIssuePage> {
  const q = new URLSearchParams({ limit: '30' });
  if (before) q.set('before', before);
  return authedRequest<AdminIssuePage>(`${base}?${q}`, { signal });
}

export const createIssue = (body: CreateIssueRequest) => authedRequest<AdminIssue>(base, { method: 'POST', body });
export const updateIssue = (id: string, body: UpdateIssueRequest) =>
  authedRequest<AdminIssue>(one(id), { method: 'PATCH', body });
export const publishIssue = (id: string) =>
  authedRequest<AdminIssue>(`${one(id)}/publish`, { method: 'POST', body: {} });
export const unpublishIssue = (id: string) => authedRequest<AdminIssue>(`${one(id)}/unpublish`, { method: 'POST' });
/** Runs the pipeline on the issue's claim (else its title) and attaches the result. */
export const factCheckIssue = (id: string) =>
  authedRequest<AdminIssue>(`${one(id)}/fact-check`, { method: 'POST', body: {} });
