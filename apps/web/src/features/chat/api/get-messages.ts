import { authedRequest } from '../../../lib/auth.js';
import type { WireMessage } from '../protocol.js';

export interface MessagePage {
  items: WireMessage[];
  next_before?: string;
}

/** `GET /v1/chat/messages/:issueId`: the newest messages, oldest first; `before` pages back. */
export async function getMessages(issueId: string, before?: string, limit = 50): Promise<MessagePage> {
  const q = new URLSearchParams({ limit: String(limit) });
  if (before) q.set('before', before);
  const body = await authedRequest<MessagePage | WireMessage[]>(`/v1/chat/messages/${encodeURIComponent(issueId)}?${q}`);
  return Array.isArray(body) ? { items: body } : body;
}
