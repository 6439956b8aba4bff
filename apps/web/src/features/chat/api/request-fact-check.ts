import type { ChatFactCheckResponse } from '@olala/contract/chat';
import { authedRequest } from '../../../lib/auth.js';

/** `POST /v1/chat/messages/:id/fact-check`: 올라 checks the message and posts its card in the room. */
export function requestFactCheck(messageId: string): Promise<ChatFactCheckResponse> {
  return authedRequest<ChatFactCheckResponse>(`/v1/chat/messages/${encodeURIComponent(messageId)}/fact-check`, {
    method: 'POST',
    body: {},
  });
}
