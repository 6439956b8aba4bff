/**
 * The chat's wire format (`WS /v1/chat/:issueId`, `GET /v1/chat/messages/:issueId`) turned into
 * the reducer's actions and back. Kept in one file: the rest of the feature never sees the wire.
 */
import type { ChatAction, ChatMessage, FactCheckCard } from './chat-reducer.js';

/** A message as the server sends it (history and `message.created`). */
export interface WireMessage {
  id: string;
  issueId?: string;
  clientId?: string | null;
  userId: string;
  nickname?: string;
  username?: string;
  color?: string;
  content: string;
  timestamp?: string;
  createdAt?: string;
  reactionCount?: number;
  isReactedByMe?: boolean;
  isMine?: boolean;
  kind?: string;
  factCheck?: Partial<FactCheckCard> | null;
}

export function fromWire(m: WireMessage, myUserId?: string): ChatMessage {
  const ai = m.kind === 'ai' || m.kind === 'factcheck' || Boolean(m.factCheck);
  return {
    id: String(m.id),
    clientId: m.clientId ?? undefined,
    userId: m.userId,
    nickname: m.nickname ?? m.username ?? '익명',
    color: m.color,
    content: m.content,
    createdAt: m.createdAt ?? m.timestamp ?? new Date().toISOString(),
    reactionCount: m.reactionCount ?? 0,
    reactedByMe: m.isReactedByMe ?? false,
    mine: m.isMine ?? (myUserId !== undefined && m.userId === myUserId),
    kind: ai ? 'ai' : 'user',
    factCheck: m.factCheck ? { label: 'UNVERIFIED', ...m.factCheck } : undefined,
    status: 'sent',
  };
}

/** One server event as reducer actions (none for events the app does not know). */
export function actionsOf(event: unknown, myUserId?: string): { actions: ChatAction[]; errorFor?: string } {
  const e = event as Record<string, unknown> & { type?: string };
  switch (e?.type) {
    case 'message.ack':
      if (e.status === 'rejected' || e.status === 'error') return { actions: [{ type: 'failed', clientId: String(e.clientId), error: String(e.message ?? '보내지 못했어요.') }] };
      return { actions: [{ type: 'ack', clientId: String(e.clientId), serverId: String(e.serverId), at: typeof e.timestamp === 'string' ? e.timestamp : undefined }] };
    case 'message.created': {
      const m = e.message as WireMessage;
      return { actions: [{ type: 'created', message: fromWire(m, myUserId), clientId: (e.clientId as string | undefined) ?? m.clientId ?? undefined }] };
    }
    case 'reaction.updated':
      return { actions: [{ type: 'reaction', messageId: String(e.messageId), count: Number(e.count), reactedByMe: typeof e.isReactedByMe === 'boolean' ? e.isReactedByMe : undefined }] };
    case 'presence':
      return { actions: [{ type: 'presence', onlineCount: Number(e.onlineCount), participantCount: typeof e.participantCount === 'number' ? e.participantCount : undefined }] };
    case 'message.hidden':
      return { actions: [{ type: 'hidden', messageId: String(e.messageId) }] };
    case 'error': {
      const message = String(e.message ?? '문제가 생겼어요.');
      if (typeof e.clientId === 'string') return { actions: [{ type: 'failed', clientId: e.clientId, error: message }], errorFor: e.clientId };
      return { actions: [{ type: 'notice', message }] };
    }
    default:
      return { actions: [] };
  }
}

export const joinEvent = () => ({ type: 'join' });
export const createEvent = (clientId: string, content: string) => ({ type: 'message.create', clientId, content });
export const reactionEvent = (messageId: string) => ({ type: 'reaction.toggle', messageId });
export const factCheckEvent = (messageId: string) => ({ type: 'factcheck.request', messageId });
