import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Db } from '@olala/core';
import { appendLexical } from '../src/search/lexical-index.js';
import { BACKENDS } from '@olala/testing';
import { APPEND_TABLES, importedBase } from './lexical-append-fixtures.js';

/**
 * Appends into the live index from app_c / app_t, returns the stats and the rows it wrote, then
 * removes them and empties the tables, so the next append starts from the same index.
 */
async function appendOnce(db: Db, workers: number) {
  const { rows: top } = await db.query<{ top: number }>('SELECT max(segment)::int AS top FROM wiki_postings');
  const stats = await db.transaction((s) => appendLexical(s, { c: 'app_c', t: 'app_t' }, { workers }));
  const { rows } = await db.query<{ field: string; term: string; segment: number; df: number; postings: Uint8Array }>(
    'SELECT field, term, segment, df, postings FROM wiki_postings WHERE segment > $1 ORDER BY field, term, segment',
    [top[0]!.top],
  );
  await db.query('DELETE FROM wiki_postings WHERE segment > $1', [top[0]!.top]);
  await db.exec('DELETE FROM app_c; DELETE FROM app_t;');
  return { stats, rows: rows.map((r) => ({ ...r, postings: Buffer.from(r.postings) })) };
}

for (const backend of BACKENDS) {
  test(`${backend}: a chunk that only moved to a new id is not tokenized again, and the rows are those of a re-tokenized one`, async (t) => {
    const { db } = await importedBase(t, backend);
    await db.exec(APPEND_TABLES);
    // Every chunk taken back and added again under a new id (as when a paragraph inserted above
    // shifts a page's chunk numbers), in more than one read: once with the same text, once with a
    // trailing space, which tokenizes to the same terms but is not the same string.
    const move = (suffix: string) =>
      db.exec(`INSERT INTO app_c SELECT true, chunk_id, content FROM wiki_chunks;
        INSERT INTO app_c SELECT false, 900000000 + row_number() OVER (ORDER BY chunk_id), content || '${suffix}' FROM wiki_chunks;`);
    const { rows: n } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM wiki_chunks');
    for (const workers of [0, 2]) {
      await move('');
      const moved = await appendOnce(db, workers);
      await move(' ');
      const retyped = await appendOnce(db, workers);
      assert.equal(moved.stats.chunks.dead, n[0]!.n);
      assert.equal(moved.stats.chunks.retokenized, 0, `workers ${workers}: no old text tokenized again`);
      assert.equal(retyped.stats.chunks.retokenized, n[0]!.n, `workers ${workers}: every changed text tokenized`);
      assert.deepEqual(moved.rows, retyped.rows, `workers ${workers}: the same rows`);
      // Taken back and added again: no term's df moves.
      assert.ok(moved.rows.length > 100 && moved.rows.every((r) => r.df === 0 || r.term === '-'));
    }
  });
}
