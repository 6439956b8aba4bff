import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test, type TestContext } from 'node:test';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { importWiki, type Db, type Session } from '@olala/core';
import { averageLength } from '../src/search/average-length.js';
import { mergeLexical, recordAverageLength, reindexLexical } from '../src/search/lexical-index.js';
import { lexicalSearch } from '../src/search/lexical-search.js';
import { AVG_LENGTH_TERM, PostingsBuilder } from '../src/search/postings-builder.js';
import { SEGMENT_RESTART } from '../src/search/postings.js';
import { titleTerms, tokenize } from '../src/search/tokenizer.js';
import { BACKENDS, freshDb, tempDir } from '@olala/testing';

const SAMPLE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../sample/wiki');
// Documents per segment: small enough that the corpus below is built in many segments.
const SMALL_SEGMENT = 40;
const PAGES = 40;

/** The sample's first pages and their chunks (the whole sample is slow to import on a busy machine). */
function smallCorpus(dir: string): { pagesFile: string; chunksFile: string; titles: string[] } {
  const pages = parse(fs.readFileSync(path.join(SAMPLE, 'wiki_pages.csv'))) as string[][];
  const chunks = parse(fs.readFileSync(path.join(SAMPLE, 'wiki_chunks.csv'))) as string[][];
  const kept = pages.slice(0, PAGES + 1);
  const ids = new Set(kept.slice(1).map((r) => r[0]));
  const pagesFile = path.join(dir, 'pages.csv');
  const chunksFile = path.join(dir, 'chunks.csv');
  fs.writeFileSync(pagesFile, stringify(kept));
  fs.writeFileSync(chunksFile, stringify([chunks[0]!, ...chunks.slice(1).filter((r) => ids.has(r[1]))]));
  return { pagesFile, chunksFile, titles: kept.slice(1).map((r) => r[1]!) };
}

let QUESTIONS: string[] = [];

async function importSmall(t: TestContext, db: Db) {
  const corpus = smallCorpus(tempDir(t));
  // Questions about the corpus's own pages, in the words a user would type.
  QUESTIONS = corpus.titles.slice(0, 12).flatMap((title) => [`${title}의 역사는?`, `${title}에 대해 알려줘`]);
  return importWiki(db, { pagesFile: corpus.pagesFile, chunksFile: corpus.chunksFile, mode: 'replace' });
}

async function searchAll(db: Db) {
  const out = [];
  for (const q of QUESTIONS) out.push(await lexicalSearch(db, q, { limit: 200 }));
  return out;
}

async function rowsPerTerm(db: Db): Promise<number> {
  const { rows } = await db.query<{ n: number }>(
    'SELECT coalesce(max(n), 0)::int AS n FROM (SELECT count(*) AS n FROM wiki_postings GROUP BY term, field) x',
  );
  return rows[0]!.n;
}

/** The index as it was before merging: the builders' segments written straight into wiki_postings. */
async function segmentedIndex(db: Db): Promise<number> {
  await db.query('DELETE FROM wiki_postings');
  return db.session(async (s) => {
    // Weighted with the whole field's average length, as a build weights them, and with the rows
    // that record it.
    const avg = async (field: 'c' | 't', from: string) => {
      const value = await averageLength(s, field, from);
      await recordAverageLength(s, 'wiki_postings', field, value);
      return value;
    };
    const chunks = new PostingsBuilder(
      s,
      'wiki_postings',
      'c',
      SMALL_SEGMENT,
      0,
      await avg('c', '(SELECT chunk_id AS id, content AS text FROM wiki_chunks)'),
    );
    for (const r of (
      await s.query<{ chunk_id: number; content: string }>(
        'SELECT chunk_id, content FROM wiki_chunks ORDER BY chunk_id',
      )
    ).rows) {
      await chunks.add(r.chunk_id, tokenize(r.content));
    }
    const titles = new PostingsBuilder(
      s,
      'wiki_postings',
      't',
      SMALL_SEGMENT,
      0,
      await avg('t', '(SELECT page_id AS id, title AS text FROM wiki_pages)'),
    );
    for (const r of (
      await s.query<{ page_id: number; title: string }>('SELECT page_id, title FROM wiki_pages ORDER BY page_id')
    ).rows) {
      await titles.add(r.page_id, titleTerms(r.title));
    }
    await titles.finish();
    return (await chunks.finish()).segments;
  });
}

