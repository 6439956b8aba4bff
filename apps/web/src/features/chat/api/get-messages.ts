import type { ChatMessage } from '@olala/contract/chat';
import { authedRequest } from '../../../lib/auth.js';

/** CHAT_LIMITS.historyDefault. */
export const HISTORY_PAGE = 50;

/**
 * `GET /v1/chat/messages/:issueId`: the newest messages, oldest first; `before` (a message id)
 * pages back. Sent as the user, so `isMine` and `isReactedByMe` are about me.
 */
export function getMessages(issueId: string, before?: string, limit = HISTORY_PAGE): Promise<ChatMessage[]> {
  const q = new URLSearchParams({ limit: String(limit) });
  if (before) q.set('before', before);
  return authedRequest<ChatMessage[]>(`/v1/chat/messages/${encodeURIComponent(issueId)}?${q}`);
}
