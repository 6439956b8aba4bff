/**
 * The app's one WebSocket client: JSON messages, and a connection that comes back by itself
 * after a drop (exponential backoff with jitter, at once when the browser says it is online
 * again). What to send on every (re)connection — join, resend — is the caller's `onOpen`.
 */
export type SocketStatus = 'connecting' | 'open' | 'reconnecting' | 'closed';

export interface SocketOptions {
  /** Asked before every attempt, so a renewed token or address is picked up. */
  url: () => string | Promise<string>;
  onOpen: () => void;
  onMessage: (data: unknown) => void;
  onStatus: (status: SocketStatus) => void;
  /** Milliseconds before attempt `n` (0-based) after a drop. */
  backoff: (attempt: number) => number;
  /** False for a close that retrying cannot fix (refused token, unknown room); the socket stays closed. */
  shouldReconnect?: (code: number, reason: string) => boolean;
  /** For tests. */
  WebSocketImpl?: typeof WebSocket;
}

export interface Socket {
  /** False when not connected (the caller keeps the message to send on the next open). */
  send(message: unknown): boolean;
  /** Drops the connection and reconnects without waiting (the user's "retry now"). */
  reconnectNow(): void;
  close(): void;
}

/** Turns `/v1/…` into `ws(s)://host/v1/…` relative to the page (or the API origin when set). */
export function wsUrl(path: string, apiBase = ''): string {
  const base = new URL(apiBase || window.location.origin);
  base.protocol = base.protocol === 'https:' ? 'wss:' : 'ws:';
  return new URL(path, base).toString();
}

export function connectSocket(options: SocketOptions): Socket {
  const Impl = options.WebSocketImpl ?? WebSocket;
  let ws: WebSocket | undefined;
  let attempt = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;

  const status = (s: SocketStatus) => options.onStatus(s);

  async function open() {
    if (stopped) return;
    timer = undefined;
    let url: string;
    try {
      url = await options.url();
    } catch {
      schedule();
      return;
    }
    if (stopped) return;
    const socket = new Impl(url);
    ws = socket;
    socket.onopen = () => {
      if (ws !== socket) return;
      attempt = 0;
      status('open');
      options.onOpen();
    };
    socket.onmessage = (ev: MessageEvent) => {
      if (ws !== socket) return;
      let data: unknown;
      try {
        data = JSON.parse(String(ev.data));
      } catch {
        return;
      }
      options.onMessage(data);
    };
    socket.onclose = (ev: CloseEvent) => {
      if (ws !== socket) return;
      ws = undefined;
      if (stopped) return;
      if (options.shouldReconnect && !options.shouldReconnect(ev.code, ev.reason)) {
        stopped = true;
        status('closed');
        return;
      }
      schedule();
    };
    // An error is always followed by close, which decides what happens next.
    socket.onerror = () => {};
  }

  function schedule() {
    if (stopped || timer) return;
    status('reconnecting');
    timer = setTimeout(() => void open(), options.backoff(attempt++));
  }

  function reconnectNow() {
    if (stopped) return;
    if (timer) clearTimeout(timer);
    timer = undefined;
    const old = ws;
    ws = undefined;
    old?.close();
    attempt = 0;
    status('connecting');
    void open();
  }

  const onOnline = () => {
    if (!ws || ws.readyState !== Impl.OPEN) reconnectNow();
  };
  const onOffline = () => {
    // The socket may take a long time to notice; say so now, and let it go.
    if (ws) {
      const old = ws;
      ws = undefined;
      old.close();
    }
    schedule();
  };
  window.addEventListener('online', onOnline);
  window.addEventListener('offline', onOffline);

  status('connecting');
  void open();

  return {
    send(message) {
      if (!ws || ws.readyState !== Impl.OPEN) return false;
      ws.send(JSON.stringify(message));
      return true;
    },
    reconnectNow,
    close() {
      stopped = true;
      if (timer) clearTimeout(timer);
      window.removeEventListener('online', onOnline);
      window.removeEventListener('offline', onOffline);
      const old = ws;
      ws = undefined;
      old?.close(1000, 'bye');
      status('closed');
    },
  };
}
