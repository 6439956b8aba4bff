import '../support/dom.js';
import assert from 'node:assert/strict';
import { StrictMode } from 'react';
import { afterEach, beforeEach, test } from 'node:test';
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { CHAT_LIMITS, OLALA_BOT, type ChatMessage as WireMessage } from '@olala/contract/chat';
import { ChatRoomView } from '../../src/features/chat/components/chat-room-view.js';
import { openChatRoom, type ChatRoom } from '../../src/features/chat/chat-room.js';
import {
  backoffDelay,
  chatReducer,
  initialChat,
  localId,
  unacked,
  type ChatMessage,
  type ChatState,
} from '../../src/features/chat/chat-reducer.js';
import { MESSAGE_MAX, OLALA_USER_ID } from '../../src/features/chat/limits.js';
import { fromWire } from '../../src/features/chat/protocol.js';
import { fakeApi, json } from '../support/fake-api.js';
import { FakeSocket, until } from '../support/fake-socket.js';

const ISSUE = 'a0000000-0000-4000-8000-000000000001';
const ME = { userId: 'u-me', nickname: '익명 수달', color: '#123456' };
const IDENTITY = {
  token: 'tok-me',
  expires_at: '2099-01-01T00:00:00.000Z',
  user: {
    user_id: 'u-me',
    nickname: '익명 수달',
    color: '#123456',
    kind: 'anonymous',
    role: 'user',
    created_at: '2026-11-20T00:00:00.000Z',
  },
};

function wire(over: Partial<WireMessage> = {}): WireMessage {
  return {
    id: '1',
    issueId: ISSUE,
    userId: 'u-other',
    username: '익명 고래',
    color: '#654321',
    content: '안녕하세요',
    timestamp: '2026-11-20T10:00:00.000Z',
    reactionCount: 0,
    isReactedByMe: false,
    isMine: false,
    kind: 'text',
    ...over,
  };
}
const msg = (over: Partial<WireMessage> = {}): ChatMessage => fromWire(wire(over));
const sendAction = (clientId: string, content = '내 의견') => ({
  type: 'send' as const,
  clientId,
  content,
  user: ME,
  at: '2026-11-20T10:05:00.000Z',
});
const run = (...actions: Parameters<typeof chatReducer>[1][]) => actions.reduce<ChatState>(chatReducer, initialChat);

// ---- the reducer ------------------------------------------------------------------------------

test('optimistic send: pending at once under its clientId, sent with the server id after the ack', () => {
  let s = run(sendAction('c1'));
  assert.equal(s.messages.length, 1);
  assert.deepEqual([s.messages[0]!.id, s.messages[0]!.status, s.messages[0]!.mine], [localId('c1'), 'pending', true]);
  assert.deepEqual(
    unacked(s).map((m) => m.clientId),
    ['c1'],
  );
  s = chatReducer(s, { type: 'ack', clientId: 'c1', serverId: '42', at: '2026-11-20T10:05:01.000Z' });
  assert.deepEqual(
    [s.messages[0]!.id, s.messages[0]!.status, s.messages[0]!.createdAt],
    ['42', 'sent', '2026-11-20T10:05:01.000Z'],
  );
  assert.deepEqual(unacked(s), []);
});

