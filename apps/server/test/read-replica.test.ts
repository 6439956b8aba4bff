import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import type { ReadyResponse, TruthCheckResponse } from '@olala/contract';
import { ConfigError, importWiki, type Queryable } from '@olala/core';
import { BACKENDS, freshDb } from '@olala/testing';
import { closedPortUrl } from '@olala/testing/loopback';
import { build } from './helper.js';
import { rulesSupported, SAMPLE } from './truth-fakes.js';

const count = async (db: Queryable, sql: string, params: unknown[] = []) =>
  Number((await db.query<{ n: number }>(sql, params)).rows[0]?.n);

for (const backend of BACKENDS) {
  if (backend === 'pglite') {
    test('pglite: the app refuses DATABASE_READ_URL without DATABASE_URL; without it wiki reads use the one database', async (t) => {
      await assert.rejects(
        build(t, 'pglite', { DATABASE_READ_URL: 'postgres://olala@127.0.0.1:5433/olala' }),
        (err: Error) => err instanceof ConfigError && err.variable === 'DATABASE_READ_URL',
      );
      const app = await build(t, 'pglite');
      assert.equal(app.readDb, app.db);
      const ready = (await app.inject('/ready')).json<ReadyResponse>();
      assert.equal(ready.db_read, undefined);
    });
    continue;
  }

  test('postgres: with DATABASE_READ_URL, wiki search, pages, status and the pipeline read the replica; the analysis lands on the primary', async (t) => {
    // The "replica" is a second database holding the sample wiki; the primary's wiki is empty,
    // so every wiki answer below can only have come from the replica.
    const replica = await freshDb(t, 'postgres');
    await importWiki(replica.db, {
      pagesFile: path.join(SAMPLE, 'wiki_pages.csv'),
      chunksFile: path.join(SAMPLE, 'wiki_chunks.csv'),
      mode: 'replace',
    });
    const app = await build(t, 'postgres', { DATABASE_READ_URL: replica.env.DATABASE_URL! });
    assert.notEqual(app.readDb, app.db);
    assert.equal(await count(app.db, 'SELECT count(*)::int AS n FROM wiki_pages'), 0);

    const search = await app.inject({
      method: 'POST',
      url: '/api/wiki/search',
      payload: { question: '화성은 태양계의 몇 번째 행성인가' },
    });
    assert.equal(search.statusCode, 200, search.body);
    const hit = search.json().hits.find((h: { title: string }) => h.title === '화성');
    assert.ok(hit, search.body);
    const page = await app.inject(`/api/wiki/pages/${hit.page_id}`);
    assert.equal(page.statusCode, 200);
    assert.equal(page.json().title, '화성');
    const status = (await app.inject('/api/wiki/status')).json();
    assert.equal(status.wiki_pages, await count(replica.db, 'SELECT count(*)::int AS n FROM wiki_pages'));

    const check = await app.inject({
      method: 'POST',
      url: '/truth/check',
      payload: { input_payload: '화성은 태양계의 4번째 행성이다.' },
    });
    assert.equal(check.statusCode, 200, check.body);
    const result = check.json<TruthCheckResponse>();
    assert.ok(rulesSupported(result), `the pipeline found the evidence on the replica: ${result.label}`);
    assert.equal(
      await count(app.db, 'SELECT count(*)::int AS n FROM analyses WHERE analysis_id = $1', [result.analysis_id]),
      1,
    );
    assert.equal(await count(replica.db, 'SELECT count(*)::int AS n FROM analyses'), 0);
    // Read-your-writes: the stored run is read back from the primary at once.
    assert.equal((await app.inject(`/v1/analyses/${result.analysis_id}`)).statusCode, 200);

    const ready = await app.inject('/ready');
    assert.equal(ready.statusCode, 200);
    assert.deepEqual(ready.json<ReadyResponse>().db_read, { reachable: true, standby: false, missing_migrations: [] });
  });

  test('postgres: a replica that is down leaves the app ready and searching on the primary; /ready says so without details', async (t) => {
    const app = await build(t, 'postgres', { DATABASE_READ_URL: `${await closedPortUrl('postgres')}/olala` });
    await importWiki(app.db, {
      pagesFile: path.join(SAMPLE, 'wiki_pages.csv'),
      chunksFile: path.join(SAMPLE, 'wiki_chunks.csv'),
      mode: 'replace',
    });
    const search = await app.inject({
      method: 'POST',
      url: '/api/wiki/search',
      payload: { question: '화성은 태양계의 몇 번째 행성인가' },
    });
    assert.equal(search.statusCode, 200, search.body);
    assert.ok(
      search.json().hits.some((h: { title: string }) => h.title === '화성'),
      search.body,
    );

    const ready = await app.inject('/ready');
    assert.equal(ready.statusCode, 200, 'one replica down must not take every server out of the proxy');
    const body = ready.json<ReadyResponse>();
    assert.equal(body.db_read?.reachable, false);
    assert.equal(body.db_read?.error, 'read replica query failed (details in the server log)');
  });
}
