import { env } from '../../config/env.js';
import { ensureIdentity, forgetIdentity, type Identity } from '../../lib/auth.js';
import { connectSocket, wsUrl, type Socket } from '../../lib/socket.js';
import { createStore, type Store } from '../../lib/store.js';
import { getMessages, HISTORY_PAGE } from './api/get-messages.js';
import { backoffDelay, chatReducer, initialChat, unacked, type ChatAction, type ChatState } from './chat-reducer.js';
import { requestFactCheck } from './api/request-fact-check.js';
import { createFrame, decode, fromWire, joinFrame, pingFrame, reactionFrame } from './protocol.js';

/** How long a sent message may wait for its ack on a live connection before it shows as failed. */
export const ACK_TIMEOUT_MS = 10_000;
/**
 * A connection that has said nothing for this long is presumed dead (a phone that slept, a
 * proxy that dropped it silently) and replaced; a ping every third of it keeps a live one talking.
 */
export const SILENCE_MS = 45_000;

export interface ChatRoom {
  state: Store<ChatState>;
  send(content: string): void;
  retry(clientId: string): void;
  react(messageId: string): void;
  /** Asks 올라 to check a message; the card arrives in the room. Rejects with the reason. */
  factCheck(messageId: string): Promise<void>;
  loadOlder(): Promise<boolean>;
  reconnectNow(): void;
  close(): void;
}

export interface ChatRoomOptions {
  identity?: () => Promise<Identity>;
  WebSocketImpl?: typeof WebSocket;
  backoff?: (attempt: number) => number;
  ackTimeoutMs?: number;
  silenceMs?: number;
}

function newClientId(): string {
  // randomUUID exists only on secure origins (https, localhost); a LAN address in dev has neither.
  return globalThis.crypto?.randomUUID?.() ?? `c-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 12)}`;
}

/**
 * One issue's chat room: the socket, the state, and what the screen can do. Lives outside React
 * so the reconnect and resend logic can be driven in tests with a fake WebSocket.
 */
export function openChatRoom(issueId: string, options: ChatRoomOptions = {}): ChatRoom {
  const identity = options.identity ?? ensureIdentity;
  const ackTimeout = options.ackTimeoutMs ?? ACK_TIMEOUT_MS;
  const state = createStore<ChatState>(initialChat);
  const dispatch = (a: ChatAction) => state.set((s) => chatReducer(s, a));
  const timers = new Map<string, ReturnType<typeof setTimeout>>();
  const silence = options.silenceMs ?? SILENCE_MS;
  let me: Identity | undefined;
  let refusedOnce = false;
  let closed = false;
  let heard = Date.now();
  let heartbeat: ReturnType<typeof setInterval> | undefined;

  const clearTimers = () => {
    for (const t of timers.values()) clearTimeout(t);
    timers.clear();
    clearInterval(heartbeat);
    heartbeat = undefined;
  };

  /** Puts a pending message on the wire; it stays pending (and is resent on reconnect) when offline. */
  function transmit(clientId: string, content: string) {
    if (!socket.send(createFrame(clientId, content))) return;
    clearTimeout(timers.get(clientId));
    timers.set(
      clientId,
      setTimeout(() => {
        timers.delete(clientId);
        dispatch({ type: 'failed', clientId, error: '응답이 없어 보내지 못했어요.' });
      }, ackTimeout),
    );
  }

  async function loadLatest() {
    try {
      const page = await getMessages(issueId);
      if (!closed) dispatch({ type: 'history', messages: page.map(fromWire) });
    } catch {
      // The socket still works; history simply stays as it was.
    }
  }

  const socket: Socket = connectSocket({
    WebSocketImpl: options.WebSocketImpl,
    backoff: options.backoff ?? ((n) => backoffDelay(n)),
    url: async () => {
      me = await identity();
      // The token goes in the first frame, not the URL (URLs end up in access logs).
      return wsUrl(`/v1/chat/${encodeURIComponent(issueId)}`, env.apiBase);
    },
    onOpen: () => {
      socket.send(joinFrame(me!.token));
      heard = Date.now();
      heartbeat = setInterval(() => {
        if (Date.now() - heard > silence) socket.reconnectNow();
        else socket.send(pingFrame());
      }, silence / 3);
      // Whatever was waiting for an ack goes again under its own clientId: the server answers
      // with the id it already gave, and never stores it twice.
      for (const m of unacked(state.get())) transmit(m.clientId!, m.content);
      // Messages posted while we were away come with the history.
      void loadLatest();
    },
    onMessage: (data) => {
      heard = Date.now();
      const { actions } = decode(data);
      for (const a of actions) {
        if (a.type === 'ack' || a.type === 'failed') {
          clearTimeout(timers.get(a.clientId));
          timers.delete(a.clientId);
        }
        if (a.type === 'created' && a.clientId) {
          clearTimeout(timers.get(a.clientId));
          timers.delete(a.clientId);
        }
        dispatch(a);
      }
    },
    onStatus: (status) => {
      if (status !== 'open') clearTimers();
      dispatch({ type: 'connection', connection: status });
    },
    shouldReconnect: (code) => {
      // Close codes: CHAT_CLOSE in packages/contract/src/chat.ts.
      if (code === 4401 && !refusedOnce) {
        // The session died (expired, revoked): a fresh identity, once.
        refusedOnce = true;
        forgetIdentity();
        return true;
      }
      if (code === 4400 || code === 4401 || code === 4404) {
        dispatch({
          type: 'notice',
          message:
            code === 4404
              ? '이 이슈의 채팅방을 찾을 수 없어요.'
              : '채팅방에 들어갈 수 없어요. 잠시 후 다시 시도해 주세요.',
        });
        return false;
      }
      return true;
    },
  });

  return {
    state,
    send(content) {
      const text = content.trim();
      if (!text) return;
      const clientId = newClientId();
      // Before the first connection the user is not known yet; the row is mine all the same.
      const user = me
        ? { userId: me.user.user_id, nickname: me.user.nickname, color: me.user.color }
        : { userId: '', nickname: '나' };
      dispatch({ type: 'send', clientId, content: text, user, at: new Date().toISOString() });
      transmit(clientId, text);
    },
    retry(clientId) {
      const m = state.get().messages.find((x) => x.clientId === clientId && x.status === 'failed');
      if (!m) return;
      dispatch({ type: 'retry', clientId });
      transmit(clientId, m.content);
    },
    react(messageId) {
      socket.send(reactionFrame(messageId));
    },
    async factCheck(messageId) {
      const res = await requestFactCheck(messageId);
      // The card is broadcast too; whichever comes first is kept, the other recognised by its id.
      dispatch({ type: 'created', message: fromWire(res.message) });
    },
    async loadOlder() {
      const oldest = state.get().messages.find((m) => m.status === 'sent');
      const page = await getMessages(issueId, oldest?.id);
      dispatch({ type: 'history', messages: page.map(fromWire) });
      return page.length >= HISTORY_PAGE;
    },
    reconnectNow: () => socket.reconnectNow(),
    close() {
      closed = true;
      clearTimers();
      socket.close();
    },
  };
}
