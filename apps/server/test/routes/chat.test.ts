import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CHAT_CLOSE, CHAT_LIMITS, type ChatMessage } from '@olala/contract';
import { BACKENDS, freshDatabaseEnv } from '@olala/testing';
import { ChatClient } from '../../../../bench/lib/chat-client.js';
import { createRoom, createUsers, makeAdmin } from '../../../../bench/lib/chat-fixtures.js';
import { joined, room, serve } from '../chat-harness.js';

for (const backend of BACKENDS) {
  test(`${backend}: join, send, ack to the sender, broadcast with per-recipient isMine, reactions and presence`, async (t) => {
    const { app, url, issueId, users } = await room(t, backend);
    const [alice, bob] = users as [(typeof users)[0], (typeof users)[0]];
    const a = await joined(t, url, issueId, alice.token);
    const b = await joined(t, url, issueId, bob.token);
    const both = await a.nextOf('presence', (f) => f.onlineCount === 2);
    assert.equal(both.participantCount, 2, 'presence carries the live participant count too');

    // The predecessor's join shape (userId, nickname) and a wrapped frame are accepted too.
    a.send({
      type: 'message.create',
      data: { content: '  오늘 발표 사실인가요?  ', clientId: 'c-1', userId: 'ignored', nickname: 'ignored' },
    });
    const ack = await a.nextOf('message.ack');
    assert.equal(ack.clientId, 'c-1');
    assert.equal(ack.status, 'sent');
    assert.match(ack.serverId, /^[0-9]+$/);
    assert.equal(ack.message.content, '오늘 발표 사실인가요?');
    assert.equal(ack.message.username, alice.nickname);

    const forA = await a.nextOf('message.created');
    const forB = await b.nextOf('message.created');
    assert.equal(forA.clientId, 'c-1');
    assert.equal(forA.message.id, ack.serverId);
    assert.equal(forA.message.isMine, true);
    assert.equal(forB.message.isMine, false);
    assert.equal(forB.message.userId, alice.userId);
    assert.equal(forB.message.kind, 'text');
    assert.equal(b.received('message.ack').length, 0, 'acks go to the sender only');

    b.send({ type: 'reaction.toggle', messageId: ack.serverId });
    const ra = await a.nextOf('reaction.updated');
    const rb = await b.nextOf('reaction.updated');
    assert.deepEqual(ra, { type: 'reaction.updated', messageId: ack.serverId, count: 1, isReactedByMe: false });
    assert.deepEqual(rb, { type: 'reaction.updated', messageId: ack.serverId, count: 1, isReactedByMe: true });
    b.send({ type: 'reaction.toggle', messageId: ack.serverId });
    assert.equal((await b.nextOf('reaction.updated')).count, 0);

    b.send({ type: 'reaction.toggle', messageId: '999999' });
    assert.equal((await b.nextOf('error')).code, 'NOT_FOUND');

    // History over REST: the viewer's own flags.
    const history = await app.inject({
      url: `/v1/chat/messages/${issueId}`,
      headers: { authorization: `Bearer ${alice.token}` },
    });
    assert.equal(history.statusCode, 200);
    const messages = history.json<ChatMessage[]>();
    assert.equal(messages.length, 1);
    assert.equal(messages[0]!.isMine, true);
    assert.equal(messages[0]!.reactionCount, 0);

    // Joining counts the user among the issue's participants.
    const { rows } = await app.db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM issue_participants WHERE issue_id = $1',
      [issueId],
    );
    assert.equal(rows[0]?.n, 2);

    b.close();
    await b.closed;
    assert.equal((await a.nextOf('presence', (f) => f.onlineCount === 1)).onlineCount, 1);
  });

  test(`${backend}: a resend with the same clientId after a reconnect is one message, acked again`, async (t) => {
    const { app, url, issueId, users } = await room(t, backend, 1);
    const first = await joined(t, url, issueId, users[0]!.token);
    first.send({ type: 'message.create', content: '재전송 시험', clientId: 'resend-1' });
    const ack1 = await first.nextOf('message.ack');
    // Once the broadcast has come back, nothing about the first send is still in flight.
    await first.nextOf('message.created');
    first.terminate();
    await first.closed;

    const second = await joined(t, url, issueId, users[0]!.token);
    second.send({ type: 'message.create', content: '재전송 시험', clientId: 'resend-1' });
    const ack2 = await second.nextOf('message.ack');
    assert.equal(ack2.status, 'duplicate');
    assert.equal(ack2.serverId, ack1.serverId);
    second.send({ type: 'message.create', content: '다음 메시지', clientId: 'resend-2' });
    await second.nextOf('message.ack', (f) => f.clientId === 'resend-2');
    // The duplicate was not broadcast again: the only created frame is the new message.
    const created = await second.nextOf('message.created');
    assert.equal(created.clientId, 'resend-2');
    const { rows } = await app.db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM chat_messages WHERE issue_id = $1',
      [issueId],
    );
    assert.equal(rows[0]?.n, 2);
  });

  test(`${backend}: history survives a restart (a new app instance on the same database), paged with before`, async (t) => {
    const env = await freshDatabaseEnv(t, backend);
    const first = await serve(t, env);
    const issueId = await createRoom(first.app.db);
    const [user] = await createUsers(first.app.db, 1);
    const client = await joined(t, first.url, issueId, user!.token);
    for (let i = 1; i <= 5; i++) {
      client.send({ type: 'message.create', content: `메시지 ${i}`, clientId: `h-${i}` });
      await client.nextOf('message.ack');
    }
    client.close();
    await client.closed;
    await first.app.close();

    const second = await serve(t, env);
    const all = await second.app.inject({ url: `/v1/chat/messages/${issueId}` });
    assert.equal(all.statusCode, 200);
    assert.deepEqual(
      all.json<ChatMessage[]>().map((m) => m.content),
      ['메시지 1', '메시지 2', '메시지 3', '메시지 4', '메시지 5'],
    );
    const page = await second.app.inject({ url: `/v1/chat/messages/${issueId}?limit=2` });
    const latest = page.json<ChatMessage[]>();
    assert.deepEqual(
      latest.map((m) => m.content),
      ['메시지 4', '메시지 5'],
    );
    const older = await second.app.inject({ url: `/v1/chat/messages/${issueId}?limit=2&before=${latest[0]!.id}` });
    assert.deepEqual(
      older.json<ChatMessage[]>().map((m) => m.content),
      ['메시지 2', '메시지 3'],
    );
    const tooMany = await second.app.inject({ url: `/v1/chat/messages/${issueId}?limit=201` });
    assert.equal(tooMany.statusCode, 400);
  });
}

