import assert from 'node:assert/strict';
import { test, type TestContext } from 'node:test';
import { openPGlite, type PGliteOptions } from '../src/db/pglite.js';
import type { Db } from '../src/db/types.js';
import { tempDir } from '@olala/testing';

async function open(t: TestContext, options: Partial<PGliteOptions> = {}): Promise<Db> {
  const db = await openPGlite({ dataDir: options.dataDir ?? tempDir(t), command: 'test', ...options });
  t.after(() => db.close());
  return db;
}

/** A statement that keeps PGlite busy for a while (a few hundred ms here). */
const LONG = 'SELECT sum(length(md5(i::text)))::int AS n FROM generate_series(1, 400000) i';

test('values come back with the types of the in-process adapter', async (t) => {
  const db = await open(t);
  await db.exec(`CREATE TABLE probe (id int8, amount numeric, blob bytea, blobs bytea[], at timestamptz, doc jsonb,
    label text, ok boolean, tags int[], nothing text)`);
  const at = new Date('2026-12-05T09:00:00.123Z');
  const inserted = await db.query('INSERT INTO probe VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, NULL)', [
    9007199254740991,
    '12.5',
    Buffer.from([0, 1, 254, 255]),
    [Buffer.from([7]), Buffer.from([8, 9])],
    at,
    { 주장: '서울은 수도', n: [1, 2] },
    '대한민국',
    true,
    [3, 1, 2],
  ]);
  assert.equal(inserted.rowCount, 1);
  const { rows } = await db.query('SELECT * FROM probe');
  const row = rows[0]!;
  assert.equal(row.id, 9007199254740991);
  assert.equal(row.amount, 12.5);
  assert.ok(Buffer.isBuffer(row.blob), 'bytea is a Buffer');
  assert.deepEqual([...(row.blob as Buffer)], [0, 1, 254, 255]);
  assert.equal((row.blob as Buffer).toString('hex'), '0001feff', 'Buffer methods work on it');
  const blobs = row.blobs as Buffer[];
  assert.ok(blobs.every((b) => Buffer.isBuffer(b)));
  assert.deepEqual(
    blobs.map((b) => [...b]),
    [[7], [8, 9]],
  );
  assert.ok(row.at instanceof Date);
  assert.equal((row.at as Date).getTime(), at.getTime());
  assert.deepEqual(row.doc, { 주장: '서울은 수도', n: [1, 2] });
  assert.equal(row.label, '대한민국');
  assert.equal(row.ok, true);
  assert.deepEqual(row.tags, [3, 1, 2]);
  assert.equal(row.nothing, null);
});

test('a statement error keeps its fields (code, detail, constraint, position)', async (t) => {
  const db = await open(t);
  await db.exec('CREATE TABLE uniq (id int PRIMARY KEY)');
  await db.query('INSERT INTO uniq VALUES (1)');
  await assert.rejects(db.query('INSERT INTO uniq VALUES (1)'), (err: Error & Record<string, unknown>) => {
    assert.equal(err.code, '23505');
    assert.equal(err.constraint, 'uniq_pkey');
    assert.equal(err.table, 'uniq');
    assert.match(String(err.detail), /\(id\)=\(1\) already exists/);
    assert.match(err.message, /duplicate key/);
    return true;
  });
  await assert.rejects(db.query('SELEC 1'), (err: Error & Record<string, unknown>) => {
    assert.equal(err.code, '42601');
    assert.equal(err.position, '1');
    return true;
  });
  await assert.rejects(db.exec('SELECT * FROM nowhere'), { code: '42P01' });
  // A parameter that cannot cross to the thread fails that call only.
  await assert.rejects(db.query('SELECT $1::text', [() => 1]));
  assert.deepEqual((await db.query('SELECT count(*)::int AS n FROM uniq')).rows, [{ n: 1 }]);
});

