import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CHAT_LIMITS } from '@olala/contract';
import { BACKENDS, freshDatabaseEnv } from '@olala/testing';
import { createRoom, createUsers } from '../../../../bench/lib/chat-fixtures.js';
import { joined, room, serve, settled, type LogLine } from '../chat-harness.js';

// Chat under abuse: the reaction budget, coalesced reaction broadcasts, and what a client's mistakes log.

for (const backend of BACKENDS) {
  test(`${backend}: reactions have a per-user budget counted in the database (on postgres across two app instances)`, async (t) => {
    const env = await freshDatabaseEnv(t, backend);
    const one = await serve(t, env);
    // PGlite belongs to one process; on PostgreSQL a second app instance shares the budget.
    const two = backend === 'postgres' ? await serve(t, env) : one;
    const issueId = await createRoom(one.app.db);
    const [author, fan] = await createUsers(one.app.db, 2);
    const a = await joined(t, one.url, issueId, author!.token);
    a.send({ type: 'message.create', content: '반응 예산 시험', clientId: 'target' });
    const { serverId } = await a.nextOf('message.ack');
    const onOne = await joined(t, one.url, issueId, fan!.token);
    const onTwo = await joined(t, two.url, issueId, fan!.token);

    const budget = CHAT_LIMITS.reactionRateCount;
    const half = Math.floor(budget / 2);
    for (let i = 0; i < half; i++) onOne.send({ type: 'reaction.toggle', messageId: serverId, userId: 'ignored' });
    await settled(onOne);
    for (let i = half; i < budget; i++) onTwo.send({ type: 'reaction.toggle', messageId: serverId });
    await settled(onTwo);
    assert.deepEqual(
      [...onOne.received('error'), ...onTwo.received('error')],
      [],
      'every toggle within the budget is applied',
    );
    const before = await one.app.db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM chat_reactions WHERE message_id = $1',
      [serverId],
    );

    onOne.send({ type: 'reaction.toggle', messageId: serverId });
    const refused = await onOne.nextOf('error');
    assert.equal(refused.code, 'RATE_LIMITED');
    assert.match(refused.message, /반응/);
    const after = await one.app.db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM chat_reactions WHERE message_id = $1',
      [serverId],
    );
    assert.deepEqual(after.rows, before.rows, 'the refused toggle was not applied');

    // Another user's budget is their own.
    a.send({ type: 'reaction.toggle', messageId: serverId });
    await settled(a);
    assert.deepEqual(a.received('error'), []);
  });
}

test('pglite: a burst of reaction toggles is broadcast as far fewer reaction.updated frames, with the final count', async (t) => {
  const { app, url, issueId, users } = await room(t, 'pglite', 3);
  // A wide window so that the burst surely falls into it on a busy machine.
  app.chat.reactionWindowMs = 500;
  const [author, fan, other] = users as [(typeof users)[0], (typeof users)[0], (typeof users)[0]];
  const a = await joined(t, url, issueId, author.token);
  a.send({ type: 'message.create', content: '반응 묶음 시험', clientId: 'burst' });
  const target = (await a.nextOf('message.ack')).serverId;
  a.send({ type: 'message.create', content: '표지 메시지', clientId: 'sentinel' });
  const sentinel = (await a.nextOf('message.ack')).serverId;
  const f = await joined(t, url, issueId, fan.token);
  const o = await joined(t, url, issueId, other.token);

  const toggles = 9;
  for (let i = 0; i < toggles; i++) f.send({ type: 'reaction.toggle', messageId: target });
  await settled(f);
  // Announced after the burst, so its update comes after the burst's last one.
  o.send({ type: 'reaction.toggle', messageId: sentinel });
  await a.nextOf('reaction.updated', (u) => u.messageId === sentinel, 10_000);

  const seen = a.received('reaction.updated').filter((u) => u.messageId === target);
  assert.ok(seen.length >= 1 && seen.length <= 3, `${seen.length} updates for ${toggles} toggles`);
  assert.deepEqual(seen.at(-1), { type: 'reaction.updated', messageId: target, count: 1, isReactedByMe: false });
  const mine = f.received('reaction.updated').filter((u) => u.messageId === target);
  assert.equal(mine.at(-1)?.isReactedByMe, true, 'the fan sees their own reaction');
  const { rows } = await app.db.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM chat_reactions WHERE message_id = $1',
    [target],
  );
  assert.equal(rows[0]?.n, 1);
});

test('pglite: client mistakes (oversize frame, bad JSON, unknown type, invalid frame) log once at info/warn, without stacks', async (t) => {
  const logs: LogLine[] = [];
  const { url, issueId, users } = await room(t, 'pglite', 1, logs);
  const c = await joined(t, url, issueId, users[0]!.token);
  c.socket.send('{not json');
  c.socket.send('{not json either');
  c.send({ type: 'no.such.type' });
  c.send({ type: 'message.create', content: 'clientId가 없음' });
  await settled(c);
  c.socket.send(JSON.stringify({ type: 'message.create', content: '가'.repeat(17 * 1024), clientId: 'big' }));
  assert.equal((await c.closed).code, 1009);
  // The close is logged after the socket's error: wait for that line.
  for (let i = 0; i < 100 && !logs.some((l) => /payload/i.test(JSON.stringify(l))); i++)
    await new Promise((r) => setTimeout(r, 20));

  const text = (l: LogLine) => JSON.stringify(l);
  assert.deepEqual(logs.filter((l) => l.level >= 50).map(text), [], 'nothing a client does is an error of ours');
  assert.deepEqual(logs.filter((l) => /"stack"|\\n\s+at /.test(text(l))).map(text), [], 'no stacks');
  assert.equal(logs.filter((l) => /Max payload size exceeded/.test(text(l))).length, 1, 'the oversize frame: one line');
  assert.equal(
    logs.filter((l) => /not json|JSON/.test(text(l)) && l.msg !== 'request completed').length,
    1,
    'bad JSON: one line per socket',
  );
  assert.equal(logs.filter((l) => /no\.such\.type/.test(text(l))).length, 1, 'unknown type: one line');
  assert.equal(logs.filter((l) => /clientId/.test(text(l))).length, 1, 'invalid frame: one line');
});