test('pglite: rate limit, length limit, empty messages and the profanity mask', async (t) => {
  const { url, issueId, users } = await room(t, 'pglite', 1);
  const c = await joined(t, url, issueId, users[0]!.token);

  c.send({ type: 'message.create', content: '가'.repeat(CHAT_LIMITS.maxLength + 1), clientId: 'long' });
  const long = await c.nextOf('error');
  assert.equal(long.code, 'TOO_LONG');
  assert.equal(long.clientId, 'long');
  assert.match(long.message, /500자/);
  c.send({ type: 'message.create', content: '가'.repeat(CHAT_LIMITS.maxLength), clientId: 'exactly-max' });
  assert.equal((await c.nextOf('message.ack')).clientId, 'exactly-max');
  c.send({ type: 'message.create', content: ' \u200b ', clientId: 'blank' });
  assert.equal((await c.nextOf('error')).code, 'EMPTY');

  c.send({ type: 'message.create', content: '이 씨발놈아 시발점은 어디야', clientId: 'rude' });
  const rude = await c.nextOf('message.ack');
  assert.equal(rude.message.content, '이 ***아 시발점은 어디야', 'masked, the ordinary word 시발점 left alone');

  // 2 stored so far; the limit is 10 per 10 seconds.
  for (let i = 3; i <= CHAT_LIMITS.rateCount; i++) {
    c.send({ type: 'message.create', content: `빠른 메시지 ${i}`, clientId: `fast-${i}` });
    assert.equal((await c.nextOf('message.ack')).status, 'sent');
  }
  c.send({ type: 'message.create', content: '하나 더', clientId: 'over' });
  const limited = await c.nextOf('error');
  assert.equal(limited.code, 'RATE_LIMITED');
  assert.equal(limited.clientId, 'over');
  // A resend of a stored message is not a new message: still acked while limited.
  c.send({ type: 'message.create', content: '빠른 메시지 3', clientId: 'fast-3' });
  assert.equal((await c.nextOf('message.ack')).status, 'duplicate');
});

