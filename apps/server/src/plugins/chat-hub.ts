import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import websocket from '@fastify/websocket';
import type { WebSocket } from 'ws';
import { CHAT_CLOSE, OLALA_BOT, type ChatServerFrame } from '@olala/contract';
import {
  CHAT_CHANNEL,
  factCheckMessage,
  forViewer,
  getStoredMessage,
  messagesAfter,
  onlineCounts,
  participantCounts,
  parseChatEvent,
  presenceClear,
  presenceEnter,
  presenceHeartbeat,
  presenceLeave,
  pruneReactionToggles,
  reactionRateLimited,
  reactionsOf,
  type ChatEvent,
  type FactCheckOutcome,
  type StoredMessage,
} from '@olala/core/chat';

/** One open socket that has joined a room. */
export interface Member {
  socket: WebSocket;
  issueId: string;
  userId: string;
  username: string;
  /** Answered the last ping. */
  alive: boolean;
}

/** Sockets per process: past it, new connections are closed with 1013 (try again later). */
const DEFAULT_MAX_SOCKETS = 5000;
/** WebSocket pings; a socket that missed one is dead (a phone that lost its network) and is dropped. */
const PING_INTERVAL_MS = 25_000;
/** Presence rows refreshed well within their expiry (PRESENCE_EXPIRY_SECONDS in core). */
const PRESENCE_HEARTBEAT_MS = 10_000;
/** Joins and leaves arriving together are counted once. */
const PRESENCE_DEBOUNCE_MS = 50;
/** Message ids remembered per room, so a message is forwarded once even when it arrives twice. */
const RECENT_IDS = 2000;
/** How far below the highest forwarded id a catch-up reads: commits that landed out of id order. */
const CATCH_UP_MARGIN = 100;
/** Frames waiting in a socket's send buffer past this mean a client that does not read: drop it. */
const MAX_BUFFERED_BYTES = 4 * 1024 * 1024;
/** Reaction changes of one message within this window are broadcast once, with the count at its end. */
const REACTION_WINDOW_MS = 50;

/**
 * The chat's per-process state: which local sockets are in which room. Nothing here is the
 * truth: every message, reaction, hide and presence change is written to the database and
 * announced with NOTIFY, and this hub forwards what it hears on the chat channel to its own
 * sockets, the same way whether the change came from this process or another one.
 */
export class ChatHub {
  readonly serverId = randomUUID();
  maxSockets = DEFAULT_MAX_SOCKETS;
  reactionWindowMs = REACTION_WINDOW_MS;
  /** Sockets open on this process, joined or not. */
  openSockets = 0;
  private readonly rooms = new Map<string, Set<Member>>();
  /**
   * Per room, the highest message id forwarded, and the ids forwarded recently. Ids are taken at
   * insert but NOTIFYs arrive in commit order, so a lower id can come after a higher one: the
   * set, not the maximum, says what was sent. Catching up after a reconnect reads from a little
   * below the maximum and skips what the set holds.
   */
  private readonly lastMessage = new Map<string, number>();
  private readonly forwarded = new Map<string, Set<number>>();
  private readonly presenceTimers = new Map<string, NodeJS.Timeout>();
  private readonly lastCount = new Map<string, string>();
  private readonly factChecks = new Map<string, Promise<FactCheckOutcome>>();
  /** Per message (`issue/message`): a reaction broadcast waiting for its window to end. */
  private readonly reactionTimers = new Map<string, NodeJS.Timeout>();
  /**
   * Users the database refused a reaction toggle, until a slot frees up: their further toggles
   * are refused here without a query, so a flood costs this process and the database nothing.
   * Only refusals are remembered; the database alone lets a toggle through.
   */
  private readonly reactionRefusals = new Map<string, number>();
  /** Forwarding happens in NOTIFY order even though the reads behind it overlap. */
  private tail: Promise<void> = Promise.resolve();
  private timers: NodeJS.Timeout[] = [];
  private stopped = false;
  /** Presence counts in flight, awaited on stop so none runs after the database closes. */
  private readonly counting = new Set<Promise<void>>();
  private stopListening: (() => Promise<void>) | undefined;

  constructor(private readonly fastify: FastifyInstance) {}

  private get db() {
    return this.fastify.db;
  }

