import assert from 'node:assert/strict';
import { EventEmitter, once } from 'node:events';
import { test } from 'node:test';
import { loadConfig, openDb } from '@olala/core';
import { BACKENDS, freshDb } from '@olala/testing';

/** Collects payloads and lets a test wait for the next one. */
function inbox() {
  const events = new EventEmitter();
  const got: string[] = [];
  return {
    got,
    push: (p: string) => {
      got.push(p);
      events.emit('payload', p);
    },
    next: async (timeoutMs = 5000) => {
      const [p] = (await once(events, 'payload', { signal: AbortSignal.timeout(timeoutMs) })) as [string];
      return p;
    },
  };
}

for (const backend of BACKENDS) {
  test(`${backend}: listen receives NOTIFY payloads, from inside a committed transaction too, and stops when asked`, async (t) => {
    const { db } = await freshDb(t, backend);
    const box = inbox();
    const stop = await db.listen('olala_probe', box.push);
    const first = box.next();
    await db.query('SELECT pg_notify($1, $2)', ['olala_probe', '{"id":1}']);
    assert.equal(await first, '{"id":1}');

    // A NOTIFY in a rolled-back transaction is never delivered; a committed one is.
    await assert.rejects(
      db.transaction(async (tx) => {
        await tx.query("SELECT pg_notify('olala_probe', 'rolled back')");
        throw new Error('boom');
      }),
      /boom/,
    );
    const second = box.next();
    await db.transaction((tx) => tx.query("SELECT pg_notify('olala_probe', '한글 payload')"));
    assert.equal(await second, '한글 payload');
    assert.deepEqual(box.got, ['{"id":1}', '한글 payload']);

    await stop();
    await db.query("SELECT pg_notify('olala_probe', 'after stop')");
    await new Promise((r) => setTimeout(r, 200));
    assert.deepEqual(box.got, ['{"id":1}', '한글 payload']);
  });

  test(`${backend}: a channel name that is not a plain identifier is refused`, async (t) => {
    const { db } = await freshDb(t, backend);
    await assert.rejects(
      db.listen('bad"; DROP TABLE users; --', () => {}),
      /unsafe SQL identifier/,
    );
  });
}

test('postgres: a NOTIFY from another process reaches the listener, and a dropped connection resumes', async (t) => {
  const { db, env } = await freshDb(t, 'postgres');
  const other = await openDb(loadConfig(env), { command: 'test other', migrate: false });
  t.after(() => other.close());
  const box = inbox();
  let resumed = 0;
  const resumedEvent = new EventEmitter();
  await db.listen('olala_probe', box.push, {
    onResume: () => {
      resumed++;
      resumedEvent.emit('resumed');
    },
  });
  const first = box.next();
  await other.query("SELECT pg_notify('olala_probe', 'from the other process')");
  assert.equal(await first, 'from the other process');

  // Kill the listening connection the way a server restart or a network cut would.
  const back = once(resumedEvent, 'resumed', { signal: AbortSignal.timeout(10_000) });
  const killed = await other.query<{ n: number }>(
    "SELECT count(pg_terminate_backend(pid))::int AS n FROM pg_stat_activity WHERE application_name LIKE 'listen %' AND datname = current_database()",
  );
  assert.equal(killed.rows[0]?.n, 1);
  await back;
  assert.equal(resumed, 1);
  const again = box.next();
  await other.query("SELECT pg_notify('olala_probe', 'after the reconnect')");
  assert.equal(await again, 'after the reconnect');
});
