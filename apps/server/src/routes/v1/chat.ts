import type { FastifyBaseLogger, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { WebSocket } from 'ws';
import {
  CHAT_CLOSE,
  CHAT_LIMITS,
  ChatFactCheckResponse,
  ChatHideResponse,
  ChatHistoryQuery,
  ChatHistoryResponse,
  ChatMessageParams,
  ErrorResponse,
  hasControlChars,
  NICKNAME,
  ChatReportRequest,
  type ChatErrorCode,
} from '@olala/contract';
import { authenticate, cleanNickname, createAnonymousUser, updateProfile } from '@olala/core/identity';
import { recordParticipant } from '@olala/core/issues';
import {
  ChatRejection,
  hideMessage,
  listMessages,
  mentionsBot,
  postMessage,
  reportMessage,
  roomExists,
  toggleReaction,
} from '@olala/core/chat';
import { currentUser } from '../../plugins/auth.js';
import type { ChatHub, Member } from '../../plugins/chat-hub.js';
import { commonErrors, notFound } from '../errors.js';
import { optionalBody, uuidParams } from '../schemas.js';
import { IDENTITY_RATE_LIMIT } from './identity.js';

/** A client has this long after connecting to send `join`. */
const JOIN_TIMEOUT_MS = 10_000;

const AUTH_MESSAGES = {
  missing: 'join 메시지에 사용자 토큰(token)이 필요합니다.',
  invalid: '사용자 토큰이 올바르지 않습니다. 새 익명 사용자를 발급받아 주세요.',
  expired: '사용자 토큰이 만료되었습니다. 새 익명 사용자를 발급받아 주세요.',
  revoked: '사용자 토큰이 더 이상 유효하지 않습니다(로그아웃 또는 폐기). 다시 발급받아 주세요.',
} as const;

type Frame = Record<string, unknown> & { type?: unknown };

/** The predecessor's clients may wrap fields in `data` or `payload`; both are unwrapped. */
function parseFrame(raw: string): Frame | undefined {
  try {
    const value = JSON.parse(raw) as unknown;
    if (!value || typeof value !== 'object' || Array.isArray(value)) return undefined;
    const frame = value as Frame;
    const inner = frame.data ?? frame.payload;
    return inner && typeof inner === 'object' && !Array.isArray(inner)
      ? { ...(inner as Frame), type: frame.type }
      : frame;
  } catch {
    return undefined;
  }
}

const text = (v: unknown): string | undefined =>
  typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined;

/** Asks the per-address budget of new identities (POST /v1/identity/anonymous's limit) for one more. */
type GuestBudget = (
  request: FastifyRequest,
) => Promise<{ isAllowed: true } | { isAllowed: false; isExceeded: boolean; ttlInSeconds: number }>;

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** The predecessor app's default name, which says nothing: such a guest gets a random one. */
const PREDECESSOR_DEFAULT_NICKNAME = 'anonymous';

/** A guest's nickname from its join, when it passes the nickname rules; else none (a random one is kept). */
function guestNickname(raw: unknown): string | undefined {
  if (
    typeof raw !== 'string' ||
    hasControlChars(raw) ||
    raw.trim() === PREDECESSOR_DEFAULT_NICKNAME ||
    [...raw.trim()].length > NICKNAME.max
  )
    return undefined;
  try {
    return cleanNickname(raw);
  } catch {
    return undefined;
  }
}

/**
 * One socket's conversation: `join` first (with the session token, or none for a guest), then
 * messages and reactions. Frames of one socket are handled in order, so acks come back in the
 * order messages were sent; a fact-check runs beside, never in that line.
 */
function handleSocket(
  hub: ChatHub,
  fastify: Parameters<FastifyPluginAsyncTypebox>[0],
  socket: WebSocket,
  request: FastifyRequest,
  guestBudget: GuestBudget,
): void {
  const { db } = fastify;
  const log: FastifyBaseLogger = request.log;
  const issueId = (request.params as { issueId: string }).issueId;
  let member: Member | undefined;
  let closed = false;
  let queue: Promise<void> = Promise.resolve();
  hub.openSockets++;

  const send = hub.send.bind(hub, socket);
  const error = (code: ChatErrorCode, message: string, clientId?: string) =>
    send({ type: 'error', code, message, ...(clientId ? { clientId } : {}) });
  /**
   * A client's mistake is its own, not a failure of ours: logged at info, once per kind and
   * socket (a client repeating it cannot fill the log), with no frame content.
   */
  const mistakes = new Set<string>();
  const mistake = (kind: string, detail: Record<string, unknown> = {}) => {
    if (mistakes.has(kind)) return;
    mistakes.add(kind);
    log.info({ kind, ...detail }, 'chat: client sent a bad frame');
  };
  const close = (code: number, errCode: ChatErrorCode, message: string) => {
    error(errCode, message);
    socket.close(code, errCode);
  };

  if (hub.openSockets > hub.maxSockets) {
    close(CHAT_CLOSE.tryAgainLater, 'INTERNAL_ERROR', '채팅 접속자가 많습니다. 잠시 후 다시 연결해 주세요.');
  }
  const joinTimer = setTimeout(() => {
    if (!member)
      close(CHAT_CLOSE.timeout, 'NOT_JOINED', `연결 후 ${JOIN_TIMEOUT_MS / 1000}초 안에 join 메시지를 보내 주세요.`);
  }, JOIN_TIMEOUT_MS);

  socket.on('pong', () => {
    if (member) member.alive = true;
  });
  socket.on('close', () => {
    closed = true;
    hub.openSockets--;
    clearTimeout(joinTimer);
    if (member) void hub.leave(member).catch((err: unknown) => log.error({ err }, 'chat: leaving failed'));
  });
  socket.on('message', (data, isBinary) => {
    // One frame per event-loop turn: a burst of frames would otherwise run as one chain of
    // promises that lets no other request in between.
    queue = queue
      .then(nextTurn)
      .then(() => (closed ? undefined : onFrame(isBinary ? undefined : parseFrame(data.toString()))));
  });

  async function onFrame(frame: Frame | undefined): Promise<void> {
    if (!frame || typeof frame.type !== 'string') {
      mistake('invalid JSON', { reason: frame ? 'no type' : 'not a JSON object' });
      if (!member) return close(CHAT_CLOSE.badRequest, 'BAD_FRAME', '메시지는 {"type": ...} 형식의 JSON이어야 합니다.');
      return error('BAD_FRAME', '메시지는 {"type": ...} 형식의 JSON이어야 합니다.');
    }
    try {
      if (frame.type === 'ping') return send({ type: 'pong' });
      if (!member) {
        if (frame.type !== 'join') return close(CHAT_CLOSE.badRequest, 'NOT_JOINED', '먼저 join 메시지를 보내 주세요.');
        return await join(frame);
      }
      switch (frame.type) {
        case 'join':
          return error('BAD_FRAME', '이미 참여한 방입니다.');
        case 'message.create':
          return await create(member, frame);
        case 'reaction.toggle':
          return await react(member, frame);
        default:
          mistake('unknown type', { type: frame.type.slice(0, 40) });
          return error('BAD_FRAME', `알 수 없는 메시지 종류입니다: ${frame.type.slice(0, 40)}`);
      }
    } catch (err) {
      if (err instanceof ChatRejection) {
        if (err.code === 'BAD_FRAME') mistake('invalid frame', { type: frame.type.slice(0, 40), reason: err.message });
        return error(err.code, err.message, text(frame.clientId));
      }
      log.error({ err, type: frame.type }, 'chat frame failed');
      error('INTERNAL_ERROR', '서버에서 오류가 발생했습니다. 잠시 후 다시 시도해 주세요.', text(frame.clientId));
    }
  }

  async function join(frame: Frame): Promise<void> {
    // No token at all is the predecessor's app: it becomes a guest. A token that is sent must be valid.
    const guest = frame.token === undefined || frame.token === null;
    const token = text(frame.token);
    const auth = guest
      ? undefined
      : token
        ? await authenticate(db, token)
        : ({ ok: false, reason: 'missing' } as const);
    if (closed) return;
    if (auth && !auth.ok) return close(CHAT_CLOSE.unauthorized, 'UNAUTHORIZED', AUTH_MESSAGES[auth.reason]);
    if (!(await roomExists(db, issueId)))
      return close(CHAT_CLOSE.notFound, 'NOT_FOUND', `채팅방을 찾을 수 없습니다: ${issueId.slice(0, 60)}`);
    if (closed) return;
    const user = auth?.ok ? auth.user : await guestIdentity(frame);
    if (!user || closed) return;
    clearTimeout(joinTimer);
    const joined: Member = { socket, issueId, userId: user.user_id, username: user.nickname, alive: true };
    member = joined;
    await recordParticipant(db, issueId, joined.userId);
    const onlineCount = await hub.enter(joined);
    // The socket may have closed while entering; the close handler ran before `enter` added it.
    if (closed) return void (await hub.leave(joined));
    send({ type: 'joined', issueId, userId: joined.userId, username: joined.username, onlineCount });
  }

  /**
   * A new anonymous user for a join without a token, under the same per-address budget as
   * `POST /v1/identity/anonymous`. The client's `userId` is never looked at; its `nickname` is
   * used when it passes the nickname rules.
   */
  async function guestIdentity(frame: Frame): Promise<{ user_id: string; nickname: string } | undefined> {
    const budget = await guestBudget(request);
    if (!budget.isAllowed && budget.isExceeded) {
      const minutes = Math.max(1, Math.ceil(budget.ttlInSeconds / 60));
      close(
        CHAT_CLOSE.tooManyGuests,
        'RATE_LIMITED',
        `이 주소에서 익명 사용자를 너무 많이 만들었습니다. ${minutes}분 후에 다시 참여하거나, 발급받은 토큰(token)으로 참여해 주세요.`,
      );
      return undefined;
    }
    const { user } = await createAnonymousUser(db);
    const nickname = guestNickname(frame.nickname);
    if (nickname === undefined) return user;
    return (await updateProfile(db, user.user_id, { nickname })) ?? user;
  }

  async function create(me: Member, frame: Frame): Promise<void> {
    const clientId = text(frame.clientId);
    const content = text(frame.content);
    if (!clientId) throw new ChatRejection('BAD_FRAME', 'message.create에는 clientId가 필요합니다.');
    if (content === undefined) throw new ChatRejection('BAD_FRAME', 'message.create에는 content(문자열)가 필요합니다.');
    const outcome = await postMessage(db, { issueId: me.issueId, userId: me.userId, clientId, content });
    if (outcome.status === 'sent') fastify.metrics.chatMessages.inc();
    const { message } = outcome;
    send({
      type: 'message.ack',
      clientId,
      serverId: message.id,
      timestamp: message.timestamp,
      status: outcome.status,
      message,
    });
    if (outcome.status === 'sent' && mentionsBot(message.content)) {
      hub
        .factCheck(message.id)
        .catch((err: unknown) => log.error({ err, messageId: message.id }, 'chat: @올라 fact-check failed'));
    }
  }

  async function react(me: Member, frame: Frame): Promise<void> {
    const messageId = text(frame.messageId);
    if (!messageId) throw new ChatRejection('BAD_FRAME', 'reaction.toggle에는 messageId가 필요합니다.');
    const refusal = hub.reactionRefusal(me.userId);
    if (refusal) throw refusal;
    let state;
    try {
      state = await toggleReaction(db, me.issueId, messageId, me.userId);
    } catch (err) {
      if (err instanceof ChatRejection && err.code === 'RATE_LIMITED')
        hub.rememberReactionRefusal(me.userId, err.retryAfterMs ?? 1000);
      throw err;
    }
    if (!state) return error('NOT_FOUND', `이 방에서 메시지를 찾을 수 없습니다: ${messageId.slice(0, 40)}`);
  }
}

/**
 * `WS /v1/chat/:issueId` and the chat's REST routes: history, report, the 팩트체크 button and
 * the admin's hide. Protocol: docs/chat.md.
 */
const chat: FastifyPluginAsyncTypebox = async (fastify) => {
  const guestBudget: GuestBudget = fastify.createRateLimit(IDENTITY_RATE_LIMIT);
  fastify.get('/chat/:issueId', { websocket: true, schema: { hide: true } as object }, (socket, request) => {
    handleSocket(fastify.chat, fastify, socket, request, guestBudget);
  });

  fastify.get(
    '/chat/messages/:issueId',
    {
      config: { auth: 'optional' },
      schema: {
        tags: ['chat'],
        params: uuidParams('issueId'),
        querystring: ChatHistoryQuery,
        response: { 200: ChatHistoryResponse, 400: ErrorResponse, 401: ErrorResponse, ...commonErrors },
      },
    },
    async (request) =>
      listMessages(fastify.db, request.params.issueId, request.user?.user_id, {
        limit: request.query.limit ?? CHAT_LIMITS.historyDefault,
        before: request.query.before,
      }),
  );

  fastify.post(
    '/chat/messages/:id/report',
    {
      config: { auth: 'required' },
      // A report without a reason is fine: the body may be left out.
      ...optionalBody,
      schema: {
        tags: ['chat'],
        params: ChatMessageParams,
        body: ChatReportRequest,
        response: { 204: Type.Null(), 400: ErrorResponse, 401: ErrorResponse, 404: ErrorResponse, ...commonErrors },
      },
    },
    async (request, reply) => {
      const found = await reportMessage(
        fastify.db,
        request.params.id,
        currentUser(request).user_id,
        request.body.reason ?? '',
      );
      if (!found) throw notFound('chat_message', request.params.id);
      return reply.code(204).send(null);
    },
  );

  fastify.post(
    '/chat/messages/:id/fact-check',
    {
      config: { auth: 'required' },
      schema: {
        tags: ['chat'],
        params: ChatMessageParams,
        response: {
          200: ChatFactCheckResponse,
          400: ErrorResponse,
          401: ErrorResponse,
          404: ErrorResponse,
          ...commonErrors,
        },
      },
    },
    async (request) => {
      const outcome = await fastify.chat.factCheck(request.params.id);
      if (outcome.status === 'not_found') throw notFound('chat_message', request.params.id);
      return outcome;
    },
  );

  fastify.post(
    '/admin/chat/messages/:id/hide',
    {
      config: { auth: 'admin' },
      schema: {
        tags: ['admin', 'chat'],
        params: ChatMessageParams,
        response: {
          200: ChatHideResponse,
          400: ErrorResponse,
          401: ErrorResponse,
          403: ErrorResponse,
          404: ErrorResponse,
          ...commonErrors,
        },
      },
    },
    async (request) => {
      const outcome = await hideMessage(fastify.db, request.params.id, currentUser(request).user_id);
      if (outcome === 'not_found') throw notFound('chat_message', request.params.id);
      return { id: request.params.id, hidden: true };
    },
  );
};

export default chat;
