import type { AdminChatReport, AdminChatReportList } from '@olala/contract/admin';
import { authedRequest } from '../../../lib/auth.js';

export type ReportStatus = 'open' | 'hidden';

/** `GET /v1/admin/chat/reports?status=`: reported messages, latest report first. */
export async function listReports(status: ReportStatus, signal?: AbortSignal): Promise<AdminChatReport[]> {
  return (await authedRequest<AdminChatReportList>(`/v1/admin/chat/reports?status=${status}&limit=100`, { signal }))
    .items;
}

/** `POST /v1/admin/chat/messages/:id/hide`: gone for everyone in the room. */
export async function hideMessage(messageId: string): Promise<void> {
  await authedRequest(`/v1/admin/chat/messages/${encodeURIComponent(messageId)}/hide`, { method: 'POST' });
}
