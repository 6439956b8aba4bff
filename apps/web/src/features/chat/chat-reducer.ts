/**
 * The chat room's state as a pure reducer, so the hard parts (optimistic send, acks, duplicates,
 * resend after a reconnect) are testable without a socket.
 *
 * A message I send is shown at once as `pending` under its clientId. The server's `message.ack`
 * gives it its server id (`sent`); the broadcast `message.created` of the same message (which may
 * come before or after the ack, or twice after a resend) never adds a second row. A message
 * still pending when the connection comes back is sent again with the same clientId, and the
 * server answers with the id it already gave it.
 */

/** A fact-check posted by 올라 about a message. */
export interface FactCheckCard {
  analysisId: string;
  label: string;
  confidence: number;
  headline: string;
  /** The message that was checked. */
  targetMessageId: string;
}

export interface ChatMessage {
  /** The server id; `local:<clientId>` until the ack. */
  id: string;
  clientId?: string;
  userId: string;
  nickname: string;
  color?: string;
  content: string;
  createdAt: string;
  reactionCount: number;
  reactedByMe: boolean;
  mine: boolean;
  /** `ai`: posted by 올라. */
  kind: 'user' | 'ai';
  factCheck?: FactCheckCard;
  status: 'pending' | 'sent' | 'failed';
  /** Why it failed, in Korean, for the row. */
  error?: string;
}

export type Connection = 'connecting' | 'open' | 'reconnecting' | 'closed';

export interface ChatState {
  messages: ChatMessage[];
  connection: Connection;
  onlineCount?: number;
  participantCount?: number;
  /** The last error the server sent that was about no message in particular. */
  notice?: string;
}

export const initialChat: ChatState = { messages: [], connection: 'connecting' };

export type ChatAction =
  | { type: 'history'; messages: ChatMessage[] }
  | {
      type: 'send';
      clientId: string;
      content: string;
      user: { userId: string; nickname: string; color?: string };
      at: string;
    }
  | { type: 'ack'; clientId: string; serverId: string; at?: string }
  | { type: 'created'; message: ChatMessage; clientId?: string }
  | { type: 'failed'; clientId: string; error: string }
  | { type: 'retry'; clientId: string }
  | { type: 'reaction'; messageId: string; count: number; reactedByMe?: boolean }
  | { type: 'presence'; onlineCount: number; participantCount?: number }
  | { type: 'connection'; connection: Connection }
  | { type: 'notice'; message?: string }
  | { type: 'hidden'; messageId: string };

export const localId = (clientId: string) => `local:${clientId}`;

const byTime = (a: ChatMessage, b: ChatMessage) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : 0);

const isMyPending = (m: ChatMessage) => m.status === 'pending' && m.mine;

/**
 * The list is kept as settled messages in time order, then my pending ones (their time is this
 * device's clock): where that tail starts.
 */
function pendingTail(messages: ChatMessage[]): number {
  let i = messages.length;
  while (i > 0 && isMyPending(messages[i - 1]!)) i--;
  return i;
}

/** Puts `m` in time order, after the messages of the same time; pending messages stay last. */
function insert(messages: ChatMessage[], m: ChatMessage): ChatMessage[] {
  const tail = pendingTail(messages);
  if (isMyPending(m)) return [...messages, m];
  let lo = 0;
  let hi = tail;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (byTime(messages[mid]!, m) <= 0) lo = mid + 1;
    else hi = mid;
  }
  return [...messages.slice(0, lo), m, ...messages.slice(lo)];
}

/** Merges a page of settled messages (any order) into the list: one sort of the page, one pass. */
function insertAll(messages: ChatMessage[], page: ChatMessage[]): ChatMessage[] {
  if (page.length === 0) return messages;
  const incoming = [...page].sort(byTime);
  const tail = pendingTail(messages);
  const out: ChatMessage[] = [];
  let i = 0;
  let j = 0;
  while (i < tail && j < incoming.length)
    out.push(byTime(messages[i]!, incoming[j]!) <= 0 ? messages[i++]! : incoming[j++]!);
  return [...out, ...messages.slice(i, tail), ...incoming.slice(j), ...messages.slice(tail)];
}