  async start(): Promise<void> {
    this.stopListening = await this.db.listen(CHAT_CHANNEL, (payload) => this.onEvent(payload), {
      onResume: () => this.catchUp(),
    });
    this.timers.push(setInterval(() => this.pingAll(), PING_INTERVAL_MS).unref());
    this.timers.push(setInterval(() => void this.heartbeat(), PRESENCE_HEARTBEAT_MS).unref());
  }

  /** Shutdown: every socket closed with 1001 (clients reconnect, maybe to another process), presence removed. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const t of this.timers) clearInterval(t);
    for (const t of this.presenceTimers.values()) clearTimeout(t);
    for (const t of this.reactionTimers.values()) clearTimeout(t);
    this.rooms.clear();
    await presenceClear(this.db, this.serverId).catch((err: unknown) =>
      this.fastify.log.warn({ err }, 'chat: clearing presence failed'),
    );
    // The database may already be gone (closed under us, or dropped): nothing is left to unlisten.
    await this.stopListening?.().catch((err: unknown) => this.fastify.log.warn({ err }, 'chat: unlistening failed'));
    await this.tail;
    await Promise.all(this.counting);
  }

  send(socket: WebSocket, frame: ChatServerFrame | Buffer): void {
    if (socket.readyState !== socket.OPEN) return;
    if (socket.bufferedAmount > MAX_BUFFERED_BYTES) {
      socket.terminate();
      return;
    }
    socket.send(Buffer.isBuffer(frame) ? frame : JSON.stringify(frame), { binary: false });
  }

  /**
   * Sends a frame to every socket of a room. Frames differ per recipient only in a flag or two
   * (isMine, isReactedByMe), so each variant is serialised once, not once per socket: with
   * hundreds of sockets in a room that is most of the fan-out's cost.
   */
  private broadcast(
    issueId: string,
    variantOf: (m: Member) => string,
    frameOf: (variant: string) => ChatServerFrame,
  ): void {
    const encoded = new Map<string, Buffer>();
    for (const m of this.rooms.get(issueId) ?? []) {
      const variant = variantOf(m);
      let bytes = encoded.get(variant);
      if (!bytes) encoded.set(variant, (bytes = Buffer.from(JSON.stringify(frameOf(variant)))));
      this.send(m.socket, bytes);
    }
  }

  /** Adds a joined socket to its room; the presence change reaches every process through NOTIFY. */
  async enter(member: Member): Promise<number> {
    let room = this.rooms.get(member.issueId);
    if (!room) {
      this.rooms.set(member.issueId, (room = new Set()));
      if (!this.lastMessage.has(member.issueId)) {
        const { rows } = await this.db.query<{ id: number | null }>(
          'SELECT max(message_id) AS id FROM chat_messages WHERE issue_id = $1',
          [member.issueId],
        );
        this.lastMessage.set(member.issueId, rows[0]?.id ?? 0);
      }
    }
    room.add(member);
    await presenceEnter(this.db, this.serverId, member.issueId, member.userId);
    return (await onlineCounts(this.db, [member.issueId])).get(member.issueId) ?? 0;
  }

  async leave(member: Member): Promise<void> {
    const room = this.rooms.get(member.issueId);
    if (!room?.delete(member)) return;
    if (room.size === 0) this.rooms.delete(member.issueId);
    // The presence row is per user and process: another socket of the same user keeps it.
    if (room.size > 0 && [...room].some((m) => m.userId === member.userId)) return;
    await presenceLeave(this.db, this.serverId, member.issueId, member.userId);
  }

  /** The refusal to repeat while a user's reaction budget is spent, if it is. */
  reactionRefusal(userId: string): ReturnType<typeof reactionRateLimited> | undefined {
    const until = this.reactionRefusals.get(userId);
    if (until === undefined) return undefined;
    if (until > Date.now()) return reactionRateLimited(until - Date.now());
    this.reactionRefusals.delete(userId);
    return undefined;
  }

  rememberReactionRefusal(userId: string, retryAfterMs: number): void {
    this.reactionRefusals.set(userId, Date.now() + retryAfterMs);
  }