test('a transaction that fails leaves nothing, and statements outside it wait for its end', async (t) => {
  const db = await open(t);
  await db.exec('CREATE TABLE t (id int PRIMARY KEY)');
  await assert.rejects(
    db.transaction(async (tx) => {
      await tx.query('INSERT INTO t VALUES (1), (2)');
      await tx.query('INSERT INTO t VALUES (2)');
    }),
    { code: '23505' },
  );
  await assert.rejects(
    db.transaction(async (tx) => {
      await tx.query('INSERT INTO t VALUES (3)');
      throw new Error('boom');
    }),
    /boom/,
  );
  assert.deepEqual((await db.query('SELECT count(*)::int AS n FROM t')).rows, [{ n: 0 }]);

  let outside: Promise<unknown> | undefined;
  const order: string[] = [];
  const committed = await db.transaction(async (tx) => {
    await tx.query('INSERT INTO t VALUES (10)');
    outside = db.query<{ n: number }>('SELECT count(*)::int AS n FROM t').then((r) => {
      order.push('outside');
      return r.rows[0]!.n;
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    await tx.query('INSERT INTO t VALUES (11)');
    order.push('transaction');
    return 'done';
  });
  assert.equal(committed, 'done');
  assert.equal(await outside, 2, 'the outside statement saw the committed rows');
  assert.deepEqual(order, ['transaction', 'outside']);
});

test('copyIn: batches land once each; a view into a larger buffer is left intact', async (t) => {
  const db = await open(t);
  await db.exec('CREATE TABLE lines (id int, label text)');
  const big = Buffer.from('1,가\n2,나\n3,다\n');
  const firstTwo = big.subarray(0, big.indexOf('3,'));
  // A batch that is its whole buffer is handed over: it moves to the database thread, no copy.
  const whole = new TextEncoder().encode('4,라\n5,마\n');
  async function* batches() {
    yield firstTwo;
    yield new Uint8Array(0);
    yield whole;
  }
  await db.session((s) => s.copyIn({ table: 'lines', columns: ['id', 'label'], format: 'csv', batches: batches() }));
  assert.equal(big.toString(), '1,가\n2,나\n3,다\n', 'the larger buffer was copied from, not taken');
  assert.equal(whole.byteLength, 0, 'the whole batch moved');
  const { rows } = await db.query('SELECT id, label FROM lines ORDER BY id');
  assert.deepEqual(rows, [
    { id: 1, label: '가' },
    { id: 2, label: '나' },
    { id: 4, label: '라' },
    { id: 5, label: '마' },
  ]);

  // In a transaction that fails, the copied rows go with it.
  await assert.rejects(
    db.transaction(async (tx) => {
      await tx.copyIn({
        table: 'lines',
        columns: ['id', 'label'],
        format: 'csv',
        batches: (async function* () {
          yield Buffer.from('6,바\n');
        })(),
      });
      assert.equal((await tx.query('SELECT count(*)::int AS n FROM lines')).rows[0]!.n, 5);
      throw new Error('undo');
    }),
    /undo/,
  );
  assert.equal((await db.query('SELECT count(*)::int AS n FROM lines')).rows[0]!.n, 4);

  // A bad row fails the COPY with the statement's error.
  await assert.rejects(
    db.session((s) =>
      s.copyIn({
        table: 'lines',
        columns: ['id', 'label'],
        format: 'csv',
        batches: (async function* () {
          yield Buffer.from('x,y\n');
        })(),
      }),
    ),
    { code: '22P02' },
  );
});

test('listen: notifications reach every listener until it stops', async (t) => {
  const db = await open(t);
  const heard: string[] = [];
  const heardToo: string[] = [];
  const stop = await db.listen('news', (p) => heard.push(p));
  await db.listen('news', (p) => heardToo.push(p));
  await db.query("SELECT pg_notify('news', '첫 소식')");
  await db.transaction(async (tx) => {
    await tx.query("SELECT pg_notify('news', '둘째')");
  });
  await new Promise((resolve) => setImmediate(resolve));
  assert.deepEqual(heard, ['첫 소식', '둘째']);
  await stop();
  await db.query("SELECT pg_notify('news', '셋째')");
  await new Promise((resolve) => setImmediate(resolve));
  assert.deepEqual(heard, ['첫 소식', '둘째']);
  assert.deepEqual(heardToo, ['첫 소식', '둘째', '셋째']);
  await assert.rejects(
    db.listen('Bad-Channel', () => {}),
    /unsafe SQL identifier/,
  );
});

test("this thread's timers fire while a long statement runs", async (t) => {
  const db = await open(t);
  let ticks = 0;
  const timer = setInterval(() => ticks++, 10);
  const started = performance.now();
  const { rows } = await db.query<{ n: number }>(LONG);
  const ms = performance.now() - started;
  clearInterval(timer);
  assert.equal(rows[0]!.n, 400000 * 32);
  assert.ok(ms > 100, `the statement took ${ms.toFixed(0)} ms, too short to tell`);
  // In-process, no timer fires until the statement returns (0 ticks); here most of them do.
  assert.ok(ticks >= Math.floor(ms / 10 / 3), `${ticks} ticks in ${ms.toFixed(0)} ms`);
});

test('the thread running out of memory fails the calls under way and every later one, clearly', async (t) => {
  const db = await open(t, { resourceLimits: { maxOldGenerationSizeMb: 48, maxYoungGenerationSizeMb: 8 } });
  await db.query('SELECT 1');
  const huge = db.query("SELECT repeat('가', 2000) AS s FROM generate_series(1, 200000)");
  const queued = db.query('SELECT 2');
  await assert.rejects(huge, /the database thread (failed|stopped)/);
  await assert.rejects(queued, /the database thread (failed|stopped)/);
  await assert.rejects(db.query('SELECT 3'), /the database thread (failed|stopped).*restart the process/);
  await assert.rejects(
    db.transaction(async () => {}),
    /the database thread/,
  );
  await db.close();
});

test('close waits for the work under way, then the folder opens again with its rows', async (t) => {
  const dataDir = tempDir(t);
  const db = await open(t, { dataDir });
  await db.exec('CREATE TABLE kept (id int)');
  await db.query('INSERT INTO kept VALUES (1)');
  const running = db.query<{ n: number }>(LONG);
  const closed = db.close();
  await assert.rejects(db.query('SELECT 1'), /the database is closed/);
  assert.equal((await running).rows[0]!.n, 400000 * 32);
  await closed;
  await assert.rejects(db.query('SELECT 1'), /the database is closed/);
  await db.close();

  const again = await open(t, { dataDir });
  assert.deepEqual((await again.query('SELECT id FROM kept')).rows, [{ id: 1 }]);
  await again.close();
});