test('pglite: join needs a valid token and a published issue; frames before join close the socket', async (t) => {
  const { url, issueId, users } = await room(t, 'pglite', 1);

  // A token that is sent must be valid (a join without one is a guest: see the predecessor's test).
  const emptyToken = await ChatClient.connect(url, issueId);
  emptyToken.send({ type: 'join', token: '' });
  assert.equal((await emptyToken.nextOf('error')).code, 'UNAUTHORIZED');
  assert.equal((await emptyToken.closed).code, CHAT_CLOSE.unauthorized);

  const badToken = await ChatClient.connect(url, issueId);
  badToken.send({ type: 'join', token: 'not-a-token' });
  assert.equal((await badToken.closed).code, CHAT_CLOSE.unauthorized);

  const unknownRoom = await ChatClient.connect(url, '00000000-0000-4000-8000-000000000000');
  unknownRoom.send({ type: 'join', token: users[0]!.token });
  const notFound = await unknownRoom.nextOf('error');
  assert.equal(notFound.code, 'NOT_FOUND');
  assert.match(notFound.message, /채팅방/);
  assert.equal((await unknownRoom.closed).code, CHAT_CLOSE.notFound);

  const early = await ChatClient.connect(url, issueId);
  early.send({ type: 'message.create', content: '안녕', clientId: 'x' });
  assert.equal((await early.closed).code, CHAT_CLOSE.badRequest);

  const garbage = await ChatClient.connect(url, issueId);
  garbage.socket.send('not json');
  assert.equal((await garbage.closed).code, CHAT_CLOSE.badRequest);

  // Application-level ping for browsers, which cannot send WebSocket pings.
  const ok = await joined(t, url, issueId, users[0]!.token);
  ok.send({ type: 'ping' });
  assert.equal((await ok.nextOf('pong')).type, 'pong');
  ok.send({ type: 'what' });
  assert.equal((await ok.nextOf('error')).code, 'BAD_FRAME');
});

test('pglite: sockets beyond the per-process bound are closed with 1013; shutdown closes with 1001', async (t) => {
  const { app, url, issueId, users } = await room(t, 'pglite', 1);
  app.chat.maxSockets = 1;
  const first = await joined(t, url, issueId, users[0]!.token);
  const second = await ChatClient.connect(url, issueId);
  assert.equal((await second.closed).code, CHAT_CLOSE.tryAgainLater);
  await app.close();
  assert.equal((await first.closed).code, CHAT_CLOSE.goingAway);
});

test('pglite: admin hide removes a message for everyone; reports are stored; only admins may hide', async (t) => {
  const { app, url, issueId, users } = await room(t, 'pglite', 3);
  const [author, reader, admin] = users as [(typeof users)[0], (typeof users)[0], (typeof users)[0]];
  await makeAdmin(app.db, admin.userId);
  const a = await joined(t, url, issueId, author.token);
  const r = await joined(t, url, issueId, reader.token);
  a.send({ type: 'message.create', content: '광고 링크입니다', clientId: 'spam' });
  const { serverId } = await a.nextOf('message.ack');

  const report = await app.inject({
    method: 'POST',
    url: `/v1/chat/messages/${serverId}/report`,
    headers: { authorization: `Bearer ${reader.token}` },
    payload: { reason: '광고' },
  });
  assert.equal(report.statusCode, 204);
  const again = await app.inject({
    method: 'POST',
    url: `/v1/chat/messages/${serverId}/report`,
    headers: { authorization: `Bearer ${reader.token}` },
    payload: { reason: '스팸' },
  });
  assert.equal(again.statusCode, 204);
  const { rows } = await app.db.query<{ reason: string }>('SELECT reason FROM chat_reports WHERE message_id = $1', [
    serverId,
  ]);
  assert.deepEqual(rows, [{ reason: '스팸' }]);
  const missing = await app.inject({
    method: 'POST',
    url: '/v1/chat/messages/99999/report',
    headers: { authorization: `Bearer ${reader.token}` },
  });
  assert.equal(missing.statusCode, 404);

  const notAdmin = await app.inject({
    method: 'POST',
    url: `/v1/admin/chat/messages/${serverId}/hide`,
    headers: { authorization: `Bearer ${reader.token}` },
  });
  assert.equal(notAdmin.statusCode, 403);
  const hidden = await app.inject({
    method: 'POST',
    url: `/v1/admin/chat/messages/${serverId}/hide`,
    headers: { authorization: `Bearer ${admin.token}` },
  });
  assert.equal(hidden.statusCode, 200);
  assert.deepEqual(hidden.json(), { id: serverId, hidden: true });
  assert.equal((await r.nextOf('message.hidden')).messageId, serverId);
  assert.equal((await a.nextOf('message.hidden')).messageId, serverId);

  const history = await app.inject({ url: `/v1/chat/messages/${issueId}` });
  assert.deepEqual(history.json(), []);
  r.send({ type: 'reaction.toggle', messageId: serverId });
  assert.equal((await r.nextOf('error')).code, 'NOT_FOUND');
  const unknown = await app.inject({
    method: 'POST',
    url: '/v1/admin/chat/messages/99999/hide',
    headers: { authorization: `Bearer ${admin.token}` },
  });
  assert.equal(unknown.statusCode, 404, unknown.body);
});