  /** Runs (or joins the run already going for) the fact-check of a message, and posts its card. */
  factCheck(messageId: string): Promise<FactCheckOutcome> {
    const running = this.factChecks.get(messageId);
    if (running) return running;
    const { db, truth, log } = this.fastify;
    const run = factCheckMessage({ db, truth, log }, messageId).finally(() => this.factChecks.delete(messageId));
    this.factChecks.set(messageId, run);
    return run;
  }

  private onEvent(payload: string): void {
    const event = parseChatEvent(payload);
    if (!event) return;
    if (event.t === 'p') {
      this.schedulePresence(event.i);
      return;
    }
    if (event.t === 'r') {
      this.scheduleReaction(event);
      return;
    }
    this.enqueue(event);
  }

  /**
   * A burst of toggles on one message (a flood, or a popular message) is one read and one
   * fan-out: the first change starts a short window, the broadcast at its end carries the count
   * as it is then.
   */
  private scheduleReaction(event: Extract<ChatEvent, { t: 'r' }>): void {
    const key = `${event.i}/${event.id}`;
    if (this.stopped || !this.rooms.has(event.i) || this.reactionTimers.has(key)) return;
    const timer = setTimeout(() => {
      this.reactionTimers.delete(key);
      this.enqueue(event);
    }, this.reactionWindowMs);
    this.reactionTimers.set(key, timer);
  }

  private enqueue(event: Exclude<ChatEvent, { t: 'p' }>): void {
    const room = this.rooms.get(event.i);
    if (!room || room.size === 0) return;
    // Start the read now, forward in order.
    const ready = this.prepare(event, room).catch((err: unknown) => {
      this.fastify.log.error({ err, event }, 'chat: forwarding an event failed');
      return undefined;
    });
    this.tail = this.tail.then(async () => (await ready)?.());
  }

  /** Reads what an event is about and returns the function that sends it to the room's sockets. */
  private async prepare(event: Exclude<ChatEvent, { t: 'p' }>, room: Set<Member>): Promise<(() => void) | undefined> {
    if (event.t === 'm') {
      const stored = await getStoredMessage(this.db, event.id);
      if (!stored) return undefined;
      return () => this.forward(event.i, stored);
    }
    if (event.t === 'h') {
      return () => {
        this.broadcast(
          event.i,
          () => '',
          () => ({ type: 'message.hidden', messageId: event.id }),
        );
      };
    }
    const { count, reactedBy } = await reactionsOf(this.db, event.id, [...new Set([...room].map((m) => m.userId))]);
    return () => {
      this.broadcast(
        event.i,
        (m) => (reactedBy.has(m.userId) ? 'y' : 'n'),
        (v) => ({ type: 'reaction.updated', messageId: event.id, count, isReactedByMe: v === 'y' }),
      );
    };
  }

  private forward(issueId: string, { message, clientId }: StoredMessage): void {
    const id = Number(message.id);
    // Catching up after a reconnect may read a message a late NOTIFY also brings: send it once.
    let sent = this.forwarded.get(issueId);
    if (!sent) this.forwarded.set(issueId, (sent = new Set()));
    if (sent.has(id)) return;
    sent.add(id);
    // A Set iterates in insertion order: the first entries are the oldest.
    if (sent.size > RECENT_IDS) for (const old of sent) if (sent.delete(old) && sent.size <= RECENT_IDS) break;
    this.lastMessage.set(issueId, Math.max(id, this.lastMessage.get(issueId) ?? 0));
    const serverAt = new Date().toISOString();
    // The sender's app matches its optimistic copy by clientId; 올라's are its own, not an app's.
    const shownClientId = message.userId === OLALA_BOT.userId ? '' : clientId;
    // A new message has no reactions yet: the only per-recipient difference is isMine.
    this.broadcast(
      issueId,
      (m) => (m.userId === message.userId ? 'mine' : 'other'),
      (v) => ({
        type: 'message.created',
        serverAt,
        clientId: shownClientId,
        message: forViewer(message, v === 'mine' ? message.userId : ''),
      }),
    );
  }

  /** After the listener lost its connection: forward what was posted meanwhile, recount presence. */
  private catchUp(): void {
    for (const issueId of this.rooms.keys()) {
      const after = String(Math.max(0, (this.lastMessage.get(issueId) ?? 0) - CATCH_UP_MARGIN));
      const ready = messagesAfter(this.db, issueId, after).then(
        (messages) => () => messages.forEach((msg) => this.forward(issueId, msg)),
        (err: unknown) => {
          this.fastify.log.error({ err, issueId }, 'chat: catching up failed');
          return undefined;
        },
      );
      this.tail = this.tail.then(async () => (await ready)?.());
      this.schedulePresence(issueId);
    }
  }

