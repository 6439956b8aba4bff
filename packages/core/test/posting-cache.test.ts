import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { importWiki, type Db, type Queryable } from '@olala/core';
import { BACKENDS, freshDb, tempDir } from '@olala/testing';
import { mergeLexical, reindexLexical } from '../src/search/lexical-index.js';
import { lexicalSearch } from '../src/search/lexical-search.js';
import { PostingCache, postingCacheOf } from '../src/search/posting-cache.js';

const SAMPLE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../sample/wiki');

const row = (segment: number, bytes: number) => ({ segment, version: `v${segment}`, postings: new Uint8Array(bytes) });

test('the posting cache keeps the most recently used terms within its byte budget', () => {
  const cache = new PostingCache(100);
  cache.set('a', [row(0, 40)]);
  cache.set('b', [row(0, 30), row(1, 10)]);
  assert.equal(cache.byteSize, 80);
  assert.ok(cache.get('a'), 'a is used again: b is now the least recent');
  cache.set('c', [row(0, 50)]);
  assert.equal(cache.get('b'), undefined);
  assert.deepEqual(
    cache.get('a')?.map((r) => r.postings.byteLength),
    [40],
  );
  assert.equal(cache.byteSize, 90);
  // Replacing a term's rows counts only the new ones; a list above the whole budget is not held.
  cache.set('a', [row(0, 10)]);
  assert.equal(cache.byteSize, 60);
  cache.set('d', [row(0, 101)]);
  assert.equal(cache.get('d'), undefined);
  assert.equal(cache.byteSize, 60);
});

async function importCsv(
  db: Db,
  t: Parameters<typeof tempDir>[0],
  mode: 'replace' | 'append',
  pages: string,
  chunks: string,
) {
  const dir = tempDir(t);
  fs.writeFileSync(path.join(dir, 'p.csv'), `page_id,title\n${pages}`);
  fs.writeFileSync(path.join(dir, 'c.csv'), `chunk_id,page_id,chunk_idx,content\n${chunks}`);
  return importWiki(db, { pagesFile: path.join(dir, 'p.csv'), chunksFile: path.join(dir, 'c.csv'), mode });
}

const ids = async (db: Queryable, question: string) => (await lexicalSearch(db, question)).chunks.map((c) => c.chunkId);
/** The answer read afresh: a session is another object, so it starts with an empty cache. */
const uncached = (db: Db, question: string) => db.session((s) => ids(s, question));

for (const backend of BACKENDS) {
  test(`${backend}: a held posting list is never served once the index changed (append, merge, rebuild, replace)`, async (t) => {
    const { db } = await freshDb(t, backend);
    await importWiki(db, {
      pagesFile: path.join(SAMPLE, 'wiki_pages.csv'),
      chunksFile: path.join(SAMPLE, 'wiki_chunks.csv'),
      mode: 'replace',
    });
    const question = '가짜뉴스를 가려내는 연구소';
    const first = await ids(db, question);
    assert.ok(postingCacheOf(db).byteSize > 0, 'the lists read were kept');
    assert.deepEqual(await ids(db, question), first, 'the same answer from the held lists');

    // An append adds a segment row to terms the question holds lists of: the new chunk is found.
    await importCsv(
      db,
      t,
      'append',
      '9000001,올라라 검증소\n',
      '9000001001,9000001,0,올라라 검증소는 가짜뉴스를 가려내는 연구소이다.\n',
    );
    const appended = await ids(db, question);
    assert.equal(appended[0], 9000001001);
    assert.deepEqual(appended, await uncached(db, question));
    // The merge and a rebuild write every row anew (a rebuild's weights differ a little from an
    // appended segment's): the answer is what a fresh read gives.
    await mergeLexical(db);
    assert.deepEqual(await ids(db, question), appended);
    await reindexLexical(db);
    assert.deepEqual(await ids(db, question), await uncached(db, question));
    assert.equal((await ids(db, question))[0], 9000001001);

    // A replacing import of another wiki: none of the held lists may answer for it.
    const filler = [
      '서울은 대한민국의 수도이다.',
      '부산은 항구 도시이다.',
      '한강은 서울을 흐른다.',
      '김치는 발효 음식이다.',
    ];
    await importCsv(
      db,
      t,
      'replace',
      ['1,가짜뉴스', '2,연구소', ...filler.map((_, i) => `${i + 3},문서 ${i + 3}`)].join('\n') + '\n',
      [
        '101,1,0,가짜뉴스를 가려내는 일은 어렵다.',
        '201,2,0,연구소는 연구를 하는 곳이다.',
        ...filler.map((text, i) => `${(i + 3) * 100 + 1},${i + 3},0,${text}`),
      ].join('\n') + '\n',
    );
    const replaced = await ids(db, question);
    assert.deepEqual([...replaced].sort(), [101, 201]);
    assert.deepEqual(replaced, await uncached(db, question));
  });
}
