import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { stringify } from 'csv-stringify/sync';
import { importWiki, type Db } from '@olala/core';
import { APPENDED_TABLE, appendLexical, mergeLexical } from '../src/search/lexical-index.js';
import { TOMBSTONE_TERM } from '../src/search/postings-builder.js';
import { BACKENDS } from '@olala/testing';
import type { Session } from '../src/db/types.js';
import { APPEND_TABLES, importedBase, search } from './lexical-append-fixtures.js';

const NEW_PAGE = 990_001;
const NEW_CHUNK = 99_000_100_001;
const NEW_TEXT = '올라라검증소는 가짜뉴스를 가려내는 한국어 연구소로, 퀴노아밭 옆에 세워졌다.';
const CHANGED_TEXT = '이 조각은 바뀌었다: 무지개송어 양식장이 해마다 늘어난다고 보고되었다.';

async function searchAll(db: Db, questions: string[]) {
  const out = [];
  for (const q of questions) out.push(await search(db, q));
  return out;
}

async function counts(db: Db) {
  const { rows } = await db.query<{ field: string; docs: number; segments: number; tombstones: number }>(
    `SELECT field, sum(df) FILTER (WHERE term = '')::int AS docs, count(DISTINCT segment)::int AS segments,
            count(*) FILTER (WHERE term = $1)::int AS tombstones
       FROM wiki_postings GROUP BY field ORDER BY field`,
    [TOMBSTONE_TERM],
  );
  const { rows: live } = await db.query<{ chunks: number; pages: number }>(
    'SELECT (SELECT count(*) FROM wiki_chunks)::int AS chunks, (SELECT count(*) FROM wiki_pages)::int AS pages',
  );
  return { index: rows, live: live[0]! };
}

for (const backend of BACKENDS) {
  test(`${backend}: --append adds a segment for what changed, and --merge folds it in`, async (t) => {
    const { db, dir, base } = await importedBase(t, backend);

    // One page removed, one chunk of another page changed, one unchanged chunk resent, one new page.
    const [removedId, removedTitle] = base.pages[3]!;
    const changed = base.chunks.find((c) => c[1] !== removedId && c[3]!.length > 200)!;
    const unchanged = base.chunks.find((c) => c[1] !== removedId && c !== changed)!;
    const removedChunks = base.chunks.filter((c) => c[1] === removedId).map((c) => Number(c[0]));
    assert.ok(removedChunks.length > 0);
    const oldQuestion = changed[3]!.slice(0, 80);
    const before = await search(db, oldQuestion);
    assert.equal(
      before.chunks[0]?.chunkId,
      Number(changed[0]),
      'the changed chunk is found by its old text before the append',
    );
    const removedBefore = await search(db, `${removedTitle}에 대해 알려줘`);
    assert.ok(removedBefore.chunks.some((c) => c.pageId === Number(removedId)));

    const pagesFile = path.join(dir, 'more-pages.csv');
    const chunksFile = path.join(dir, 'more-chunks.csv');
    fs.writeFileSync(
      pagesFile,
      stringify([
        ['page_id', 'title', 'url', 'deleted'],
        [String(NEW_PAGE), '올라라 검증소', '', ''],
        [removedId!, removedTitle!, '', '1'],
      ]),
    );
    fs.writeFileSync(
      chunksFile,
      stringify([
        ['chunk_id', 'page_id', 'chunk_idx', 'content'],
        [String(NEW_CHUNK), String(NEW_PAGE), '0', NEW_TEXT],
        [changed[0]!, changed[1]!, changed[2]!, CHANGED_TEXT],
        unchanged,
      ]),
    );
    const appended = await importWiki(db, { pagesFile, chunksFile, mode: 'append' });

    // Only what changed was tokenized: the new and the changed chunk, the new title.
    assert.equal(appended.lexical, undefined, 'an append does not rebuild the index');
    assert.deepEqual(
      {
        chunks: appended.lexicalAppend?.chunks.documents,
        deadChunks: appended.lexicalAppend?.chunks.dead,
        titles: appended.lexicalAppend?.titles.documents,
        deadTitles: appended.lexicalAppend?.titles.dead,
      },
      { chunks: 2, deadChunks: removedChunks.length + 1, titles: 1, deadTitles: 1 },
    );
    const appendedCounts = await counts(db);
    assert.deepEqual(
      { pages: appended.wikiPages, chunks: appended.wikiChunks },
      appendedCounts.live,
      'the counts an append reports (from the last import and what it changed) are the live ones',
    );
    assert.deepEqual(
      appendedCounts.index.map((r) => [r.field, r.docs, r.tombstones]),
      [
        ['c', appendedCounts.live.chunks, 1],
        ['t', appendedCounts.live.pages, 1],
      ],
      'document counts summed over segments are the live counts',
    );
    // Segment 0 and the one that takes back the old text and adds the new (a term of both is one row).
    assert.ok(appendedCounts.index[0]!.segments >= 2);

    // The appended page is findable, the changed chunk shows its new text, the removed page is gone.
    const found = await search(db, '올라라검증소 연구소');
    assert.equal(found.chunks[0]?.chunkId, NEW_CHUNK);
    const changedNow = await search(db, '무지개송어 양식장');
    assert.equal(changedNow.chunks[0]?.chunkId, Number(changed[0]));
    const oldNow = await search(db, oldQuestion);
    // Its page's title may still bring it in, but its old text scores nothing.
    assert.equal(
      oldNow.chunks.find((c) => c.chunkId === Number(changed[0]))?.contentScore ?? 0,
      0,
      'the old text no longer matches the changed chunk',
    );
    const removedNow = await searchAll(db, [`${removedTitle}에 대해 알려줘`, removedTitle!]);
    for (const r of removedNow)
      assert.ok(
        !r.chunks.some((c) => c.pageId === Number(removedId) || removedChunks.includes(c.chunkId)),
        'no chunk of the removed page',
      );

    // Merging changes no result, and leaves one row per term, no tombstones, exact counts.
    const questions = [
      ...base.pages.slice(0, 12).flatMap(([, title]) => [`${title}의 역사는?`, `${title}에 대해 알려줘`]),
      '올라라검증소',
      '무지개송어 양식장',
      oldQuestion,
    ];
    const beforeMerge = await searchAll(db, questions);
    const merged = await mergeLexical(db);
    assert.ok(merged.rows < merged.rowsBefore);
    assert.deepEqual(await searchAll(db, questions), beforeMerge);
    const mergedCounts = await counts(db);
    assert.deepEqual(
      mergedCounts.index.map((r) => [r.field, r.docs, r.segments, r.tombstones]),
      [
        ['c', mergedCounts.live.chunks, 1, 0],
        ['t', mergedCounts.live.pages, 1, 0],
      ],
    );
    const { rows: perTerm } = await db.query<{ n: number }>(
      'SELECT max(n)::int AS n FROM (SELECT count(*) AS n FROM wiki_postings GROUP BY term, field) x',
    );
    assert.equal(perTerm[0]!.n, 1);

    // A second append on the merged index (whose lists now restart mid-row) changes the chunk back.
    fs.writeFileSync(pagesFile, 'page_id,title\n');
    fs.writeFileSync(chunksFile, stringify([['chunk_id', 'page_id', 'chunk_idx', 'content'], changed]));
    await importWiki(db, { pagesFile, chunksFile, mode: 'append' });
    assert.equal((await search(db, oldQuestion)).chunks[0]?.chunkId, Number(changed[0]));
    assert.equal(
      (await search(db, '무지개송어 양식장')).chunks.find((c) => c.chunkId === Number(changed[0]))?.contentScore ?? 0,
      0,
    );
    const again = await searchAll(db, questions);
    await mergeLexical(db);
    assert.deepEqual(await searchAll(db, questions), again);
    assert.equal((await search(db, '올라라검증소 연구소')).chunks[0]?.chunkId, NEW_CHUNK);
  });
}