test('duplicates are suppressed: my broadcast before or after the ack, a repeated broadcast, overlapping history', () => {
  const mine = { ...msg({ id: '42', userId: ME.userId, username: ME.nickname, isMine: true, content: '내 의견' }) };
  // Broadcast first (recognised by clientId), then the ack, then the same broadcast again.
  let s = run(sendAction('c1'), { type: 'created', message: mine, clientId: 'c1' });
  assert.deepEqual(
    s.messages.map((m) => [m.id, m.status]),
    [['42', 'sent']],
  );
  s = chatReducer(s, { type: 'ack', clientId: 'c1', serverId: '42' });
  s = chatReducer(s, { type: 'created', message: mine, clientId: 'c1' });
  assert.deepEqual(
    s.messages.map((m) => [m.id, m.status]),
    [['42', 'sent']],
  );
  // Ack first, then the broadcast.
  s = run(
    sendAction('c2'),
    { type: 'ack', clientId: 'c2', serverId: '43' },
    { type: 'created', message: { ...mine, id: '43' }, clientId: 'c2' },
  );
  assert.equal(s.messages.length, 1);
  // Someone else's message twice (a reconnect replays it), and in the history too.
  s = run(
    { type: 'created', message: msg({ id: '7' }) },
    { type: 'created', message: msg({ id: '7' }) },
    { type: 'history', messages: [msg({ id: '6', timestamp: '2026-11-20T09:00:00.000Z' }), msg({ id: '7' })] },
  );
  assert.deepEqual(
    s.messages.map((m) => m.id),
    ['6', '7'],
    'one copy each, in time order',
  );
  // The same clientId sent twice (a double click reaching the reducer) is one row.
  assert.equal(run(sendAction('c3'), sendAction('c3')).messages.length, 1);
});

test('order: settled messages by time, my pending ones last; a failure can be retried and stays under its clientId', () => {
  let s = run(sendAction('c1', '첫째'), {
    type: 'created',
    message: msg({ id: '9', timestamp: '2026-11-20T11:00:00.000Z' }),
  });
  assert.deepEqual(
    s.messages.map((m) => m.id),
    ['9', localId('c1')],
    'a pending message waits at the bottom',
  );
  s = chatReducer(s, { type: 'failed', clientId: 'c1', error: '너무 빨라요.' });
  assert.deepEqual([s.messages[1]!.status, s.messages[1]!.error], ['failed', '너무 빨라요.']);
  assert.deepEqual(unacked(s), [], 'a failed message is not resent by itself');
  s = chatReducer(s, { type: 'retry', clientId: 'c1' });
  assert.deepEqual(
    unacked(s).map((m) => m.clientId),
    ['c1'],
  );
  s = chatReducer(s, { type: 'ack', clientId: 'c1', serverId: '10', at: '2026-11-20T11:00:05.000Z' });
  assert.deepEqual(
    s.messages.map((m) => [m.id, m.status]),
    [
      ['9', 'sent'],
      ['10', 'sent'],
    ],
  );
});

test('history pages merge in time order (ties keep arrival order) without re-sorting the list per message', () => {
  let reads = 0;
  /** A message whose time counts how often it is read: the cost of ordering, without a clock. */
  const counted = (n: number): ChatMessage => {
    const m = msg({
      id: String(n),
      timestamp: new Date(Date.UTC(2026, 10, 20, 10, 0, Math.floor(n / 2))).toISOString(),
    });
    const at = m.createdAt;
    return Object.defineProperty({ ...m }, 'createdAt', { enumerable: true, get: () => (reads++, at) });
  };
  const ids = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);
  let s = run(sendAction('c1'), { type: 'history', messages: ids(200, 400).map(counted) });
  reads = 0;
  // An older page, newest first, pairs of equal times among them.
  s = chatReducer(s, { type: 'history', messages: ids(0, 200).reverse().map(counted) });
  const byTimeThenId = ids(0, 400).map(String);
  for (let i = 0; i < 400; i += 2) byTimeThenId.splice(i, 2, String(i + 1), String(i));
  const settled = s.messages.filter((m) => m.status === 'sent').map((m) => m.id);
  assert.deepEqual(settled.slice(200), ids(200, 400).map(String), 'the newer page as it was');
  assert.deepEqual(
    settled.slice(0, 200),
    byTimeThenId.slice(0, 200),
    'the older page in time order, equal times in arrival order',
  );
  assert.equal(s.messages.at(-1)!.clientId, 'c1', 'my pending message stays last');
  assert.ok(reads < 400 * 20, `${reads} reads of a message time to merge 200 into 200`);
});

