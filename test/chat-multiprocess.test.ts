import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadConfig, openDb } from '@olala/core';
import { freshDatabaseEnv } from '@olala/testing';
import { ChatClient } from '../bench/lib/chat-client.js';
import { createRoom, createUsers } from '../bench/lib/chat-fixtures.js';
import { spawnServer } from '../bench/lib/chat-server.js';

test('two `olala serve` processes on one PostgreSQL: messages, reactions and presence cross processes; a forced reconnect loses and duplicates nothing', async (t) => {
  const env = await freshDatabaseEnv(t, 'postgres');
  // The first server migrates; the second starts on the migrated database.
  const one = await spawnServer(env);
  t.after(() => one.stop());
  const two = await spawnServer(env);
  t.after(() => two.stop());

  const db = await openDb(loadConfig(env), { command: 'test fixtures', migrate: false });
  t.after(() => db.close());
  const issueId = await createRoom(db);
  const users = await createUsers(db, 3);
  const [alice, bob, carol] = [users[0]!, users[1]!, users[2]!];

  const a = (await ChatClient.join(one.url, issueId, alice.token)).client;
  t.after(() => a.close());
  const b = (await ChatClient.join(two.url, issueId, bob.token)).client;
  t.after(() => b.close());
  // Presence counts users on both processes.
  await a.nextOf('presence', (f) => f.onlineCount === 2, 10_000);
  await b.nextOf('presence', (f) => f.onlineCount === 2, 10_000);

  a.send({ type: 'message.create', content: '1번 서버에서 보냅니다', clientId: 'mp-1' });
  const ack = await a.nextOf('message.ack');
  const onTwo = await b.nextOf('message.created', (f) => f.clientId === 'mp-1', 10_000);
  assert.equal(onTwo.message.id, ack.serverId);
  assert.equal(onTwo.message.content, '1번 서버에서 보냅니다');
  assert.equal(onTwo.message.isMine, false);

  b.send({ type: 'reaction.toggle', messageId: ack.serverId });
  const ra = await a.nextOf('reaction.updated', () => true, 10_000);
  assert.deepEqual([ra.count, ra.isReactedByMe], [1, false]);
  const rb = await b.nextOf('reaction.updated', () => true, 10_000);
  assert.deepEqual([rb.count, rb.isReactedByMe], [1, true]);

  // Bob's connection drops mid-conversation; he reconnects to the other process and resends
  // what he had not seen acked. Alice sends while he is away: history fills the gap.
  b.send({ type: 'message.create', content: '끊기기 직전 메시지', clientId: 'mp-2' });
  await b.nextOf('message.ack', (f) => f.clientId === 'mp-2');
  b.terminate();
  a.send({ type: 'message.create', content: '그 사이에 보낸 메시지', clientId: 'mp-3' });
  await a.nextOf('message.ack', (f) => f.clientId === 'mp-3');

  const b2 = (await ChatClient.join(one.url, issueId, bob.token)).client;
  t.after(() => b2.close());
  b2.send({ type: 'message.create', content: '끊기기 직전 메시지', clientId: 'mp-2' });
  const resent = await b2.nextOf('message.ack', (f) => f.clientId === 'mp-2');
  assert.equal(resent.status, 'duplicate');

  const c = (await ChatClient.join(two.url, issueId, carol.token)).client;
  t.after(() => c.close());
  await a.nextOf('presence', (f) => f.onlineCount === 3, 10_000);
  c.send({ type: 'message.create', content: '2번 서버의 새 참가자', clientId: 'mp-4' });
  await a.nextOf('message.created', (f) => f.clientId === 'mp-4', 10_000);
  await b2.nextOf('message.created', (f) => f.clientId === 'mp-4', 10_000);

  const history = await fetch(`${two.url}/v1/chat/messages/${issueId}`);
  const messages = (await history.json()) as { content: string }[];
  assert.deepEqual(
    messages.map((m) => m.content),
    ['1번 서버에서 보냅니다', '끊기기 직전 메시지', '그 사이에 보낸 메시지', '2번 서버의 새 참가자'],
  );

  // A process that stops takes its people out of the count on the other one.
  await two.stop();
  assert.equal((await c.closed).code, 1001);
  await a.nextOf('presence', (f) => f.onlineCount === 2, 10_000);
});
