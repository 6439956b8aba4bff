import assert from 'node:assert/strict';
import { test, type TestContext } from 'node:test';
import { ConfigError, loadConfig, type Db } from '@olala/core';
import { closeReadDb, hasReplica, isReplicaUnavailable, openReadDb, replicaReadiness } from '../src/db/read-replica.js';
import { reindexLexical } from '../src/search/lexical-index.js';
import { getWikiPage } from '../src/search/wiki-page.js';
import { searchWiki } from '../src/search/wiki-search.js';
import { BACKENDS, freshDb } from '@olala/testing';
import { closedPortUrl } from '@olala/testing/loopback';

/** A small wiki with one page whose title names where it lives, so a search shows which database answered. */
async function seedWiki(db: Db, title: string): Promise<void> {
  const pages = [
    [title, '등대섬 등대는 바닷가 절벽 위에 서 있는 하얀 등대이다.'],
    ['사과', '사과는 사과나무의 열매로 가을에 수확한다.'],
    ['한라산', '한라산은 제주도 한가운데에 있는 화산이다.'],
    ['김치', '김치는 배추와 무를 소금에 절여 양념한 음식이다.'],
  ];
  for (const [i, [pageTitle, content]] of pages.entries()) {
    await db.query('INSERT INTO wiki_pages (page_id, title) VALUES ($1, $2)', [i + 1, pageTitle]);
    await db.query(
      "INSERT INTO wiki_chunks (chunk_id, page_id, chunk_idx, content, content_hash) VALUES ($1, $1, 0, $2, 'h')",
      [i + 1, content],
    );
  }
  await reindexLexical(db);
}

/** A primary and a "replica" (a second database on the test server) with different wikis. */
async function primaryAndReplica(t: TestContext, readUrl?: string) {
  const primary = await freshDb(t, 'postgres');
  const replica = await freshDb(t, 'postgres');
  await seedWiki(primary.db, '주 서버');
  await seedWiki(replica.db, '복제 서버');
  const warnings: string[] = [];
  const config = loadConfig({ ...primary.env, DATABASE_READ_URL: readUrl ?? replica.env.DATABASE_URL! });
  const readDb = openReadDb(primary.db, config, { command: 'test', log: { info() {}, warn: (m) => warnings.push(m) } });
  t.after(() => closeReadDb(readDb));
  return { primary: primary.db, replica: replica.db, readDb, warnings };
}

test('which errors send a read back to the primary', () => {
  for (const err of [
    Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5433'), { code: 'ECONNREFUSED' }),
    new Error('timeout exceeded when trying to connect'),
    new Error('Connection terminated unexpectedly'),
    Object.assign(new Error('the database system is starting up'), { code: '57P03' }),
    Object.assign(new Error('canceling statement due to conflict with recovery'), { code: '40001' }),
    Object.assign(new Error('connection failure'), { code: '08006' }),
    Object.assign(new Error('column "new_column" does not exist'), { code: '42703' }),
  ]) {
    assert.equal(isReplicaUnavailable(err), true, err.message);
  }
  for (const err of [
    Object.assign(new Error('cannot execute INSERT in a read-only transaction'), { code: '25006' }),
    Object.assign(new Error('syntax error at or near "SELEC"'), { code: '42601' }),
    new Error('question: must not be empty'),
  ]) {
    assert.equal(isReplicaUnavailable(err), false, err.message);
  }
});

for (const backend of BACKENDS) {
  if (backend === 'pglite') {
    test('pglite: DATABASE_READ_URL without DATABASE_URL is refused; wiki reads use the one database', async (t) => {
      assert.throws(
        () => loadConfig({ OLALA_DATA_DIR: '/tmp/x', DATABASE_READ_URL: 'postgres://u@127.0.0.1:5433/olala' }),
        (err: Error) =>
          err instanceof ConfigError &&
          err.variable === 'DATABASE_READ_URL' &&
          /without DATABASE_URL/.test(err.message),
      );
      const { db, env } = await freshDb(t, 'pglite');
      const readDb = openReadDb(db, loadConfig(env), { command: 'test' });
      assert.equal(readDb, db);
      assert.equal(hasReplica(readDb), false);
      assert.equal(await replicaReadiness(readDb), undefined);
      await closeReadDb(readDb);
      // Closing the read side of a single database leaves that database open.
      assert.deepEqual((await db.query<{ n: number }>('SELECT 1 AS n')).rows, [{ n: 1 }]);
    });
    continue;
  }

  test('postgres: wiki search, pages and status read the replica; writes through it are refused and never reach the primary', async (t) => {
    const { primary, replica, readDb } = await primaryAndReplica(t);
    assert.equal(hasReplica(readDb), true);

    const viaReplica = await searchWiki({ question: '등대섬 등대' }, { reader: readDb });
    assert.deepEqual(
      viaReplica.hits.map((h) => h.title),
      ['복제 서버'],
    );
    const viaPrimary = await searchWiki({ question: '등대섬 등대' }, { reader: primary });
    assert.deepEqual(
      viaPrimary.hits.map((h) => h.title),
      ['주 서버'],
    );
    assert.equal((await getWikiPage(readDb, 1))?.title, '복제 서버');
    assert.equal((await getWikiPage(primary, 1))?.title, '주 서버');

    // A replica is read-only; the pool is too, so a mistaken write fails loudly and is not retried on the primary.
    await assert.rejects(readDb.query("INSERT INTO wiki_pages (page_id, title) VALUES (9, '잘못')"), /read-only/);
    for (const db of [primary, replica]) {
      assert.equal(
        (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM wiki_pages WHERE page_id = 9')).rows[0]?.n,
        0,
      );
    }

    const ready = await replicaReadiness(readDb);
    assert.deepEqual(ready, { reachable: true, standby: false, missing_migrations: [] });
    const { rows } = await replica.query<{ v: number }>('SELECT max(version)::int AS v FROM schema_migrations');
    await replica.query('DELETE FROM schema_migrations WHERE version = $1', [rows[0]!.v]);
    assert.deepEqual((await replicaReadiness(readDb))?.missing_migrations, [rows[0]!.v]);
  });

  test('postgres: with the replica down, wiki reads fall back to the primary with one warning; readiness says unreachable', async (t) => {
    const down = `${await closedPortUrl('postgres')}/olala`;
    const { readDb, warnings } = await primaryAndReplica(t, down);
    const first = await searchWiki({ question: '등대섬 등대' }, { reader: readDb });
    assert.deepEqual(
      first.hits.map((h) => h.title),
      ['주 서버'],
    );
    assert.equal((await getWikiPage(readDb, 1))?.title, '주 서버');
    // vectorSearch reads in a transaction; it falls back as a whole.
    const inTx = await readDb.transaction((tx) =>
      tx.query<{ title: string }>('SELECT title FROM wiki_pages WHERE page_id = 1'),
    );
    assert.deepEqual(inTx.rows, [{ title: '주 서버' }]);
    assert.equal(warnings.length, 1, warnings.join('\n'));
    assert.match(
      warnings[0]!,
      /read replica postgres:\/\/127\.0\.0\.1:\d+\/olala unavailable .*wiki reads go to the primary/,
    );

    const ready = await replicaReadiness(readDb);
    assert.equal(ready?.reachable, false);
    assert.match(ready?.error ?? '', /ECONNREFUSED/);
  });
}