function replace(messages: ChatMessage[], id: string, patch: (m: ChatMessage) => ChatMessage): ChatMessage[] {
  return messages.map((m) => (m.id === id ? patch(m) : m));
}

export function chatReducer(state: ChatState, action: ChatAction): ChatState {
  switch (action.type) {
    case 'history': {
      // History may overlap what the socket already delivered: the socket's copy wins.
      const known = new Set(state.messages.map((m) => m.id));
      const ownClientIds = new Set(state.messages.map((m) => m.clientId).filter(Boolean));
      const fresh = action.messages.filter((m) => !known.has(m.id) && !(m.clientId && ownClientIds.has(m.clientId)));
      return { ...state, messages: insertAll(state.messages, fresh) };
    }
    case 'send': {
      if (state.messages.some((m) => m.clientId === action.clientId)) return state;
      const m: ChatMessage = {
        id: localId(action.clientId),
        clientId: action.clientId,
        userId: action.user.userId,
        nickname: action.user.nickname,
        color: action.user.color,
        content: action.content,
        createdAt: action.at,
        reactionCount: 0,
        reactedByMe: false,
        mine: true,
        kind: 'user',
        status: 'pending',
      };
      return { ...state, messages: insert(state.messages, m) };
    }
    case 'ack': {
      const own = state.messages.find((m) => m.clientId === action.clientId);
      if (!own) return state;
      // The broadcast got here first and was recognised by its clientId: only the status is left.
      const rest = state.messages.filter((m) => m === own || m.id !== action.serverId);
      const acked: ChatMessage = {
        ...own,
        id: action.serverId,
        status: 'sent',
        error: undefined,
        createdAt: action.at ?? own.createdAt,
      };
      return {
        ...state,
        messages: insert(
          rest.filter((m) => m !== own),
          acked,
        ),
      };
    }
    case 'created': {
      const m = action.message;
      const clientId = action.clientId ?? m.clientId;
      if (state.messages.some((x) => x.id === m.id)) return state;
      const own = clientId ? state.messages.find((x) => x.clientId === clientId) : undefined;
      if (own) {
        // My own message coming back: it is sent, whatever the ack's fate.
        const merged: ChatMessage = {
          ...m,
          clientId,
          mine: true,
          status: 'sent',
          reactionCount: m.reactionCount,
          reactedByMe: m.reactedByMe,
        };
        return {
          ...state,
          messages: insert(
            state.messages.filter((x) => x !== own),
            merged,
          ),
        };
      }
      return { ...state, messages: insert(state.messages, { ...m, status: 'sent' }) };
    }
    case 'failed':
      return {
        ...state,
        messages: state.messages.map((m) =>
          m.clientId === action.clientId && m.status === 'pending'
            ? { ...m, status: 'failed', error: action.error }
            : m,
        ),
      };
    case 'retry': {
      const own = state.messages.find((m) => m.clientId === action.clientId && m.status === 'failed');
      if (!own) return state;
      return {
        ...state,
        messages: insert(
          state.messages.filter((m) => m !== own),
          { ...own, status: 'pending', error: undefined },
        ),
      };
    }
    case 'reaction':
      return {
        ...state,
        messages: replace(state.messages, action.messageId, (m) => ({
          ...m,
          reactionCount: action.count,
          reactedByMe: action.reactedByMe ?? m.reactedByMe,
        })),
      };
    case 'presence':
      return {
        ...state,
        onlineCount: action.onlineCount,
        participantCount: action.participantCount ?? state.participantCount,
      };
    case 'connection':
      return { ...state, connection: action.connection };
    case 'notice':
      return { ...state, notice: action.message };
    case 'hidden':
      return { ...state, messages: state.messages.filter((m) => m.id !== action.messageId) };
  }
}

/** My messages the server has not acknowledged: sent again, with the same clientId, on reconnect. */
export function unacked(state: ChatState): ChatMessage[] {
  return state.messages.filter((m) => m.mine && m.status === 'pending' && m.clientId);
}

/** The wait before reconnect attempt `attempt` (0-based): doubling from `base` up to `max`, with jitter. */
export function backoffDelay(
  attempt: number,
  { base = 500, max = 15_000 } = {},
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(max, base * 2 ** attempt);
  // Full jitter in the upper half: clients dropped together do not all come back together.
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}