  private schedulePresence(issueId: string): void {
    if (this.stopped || !this.rooms.has(issueId) || this.presenceTimers.has(issueId)) return;
    const timer = setTimeout(() => {
      this.presenceTimers.delete(issueId);
      void this.sendPresence([issueId], true);
    }, PRESENCE_DEBOUNCE_MS);
    this.presenceTimers.set(issueId, timer);
  }

  private sendPresence(issueIds: string[], always: boolean): Promise<void> {
    if (issueIds.length === 0 || this.stopped) return Promise.resolve();
    const run = this.countAndSend(issueIds, always).finally(() => this.counting.delete(run));
    this.counting.add(run);
    return run;
  }

  private async countAndSend(issueIds: string[], always: boolean): Promise<void> {
    try {
      const [online, participants] = await Promise.all([
        onlineCounts(this.db, issueIds),
        participantCounts(this.db, issueIds),
      ]);
      for (const [issueId, onlineCount] of online) {
        // A first-time joiner changes the participant count even when the online count is unchanged.
        const participantCount = participants.get(issueId) ?? 0;
        const key = `${onlineCount}/${participantCount}`;
        if (!always && this.lastCount.get(issueId) === key) continue;
        this.lastCount.set(issueId, key);
        this.broadcast(
          issueId,
          () => '',
          () => ({ type: 'presence', onlineCount, participantCount }),
        );
      }
    } catch (err) {
      this.fastify.log.error({ err }, 'chat: counting presence failed');
    }
  }

  /** Keeps this process's presence alive; a process that died stops counting once its rows expire. */
  private async heartbeat(): Promise<void> {
    if (this.stopped) return;
    const now = Date.now();
    for (const [userId, until] of this.reactionRefusals) if (until <= now) this.reactionRefusals.delete(userId);
    try {
      await presenceHeartbeat(this.db, this.serverId);
      await pruneReactionToggles(this.db);
    } catch (err) {
      this.fastify.log.error({ err }, 'chat: presence heartbeat failed');
    }
    await this.sendPresence([...this.rooms.keys()], false);
  }

  private pingAll(): void {
    for (const room of this.rooms.values()) {
      for (const m of room) {
        if (!m.alive) {
          m.socket.terminate();
          continue;
        }
        m.alive = false;
        m.socket.ping();
      }
    }
  }
}

declare module 'fastify' {
  interface FastifyInstance {
    chat: ChatHub;
  }
}

export default fp(
  async (fastify) => {
    const hub = new ChatHub(fastify);
    await fastify.register(websocket, {
      // A frame is one JSON message of at most 500 characters; 16 KiB leaves room and no more.
      options: { maxPayload: 16 * 1024 },
      // `ws` refuses a bad frame from the client (too big: 1009; bad UTF-8, bad opcode, …) and
      // closes the socket with the right code itself; that, or a client that vanished, is not
      // our failure: one line, no stack. Anything else is ours.
      errorHandler(err, socket, request) {
        const code = (err as { code?: unknown }).code;
        if (typeof code === 'string' && (code.startsWith('WS_ERR_') || code === 'ECONNRESET' || code === 'EPIPE')) {
          request.log.info({ code, reason: err.message }, 'chat: client sent an invalid WebSocket frame');
          return;
        }
        request.log.error({ err }, 'chat: socket failed');
        socket.terminate();
      },
      // Before the HTTP server and the database close: every socket gets a clean 1001 (clients
      // reconnect, maybe to another process) and this process's presence rows are removed.
      async preClose() {
        for (const socket of fastify.websocketServer.clients)
          socket.close(CHAT_CLOSE.goingAway, 'server shutting down');
        await hub.stop();
        await new Promise<void>((resolve) => fastify.websocketServer.close(() => resolve()));
      },
    });
    await hub.start();
    fastify.decorate('chat', hub);
  },
  { name: 'chat-hub', dependencies: ['config', 'db', 'pipeline'] },
);
