import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CHAT_CLOSE } from '@olala/contract';
import { ChatClient } from '../../../../bench/lib/chat-client.js';
import { joined, room, type LogLine } from '../chat-harness.js';
import { IDENTITY_RATE_LIMIT } from '../../src/routes/v1/identity.js';

// Who may be in the chat: the predecessor app's guests, the bot's reserved name, and control characters in frames.

test('pglite: the bot name 올라 and its look-alikes cannot be taken as a nickname', async (t) => {
  const { app, users } = await room(t, 'pglite', 1);
  const patch = (nickname: string) =>
    app.inject({
      method: 'PATCH',
      url: '/v1/me',
      headers: { authorization: `Bearer ${users[0]!.token}` },
      payload: { nickname },
    });
  for (const nickname of ['올라', ' 올 라 ', '올\u200b라', 'ｏｌａｌａ', 'OLaLA', 'olala', '@올라', '올\u3000라']) {
    const res = await patch(nickname);
    assert.equal(res.statusCode, 400, `${JSON.stringify(nickname)}: ${res.body}`);
    assert.match(res.json().message, /올라|보이지 않는/);
  }
  for (const nickname of ['올라가자', '올리브']) assert.equal((await patch(nickname)).statusCode, 200, nickname);
});

test("pglite: the predecessor app's join (userId, nickname, no token) gets a guest identity and can chat", async (t) => {
  const { app, url, issueId, users } = await room(t, 'pglite', 1);
  const newApp = await joined(t, url, issueId, users[0]!.token);

  // The old app's frames exactly as it sends them.
  const old = await ChatClient.connect(url, issueId);
  t.after(() => old.close());
  old.send({ type: 'join', userId: 'user_1712345678901', nickname: '홍길동' });
  const joinedFrame = await old.nextOf('joined');
  assert.notEqual(joinedFrame.userId, 'user_1712345678901', 'the client’s userId is never trusted');
  assert.match(joinedFrame.userId, /^[0-9a-f-]{36}$/);
  assert.equal(joinedFrame.username, '홍길동', 'a nickname that passes the rules is kept');
  await newApp.nextOf('presence', (p) => p.onlineCount === 2);

  old.send({
    type: 'message.create',
    content: '예전 앱에서 보냅니다',
    userId: 'user_1712345678901',
    nickname: '다른이름',
    clientId: 'old-1',
  });
  const ack = await old.nextOf('message.ack');
  assert.equal(ack.status, 'sent');
  assert.equal(ack.message.userId, joinedFrame.userId);
  assert.equal(ack.message.username, '홍길동');
  const created = await newApp.nextOf('message.created', (m) => m.clientId === 'old-1');
  assert.equal(created.message.content, '예전 앱에서 보냅니다');
  assert.equal(created.message.userId, joinedFrame.userId);
  assert.equal((await old.nextOf('message.created')).message.isMine, true);

  old.send({ type: 'reaction.toggle', messageId: ack.serverId, userId: 'user_1712345678901' });
  assert.equal((await newApp.nextOf('reaction.updated')).count, 1);
  assert.equal((await old.nextOf('reaction.updated')).isReactedByMe, true);

  // A nickname that breaks the rules (the bot's, a control character) gets a random one instead.
  for (const nickname of ['올라', '손\u0000님']) {
    const guest = await ChatClient.connect(url, issueId);
    t.after(() => guest.close());
    guest.send({ type: 'join', userId: 'x', nickname });
    const frame = await guest.nextOf('joined');
    assert.notEqual(frame.username, nickname);
    assert.match(frame.username, / [0-9]{4}$/);
  }
  const { rows } = await app.db.query<{ n: number }>("SELECT count(*)::int AS n FROM users WHERE kind = 'anonymous'");
  assert.equal(rows[0]?.n, 4);
});

test('pglite: guest identities are rate-limited per client address like POST /v1/identity/anonymous', async (t) => {
  const { url, issueId } = await room(t, 'pglite', 0);
  for (let i = 0; i < IDENTITY_RATE_LIMIT.max; i++) {
    const guest = await ChatClient.connect(url, issueId);
    guest.send({ type: 'join', nickname: `손님 ${i}` });
    await guest.nextOf('joined');
    guest.close();
  }
  const over = await ChatClient.connect(url, issueId);
  over.send({ type: 'join', nickname: '한 명 더' });
  const refused = await over.nextOf('error');
  assert.equal(refused.code, 'RATE_LIMITED');
  assert.match(refused.message, /익명 사용자/);
  assert.equal((await over.closed).code, CHAT_CLOSE.tooManyGuests);
});

test('pglite: control characters in frames never reach PostgreSQL (NUL in content, clientId, report reason)', async (t) => {
  const logs: LogLine[] = [];
  const { app, url, issueId, users } = await room(t, 'pglite', 1, logs);
  const c = await joined(t, url, issueId, users[0]!.token);
  c.send({ type: 'message.create', content: '안\u0000녕\u0007하세요', clientId: 'nul-content' });
  const ack = await c.nextOf('message.ack');
  assert.equal(ack.message.content, '안녕하세요');
  c.send({ type: 'message.create', content: '보이지 않는 clientId', clientId: 'nul\u0000id' });
  const bad = await c.nextOf('error');
  assert.equal(bad.code, 'BAD_FRAME');
  assert.match(bad.message, /clientId/);

  const report = await app.inject({
    method: 'POST',
    url: `/v1/chat/messages/${ack.serverId}/report`,
    headers: { authorization: `Bearer ${users[0]!.token}` },
    payload: { reason: '광\u0000고' },
  });
  assert.equal(report.statusCode, 204, report.body);
  const { rows } = await app.db.query<{ reason: string }>('SELECT reason FROM chat_reports WHERE message_id = $1', [
    ack.serverId,
  ]);
  assert.deepEqual(rows, [{ reason: '광고' }]);
  assert.deepEqual(
    logs.filter((l) => l.level >= 50).map((l) => JSON.stringify(l)),
    [],
  );
});