test('reactions, presence and hidden messages', () => {
  let s = run(
    { type: 'created', message: msg({ id: '5' }) },
    { type: 'reaction', messageId: '5', count: 3, reactedByMe: true },
    { type: 'presence', onlineCount: 4 },
  );
  assert.deepEqual([s.messages[0]!.reactionCount, s.messages[0]!.reactedByMe, s.onlineCount], [3, true, 4]);
  s = chatReducer(s, { type: 'hidden', messageId: '5' });
  assert.deepEqual(s.messages, []);
});

test('backoff doubles from 0.5 s up to 15 s, jittered within the upper half', () => {
  const low = (n: number) => backoffDelay(n, undefined, () => 0);
  const high = (n: number) => backoffDelay(n, undefined, () => 1);
  assert.deepEqual([0, 1, 2, 3].map(low), [250, 500, 1000, 2000]);
  assert.deepEqual([0, 1, 2, 3].map(high), [500, 1000, 2000, 4000]);
  assert.equal(high(10), 15_000, 'capped');
  assert.equal(low(10), 7_500);
});

test("the app's copied limits match the contract; 올라's cards and notes are hers", () => {
  assert.equal(MESSAGE_MAX, CHAT_LIMITS.maxLength);
  assert.equal(OLALA_USER_ID, OLALA_BOT.userId);
  assert.equal(
    fromWire(wire({ userId: 'olala', username: '올라', content: '지금은 확인할 수 없어요.' })).kind,
    'ai',
    'a note from 올라 is not a person’s message',
  );
  assert.equal(fromWire(wire()).kind, 'user');
});

// ---- the room: socket, resend, timeouts -------------------------------------------------------

let api: ReturnType<typeof fakeApi> | undefined;
let room: ChatRoom | undefined;
beforeEach(() => {
  localStorage.clear();
  localStorage.setItem('olala.identity', JSON.stringify(IDENTITY));
  FakeSocket.reset();
  api = fakeApi({ [`GET /v1/chat/messages/${ISSUE}`]: () => json(200, []) });
});
afterEach(() => {
  room?.close();
  room = undefined;
  cleanup();
  api?.restore();
  Object.defineProperty(navigator, 'onLine', { configurable: true, get: () => true });
});

const openRoom = (over: Parameters<typeof openChatRoom>[1] = {}) =>
  (room = openChatRoom(ISSUE, {
    WebSocketImpl: FakeSocket as unknown as typeof WebSocket,
    backoff: () => 5,
    ackTimeoutMs: 5000,
    ...over,
  }));

test('joins with the token in the first frame (not the URL); loads the history on every connection', async () => {
  const r = openRoom();
  await until(() => FakeSocket.all.length === 1, 2000, 'a socket');
  const ws = FakeSocket.last!;
  assert.equal(ws.url, `ws://localhost:3000/v1/chat/${ISSUE}`);
  ws.open();
  assert.deepEqual(ws.sent[0], { type: 'join', token: 'tok-me' });
  await until(() => api!.calls.some((c) => c.path.startsWith(`/v1/chat/messages/${ISSUE}`)), 2000, 'history');
  assert.equal(api!.calls.find((c) => c.path.startsWith('/v1/chat/messages'))!.headers.authorization, 'Bearer tok-me');
  ws.receive({ type: 'joined', issueId: ISSUE, userId: 'u-me', username: '익명 수달', onlineCount: 2 });
  assert.equal(r.state.get().onlineCount, 2);
  assert.equal(r.state.get().connection, 'open');
});

