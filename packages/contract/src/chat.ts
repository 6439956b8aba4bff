import { Type, type Static } from 'typebox';
import { VERDICT_LABELS } from './truth.js';

/**
 * The live chat of an issue: `WS /v1/chat/:issueId` plus REST for history and moderation.
 * The WebSocket protocol is the predecessor's (docs/chat.md): JSON text frames
 * `{ "type": "...", ...fields }`. Ids on the wire are strings (message ids are decimal strings).
 */
export const CHAT_LIMITS = {
  /** Characters of a message, after trimming. */
  maxLength: 500,
  /** Messages per user in `rateWindowSeconds`, counted in the database (all server processes). */
  rateCount: 10,
  rateWindowSeconds: 10,
  /** Reaction toggles per user in `reactionRateWindowSeconds`, counted in the database like messages. */
  reactionRateCount: 20,
  reactionRateWindowSeconds: 10,
  /** History page size. */
  historyDefault: 50,
  historyMax: 200,
} as const;

/** The display name and id of the system user that posts fact-check cards. */
export const OLALA_BOT = { userId: 'olala', username: '올라', mention: '@올라' } as const;

/** The summary of a stored analysis that a fact-check card shows; the full result is `GET /v1/analyses/:id`. */
export const FactCheckCard = Type.Object({
  analysis_id: Type.String(),
  label: Type.Enum([...VERDICT_LABELS]),
  confidence: Type.Number(),
  headline: Type.String(),
  /** The message that was checked. */
  sourceMessageId: Type.String(),
});
export type FactCheckCard = Static<typeof FactCheckCard>;

/** One chat message as a given recipient sees it (`isMine`, `isReactedByMe` are per recipient). */
export const ChatMessage = Type.Object({
  id: Type.String(),
  issueId: Type.String(),
  /** `olala` for the system user's cards. */
  userId: Type.String(),
  username: Type.String(),
  /** `#rrggbb`, the author's colour. */
  color: Type.String(),
  content: Type.String(),
  /** ISO 8601. */
  timestamp: Type.String(),
  reactionCount: Type.Integer(),
  isReactedByMe: Type.Boolean(),
  isMine: Type.Boolean(),
  /** `text` for people; `fact_check` for 올라's cards, which carry `factCheck`. */
  kind: Type.Enum(['text', 'fact_check']),
  factCheck: Type.Optional(FactCheckCard),
});
export type ChatMessage = Static<typeof ChatMessage>;

export const ChatHistoryQuery = Type.Object({
  limit: Type.Optional(
    Type.Integer({ minimum: 1, maximum: CHAT_LIMITS.historyMax, default: CHAT_LIMITS.historyDefault }),
  ),
  /** A message id: only older messages are returned. */
  before: Type.Optional(Type.String({ pattern: '^[0-9]{1,18}$' })),
});
export type ChatHistoryQuery = Static<typeof ChatHistoryQuery>;
/** Oldest first, like the predecessor; hidden messages are left out. */
export const ChatHistoryResponse = Type.Array(ChatMessage);

export const ChatMessageParams = Type.Object({ id: Type.String({ pattern: '^[0-9]{1,18}$' }) });

export const ChatReportRequest = Type.Object({
  reason: Type.Optional(Type.String({ maxLength: 500 })),
});
export type ChatReportRequest = Static<typeof ChatReportRequest>;

export const ChatHideResponse = Type.Object({ id: Type.String(), hidden: Type.Boolean() });
export const ChatFactCheckResponse = Type.Object({
  /** `posted`: the card is in the room now; `exists`: it was already. */
  status: Type.Enum(['posted', 'exists']),
  message: ChatMessage,
});
export type ChatFactCheckResponse = Static<typeof ChatFactCheckResponse>;

// ---- WebSocket frames -------------------------------------------------------------------------

/**
 * Client → server. The first frame must be `join` with the session token (browsers cannot set
 * Authorization on a WebSocket, and a token in the URL would land in access logs). The
 * predecessor's `userId` / `nickname` fields are accepted and never trusted: the token says who
 * you are. A join without a token (the predecessor's app) gets a new guest identity, named after
 * `nickname` when that passes the nickname rules.
 */
export type ChatClientFrame =
  | { type: 'join'; token?: string; userId?: string; nickname?: string }
  | { type: 'message.create'; content: string; clientId: string; userId?: string; nickname?: string }
  | { type: 'reaction.toggle'; messageId: string; userId?: string }
  | { type: 'ping' };

/** Server → client. */
export type ChatServerFrame =
  /** After a successful join: who you are and who is online. */
  | { type: 'joined'; issueId: string; userId: string; username: string; onlineCount: number }
  /** To the sender only. `duplicate`: that clientId was stored before (a resend); nothing new is broadcast. */
  | {
      type: 'message.ack';
      clientId: string;
      serverId: string;
      timestamp: string;
      status: 'sent' | 'duplicate';
      message: ChatMessage;
    }
  | { type: 'message.created'; serverAt: string; clientId: string; message: ChatMessage }
  | { type: 'message.hidden'; messageId: string }
  | { type: 'reaction.updated'; messageId: string; count: number; isReactedByMe: boolean }
  | { type: 'presence'; onlineCount: number; /** Distinct users who ever joined the room. */ participantCount?: number }
  | { type: 'pong' }
  /** Korean, for people. `code` is stable, for programs. The socket stays open unless it is a close. */
  | { type: 'error'; code: ChatErrorCode; message: string; clientId?: string };

export type ChatErrorCode =
  | 'BAD_FRAME'
  | 'NOT_JOINED'
  | 'UNAUTHORIZED'
  | 'NOT_FOUND'
  | 'TOO_LONG'
  | 'EMPTY'
  | 'RATE_LIMITED'
  | 'FACT_CHECK_FAILED'
  | 'INTERNAL_ERROR';

/** WebSocket close codes the server uses (4xxx are ours, after HTTP statuses). */
export const CHAT_CLOSE = {
  /** Server shutting down: reconnect with backoff (maybe to another process). */
  goingAway: 1001,
  /** The process holds its maximum of sockets: reconnect later. */
  tryAgainLater: 1013,
  /** Malformed join or unknown frame before joining. */
  badRequest: 4400,
  /** No, invalid, expired or revoked token: get a new one before reconnecting. */
  unauthorized: 4401,
  /** No published issue with that id. */
  notFound: 4404,
  /** No join within the time allowed, or no pong to the server's pings. */
  timeout: 4408,
  /** A join without a token, from an address that made too many guest identities lately. */
  tooManyGuests: 4429,
} as const;
