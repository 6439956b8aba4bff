import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { importWiki, type Db } from '@olala/core';
import { APPENDED_TABLE, mergeLexical, reindexLexical } from '../src/search/lexical-index.js';
import { BACKENDS } from '@olala/testing';
import { importedBase, revisionFiles, SAMPLE, search } from './lexical-append-fixtures.js';

// Appended segments live in a table that inherits wiki_postings (lexical-index.ts APPENDED_TABLE):
// the built table's rows and key are not touched by an append, and every swap drops the table.

/** A digest of one table's own rows (ONLY: not those of tables inheriting it), or null if it does not exist. */
async function ownRows(db: Db, table: string): Promise<{ n: number; h: string } | null> {
  const { rows: exists } = await db.query<{ t: string | null }>('SELECT to_regclass($1)::text AS t', [table]);
  if (exists[0]!.t === null) return null;
  const { rows } = await db.query<{ n: number; h: string }>(
    `SELECT count(*)::int AS n, coalesce(md5(string_agg(field::text || term || '/' || segment || '/' || df || md5(postings),
            ',' ORDER BY term, field, segment)), '') AS h FROM ONLY ${table}`,
  );
  return rows[0]!;
}

const QUESTIONS = ['무지개송어 양식장', '대한민국의 역사', '세계 최초의 도시', '한국어 문법', '지구의 대기'];

async function searchAll(db: Db, questions: string[]) {
  const out = [];
  for (const q of questions) out.push(await search(db, q));
  return out;
}

for (const backend of BACKENDS) {
  test(`${backend}: an append writes its segment into a table of its own, read with the built one, dropped by every swap`, async (t) => {
    const { db, dir, base } = await importedBase(t, backend);
    const built = await ownRows(db, 'public.wiki_postings');
    assert.ok(built && built.n > 0);
    assert.equal(await ownRows(db, APPENDED_TABLE), null, 'a build leaves no appended table');

    const changed = base.chunks.find((c) => c[3]!.length > 200)!;
    const questions = [...QUESTIONS, changed[3]!.slice(0, 60), ...base.pages.slice(0, 6).map(([, title]) => title!)];
    // revisionFiles writes fixed names: each revision in a folder of its own.
    const revision = (name: string, content: string) =>
      revisionFiles(fs.mkdirSync(path.join(dir, name), { recursive: true })!, changed, content);
    const revised = revision('a', `${changed[3]} 무지개송어 양식장이 늘어났다.`);
    await importWiki(db, { ...revised, mode: 'append' });
    assert.deepEqual(await ownRows(db, 'public.wiki_postings'), built, "the built table's rows are untouched");
    const appended = await ownRows(db, APPENDED_TABLE);
    assert.ok(appended && appended.n > 0, 'the appended segment is in its own table');
    const { rows: segments } = await db.query<{ top: number; built: number }>(
      `SELECT (SELECT max(segment) FROM ONLY ${APPENDED_TABLE})::int AS top,
              (SELECT max(segment) FROM ONLY public.wiki_postings)::int AS built`,
    );
    assert.ok(segments[0]!.top > segments[0]!.built, 'numbered after the built segments');
    const { rows: stats } = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM pg_stats WHERE schemaname = 'public' AND tablename = 'wiki_postings_appended' AND attname = 'term'`,
    );
    assert.equal(stats[0]!.n, 1, 'analysed by the append that made it, for the searches to plan its lookups');
    assert.equal((await search(db, '무지개송어 양식장')).chunks[0]?.chunkId, Number(changed[0]));

    // A second append writes into the same table; the merge folds both into one built table and drops it.
    const again = revision('b', `${changed[3]} 무지개송어 양식장이 다시 늘어났다.`);
    await importWiki(db, { ...again, mode: 'append' });
    assert.deepEqual(await ownRows(db, 'public.wiki_postings'), built);
    assert.ok((await ownRows(db, APPENDED_TABLE))!.n > appended.n);
    const beforeMerge = await searchAll(db, questions);
    await mergeLexical(db);
    assert.equal(await ownRows(db, APPENDED_TABLE), null, 'the merge drops the appended table');
    assert.deepEqual(await searchAll(db, questions), beforeMerge, 'the merge changes no result');

    // A rebuild and a full import swap in a table of their own and drop the appended one with the old.
    await importWiki(db, { ...revised, mode: 'append' });
    assert.ok((await ownRows(db, APPENDED_TABLE))!.n > 0);
    await reindexLexical(db);
    assert.equal(await ownRows(db, APPENDED_TABLE), null, 'a rebuild drops the appended table');
    await importWiki(db, { ...again, mode: 'append' });
    assert.ok((await ownRows(db, APPENDED_TABLE))!.n > 0);
    await importWiki(db, { pagesFile: base.pagesFile, chunksFile: base.chunksFile, mode: 'replace' });
    assert.equal(await ownRows(db, APPENDED_TABLE), null, 'a full import drops the appended table');
    assert.deepEqual(await ownRows(db, 'public.wiki_postings'), built, 'and builds the same index again');
  });
}

for (const backend of BACKENDS) {
  test(`${backend}: an append larger than the built table moves its rows into it`, async (t) => {
    const { db, dir, base } = await importedBase(t, backend);
    // The rest of the sample: several times the base's pages, so the appended heap outgrows the built one.
    const pages = parse(fs.readFileSync(path.join(SAMPLE, 'wiki_pages.csv'))) as string[][];
    const chunks = parse(fs.readFileSync(path.join(SAMPLE, 'wiki_chunks.csv'))) as string[][];
    const known = new Set(base.pages.map((p) => p[0]));
    const more = pages.slice(1).filter((p) => !known.has(p[0]));
    const moreIds = new Set(more.map((p) => p[0]));
    const pagesFile = path.join(dir, 'more-pages.csv');
    const chunksFile = path.join(dir, 'more-chunks.csv');
    fs.writeFileSync(pagesFile, stringify([pages[0]!, ...more]));
    fs.writeFileSync(chunksFile, stringify([chunks[0]!, ...chunks.slice(1).filter((c) => moreIds.has(c[1]))]));
    const built = await ownRows(db, 'public.wiki_postings');
    await importWiki(db, { pagesFile, chunksFile, mode: 'append' });
    assert.equal(await ownRows(db, APPENDED_TABLE), null, 'folded into the built table');
    const after = await ownRows(db, 'public.wiki_postings');
    assert.ok(after!.n > built!.n);
    const title = more.find((p) => p[1]!.length >= 2)![1]!;
    const appendedAnswers = await searchAll(db, [title, ...QUESTIONS]);
    assert.ok(appendedAnswers[0]!.chunks.length > 0, 'an appended page is found by its title');
    const { rows: n } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM wiki_chunks');
    assert.ok(n[0]!.n > base.chunks.length);
    await mergeLexical(db);
    assert.deepEqual(await searchAll(db, [title, ...QUESTIONS]), appendedAnswers);
  });
}