test('a drop before the ack: the message stays pending, is resent with the same clientId after the reconnect, and is shown once', async () => {
  const r = openRoom();
  await until(() => FakeSocket.all.length === 1);
  const first = FakeSocket.last!;
  first.open();
  r.send('  재연결 테스트  ');
  const [create] = first.framesOf('message.create');
  assert.equal(create!.content, '재연결 테스트', 'trimmed');
  const clientId = create!.clientId as string;
  assert.equal(r.state.get().messages[0]!.status, 'pending');

  first.drop();
  assert.equal(r.state.get().connection, 'reconnecting');
  // Written while the connection is down: kept, sent on the next open.
  r.send('끊긴 동안 쓴 글');
  assert.equal(r.state.get().messages.length, 2);
  await until(() => FakeSocket.all.length === 2, 2000, 'a second socket');
  const second = FakeSocket.last!;
  second.open();
  assert.equal(second.sent[0]!.type, 'join', 'join comes first');
  const resent = second.framesOf('message.create');
  assert.equal(resent.length, 2);
  assert.equal(resent[0]!.clientId, clientId, 'the same clientId');

  // The server had stored the first one before the drop: it answers `duplicate` with the same id.
  const stored = wire({ id: '100', userId: 'u-me', username: '익명 수달', isMine: true, content: '재연결 테스트' });
  second.receive({
    type: 'message.ack',
    clientId,
    serverId: '100',
    timestamp: stored.timestamp,
    status: 'duplicate',
    message: stored,
  });
  second.receive({ type: 'message.created', serverAt: stored.timestamp, clientId, message: stored });
  const other = resent[1]!.clientId as string;
  second.receive({
    type: 'message.ack',
    clientId: other,
    serverId: '101',
    timestamp: '2026-11-20T10:00:01.000Z',
    status: 'sent',
    message: wire({ id: '101', isMine: true, content: '끊긴 동안 쓴 글', timestamp: '2026-11-20T10:00:01.000Z' }),
  });
  const s = r.state.get();
  assert.deepEqual(
    s.messages.map((m) => [m.id, m.status]),
    [
      ['100', 'sent'],
      ['101', 'sent'],
    ],
  );
  assert.deepEqual(unacked(s), []);
});

test('no ack in time on a live connection: failed, and the retry sends the same clientId again', async () => {
  const r = openRoom({ ackTimeoutMs: 30 });
  await until(() => FakeSocket.all.length === 1);
  const ws = FakeSocket.last!;
  ws.open();
  r.send('응답 없는 글');
  await until(() => r.state.get().messages[0]?.status === 'failed', 2000, 'the failure');
  assert.match(r.state.get().messages[0]!.error!, /응답이 없어/);
  r.retry(r.state.get().messages[0]!.clientId!);
  const creates = ws.framesOf('message.create');
  assert.equal(creates.length, 2);
  assert.equal(creates[1]!.clientId, creates[0]!.clientId);
  assert.equal(r.state.get().messages[0]!.status, 'pending');
});

test("the server's refusal of a message (rate limit) fails that message with the server's words", async () => {
  const r = openRoom();
  await until(() => FakeSocket.all.length === 1);
  const ws = FakeSocket.last!;
  ws.open();
  r.send('빠른 글');
  const clientId = ws.framesOf('message.create')[0]!.clientId as string;
  ws.receive({ type: 'error', code: 'RATE_LIMITED', message: '메시지를 너무 빨리 보내고 있어요.', clientId });
  assert.deepEqual(
    [r.state.get().messages[0]!.status, r.state.get().messages[0]!.error],
    ['failed', '메시지를 너무 빨리 보내고 있어요.'],
  );
});

test('a refused token (4401) is renewed once and the room reconnects; an unknown room (4404) stays closed and says so', async () => {
  api!.restore();
  api = fakeApi({
    'POST /v1/identity/anonymous': () => json(201, { ...IDENTITY, token: 'tok-new' }),
    [`GET /v1/chat/messages/${ISSUE}`]: () => json(200, []),
  });
  const r = openRoom();
  await until(() => FakeSocket.all.length === 1);
  FakeSocket.last!.open();
  FakeSocket.last!.drop(4401);
  await until(() => FakeSocket.all.length === 2, 2000, 'a reconnect');
  FakeSocket.last!.open();
  assert.deepEqual(FakeSocket.last!.sent[0], { type: 'join', token: 'tok-new' });
  FakeSocket.last!.drop(4404);
  assert.equal(r.state.get().connection, 'closed');
  assert.match(r.state.get().notice!, /찾을 수 없어요/);
  await new Promise((res) => setTimeout(res, 30));
  assert.equal(FakeSocket.all.length, 2, 'no further attempts');
});