/**
 * The same database, whose merge step fails: the COPY of the merged rows into the table being
 * built (a build's only write of postings to the database, for one segment per field too).
 */
function failingMerge(db: Db): Db {
  const wrap = (s: Session): Session => ({
    ...s,
    copyIn: (copy) =>
      /^(?!public\.).+\.wiki_postings$/.test(copy.table)
        ? Promise.reject(new Error('injected merge failure'))
        : s.copyIn(copy),
  });
  return { ...db, session: (fn) => db.session((s) => fn(wrap(s))) } as Db;
}

async function postingsTable(db: Db) {
  return (
    await db.query<{ field: string; term: string; segment: number; df: number; postings: Uint8Array }>(
      'SELECT field, term, segment, df, postings FROM wiki_postings ORDER BY term, field',
    )
  ).rows.map((r) => [
    r.field,
    r.term,
    r.segment,
    r.df,
    // The average-length row carries its figure in df and no list: the database's merge puts a
    // restart record before its empty bytes, the build writes it after merging. Never read.
    r.term === AVG_LENGTH_TERM ? '' : Buffer.from(r.postings).toString('hex'),
  ]);
}

for (const backend of BACKENDS) {
  // One database per backend for all three checks: a fresh one costs tens of seconds on a busy machine.
  test(`${backend}: merging the index's segments`, async (t) => {
    const { db } = await freshDb(t, backend);
    await importSmall(t, db);

    await t.test('search results are identical before and after the merge', async () => {
      const segments = await segmentedIndex(db);
      assert.ok(segments > 3, `expected several segments, got ${segments}`);
      assert.ok((await rowsPerTerm(db)) > 1);
      const before = await searchAll(db);
      await reindexLexical(db, { segmentDocs: SMALL_SEGMENT });
      assert.equal(await rowsPerTerm(db), 1);
      const after = await searchAll(db);
      assert.ok(after.filter((r) => r.chunks.length > 0).length >= QUESTIONS.length / 2);
      assert.deepEqual(after, before);
    });

    await t.test('after a build in many segments every term is one row, segment 0', async () => {
      const stats = await reindexLexical(db, { segmentDocs: SMALL_SEGMENT });
      assert.ok(stats.chunks.segments > 3, `expected several segments, got ${stats.chunks.segments}`);
      assert.equal(await rowsPerTerm(db), 1);
      const { rows } = await db.query<{ n: number; segments: number[] }>(
        'SELECT count(*)::int AS n, array_agg(DISTINCT segment) AS segments FROM wiki_postings',
      );
      assert.equal(rows[0]!.n, stats.rows);
      assert.deepEqual(rows[0]!.segments, [0]);
      // Lists are stored out of line uncompressed (the build sets it; a merge's table copies it).
      const storage = async () =>
        (
          await db.query<{ s: string }>(
            "SELECT attstorage AS s FROM pg_attribute WHERE attrelid = 'public.wiki_postings'::regclass AND attname = 'postings'",
          )
        ).rows[0]!.s;
      assert.equal(await storage(), 'e');
      await mergeLexical(db);
      assert.equal(await storage(), 'e');
      // The document counts are whole-corpus figures now.
      const { rows: docs } = await db.query<{ field: string; df: number }>(
        "SELECT field, df FROM wiki_postings WHERE term = '' ORDER BY field",
      );
      const { rows: counts } = await db.query<{ chunks: number; pages: number }>(
        'SELECT (SELECT count(*) FROM wiki_chunks)::int AS chunks, (SELECT count(*) FROM wiki_pages)::int AS pages',
      );
      assert.deepEqual(
        docs.map((d) => [d.field, d.df]),
        [
          ['c', counts[0]!.chunks],
          ['t', counts[0]!.pages],
        ],
      );
    });

    await t.test(
      'a build of one segment per field takes it as the index: one row per term, segment 0, as the merge would leave it',
      async () => {
        const stats = await reindexLexical(db);
        assert.deepEqual([stats.chunks.segments, stats.titles.segments], [1, 1]);
        assert.equal(await rowsPerTerm(db), 1);
        const { rows } = await db.query<{ n: number; segments: number[]; leftovers: number }>(
          `SELECT count(*)::int AS n, array_agg(DISTINCT segment) AS segments,
                (SELECT count(*) FROM pg_tables WHERE tablename LIKE 'wiki_postings%' AND schemaname <> 'public')::int AS leftovers FROM wiki_postings`,
        );
        assert.deepEqual(rows[0], { n: stats.rows, segments: [0], leftovers: 0 });
        // The merge's only change to a lone segment: a restart record before its list.
        const lone = await searchAll(db);
        assert.ok(lone.filter((r) => r.chunks.length > 0).length >= QUESTIONS.length / 2);
        await db.query(
          "UPDATE wiki_postings SET postings = $1::bytea || postings WHERE octet_length(postings) > 0 AND term <> ''",
          [SEGMENT_RESTART],
        );
        assert.deepEqual(await searchAll(db), lone);
      },
    );

    await t.test('worker threads build exactly the index this thread builds', async () => {
      const threads = await reindexLexical(db, { segmentDocs: SMALL_SEGMENT, workers: 3 });
      assert.equal(threads.workers, 3);
      const withWorkers = await postingsTable(db);
      await reindexLexical(db, { segmentDocs: SMALL_SEGMENT, workers: 0 });
      assert.ok(withWorkers.length > 1000);
      assert.deepEqual(withWorkers, await postingsTable(db));
    });

    await t.test("the build's merge of segment files writes the rows the database's merge wrote", async () => {
      // The database's merge: segments written into the table, then grouped by SQL (mergeLexical
      // without tombstones is that statement alone).
      const segments = await segmentedIndex(db);
      assert.ok(segments > 3, `expected several segments, got ${segments}`);
      await mergeLexical(db);
      const bySql = await postingsTable(db);
      const spillDir = tempDir(t);
      const stats = await reindexLexical(db, { segmentDocs: SMALL_SEGMENT, spillDir });
      assert.equal(stats.chunks.segments, segments);
      const inJs = await postingsTable(db);
      assert.ok(inJs.length > 1000);
      assert.equal(stats.rows, inJs.length);
      assert.deepEqual(inJs, bySql);
      // The segment files are gone once the index is in.
      assert.deepEqual(fs.readdirSync(spillDir), []);
    });

    await t.test('a failed merge leaves the previous index and wiki intact', async () => {
      const before = await searchAll(db);
      const { rows: postingsBefore } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM wiki_postings');
      const spillDir = tempDir(t);
      await assert.rejects(
        reindexLexical(failingMerge(db), { segmentDocs: SMALL_SEGMENT, spillDir }),
        /injected merge failure/,
      );
      await assert.rejects(reindexLexical(failingMerge(db), { spillDir }), /injected merge failure/);
      assert.deepEqual(await searchAll(db), before);
      assert.deepEqual(fs.readdirSync(spillDir), []);

      // An import whose index merge fails keeps the old pages, chunks and index.
      const dir = tempDir(t);
      fs.writeFileSync(path.join(dir, 'p.csv'), 'page_id,title\n9000001,올라라 검증소\n');
      fs.writeFileSync(
        path.join(dir, 'c.csv'),
        'chunk_id,page_id,chunk_idx,content\n9000001001,9000001,0,올라라 검증소는 가짜뉴스를 가려내는 연구소이다.\n',
      );
      await assert.rejects(
        importWiki(failingMerge(db), {
          pagesFile: path.join(dir, 'p.csv'),
          chunksFile: path.join(dir, 'c.csv'),
          mode: 'replace',
        }),
        /injected merge failure/,
      );
      const { rows } = await db.query<{ pages: number; postings: number; leftovers: number }>(
        `SELECT (SELECT count(*) FROM wiki_pages WHERE page_id = 9000001)::int AS pages,
                (SELECT count(*) FROM wiki_postings)::int AS postings,
                (SELECT count(*) FROM pg_tables WHERE tablename LIKE 'wiki_postings%' AND schemaname <> 'public')::int AS leftovers`,
      );
      assert.deepEqual(rows[0], { pages: 0, postings: postingsBefore[0]!.n, leftovers: 0 });
      assert.deepEqual(await searchAll(db), before);
    });
  });
}
