import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import { WebSocketServer } from 'ws';
import { ChatClient } from '../bench/lib/chat-client.js';

/** A loopback "server" that answers `ping` with 2,000 reaction updates and then a pong. */
async function floodServer(t: test.TestContext): Promise<string> {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise<void>((resolve) => wss.once('listening', () => resolve()));
  wss.on('connection', (socket) => {
    socket.on('message', () => {
      for (let i = 0; i < 2000; i++)
        socket.send(
          JSON.stringify({ type: 'reaction.updated', messageId: String(i % 2), count: i, isReactedByMe: false }),
        );
      socket.send(JSON.stringify({ type: 'pong' }));
    });
  });
  t.after(() => {
    for (const socket of wss.clients) socket.terminate();
    return new Promise<void>((resolve) => wss.close(() => resolve()));
  });
  return `http://127.0.0.1:${(wss.address() as AddressInfo).port}`;
}

test('the chat client keeps only the frames its user asks for; a waiting next still gets the rest', async (t) => {
  const url = await floodServer(t);
  const client = await ChatClient.connect(url, 'room');
  t.after(() => client.terminate());
  let seen = 0;
  client.onFrame = () => seen++;
  client.keep = (f) => f.type === 'reaction.updated' && f.messageId === '1';
  const pong = client.nextOf('pong');
  client.send({ type: 'ping' });
  await pong;
  assert.equal(seen, 2001, 'every frame reached onFrame');
  const kept = client.received('reaction.updated');
  assert.equal(kept.length, 1000, 'only the updates of message 1 stayed');
  assert.ok(kept.every((f) => f.messageId === '1'));
  await assert.rejects(
    client.nextOf('reaction.updated', (f) => f.messageId === '0', 50),
    /no matching frame/,
    'the others are not held for a later next',
  );
});

test('by default every frame is kept, as the route tests expect', async (t) => {
  const url = await floodServer(t);
  const client = await ChatClient.connect(url, 'room');
  t.after(() => client.terminate());
  const pong = client.nextOf('pong');
  client.send({ type: 'ping' });
  await pong;
  assert.equal(client.received('reaction.updated').length, 2000);
  assert.equal((await client.nextOf('reaction.updated')).count, 0, 'unread frames are handed out in order');
});
