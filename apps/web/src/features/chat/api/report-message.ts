import { authedRequest } from '../../../lib/auth.js';

/** `POST /v1/chat/messages/:id/report`: flags a message for the admins (again: replaces the reason). */
export function reportMessage(messageId: string, reason?: string): Promise<void> {
  return authedRequest<void>(`/v1/chat/messages/${encodeURIComponent(messageId)}/report`, {
    method: 'POST',
    body: reason ? { reason } : {},
  });
}
