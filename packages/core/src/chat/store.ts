import {
  CHAT_LIMITS,
  cleanText,
  hasControlChars,
  OLALA_BOT,
  type ChatErrorCode,
  type ChatMessage,
  type FactCheckCard,
} from '@olala/contract';
import type { Queryable } from '../db/types.js';
import { ProfanityFilter } from './profanity.js';

/** The one NOTIFY channel of the chat. Payloads carry ids only; receivers read the rows. */
export const CHAT_CHANNEL = 'olala_chat';

/**
 * What a NOTIFY on the chat channel says happened. `i` is the issue, so a process with nobody in
 * that room skips it without a query.
 */
export type ChatEvent =
  | { t: 'm'; i: string; id: string } // message created
  | { t: 'r'; i: string; id: string } // reactions of a message changed
  | { t: 'h'; i: string; id: string } // message hidden
  | { t: 'p'; i: string }; // presence of a room changed

export function parseChatEvent(payload: string): ChatEvent | undefined {
  try {
    const e = JSON.parse(payload) as Partial<ChatEvent>;
    if (typeof e.i !== 'string') return undefined;
    if (e.t === 'p') return { t: 'p', i: e.i };
    if ((e.t === 'm' || e.t === 'r' || e.t === 'h') && typeof e.id === 'string') return { t: e.t, i: e.i, id: e.id };
  } catch {
    // Not ours: ignore.
  }
  return undefined;
}

async function notify(q: Queryable, event: ChatEvent): Promise<void> {
  await q.query('SELECT pg_notify($1, $2)', [CHAT_CHANNEL, JSON.stringify(event)]);
}

/** A refusal the client is told about in Korean; the socket stays open. */
export class ChatRejection extends Error {
  constructor(
    readonly code: ChatErrorCode,
    message: string,
    /** For RATE_LIMITED: when the next try can succeed. */
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'ChatRejection';
  }
}

/** The system user's colour in the room. */
const BOT_COLOR = '#6d28d9';

type MessageRow = {
  message_id: number;
  issue_id: string;
  user_id: string | null;
  client_id: string;
  username: string | null;
  color: string | null;
  content: string;
  kind: 'text' | 'fact_check';
  card: FactCheckCard | null;
  created_at: Date | string;
  reaction_count: number;
  reacted: boolean;
};

const MESSAGE_COLUMNS = `m.message_id, m.issue_id::text AS issue_id, m.user_id::text AS user_id, m.client_id, u.nickname AS username, u.color,
  m.content, m.kind, m.card, m.created_at,
  (SELECT count(*)::int FROM chat_reactions r WHERE r.message_id = m.message_id) AS reaction_count`;

/** `$N` is the viewer's user id (or NULL): whether they reacted. */
const reactedColumn = (param: string) =>
  `EXISTS (SELECT 1 FROM chat_reactions r WHERE r.message_id = m.message_id AND r.user_id = ${param}::uuid) AS reacted`;

function toMessage(row: MessageRow, viewerId: string | undefined): ChatMessage {
  const isBot = row.user_id === null;
  return {
    id: String(row.message_id),
    issueId: row.issue_id,
    userId: row.user_id ?? OLALA_BOT.userId,
    username: isBot ? OLALA_BOT.username : (row.username ?? ''),
    color: isBot ? BOT_COLOR : (row.color ?? '#000000'),
    content: row.content,
    timestamp: new Date(row.created_at).toISOString(),
    reactionCount: row.reaction_count,
    isReactedByMe: row.reacted,
    isMine: viewerId !== undefined && row.user_id === viewerId,
    kind: row.kind,
    ...(row.card ? { factCheck: row.card } : {}),
  };
}

/** The same message as another person sees it. */
export function forViewer(message: ChatMessage, viewerId: string, reacted = false): ChatMessage {
  return { ...message, isMine: message.userId === viewerId, isReactedByMe: reacted };
}

