import assert from 'node:assert/strict';
import { test } from 'node:test';
import { importWiki, type Db } from '@olala/core';
import { APPENDED_TABLE, appendLexical, mergeLexical, reindexLexical } from '../src/search/lexical-index.js';
import { TOMBSTONE_TERM } from '../src/search/postings-builder.js';
import { decodePostings } from '../src/search/postings.js';
import { tokenize } from '../src/search/tokenizer.js';
import { BACKENDS } from '@olala/testing';
import { APPEND_TABLES, importedBase, revisionFiles, search } from './lexical-append-fixtures.js';

/** Every row of the index as (field, term, segment, df, its postings decoded and in id order). */
async function decodedRows(db: Db) {
  const { rows } = await db.query<{ field: string; term: string; segment: number; df: number; postings: Uint8Array }>(
    'SELECT field, term, segment, df, postings FROM wiki_postings ORDER BY term, field, segment',
  );
  return rows.map((r) => {
    const postings: [number, number][] = [];
    decodePostings(r.postings, (id, w) => postings.push([id, w]));
    // A merged list restarts where each segment's began, so a replaced document's new posting
    // follows the older ones: the order of a list is not what a search reads, its postings are.
    postings.sort((a, b) => a[0] - b[0]);
    return { field: r.field, term: r.term, segment: r.segment, df: r.df, postings };
  });
}

for (const backend of BACKENDS) {
  test(`${backend}: a term of both the old and the new text is one row of net df, and --merge then gives a rebuild's rows`, async (t) => {
    const { db, dir, base } = await importedBase(t, backend);
    const before = await decodedRows(db);
    const top = Math.max(...before.map((r) => r.segment));
    // A chunk revised by one word, into a text of as many terms: the field's average length stays
    // the same, so a rebuild weighs every posting as the append and the first build did.
    const changed = base.chunks.find((c) => c[3]!.length > 300 && /\s(한국|대한민국|세계|역사)\S*\s/.test(c[3]!))!;
    const old = changed[3]!;
    const oldTerms = tokenize(old);
    const revised = ['무지개송어', '퀴노아밭', '검증소', '양식장', '송어', '보리밭']
      .map((w) => old.replace(/(\s)(한국|대한민국|세계|역사)(\S*\s)/, `$1${w}$3`))
      .find((text) => text !== old && tokenize(text).length === oldTerms.length);
    assert.ok(revised, 'a one-word revision of the same length');
    const newTerms = tokenize(revised);
    const both = [...new Set(oldTerms)].filter((term) => newTerms.includes(term));
    const onlyOld = [...new Set(oldTerms)].filter((term) => !newTerms.includes(term));
    const onlyNew = [...new Set(newTerms)].filter((term) => !oldTerms.includes(term));
    assert.ok(both.length > 10 && onlyOld.length > 0 && onlyNew.length > 0);

    const { pagesFile, chunksFile } = revisionFiles(dir, changed, revised);
    const stats = await importWiki(db, { pagesFile, chunksFile, mode: 'append' });
    const appended = (await decodedRows(db)).filter((r) => r.segment > top);
    assert.equal(stats.lexicalAppend?.rows, appended.length, 'the rows it reports are the rows it wrote');
    const id = Number(changed[0]);
    // One segment, of chunk rows only: the document count, the tombstone, and one row per term of either text.
    assert.deepEqual(
      [...new Set(appended.map((r) => `${r.field}${r.segment}`))],
      [`c${top + 1}`],
      'one segment, and titles untouched',
    );
    assert.equal(appended.length, 2 + both.length + onlyOld.length + onlyNew.length);
    const row = (term: string) => appended.find((r) => r.term === term)!;
    assert.deepEqual([row('').df, row(TOMBSTONE_TERM).df], [0, 1]);
    for (const term of both) {
      assert.equal(row(term).df, 0, `${term}: taken back and added`);
      assert.deepEqual(
        row(term).postings.map(([p]) => p),
        [id],
      );
    }
    for (const term of onlyOld) assert.deepEqual([row(term).df, row(term).postings], [-1, []], term);
    for (const term of onlyNew) assert.deepEqual([row(term).df, row(term).postings.length], [1, 1], term);

    // Merged, the revised chunk's postings are the ones left, exactly as a rebuild of the same wiki has them.
    const merged = await mergeLexical(db);
    assert.ok(merged.rewritten >= both.length + onlyOld.length + onlyNew.length);
    const afterMerge = await decodedRows(db);
    await reindexLexical(db);
    assert.deepEqual(afterMerge, await decodedRows(db), 'the merged index holds the rows a rebuild writes');
  });
}

