import WebSocket from 'ws';
import type { ChatClientFrame, ChatServerFrame } from '@olala/contract';

type Frame = ChatServerFrame;
type Waiter = {
  match: (f: Frame) => boolean;
  resolve: (f: Frame) => void;
  reject: (e: Error) => void;
  timer: NodeJS.Timeout;
};

/** How many of the last frames an error message quotes. */
const RECENT = 5;

/**
 * A chat client for tests and the bench: connects, joins, sends frames and waits for the server's.
 * `next` hands out each frame at most once, so a test can wait for "the next ack" without seeing
 * an earlier one again. Frames that `keep` accepts stay for `received` and `next`; the others are
 * only seen by a waiting `next` and `onFrame`, so a bench client of a busy room holds nothing.
 */
export class ChatClient {
  /** Which frames stay in memory (every one by default, as tests want). */
  keep: (frame: Frame) => boolean = () => true;
  private readonly kept: Frame[] = [];
  private readonly recent: Frame[] = [];
  private readonly unread: Frame[] = [];
  private waiters: Waiter[] = [];
  /** Resolves with the close code and reason when the socket closes. */
  readonly closed: Promise<{ code: number; reason: string }>;
  /** Called for every frame as it arrives (the bench measures latency here). */
  onFrame?: (frame: Frame, receivedAt: number) => void;

  private constructor(readonly socket: WebSocket) {
    socket.on('message', (data) => {
      const receivedAt = performance.now();
      const frame = JSON.parse(data.toString()) as Frame;
      this.recent.push(frame);
      if (this.recent.length > RECENT) this.recent.shift();
      const keep = this.keep(frame);
      if (keep) this.kept.push(frame);
      this.onFrame?.(frame, receivedAt);
      const i = this.waiters.findIndex((w) => w.match(frame));
      if (i >= 0) {
        const [w] = this.waiters.splice(i, 1);
        clearTimeout(w!.timer);
        w!.resolve(frame);
      } else if (keep) {
        this.unread.push(frame);
        if (this.unread.length > 10_000) this.unread.shift();
      }
    });
    this.closed = new Promise((resolve) => {
      socket.on('close', (code, reason) => {
        const err = new Error(`socket closed (${code} ${reason.toString()})`);
        for (const w of this.waiters) {
          clearTimeout(w.timer);
          w.reject(err);
        }
        this.waiters = [];
        resolve({ code, reason: reason.toString() });
      });
    });
    socket.on('error', () => {});
  }

  /** Opens `ws://…/v1/chat/:issueId` on a server at `baseUrl` (http://host:port). */
  static connect(baseUrl: string, issueId: string): Promise<ChatClient> {
    const url = `${baseUrl.replace(/^http/, 'ws')}/v1/chat/${encodeURIComponent(issueId)}`;
    const socket = new WebSocket(url);
    const client = new ChatClient(socket);
    return new Promise((resolve, reject) => {
      socket.once('open', () => resolve(client));
      socket.once('error', reject);
    });
  }

  /** Connects and joins; resolves with the `joined` frame, rejects on an error frame or a close. */
  static async join(
    baseUrl: string,
    issueId: string,
    token: string,
  ): Promise<{ client: ChatClient; joined: Extract<Frame, { type: 'joined' }> }> {
    const client = await ChatClient.connect(baseUrl, issueId);
    client.send({ type: 'join', token });
    const frame = await client.next((f) => f.type === 'joined' || f.type === 'error');
    if (frame.type !== 'joined') {
      client.close();
      throw new Error(`join refused: ${JSON.stringify(frame)}`);
    }
    return { client, joined: frame };
  }

  send(frame: ChatClientFrame | Record<string, unknown>): void {
    this.socket.send(JSON.stringify(frame));
  }

  /** The first frame not handed out before that matches, waiting up to `timeoutMs` for it. */
  next(match: (f: Frame) => boolean = () => true, timeoutMs = 5000): Promise<Frame> {
    const i = this.unread.findIndex(match);
    if (i >= 0) return Promise.resolve(this.unread.splice(i, 1)[0]!);
    if (this.socket.readyState === WebSocket.CLOSED) return Promise.reject(new Error('socket is closed'));
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        match,
        resolve,
        reject,
        timer: setTimeout(() => {
          this.waiters = this.waiters.filter((w) => w !== waiter);
          reject(new Error(`no matching frame within ${timeoutMs} ms; received last: ${JSON.stringify(this.recent)}`));
        }, timeoutMs),
      };
      this.waiters.push(waiter);
    });
  }

  /** `next` narrowed to one frame type. */
  async nextOf<T extends Frame['type']>(
    type: T,
    match: (f: Extract<Frame, { type: T }>) => boolean = () => true,
    timeoutMs = 5000,
  ): Promise<Extract<Frame, { type: T }>> {
    return (await this.next((f) => f.type === type && match(f as Extract<Frame, { type: T }>), timeoutMs)) as Extract<
      Frame,
      { type: T }
    >;
  }

  /** Kept frames of a type received so far (handed out or not). */
  received<T extends Frame['type']>(type: T): Extract<Frame, { type: T }>[] {
    return this.kept.filter((f) => f.type === type) as Extract<Frame, { type: T }>[];
  }

  close(): void {
    this.socket.close(1000);
  }

  terminate(): void {
    this.socket.terminate();
  }
}