test('pglite: @올라 posts a fact-check card into the room (no-LLM mode); the 팩트체크 button posts one card per message', async (t) => {
  const { app, url, issueId, users } = await room(t, 'pglite', 2);
  const a = await joined(t, url, issueId, users[0]!.token);
  const b = await joined(t, url, issueId, users[1]!.token);

  a.send({ type: 'message.create', content: '@올라 대한민국의 수도는 서울이다', clientId: 'ask' });
  const { serverId } = await a.nextOf('message.ack');
  // The socket keeps working while the check runs.
  a.send({ type: 'ping' });
  await a.nextOf('pong');
  const card = await b.nextOf('message.created', (f) => f.message.kind === 'fact_check', 60_000);
  assert.equal(card.message.userId, 'olala');
  assert.equal(card.message.username, '올라');
  assert.equal(card.clientId, '');
  assert.equal(card.message.factCheck?.sourceMessageId, serverId);
  assert.match(card.message.factCheck?.analysis_id ?? '', /^[0-9a-f-]{36}$/);
  assert.match(card.message.content, /^팩트체크 결과: /);
  const stored = await app.inject({ url: `/v1/analyses/${card.message.factCheck!.analysis_id}` });
  assert.equal(stored.statusCode, 200, 'the card points at a stored analysis');

  // The button on the same message returns the same card rather than running again.
  const button = await app.inject({
    method: 'POST',
    url: `/v1/chat/messages/${serverId}/fact-check`,
    headers: { authorization: `Bearer ${users[1]!.token}` },
  });
  assert.equal(button.statusCode, 200);
  assert.equal(button.json().status, 'exists');
  assert.equal(button.json().message.id, card.message.id);

  // The button on a message without a mention runs a check and posts its card.
  b.send({ type: 'message.create', content: '오늘 비가 온다고 합니다', clientId: 'plain' });
  const plain = await b.nextOf('message.ack');
  const posted = await app.inject({
    method: 'POST',
    url: `/v1/chat/messages/${plain.serverId}/fact-check`,
    headers: { authorization: `Bearer ${users[0]!.token}` },
  });
  assert.equal(posted.statusCode, 200);
  assert.equal(posted.json().status, 'posted');
  assert.equal(posted.json().message.kind, 'fact_check');
  assert.equal(
    (await a.nextOf('message.created', (f) => f.message.factCheck?.sourceMessageId === plain.serverId, 60_000)).message
      .userId,
    'olala',
  );

  // A mention with nothing to check gets a note, not a card.
  a.send({ type: 'message.create', content: '@올라', clientId: 'empty-ask' });
  const note = await a.nextOf(
    'message.created',
    (f) => f.message.userId === 'olala' && f.message.kind === 'text',
    10_000,
  );
  assert.match(note.message.content, /주장을 함께 적어 주세요/);

  const noAuth = await app.inject({ method: 'POST', url: `/v1/chat/messages/${serverId}/fact-check` });
  assert.equal(noAuth.statusCode, 401);
  const missing = await app.inject({
    method: 'POST',
    url: '/v1/chat/messages/99999/fact-check',
    headers: { authorization: `Bearer ${users[0]!.token}` },
  });
  assert.equal(missing.statusCode, 404);
});

test('pglite: announcements that arrive out of id order (commit order) are all forwarded, each once', async (t) => {
  const { app, url, issueId, users } = await room(t, 'pglite', 1);
  const c = await joined(t, url, issueId, users[0]!.token);
  // Two rows whose NOTIFYs come in the opposite order of their ids, as concurrent inserts on two
  // connections can commit; then the first one announced again (a catch-up after a reconnect).
  const { rows } = await app.db.query<{ message_id: number }>(
    `INSERT INTO chat_messages (issue_id, user_id, client_id, content) VALUES ($1, $2, 'early', '먼저 번호를 받은 메시지'), ($1, $2, 'late', '나중 번호')
     RETURNING message_id`,
    [issueId, users[0]!.userId],
  );
  const [low, high] = rows.map((r) => String(r.message_id)) as [string, string];
  for (const id of [high, low, high]) {
    await app.db.query('SELECT pg_notify($1, $2)', ['olala_chat', JSON.stringify({ t: 'm', i: issueId, id })]);
  }
  assert.equal((await c.nextOf('message.created')).message.id, high);
  assert.equal((await c.nextOf('message.created')).message.id, low);
  c.send({ type: 'ping' });
  await c.nextOf('pong');
  assert.equal(c.received('message.created').length, 2);
});