/** Counts what `db`'s sessions send: statements, and COPYs per table. */
function countStatements(db: Db) {
  const seen = { statements: 0, copies: new Map<string, number>() };
  const session = db.session.bind(db);
  db.session = ((fn: (s: Session) => Promise<unknown>) =>
    session((s) => {
      const query = s.query.bind(s);
      const copyIn = s.copyIn.bind(s);
      s.query = ((...args: Parameters<typeof query>) => {
        seen.statements++;
        return query(...args);
      }) as typeof s.query;
      s.copyIn = ((o: Parameters<typeof copyIn>[0]) => {
        seen.statements++;
        seen.copies.set(o.table, (seen.copies.get(o.table) ?? 0) + 1);
        return copyIn(o);
      }) as typeof s.copyIn;
      return fn(s);
    })) as typeof db.session;
  return seen;
}

for (const backend of BACKENDS) {
  test(`${backend}: an append writes its tombstones and new segments of both fields in one COPY`, async (t) => {
    const { db, dir, base } = await importedBase(t, backend);
    const { rows: before } = await db.query<{ segments: number }>(
      'SELECT count(DISTINCT (field, segment))::int AS segments FROM wiki_postings',
    );
    const [pageId, title] = base.pages[5]!;
    const changed = base.chunks.find((c) => c[1] === pageId)!;
    const pagesFile = path.join(dir, 'renamed.csv');
    const chunksFile = path.join(dir, 'changed.csv');
    fs.writeFileSync(
      pagesFile,
      stringify([
        ['page_id', 'title', 'url'],
        [pageId!, `${title} 새이름`, ''],
      ]),
    );
    fs.writeFileSync(
      chunksFile,
      stringify([
        ['chunk_id', 'page_id', 'chunk_idx', 'content'],
        [changed[0]!, pageId!, changed[2]!, CHANGED_TEXT],
      ]),
    );
    const seen = countStatements(db);
    const appended = await importWiki(db, { pagesFile, chunksFile, mode: 'append' });
    assert.deepEqual(
      [appended.lexicalAppend?.chunks.dead, appended.lexicalAppend?.titles.dead],
      [1, 1],
      'the old chunk and the old title taken back',
    );
    assert.equal(seen.copies.get(APPENDED_TABLE), 1);
    // One segment per field, taking back the old text and adding the new.
    const { rows: after } = await db.query<{ segments: number }>(
      'SELECT count(DISTINCT (field, segment))::int AS segments FROM wiki_postings',
    );
    assert.equal(after[0]!.segments, before[0]!.segments + 2);
    // 40 before appends had a table of their own, which takes two more (its CREATE … IF NOT EXISTS
    // and the check of its size against the built table's) and, when an append makes it, three to
    // analyse it.
    assert.ok(seen.statements <= 45, `statements: ${seen.statements}`);
    assert.equal((await search(db, '무지개송어 양식장')).chunks[0]?.chunkId, Number(changed[0]));
  });
}

