import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { importWiki, type Db } from '@olala/core';
import { BACKENDS, freshDb, tempDir } from '@olala/testing';

// PGlite runs no autovacuum: tables an import builds would never get planner statistics, and on
// a large wiki the search's queries would be planned from guesses.
async function statsOf(db: Db): Promise<string[]> {
  const { rows } = await db.query<{ tablename: string }>(
    "SELECT DISTINCT tablename FROM pg_stats WHERE schemaname = 'public' AND tablename IN ('wiki_pages', 'wiki_chunks', 'wiki_postings') ORDER BY tablename",
  );
  return rows.map((r) => r.tablename);
}

for (const backend of BACKENDS) {
  test(`${backend}: an import leaves planner statistics on the new wiki tables, replace and append`, async (t) => {
    const { db } = await freshDb(t, backend);
    const dir = tempDir(t);
    const write = (name: string, first: number) => {
      const pages = ['page_id,title'];
      const chunks = ['chunk_id,page_id,chunk_idx,content'];
      for (let p = first; p < first + 20; p++) {
        pages.push(`${p},문서 ${p}`);
        for (let i = 0; i < 3; i++) chunks.push(`${p * 100 + i},${p},${i},서울 부산 ${p} 번째 문서의 ${i} 번째 조각`);
      }
      fs.writeFileSync(path.join(dir, `${name}-p.csv`), `${pages.join('\n')}\n`);
      fs.writeFileSync(path.join(dir, `${name}-c.csv`), `${chunks.join('\n')}\n`);
      return { pagesFile: path.join(dir, `${name}-p.csv`), chunksFile: path.join(dir, `${name}-c.csv`) };
    };
    await importWiki(db, { ...write('a', 1), mode: 'replace' });
    assert.deepEqual(await statsOf(db), ['wiki_chunks', 'wiki_pages', 'wiki_postings']);
    await importWiki(db, { ...write('b', 1000), mode: 'append' });
    assert.deepEqual(await statsOf(db), ['wiki_chunks', 'wiki_pages', 'wiki_postings']);
    const { rows } = await db.query<{ n: number }>(
      "SELECT reltuples::int AS n FROM pg_class WHERE oid = 'public.wiki_chunks'::regclass",
    );
    assert.equal(rows[0]!.n, 120);
  });
}