for (const backend of BACKENDS) {
  test(`${backend}: an append whose COPY fails leaves the index as it was`, async (t) => {
    const { db, base } = await importedBase(t, backend);
    await db.exec(
      APPEND_TABLES +
        `INSERT INTO app_c SELECT true, chunk_id, content FROM wiki_chunks LIMIT 20;
         INSERT INTO app_c SELECT false, chunk_id, content || ' 개정' FROM wiki_chunks LIMIT 20;`,
    );
    const before = await decodedRows(db);
    await assert.rejects(
      db.transaction((s) =>
        appendLexical(
          {
            ...s,
            // The rows reach the table, then the statement is reported failed: the transaction must take them back.
            copyIn: async (copy) => {
              await s.copyIn(copy);
              throw new Error('the COPY failed');
            },
          },
          { c: 'app_c', t: 'app_t' },
          { workers: 0 },
        ),
      ),
      /the COPY failed/,
    );
    assert.deepEqual(await decodedRows(db), before);
    assert.ok((await search(db, base.chunks[0]![3]!.slice(0, 60))).chunks.length > 0);
  });
}

for (const backend of BACKENDS) {
  test(`${backend}: an append whose upsert fails after the index rows are written leaves wiki and index as they were`, async (t) => {
    const { db, dir, base } = await importedBase(t, backend);
    const changed = base.chunks.find((c) => c[3]!.length > 200)!;
    const { pagesFile, chunksFile } = revisionFiles(dir, changed, `${changed[3]} 무지개송어 양식장이 늘어났다.`);
    const chunkRows = async () =>
      (
        await db.query<{ h: string }>(
          `SELECT md5(string_agg(chunk_id || content, ',' ORDER BY chunk_id)) AS h FROM wiki_chunks`,
        )
      ).rows[0]!.h;
    const before = { index: await decodedRows(db), chunks: await chunkRows() };
    // The index's rows are written before the chunks are upserted, in the same transaction.
    const order: string[] = [];
    let failUpsert = true;
    const session = db.session.bind(db);
    db.session = ((fn: Parameters<typeof session>[0]) =>
      session((s) => {
        const query = s.query.bind(s);
        const copyIn = s.copyIn.bind(s);
        s.query = ((sql: string, params?: unknown[]) => {
          if (sql.startsWith('INSERT INTO "public"."wiki_chunks"')) {
            order.push('upsert');
            if (failUpsert) throw new Error('the upsert failed');
          }
          return query(sql, params);
        }) as typeof s.query;
        s.copyIn = ((o: Parameters<typeof copyIn>[0]) => {
          if (o.table === APPENDED_TABLE) order.push('index');
          return copyIn(o);
        }) as typeof s.copyIn;
        return fn(s);
      })) as typeof db.session;
    await assert.rejects(importWiki(db, { pagesFile, chunksFile, mode: 'append' }), /the upsert failed/);
    assert.deepEqual(order, ['index', 'upsert'], 'the index rows were written before the upsert failed');
    assert.deepEqual({ index: await decodedRows(db), chunks: await chunkRows() }, before);
    failUpsert = false;
    order.length = 0;
    const appended = await importWiki(db, { pagesFile, chunksFile, mode: 'append' });
    assert.deepEqual(order, ['index', 'upsert']);
    assert.equal(appended.lexicalAppend?.chunks.dead, 1);
    assert.equal((await search(db, '무지개송어 양식장')).chunks[0]?.chunkId, Number(changed[0]));
  });
}