// ---- the screen -------------------------------------------------------------------------------

test('the room screen: optimistic row, ack, reactions, presence, a live region for others, the offline banner, 팩트체크', async () => {
  const realWs = globalThis.WebSocket;
  globalThis.WebSocket = FakeSocket as unknown as typeof WebSocket;
  let factChecked: string | undefined;
  let reported: string | undefined;
  api!.restore();
  api = fakeApi({
    [`GET /v1/chat/messages/${ISSUE}`]: () => json(200, [wire({ id: '1', content: '화성에 물이 있대요' })]),
    'POST /v1/chat/messages/1/report': (call) => {
      reported = call.headers.authorization;
      return json(204, null);
    },
    'POST /v1/chat/messages/1/fact-check': (call) => {
      factChecked = call.headers.authorization;
      return json(201, {
        status: 'posted',
        message: wire({
          id: '3',
          userId: 'olala',
          username: '올라',
          content: '팩트체크 결과예요.',
          kind: 'fact_check',
          factCheck: {
            analysis_id: 'an-1',
            label: 'MIXED',
            confidence: 0.6,
            headline: '일부만 사실이에요',
            sourceMessageId: '1',
          },
        }),
      });
    },
  });
  try {
    render(
      <ChatRoomView
        issueId={ISSUE}
        title="오늘의 이슈"
        issueHref={`/issues/${ISSUE}`}
        resultHref={(id) => `/r/${id}`}
      />,
    );
    await until(() => FakeSocket.all.length === 1);
    const ws = FakeSocket.last!;
    act(() => ws.open());
    act(() => ws.receive({ type: 'joined', issueId: ISSUE, userId: 'u-me', username: '익명 수달', onlineCount: 3 }));
    await screen.findByText('화성에 물이 있대요');
    assert.match(screen.getByTestId('presence').textContent!, /지금 3명 접속 중/);
    assert.ok(screen.getByRole('region', { name: '채팅 메시지' }), 'the scrolling log is a named, focusable region');

    const input = screen.getByLabelText('메시지') as HTMLTextAreaElement;
    fireEvent.change(input, { target: { value: '제 생각은 달라요' } });
    fireEvent.keyDown(input, { key: 'Enter' });
    assert.equal(input.value, '', 'Enter sends and clears');
    assert.ok(screen.getByText('보내는 중…'));
    const clientId = ws.framesOf('message.create')[0]!.clientId as string;
    act(() =>
      ws.receive({
        type: 'message.ack',
        clientId,
        serverId: '2',
        timestamp: '2026-11-20T10:01:00.000Z',
        status: 'sent',
        message: wire({
          id: '2',
          userId: 'u-me',
          username: '익명 수달',
          isMine: true,
          content: '제 생각은 달라요',
          timestamp: '2026-11-20T10:01:00.000Z',
        }),
      }),
    );
    assert.equal(screen.queryByText('보내는 중…'), null);
    assert.ok(screen.getByText('익명 수달 (나)'));

    // A reaction: the toggle goes out, the count comes back.
    const rows = screen.getAllByTestId('chat-message');
    fireEvent.click(within(rows[0]!).getByRole('button', { name: '공감 0' }));
    assert.deepEqual(ws.framesOf('reaction.toggle'), [{ type: 'reaction.toggle', messageId: '1' }]);
    act(() => ws.receive({ type: 'reaction.updated', messageId: '1', count: 1, isReactedByMe: true }));
    assert.equal(within(rows[0]!).getByRole('button', { name: '공감 1' }).getAttribute('aria-pressed'), 'true');

    // Someone else's message is read out; history and my own are not.
    act(() =>
      ws.receive({
        type: 'message.created',
        serverAt: '',
        clientId: 'x',
        message: wire({ id: '4', content: '새 소식이에요', timestamp: '2026-11-20T10:02:00.000Z' }),
      }),
    );
    const log = screen.getByRole('log', { name: '새 메시지 알림' });
    await until(() => /익명 고래: 새 소식이에요/.test(log.textContent!), 2000, 'the announcement');
    assert.doesNotMatch(log.textContent!, /화성에 물이|제 생각은/);

    // 팩트체크 on the first message: the card comes back and the button says it was asked.
    fireEvent.click(within(rows[0]!).getByRole('button', { name: /^팩트체크/ }));
    const card = await screen.findByTestId('fact-card');
    assert.equal(factChecked, 'Bearer tok-me');
    assert.ok(within(card).getByText('일부 사실'));
    assert.equal(within(card).getByRole('link', { name: '검증 결과 자세히 보기' }).getAttribute('href'), '/r/an-1');
    assert.equal(
      (within(rows[0]!).getByRole('button', { name: '팩트체크 요청함' }) as HTMLButtonElement).disabled,
      true,
    );

    // Reporting someone else's message (after a confirmation); my own has no report button.
    const realConfirm = window.confirm;
    window.confirm = () => true;
    try {
      fireEvent.click(within(rows[0]!).getByRole('button', { name: '신고' }));
      await within(rows[0]!).findByRole('button', { name: '신고함' });
    } finally {
      window.confirm = realConfirm;
    }
    assert.equal(reported, 'Bearer tok-me');
    const own = screen.getAllByTestId('chat-message').find((row) => row.textContent!.includes('제 생각은 달라요'))!;
    assert.ok(within(own).getByRole('button', { name: /^팩트체크/ }));
    assert.equal(within(own).queryByRole('button', { name: '신고' }), null, 'no report button on my own message');
    const cardRow = screen
      .getAllByTestId('chat-message')
      .find((row) => row.textContent!.includes('팩트체크 결과예요'))!;
    assert.equal(
      within(cardRow).queryByRole('button', { name: /^팩트체크|신고/ }),
      null,
      "올라's card is neither checked nor reported",
    );

    // Offline: the banner says queued messages go later.
    Object.defineProperty(navigator, 'onLine', { configurable: true, get: () => false });
    act(() => void window.dispatchEvent(new Event('offline')));
    assert.ok(await screen.findByText(/오프라인이에요. 보낸 메시지는 연결되면 전송돼요/));

    // A message over the limit cannot be sent and says why.
    fireEvent.change(input, { target: { value: '가'.repeat(MESSAGE_MAX + 1) } });
    assert.equal((screen.getByRole('button', { name: '보내기' }) as HTMLButtonElement).disabled, true);
    assert.equal(input.getAttribute('aria-invalid'), 'true');
  } finally {
    globalThis.WebSocket = realWs;
  }
});

