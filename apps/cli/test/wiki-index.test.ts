import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { loadConfig, openDb } from '@olala/core';
import { lexicalSearch } from '@olala/core/search';
import { BACKENDS, freshDatabaseEnv, tempDir } from '@olala/testing';
import { olala } from './run-olala.js';

const TOPICS = ['한강', '독도', '세종대왕', '김치', '훈민정음', '백두산', '경복궁', '태권도'];

/** A small wiki: one page per topic, three chunks each, sentences that share most of their words. */
function writeWiki(dir: string) {
  const pages = path.join(dir, 'pages.csv');
  const chunks = path.join(dir, 'chunks.csv');
  fs.writeFileSync(pages, `page_id,title,url\n${TOPICS.map((t, i) => `${i + 1},${t},`).join('\n')}\n`);
  const rows = TOPICS.flatMap((t, i) =>
    [0, 1, 2].map(
      (k) =>
        `${(i + 1) * 100 + k},${i + 1},${k},"${t}은 대한민국의 역사와 문화에서 중요한 ${k + 1}번째 주제로 널리 알려져 있다."`,
    ),
  );
  fs.writeFileSync(chunks, `chunk_id,page_id,chunk_idx,content\n${rows.join('\n')}\n`);
  return { pages, chunks };
}

/** How the lexical index is laid out: rows of the most split term, segments, rows with a negative df (terms taken back and not added again). */
async function layout(env: Record<string, string>) {
  const db = await openDb(loadConfig(env), { command: 'test wiki index' });
  try {
    const { rows } = await db.query<{ rows: number; most: number; segments: number; negative: number; terms: number }>(
      `SELECT count(*)::int AS rows, count(DISTINCT (term, field))::int AS terms,
              (SELECT max(n)::int FROM (SELECT count(*) AS n FROM wiki_postings GROUP BY term, field) x) AS most,
              count(DISTINCT segment)::int AS segments, count(*) FILTER (WHERE df < 0)::int AS negative
         FROM wiki_postings`,
    );
    const found = await lexicalSearch(db, '올라라검증소 무지개송어', { limit: 10 });
    return { ...rows[0]!, found: found.chunks.map((c) => c.chunkId) };
  } finally {
    await db.close();
  }
}

for (const backend of BACKENDS) {
  test(`${backend}: an import leaves one row per term; after --append, olala wiki index --merge folds the segments back to one`, async (t) => {
    const env = await freshDatabaseEnv(t, backend);
    const dir = tempDir(t);
    const wiki = writeWiki(dir);
    const imported = await olala(env, 'wiki', 'import', '--pages', wiki.pages, '--chunks', wiki.chunks, '--json');
    assert.equal(imported.status, 0, imported.stderr);
    const built = await layout(env);
    assert.equal(built.most, 1, 'the build ends with its segments merged');
    assert.equal(built.segments, 1);

    // A new page, a changed chunk and a removed page: segments of their own, sharing terms with the rest.
    const pages = path.join(dir, 'more-pages.csv');
    const chunks = path.join(dir, 'more-chunks.csv');
    fs.writeFileSync(pages, 'page_id,title,url,deleted\n99,올라라검증소,,\n8,태권도,,1\n');
    fs.writeFileSync(
      chunks,
      'chunk_id,page_id,chunk_idx,content\n' +
        '9900,99,0,"올라라검증소는 대한민국의 역사와 문화에서 중요한 주제를 검증한다."\n' +
        '101,1,1,"한강의 무지개송어는 대한민국의 역사와 문화에서 중요한 주제로 널리 알려져 있다."\n',
    );
    const appended = await olala(env, 'wiki', 'import', '--pages', pages, '--chunks', chunks, '--append', '--json');
    assert.equal(appended.status, 0, appended.stderr);
    const before = await layout(env);
    assert.ok(before.most > 1, `appended terms are in several rows, got at most ${before.most}`);
    // The append's one segment takes back the old text and adds the new: a term of both is one row of net df.
    assert.ok(before.segments >= 2, `expected the built segment and the append's, got ${before.segments}`);
    assert.ok(before.negative > 0, 'the removed page and the text the change dropped took their terms back');
    assert.deepEqual(before.found.slice(0, 2).sort(), [101, 9900]);

    const merged = await olala(env, 'wiki', 'index', '--merge', '--json');
    assert.equal(merged.status, 0, merged.stderr);
    const stats = JSON.parse(merged.stdout) as { rowsBefore: number; rows: number; segmentsBefore: number };
    const after = await layout(env);
    assert.deepEqual(
      { rowsBefore: stats.rowsBefore, rows: stats.rows, segmentsBefore: stats.segmentsBefore },
      { rowsBefore: before.rows, rows: after.rows, segmentsBefore: before.segments },
    );
    assert.deepEqual(
      { most: after.most, segments: after.segments, negative: after.negative },
      { most: 1, segments: 1, negative: 0 },
    );
    assert.equal(after.rows, after.terms);
    assert.deepEqual(after.found, before.found, 'the merge changes no result');

    // The plain text output says the same.
    const again = await olala(env, 'wiki', 'index', '--merge');
    assert.equal(again.status, 0, again.stderr);
    assert.match(
      again.stdout,
      new RegExp(`lexical index merged: 1 segments, ${after.rows} rows → ${after.rows} terms`),
    );
  });
}