export function isMessageId(id: string): boolean {
  return /^[0-9]{1,15}$/.test(id);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A chat room is a published issue. */
export async function roomExists(db: Queryable, issueId: string): Promise<boolean> {
  if (!UUID.test(issueId)) return false;
  const { rows } = await db.query<{ ok: boolean }>(
    'SELECT EXISTS (SELECT 1 FROM issues WHERE issue_id = $1 AND published_at IS NOT NULL AND published_at <= now()) AS ok',
    [issueId],
  );
  return rows[0]?.ok === true;
}

export async function getMessage(
  db: Queryable,
  messageId: string,
  viewerId?: string,
): Promise<ChatMessage | undefined> {
  return (await getStoredMessage(db, messageId, viewerId))?.message;
}

/** A message with the clientId its sender chose (which `message.created` carries beside it). */
export interface StoredMessage {
  message: ChatMessage;
  clientId: string;
}

export async function getStoredMessage(
  db: Queryable,
  messageId: string,
  viewerId?: string,
): Promise<StoredMessage | undefined> {
  if (!isMessageId(messageId)) return undefined;
  const { rows } = await db.query<MessageRow>(
    `SELECT ${MESSAGE_COLUMNS}, ${reactedColumn('$2')} FROM chat_messages m LEFT JOIN users u ON u.user_id = m.user_id
      WHERE m.message_id = $1 AND m.hidden_at IS NULL`,
    [messageId, viewerId ?? null],
  );
  return rows[0] && { message: toMessage(rows[0], viewerId), clientId: rows[0].client_id };
}

export interface HistoryOptions {
  limit: number;
  /** A message id: only older messages. */
  before?: string;
}

/** The room's latest visible messages before the cursor, oldest first. */
export async function listMessages(
  db: Queryable,
  issueId: string,
  viewerId: string | undefined,
  options: HistoryOptions,
): Promise<ChatMessage[]> {
  if (!UUID.test(issueId)) return [];
  const limit = Math.min(Math.max(options.limit, 1), CHAT_LIMITS.historyMax);
  const { rows } = await db.query<MessageRow>(
    `SELECT * FROM (
       SELECT ${MESSAGE_COLUMNS}, ${reactedColumn('$2')} FROM chat_messages m LEFT JOIN users u ON u.user_id = m.user_id
        WHERE m.issue_id = $1 AND m.hidden_at IS NULL AND ($3::bigint IS NULL OR m.message_id < $3::bigint)
        ORDER BY m.message_id DESC LIMIT $4
     ) latest ORDER BY message_id`,
    [issueId, viewerId ?? null, options.before ?? null, limit],
  );
  return rows.map((r) => toMessage(r, viewerId));
}

/** Visible messages of a room after `afterId` (a listener catching up after its connection dropped). */
export async function messagesAfter(
  db: Queryable,
  issueId: string,
  afterId: string,
  limit = 200,
): Promise<StoredMessage[]> {
  const { rows } = await db.query<MessageRow>(
    `SELECT ${MESSAGE_COLUMNS}, false AS reacted FROM chat_messages m LEFT JOIN users u ON u.user_id = m.user_id
      WHERE m.issue_id = $1 AND m.hidden_at IS NULL AND m.message_id > $2::bigint ORDER BY m.message_id LIMIT $3`,
    [issueId, afterId, limit],
  );
  return rows.map((r) => ({ message: toMessage(r, undefined), clientId: r.client_id }));
}

/** Zero-width and bidi-override characters: invisible, and they make one text look like another. */
const INVISIBLE_CHARACTERS = /[\u200b\u200c\u200e\u200f\u202a-\u202e\u2060-\u2064\ufeff]/gu;

/** Free text as the chat stores it: the contract's control-character rule (`cleanText`), NFC, no invisible characters, trimmed. */
function cleanChatText(raw: string): string {
  return cleanText(raw).normalize('NFC').replace(INVISIBLE_CHARACTERS, '').trim();
}

/** What a person may post: trimmed, NFC, invisible characters removed, within the length limit. */
export function cleanContent(raw: string): string {
  const text = cleanChatText(raw);
  if (text === '') throw new ChatRejection('EMPTY', '빈 메시지는 보낼 수 없습니다.');
  const length = [...text].length;
  if (length > CHAT_LIMITS.maxLength) {
    throw new ChatRejection('TOO_LONG', `메시지는 ${CHAT_LIMITS.maxLength}자까지 보낼 수 있습니다 (지금 ${length}자).`);
  }
  return text;
}

export interface NewMessage {
  issueId: string;
  userId: string;
  clientId: string;
  content: string;
}

export interface PostOutcome {
  /** `duplicate`: this clientId was stored before (a resend); nothing new was announced. */
  status: 'sent' | 'duplicate';
  message: ChatMessage;
}

const profanity = new ProfanityFilter();

async function findByClientId(db: Queryable, userId: string, clientId: string): Promise<ChatMessage | undefined> {
  const { rows } = await db.query<MessageRow>(
    `SELECT ${MESSAGE_COLUMNS}, ${reactedColumn('$1')} FROM chat_messages m LEFT JOIN users u ON u.user_id = m.user_id
      WHERE m.user_id = $1 AND m.client_id = $2`,
    [userId, clientId],
  );
  return rows[0] && toMessage(rows[0], userId);
}

/**
 * Stores a message and announces it, once per (user, clientId): a resend returns the stored
 * message as a duplicate, before the rate limit (a resend is not a new message). The limit
 * counts the user's messages in the database, so it holds across server processes; two
 * messages racing on two processes can both pass the last slot, which is acceptable for a chat.
 */
export async function postMessage(db: Queryable, input: NewMessage): Promise<PostOutcome> {
  const clientId = input.clientId.trim();
  if (clientId === '' || clientId.length > 100)
    throw new ChatRejection('BAD_FRAME', 'clientId는 1~100자의 문자열이어야 합니다.');
  // An id is matched exactly on a resend: refused rather than silently changed (and PostgreSQL refuses NUL).
  if (hasControlChars(clientId)) throw new ChatRejection('BAD_FRAME', 'clientId에 제어 문자를 쓸 수 없습니다.');
  const existing = await findByClientId(db, input.userId, clientId);
  if (existing) return { status: 'duplicate', message: existing };
  const content = profanity.mask(cleanContent(input.content)).text;

  const recent = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM chat_messages WHERE user_id = $1 AND created_at > now() - make_interval(secs => $2)`,
    [input.userId, CHAT_LIMITS.rateWindowSeconds],
  );
  if ((recent.rows[0]?.n ?? 0) >= CHAT_LIMITS.rateCount) {
    throw new ChatRejection(
      'RATE_LIMITED',
      `메시지를 너무 빨리 보내고 있습니다. ${CHAT_LIMITS.rateWindowSeconds}초에 ${CHAT_LIMITS.rateCount}개까지 보낼 수 있어요. 잠시 후 다시 보내 주세요.`,
    );
  }

  // Insert and NOTIFY in one statement: one round trip, and the announcement exists exactly when the row does.
  const { rows } = await db.query<{ message_id: number }>(
    `WITH ins AS (
       INSERT INTO chat_messages (issue_id, user_id, client_id, content) VALUES ($1, $2, $3, $4)
       ON CONFLICT (user_id, client_id) WHERE user_id IS NOT NULL DO NOTHING
       RETURNING message_id, issue_id
     )
     SELECT message_id, pg_notify($5, json_build_object('t', 'm', 'i', issue_id, 'id', message_id::text)::text) FROM ins`,
    [input.issueId, input.userId, clientId, content, CHAT_CHANNEL],
  );
  const id = rows[0]?.message_id;
  if (id === undefined) {
    // The same clientId won a race on another connection a moment ago.
    const raced = await findByClientId(db, input.userId, clientId);
    if (raced) return { status: 'duplicate', message: raced };
    throw new Error(`message ${clientId} of ${input.userId} was neither stored nor found`);
  }
  const message = await getMessage(db, String(id), input.userId);
  if (!message) throw new Error(`message ${id} vanished after insert`);
  return { status: 'sent', message };
}

export interface ReactionState {
  messageId: string;
  issueId: string;
  count: number;
  isReactedByMe: boolean;
}

/** The refusal of a toggle over the budget (also what a process says while it remembers one). */
export function reactionRateLimited(retryAfterMs: number): ChatRejection {
  const { reactionRateCount: count, reactionRateWindowSeconds: seconds } = CHAT_LIMITS;
  return new ChatRejection(
    'RATE_LIMITED',
    `반응을 너무 빨리 누르고 있습니다. ${seconds}초에 ${count}번까지 누를 수 있어요. 잠시 후 다시 눌러 주세요.`,
    retryAfterMs,
  );
}

/** Forgets toggles older than the budget's window (any process may do it; the chat's heartbeat does). */
export async function pruneReactionToggles(db: Queryable): Promise<void> {
  await db.query('DELETE FROM chat_reaction_toggles WHERE toggled_at < now() - make_interval(secs => $1)', [
    CHAT_LIMITS.reactionRateWindowSeconds,
  ]);
}

/**
 * Adds or removes the user's reaction; undefined when the message is not in that room (or
 * hidden). Every toggle, found or not, first spends one of the user's budget of toggles, which
 * is counted in the database like messages so it holds across server processes (two toggles
 * racing on two processes can both take the last slot, as with messages); past it,
 * `RATE_LIMITED` and nothing changes. One statement, so a toggle is one round trip: a burst of
 * them keeps the database (and PGlite's one thread) free for everybody else.
 */
export async function toggleReaction(
  db: Queryable,
  issueId: string,
  messageId: string,
  userId: string,
): Promise<ReactionState | undefined> {
  const { rows } = await db.query<{
    n: number;
    retry_ms: number | null;
    found: boolean;
    reacted: boolean;
    count: number;
  }>(
    `WITH recent AS (
       SELECT count(*)::int AS n, min(toggled_at) AS oldest FROM chat_reaction_toggles
        WHERE user_id = $1 AND toggled_at > now() - make_interval(secs => $4)
     ), spent AS (
       INSERT INTO chat_reaction_toggles (user_id) SELECT $1 FROM recent WHERE n < $5 RETURNING user_id
     ), target AS (
       -- Locks the message row: two toggles of one user on two processes apply one after the
       -- other (the second, whose snapshot misses the first's row, then changes nothing).
       SELECT message_id, issue_id FROM chat_messages
        WHERE message_id = $2::bigint AND issue_id = $3 AND hidden_at IS NULL AND EXISTS (SELECT 1 FROM spent)
        FOR UPDATE
     ), removed AS (
       DELETE FROM chat_reactions r USING target t WHERE r.message_id = t.message_id AND r.user_id = $1 RETURNING r.message_id
     ), added AS (
       INSERT INTO chat_reactions (message_id, user_id) SELECT message_id, $1 FROM target WHERE NOT EXISTS (SELECT 1 FROM removed)
       ON CONFLICT DO NOTHING RETURNING message_id
     )
     SELECT r.n, ceil(extract(epoch FROM r.oldest + make_interval(secs => $4) - now()) * 1000)::int AS retry_ms,
            EXISTS (SELECT 1 FROM target) AS found, EXISTS (SELECT 1 FROM added) AS reacted,
            -- The statement's snapshot does not see its own changes: add them.
            (SELECT count(*)::int FROM chat_reactions WHERE message_id = $2::bigint) + (SELECT count(*)::int FROM added) - (SELECT count(*)::int FROM removed) AS count,
            (SELECT pg_notify($6, json_build_object('t', 'r', 'i', t.issue_id, 'id', t.message_id::text)::text) FROM target t) AS notified
       FROM recent r`,
    [
      userId,
      isMessageId(messageId) ? messageId : null,
      issueId,
      CHAT_LIMITS.reactionRateWindowSeconds,
      CHAT_LIMITS.reactionRateCount,
      CHAT_CHANNEL,
    ],
  );
  const row = rows[0]!;
  if (row.n >= CHAT_LIMITS.reactionRateCount) throw reactionRateLimited(Math.max(row.retry_ms ?? 0, 100));
  if (!row.found) return undefined;
  return { messageId, issueId, count: row.count, isReactedByMe: row.reacted };
}

/** A message's reaction count, and which of `viewerIds` reacted (for per-recipient `isReactedByMe`). */
export async function reactionsOf(
  db: Queryable,
  messageId: string,
  viewerIds: readonly string[],
): Promise<{ count: number; reactedBy: Set<string> }> {
  const { rows } = await db.query<{ n: number; who: string[] | null }>(
    `SELECT count(*)::int AS n, array_agg(user_id::text) FILTER (WHERE user_id = ANY($2::uuid[])) AS who
       FROM chat_reactions WHERE message_id = $1`,
    [messageId, viewerIds],
  );
  return { count: rows[0]?.n ?? 0, reactedBy: new Set(rows[0]?.who ?? []) };
}

/** Hides a message for everyone (admins). `not_found` when there is no such message. */
export async function hideMessage(
  db: Queryable,
  messageId: string,
  adminId: string,
): Promise<'hidden' | 'already' | 'not_found'> {
  if (!isMessageId(messageId)) return 'not_found';
  const { rows } = await db.query<{ issue_id: string }>(
    'UPDATE chat_messages SET hidden_at = now(), hidden_by = $2 WHERE message_id = $1 AND hidden_at IS NULL RETURNING issue_id::text AS issue_id',
    [messageId, adminId],
  );
  if (!rows[0]) {
    const found = await db.query('SELECT 1 FROM chat_messages WHERE message_id = $1', [messageId]);
    return found.rows.length > 0 ? 'already' : 'not_found';
  }
  await notify(db, { t: 'h', i: rows[0].issue_id, id: messageId });
  return 'hidden';
}

/** A user's report of a message; reporting again replaces the reason. False when there is no such message. */
export async function reportMessage(
  db: Queryable,
  messageId: string,
  userId: string,
  reason: string,
): Promise<boolean> {
  if (!isMessageId(messageId)) return false;
  const { rowCount } = await db.query(
    `INSERT INTO chat_reports (message_id, user_id, reason)
     SELECT message_id, $2, $3 FROM chat_messages WHERE message_id = $1
     ON CONFLICT (message_id, user_id) DO UPDATE SET reason = EXCLUDED.reason, created_at = now()`,
    [messageId, userId, cleanChatText(reason).slice(0, 500)],
  );
  return rowCount > 0;
}

// ---- 올라's messages ---------------------------------------------------------------------------

/** The fact-check card already posted for a message, if any. */
export async function findFactCheck(db: Queryable, sourceMessageId: string): Promise<ChatMessage | undefined> {
  const { rows } = await db.query<MessageRow>(
    `SELECT ${MESSAGE_COLUMNS}, false AS reacted FROM chat_messages m LEFT JOIN users u ON u.user_id = m.user_id
      WHERE m.source_message_id = $1 AND m.kind = 'fact_check'`,
    [sourceMessageId],
  );
  return rows[0] && toMessage(rows[0], undefined);
}

export interface BotPost {
  issueId: string;
  sourceMessageId: string;
  content: string;
  /** A fact-check card; without one the post is a note (say, that the check failed). */
  card?: FactCheckCard;
}

/** Posts as 올라 and announces it. A second card for the same message returns the first one. */
export async function postAsBot(
  db: Queryable,
  post: BotPost,
): Promise<{ status: 'posted' | 'exists'; message: ChatMessage }> {
  const kind = post.card ? 'fact_check' : 'text';
  const clientId = post.card ? `fact-check:${post.sourceMessageId}` : `note:${post.sourceMessageId}:${Date.now()}`;
  const { rows } = await db.query<{ message_id: number }>(
    `WITH ins AS (
       INSERT INTO chat_messages (issue_id, user_id, client_id, kind, content, source_message_id, card)
       VALUES ($1, NULL, $2, $3, $4, $5, $6::jsonb)
       ON CONFLICT (source_message_id) WHERE kind = 'fact_check' DO NOTHING
       RETURNING message_id, issue_id
     )
     SELECT message_id, pg_notify($7, json_build_object('t', 'm', 'i', issue_id, 'id', message_id::text)::text) FROM ins`,
    [
      post.issueId,
      clientId,
      kind,
      post.content.slice(0, 2000),
      post.sourceMessageId,
      post.card ? JSON.stringify(post.card) : null,
      CHAT_CHANNEL,
    ],
  );
  const id = rows[0]?.message_id;
  if (id === undefined) {
    const existing = await findFactCheck(db, post.sourceMessageId);
    if (existing) return { status: 'exists', message: existing };
    throw new Error(`the card for message ${post.sourceMessageId} was neither stored nor found`);
  }
  const message = await getMessage(db, String(id));
  if (!message) throw new Error(`message ${id} vanished after insert`);
  return { status: 'posted', message };
}

// ---- presence ---------------------------------------------------------------------------------

/** A presence row older than this belongs to a process that stopped without cleaning up. */
export const PRESENCE_EXPIRY_SECONDS = 30;

export async function presenceEnter(db: Queryable, serverId: string, issueId: string, userId: string): Promise<void> {
  await db.query(
    `INSERT INTO chat_presence (server_id, issue_id, user_id) VALUES ($1, $2, $3)
     ON CONFLICT (issue_id, user_id, server_id) DO UPDATE SET seen_at = now()`,
    [serverId, issueId, userId],
  );
  await notify(db, { t: 'p', i: issueId });
}

export async function presenceLeave(db: Queryable, serverId: string, issueId: string, userId: string): Promise<void> {
  await db.query('DELETE FROM chat_presence WHERE server_id = $1 AND issue_id = $2 AND user_id = $3', [
    serverId,
    issueId,
    userId,
  ]);
  await notify(db, { t: 'p', i: issueId });
}

/** This process is alive: refresh its rows, and drop the expired rows of processes that are not. */
export async function presenceHeartbeat(db: Queryable, serverId: string): Promise<void> {
  await db.query('UPDATE chat_presence SET seen_at = now() WHERE server_id = $1', [serverId]);
  await db.query('DELETE FROM chat_presence WHERE seen_at < now() - make_interval(secs => $1)', [
    PRESENCE_EXPIRY_SECONDS,
  ]);
}

/** Removes all of this process's rows (shutdown) and tells the other processes. */
export async function presenceClear(db: Queryable, serverId: string): Promise<void> {
  const { rows } = await db.query<{ issue_id: string }>(
    'DELETE FROM chat_presence WHERE server_id = $1 RETURNING issue_id::text AS issue_id',
    [serverId],
  );
  for (const issueId of new Set(rows.map((r) => r.issue_id))) await notify(db, { t: 'p', i: issueId });
}

/** Distinct users in the room on any live process. */
/** Distinct users who ever joined each issue's room (issue_participants, kept by recordParticipant). */
export async function participantCounts(db: Queryable, issueIds: readonly string[]): Promise<Map<string, number>> {
  const { rows } = await db.query<{ issue_id: string; n: number }>(
    'SELECT issue_id::text AS issue_id, count(*)::int AS n FROM issue_participants WHERE issue_id = ANY($1::uuid[]) GROUP BY issue_id',
    [issueIds],
  );
  const counts = new Map(issueIds.map((i) => [i, 0]));
  for (const r of rows) counts.set(r.issue_id, r.n);
  return counts;
}

export async function onlineCounts(db: Queryable, issueIds: readonly string[]): Promise<Map<string, number>> {
  const { rows } = await db.query<{ issue_id: string; n: number }>(
    `SELECT issue_id::text AS issue_id, count(DISTINCT user_id)::int AS n FROM chat_presence
      WHERE issue_id = ANY($1::uuid[]) AND seen_at > now() - make_interval(secs => $2) GROUP BY issue_id`,
    [issueIds, PRESENCE_EXPIRY_SECONDS],
  );
  const counts = new Map(issueIds.map((i) => [i, 0]));
  for (const r of rows) counts.set(r.issue_id, r.n);
  return counts;
}