test('under StrictMode the room opens one socket, which works, and unmounting closes it', async () => {
  const realWs = globalThis.WebSocket;
  globalThis.WebSocket = FakeSocket as unknown as typeof WebSocket;
  try {
    const view = render(
      <StrictMode>
        <ChatRoomView
          issueId={ISSUE}
          title="오늘의 이슈"
          issueHref={`/issues/${ISSUE}`}
          resultHref={(id) => `/r/${id}`}
        />
      </StrictMode>,
    );
    await until(() => FakeSocket.all.some((s) => s.readyState !== FakeSocket.CLOSED));
    await new Promise((res) => setTimeout(res, 30));
    const live = FakeSocket.all.filter((s) => s.readyState !== FakeSocket.CLOSED);
    assert.equal(live.length, 1, `one live socket (${FakeSocket.all.length} opened)`);
    act(() => live[0]!.open());
    act(() =>
      live[0]!.receive({ type: 'joined', issueId: ISSUE, userId: 'u-me', username: '익명 수달', onlineCount: 2 }),
    );
    assert.match(
      screen.getByTestId('presence').textContent!,
      /지금 2명 접속 중/,
      'the live socket is the one the screen shows',
    );
    view.unmount();
    assert.ok(
      FakeSocket.all.every((s) => s.readyState === FakeSocket.CLOSED),
      'nothing left open',
    );
  } finally {
    globalThis.WebSocket = realWs;
  }
});