/** 4,500 chunks taken back and added again: more than one read batch, so the workers share them. */
const REPEATED_CHUNKS = `INSERT INTO app_c SELECT d, 50000000 + g, (SELECT content FROM wiki_chunks ORDER BY chunk_id LIMIT 1 OFFSET g % 50)
  FROM generate_series(1, 4500) g, (VALUES (true), (false)) v(d);`;

for (const backend of BACKENDS) {
  test(`${backend}: an append counts the replaced text on workers to the same rows as on this thread`, async (t) => {
    const { db } = await importedBase(t, backend);
    // Every chunk replaced by a revision of itself, in more batches than one read brings, as a
    // 1 % append at the seed size does: the old text is taken back, the new one added.
    await db.exec(
      APPEND_TABLES +
        `INSERT INTO app_c SELECT true, chunk_id, content FROM wiki_chunks;
      INSERT INTO app_c SELECT false, chunk_id, content || ' (개정판: 내용이 보완되었다)' FROM wiki_chunks;
      ` +
        REPEATED_CHUNKS +
        `      INSERT INTO app_t SELECT true, page_id, title FROM wiki_pages LIMIT 5;
      INSERT INTO app_t SELECT false, page_id, title || ' 개정' FROM wiki_pages LIMIT 5;`,
    );
    const { rows: top } = await db.query<{ top: number }>('SELECT max(segment)::int AS top FROM wiki_postings');
    const appended = async (workers: number) => {
      const stats = await db.transaction((s) => appendLexical(s, { c: 'app_c', t: 'app_t' }, { workers }));
      const { rows } = await db.query<{
        field: string;
        term: string;
        segment: number;
        df: number;
        postings: Uint8Array;
      }>(
        'SELECT field, term, segment, df, postings FROM wiki_postings WHERE segment > $1 ORDER BY field, term, segment',
        [top[0]!.top],
      );
      await db.query('DELETE FROM wiki_postings WHERE segment > $1', [top[0]!.top]);
      return {
        stats: { ...stats, durationMs: 0 },
        rows: rows.map((r) => ({ ...r, postings: Buffer.from(r.postings) })),
      };
    };
    const here = await appended(0);
    assert.ok(here.stats.chunks.dead > 4500, `dead chunks: ${here.stats.chunks.dead}`);
    assert.ok(
      here.rows.some((r) => r.df === 0 && r.postings.length > 0),
      'a term the revision kept is one row: its old text taken back, its new postings added',
    );
    assert.deepEqual(await appended(2), here);
  });
}

for (const backend of BACKENDS) {
  test(`${backend}: an append that fails while workers count the old text leaves the index as it was`, async (t) => {
    const { db, base } = await importedBase(t, backend);
    await db.exec(APPEND_TABLES + REPEATED_CHUNKS);
    const digest = async () =>
      (
        await db.query<{ n: number; h: string }>(
          `SELECT count(*)::int AS n, md5(string_agg(field::text || term || segment || ':' || df || md5(postings), ',' ORDER BY term, field, segment)) AS h
             FROM wiki_postings`,
        )
      ).rows[0];
    const before = await digest();
    // The third read of the old text fails, with two batches still on the workers.
    const signal = new AbortController().signal;
    let reads = 0;
    signal.throwIfAborted = () => {
      if (++reads === 3) throw new Error('the read failed');
    };
    await assert.rejects(
      db.transaction((s) => appendLexical(s, { c: 'app_c', t: 'app_t' }, { workers: 2, signal })),
      /the read failed/,
    );
    assert.equal(reads, 3);
    assert.deepEqual(await digest(), before);
    // The index still answers as before.
    assert.ok((await search(db, base.chunks[0]![3]!.slice(0, 60))).chunks.length > 0);
  });
}
