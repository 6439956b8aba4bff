/**
 * The chat's wire format (packages/contract/src/chat.ts, docs/chat.md) turned into the reducer's
 * actions and back. Kept in one file: the rest of the feature never sees the wire.
 */
import type { ChatClientFrame, ChatMessage as WireMessage, ChatServerFrame } from '@olala/contract/chat';
import type { ChatAction, ChatMessage } from './chat-reducer.js';
import { OLALA_USER_ID } from './limits.js';

export type { WireMessage };

export function fromWire(m: WireMessage): ChatMessage {
  return {
    id: m.id,
    userId: m.userId,
    nickname: m.username,
    color: m.color,
    content: m.content,
    createdAt: m.timestamp,
    reactionCount: m.reactionCount,
    reactedByMe: m.isReactedByMe,
    mine: m.isMine,
    // 올라's notes (a check that could not run) are text from 올라: shown as hers, never checked again.
    kind: m.kind === 'fact_check' || m.userId === OLALA_USER_ID ? 'ai' : 'user',
    factCheck: m.factCheck && {
      analysisId: m.factCheck.analysis_id,
      label: m.factCheck.label,
      confidence: m.factCheck.confidence,
      headline: m.factCheck.headline,
      targetMessageId: m.factCheck.sourceMessageId,
    },
    status: 'sent',
  };
}

export interface Decoded {
  actions: ChatAction[];
  /** From `joined`: who the server says I am. */
  joinedAs?: { userId: string; username: string };
  /** The server refused the session (an `error` UNAUTHORIZED; a 4401 close follows). */
  unauthorized?: boolean;
}

/** One server frame as reducer actions (none for frames the app has no use for, such as `pong`). */
export function decode(frame: unknown): Decoded {
  const f = frame as ChatServerFrame;
  switch (f?.type) {
    case 'joined':
      return {
        actions: [
          { type: 'presence', onlineCount: f.onlineCount },
          { type: 'notice', message: undefined },
        ],
        joinedAs: { userId: f.userId, username: f.username },
      };
    case 'message.ack':
      // `duplicate`: a resend of something already stored; the server's copy settles it the same way.
      return {
        actions: [
          { type: 'ack', clientId: f.clientId, serverId: f.serverId, at: f.timestamp },
          { type: 'created', message: fromWire(f.message), clientId: f.clientId },
        ],
      };
    case 'message.created':
      return { actions: [{ type: 'created', message: fromWire(f.message), clientId: f.clientId }] };
    case 'message.hidden':
      return { actions: [{ type: 'hidden', messageId: f.messageId }] };
    case 'reaction.updated':
      return { actions: [{ type: 'reaction', messageId: f.messageId, count: f.count, reactedByMe: f.isReactedByMe }] };
    case 'presence':
      return { actions: [{ type: 'presence', onlineCount: f.onlineCount, participantCount: f.participantCount }] };
    case 'error':
      if (f.clientId) return { actions: [{ type: 'failed', clientId: f.clientId, error: f.message }] };
      return { actions: [{ type: 'notice', message: f.message }], unauthorized: f.code === 'UNAUTHORIZED' };
    default:
      return { actions: [] };
  }
}

export const joinFrame = (token: string): ChatClientFrame => ({ type: 'join', token });
export const createFrame = (clientId: string, content: string): ChatClientFrame => ({
  type: 'message.create',
  clientId,
  content,
});
export const reactionFrame = (messageId: string): ChatClientFrame => ({ type: 'reaction.toggle', messageId });
export const pingFrame = (): ChatClientFrame => ({ type: 'ping' });
