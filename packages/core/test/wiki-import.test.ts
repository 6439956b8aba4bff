import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, test, type TestContext } from 'node:test';
import { importWiki, UserError, type Db, type ImportOptions } from '@olala/core';
import { BACKENDS, freshDb, tempDir } from '@olala/testing';

const q = (s: string) => `"${s.replaceAll('"', '""')}"`;

/** Writes a pages and a chunks file; `pages` and `chunks` are the lines after the header. */
function files(
  dir: string,
  name: string,
  pages: (string | Buffer)[],
  chunks: (string | Buffer)[],
  headers = ['page_id,title,url', 'chunk_id,page_id,chunk_idx,content'],
) {
  const write = (file: string, header: string, lines: (string | Buffer)[]) => {
    fs.writeFileSync(
      file,
      Buffer.concat([
        Buffer.from(`${header}\n`),
        ...lines.map((l) => Buffer.concat([Buffer.from(l), Buffer.from('\n')])),
      ]),
    );
    return file;
  };
  return {
    pagesFile: write(path.join(dir, `${name}-pages.csv`), headers[0]!, pages),
    chunksFile: write(path.join(dir, `${name}-chunks.csv`), headers[1]!, chunks),
  };
}

/** n pages with `per` chunks each; text is Hangul with the characters CSV must quote. */
function sample(dir: string, name: string, n: number, per: number, tag = 'v1') {
  const pages: string[] = [];
  const chunks: string[] = [];
  let id = 0;
  for (let p = 1; p <= n; p++) {
    pages.push(`${p},${q(`문서 ${p}, "제목"`)},https://ko.wikipedia.org/wiki?curid=${p}`);
    for (let i = 0; i < per; i++) chunks.push(`${++id},${p},${i},${q(`${tag} 본문 ${p}-${i}, "인용"\n둘째 줄`)}`);
  }
  return files(dir, name, pages, chunks);
}

async function counts(db: Db) {
  const { rows } = await db.query<{ pages: number; chunks: number }>(
    'SELECT (SELECT count(*) FROM wiki_pages)::int AS pages, (SELECT count(*) FROM wiki_chunks)::int AS chunks',
  );
  return rows[0]!;
}

async function refused(db: Db, options: ImportOptions, expected: RegExp): Promise<void> {
  const before = await db.query('SELECT chunk_id, content FROM wiki_chunks ORDER BY chunk_id');
  await assert.rejects(importWiki(db, options), (err: Error) => {
    assert.ok(err instanceof UserError, `expected a UserError, got ${err.stack}`);
    assert.match(err.message, expected);
    return true;
  });
  const after = await db.query('SELECT chunk_id, content FROM wiki_chunks ORDER BY chunk_id');
  assert.deepEqual(after.rows, before.rows, 'a refused import must leave the wiki unchanged');
  const leftovers = await db.query(
    "SELECT relname FROM pg_class WHERE relname LIKE 'wiki_staging%' OR relnamespace = to_regnamespace('olala_import')",
  );
  assert.deepEqual(leftovers.rows, [], 'staging tables are dropped');
}

for (const backend of BACKENDS) {
  describe(`wiki import (${backend})`, () => {
    test('loads both files with exact counts, text intact, hashes and a history row', async (t: TestContext) => {
      const { db } = await freshDb(t, backend);
      const dir = tempDir(t);
      // Extra columns in any position, CRLF line ends and a BOM must all be accepted.
      const f = files(
        dir,
        'a',
        ['x1,1,"대한민국, ""수도"""', 'x2,2,서울'],
        ['1,0,9,1,"첫째 ""줄""\r\n둘째, 줄"\r', '2,0,9,2,plain text', '3,1,0,1,""'],
        ['\uFEFFextra,page_id,title', 'chunk_id,chunk_idx,junk,page_id,content'],
      );
      const result = await importWiki(db, { ...f, mode: 'replace' });
      assert.equal(result.pagesLoaded, 2);
      assert.equal(result.chunksLoaded, 3);
      assert.equal(result.wikiPages, 2);
      assert.equal(result.wikiChunks, 3);
      assert.equal(result.rejected, 0);
      const pages = await db.query('SELECT page_id, title, url FROM wiki_pages ORDER BY page_id');
      assert.deepEqual(pages.rows, [
        { page_id: 1, title: '대한민국, "수도"', url: null },
        { page_id: 2, title: '서울', url: null },
      ]);
      const chunks = await db.query<{
        chunk_id: number;
        page_id: number;
        chunk_idx: number;
        content: string;
        content_hash: string;
      }>('SELECT chunk_id, page_id, chunk_idx, content, content_hash FROM wiki_chunks ORDER BY chunk_id');
      assert.deepEqual(
        chunks.rows.map((r) => [r.chunk_id, r.page_id, r.chunk_idx, r.content]),
        [
          [1, 1, 0, '첫째 "줄"\r\n둘째, 줄'],
          [2, 2, 0, 'plain text'],
          [3, 1, 1, ''],
        ],
      );
      for (const r of chunks.rows) assert.equal(r.content_hash, createHash('md5').update(r.content).digest('hex'));
      const history = await db.query(
        'SELECT mode, pages_file, chunks_file, pages_loaded, chunks_loaded, rejected, wiki_pages, wiki_chunks FROM wiki_imports',
      );
      assert.deepEqual(history.rows, [
        {
          mode: 'replace',
          pages_file: f.pagesFile,
          chunks_file: f.chunksFile,
          pages_loaded: 2,
          chunks_loaded: 3,
          rejected: 0,
          wiki_pages: 2,
          wiki_chunks: 3,
        },
      ]);
    });

    test('replace swaps in new tables that keep the live keys, indexes and columns of later migrations', async (t: TestContext) => {
      const { db } = await freshDb(t, backend);
      const dir = tempDir(t);
      // What a later migration might add: the import must carry it without knowing of it.
      await db.exec(`ALTER TABLE wiki_chunks ADD COLUMN tokens text NOT NULL DEFAULT 'none';
        CREATE INDEX wiki_chunks_tokens_idx ON wiki_chunks (tokens);
        ALTER TABLE wiki_pages ADD CONSTRAINT wiki_pages_title_len CHECK (length(title) < 100);
        CREATE FUNCTION wiki_chunks_tokens() RETURNS trigger LANGUAGE plpgsql AS $$
          BEGIN NEW.tokens := 'trg:' || NEW.chunk_idx; RETURN NEW; END $$;
        CREATE TRIGGER wiki_chunks_tokens BEFORE INSERT ON wiki_chunks FOR EACH ROW EXECUTE FUNCTION wiki_chunks_tokens();`);
      await importWiki(db, { ...sample(dir, 'one', 3, 2), mode: 'replace' });
      const second = await importWiki(db, { ...sample(dir, 'two', 5, 3), mode: 'replace' });
      assert.equal(second.wikiPages, 5);
      assert.equal(second.wikiChunks, 15);
      assert.deepEqual(await counts(db), { pages: 5, chunks: 15 });
      const idx = await db.query<{ indexname: string }>(
        "SELECT indexname FROM pg_indexes WHERE tablename IN ('wiki_pages', 'wiki_chunks') AND schemaname = 'public' ORDER BY 1",
      );
      assert.deepEqual(
        idx.rows.map((r) => r.indexname),
        [
          'wiki_chunks_page_idx',
          'wiki_chunks_pkey',
          'wiki_chunks_tokens_idx',
          'wiki_pages_pkey',
          'wiki_pages_title_idx',
          'wiki_pages_title_trgm',
        ],
      );
      const cons = await db.query<{ conname: string; contype: string }>(
        "SELECT conname, contype FROM pg_constraint WHERE conrelid IN ('wiki_pages'::regclass, 'wiki_chunks'::regclass) AND contype IN ('p', 'f', 'c') ORDER BY 1",
      );
      assert.deepEqual(cons.rows, [
        { conname: 'wiki_chunks_page_id_fkey', contype: 'f' },
        { conname: 'wiki_chunks_pkey', contype: 'p' },
        { conname: 'wiki_pages_pkey', contype: 'p' },
        { conname: 'wiki_pages_title_len', contype: 'c' },
      ]);
      // The trigger came along and fired for the loaded rows.
      const tokens = await db.query("SELECT count(*)::int AS n FROM wiki_chunks WHERE tokens = 'trg:' || chunk_idx");
      assert.equal(tokens.rows[0]!.n, 15);
      const triggers = await db.query(
        "SELECT tgname FROM pg_trigger WHERE tgrelid = 'wiki_chunks'::regclass AND NOT tgisinternal",
      );
      assert.deepEqual(triggers.rows, [{ tgname: 'wiki_chunks_tokens' }]);
      // The foreign key is live on the swapped-in tables.
      await assert.rejects(
        db.query(
          "INSERT INTO wiki_chunks (chunk_id, page_id, chunk_idx, content, content_hash) VALUES (999, 999, 0, 'x', 'x')",
        ),
        /foreign key/,
      );
      const history = await db.query('SELECT wiki_chunks FROM wiki_imports ORDER BY import_id');
      assert.deepEqual(history.rows, [{ wiki_chunks: 6 }, { wiki_chunks: 15 }]);
    });

    test('each validation error is reported as file:line and changes nothing', async (t: TestContext) => {
      const { db } = await freshDb(t, backend);
      const dir = tempDir(t);
      await importWiki(db, { ...sample(dir, 'base', 2, 2), mode: 'replace' });
      const page = (n: number) => `${n},제목${n},`;
      const cases: {
        name: string;
        pages?: (string | Buffer)[];
        chunks: (string | Buffer)[];
        headers?: string[];
        file: 'pages' | 'chunks';
        line: number;
        reason: RegExp;
      }[] = [
        {
          name: 'header',
          chunks: ['1,1,0'],
          headers: ['page_id,title,url', 'chunk_id,page_id,chunk_idx'],
          file: 'chunks',
          line: 1,
          reason: /missing column "content"/,
        },
        {
          name: 'page-id',
          pages: [page(1), 'x,제목,'],
          chunks: ['1,1,0,a'],
          file: 'pages',
          line: 3,
          reason: /page_id is not an integer/,
        },
        {
          name: 'zero-id',
          chunks: ['1,1,0,a', '0,1,1,b'],
          file: 'chunks',
          line: 3,
          reason: /chunk_id must be a positive integer/,
        },
        {
          name: 'idx',
          chunks: ['1,1,0,a', '2,1,-1,b'],
          file: 'chunks',
          line: 3,
          reason: /chunk_idx must be at least 0, got -1/,
        },
        {
          name: 'title',
          pages: [page(1), '2,"  ",'],
          chunks: ['1,1,0,a'],
          file: 'pages',
          line: 3,
          reason: /title is empty/,
        },
        {
          name: 'dup-page',
          pages: [page(1), page(2), page(1)],
          chunks: ['1,1,0,a'],
          file: 'pages',
          line: 4,
          reason: /duplicate page_id 1 \(first on line 2\)/,
        },
        {
          name: 'dup-chunk',
          chunks: ['1,1,0,"a\nb"', '2,1,1,b', '1,1,2,c'],
          file: 'chunks',
          line: 5,
          reason: /duplicate chunk_id 1 \(first on line 2\)/,
        },
        {
          name: 'orphan',
          chunks: ['1,1,0,a', '2,7,0,b'],
          file: 'chunks',
          line: 3,
          reason: /page_id 7 not found in the pages file/,
        },
        {
          name: 'deleted-flag',
          pages: [`${page(1)},`, '2,제목,,maybe'],
          chunks: ['1,1,0,a'],
          headers: ['page_id,title,url,deleted', 'chunk_id,page_id,chunk_idx,content'],
          file: 'pages',
          line: 3,
          reason: /deleted must be 1, true, 0, false or empty, got "maybe"/,
        },
        {
          name: 'deleted-page',
          pages: [`${page(1)},`, '2,제목,,1'],
          chunks: ['1,1,0,a', '2,2,0,b'],
          headers: ['page_id,title,url,deleted', 'chunk_id,page_id,chunk_idx,content'],
          file: 'chunks',
          line: 3,
          reason: /page_id 2 not found in the pages file/,
        },
        {
          name: 'utf8',
          chunks: [
            '1,1,0,a',
            Buffer.concat([Buffer.from('2,1,1,"좋은\n나'), Buffer.from([0xff, 0xfe]), Buffer.from('쁜"')]),
          ],
          file: 'chunks',
          line: 4,
          reason: /invalid UTF-8/,
        },
        { name: 'nul', chunks: ['1,1,0,a', '2,1,1,"a\0b"'], file: 'chunks', line: 3, reason: /NUL byte/ },
        {
          name: 'fields',
          chunks: ['1,1,0,a', '2,1,1'],
          file: 'chunks',
          line: 3,
          reason: /expected 4 fields as in the header, found 3/,
        },
        {
          name: 'stray-quote',
          chunks: ['1,1,0,a', '2,1,1,ab"c'],
          file: 'chunks',
          line: 3,
          reason: /quote inside an unquoted field/,
        },
        {
          name: 'after-quote',
          chunks: ['1,1,0,a', '2,1,1,"ab"c'],
          file: 'chunks',
          line: 3,
          reason: /unexpected character after a closing quote/,
        },
        {
          name: 'unclosed',
          chunks: ['1,1,0,a', '2,1,1,"ab', 'more'],
          file: 'chunks',
          line: 3,
          reason: /unclosed quoted field/,
        },
      ];
      for (const c of cases) {
        const f = files(dir, c.name, c.pages ?? [page(1)], c.chunks, c.headers);
        const file = c.file === 'pages' ? f.pagesFile : f.chunksFile;
        const where = new RegExp(`${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:${c.line}: ${c.reason.source}`);
        await t.test(c.name, () => refused(db, { ...f, mode: 'replace' }, where));
      }
      assert.deepEqual(await counts(db), { pages: 2, chunks: 4 });
    });

    test('--max-errors skips bad rows into the rejects file; one more fails', async (t: TestContext) => {
      const { db } = await freshDb(t, backend);
      const dir = tempDir(t);
      const f = files(
        dir,
        'bad',
        ['1,하나,', '2,둘,', 'x,셋,'],
        ['1,1,0,좋음', '2,9,0,"고아, ""페이지"""', '3,2,0,좋음', '3,2,1,중복', 'abc,1,1,숫자 아님'],
      );
      const rejectsFile = path.join(dir, 'rejects.csv');
      await refused(
        db,
        { ...f, mode: 'replace', maxErrors: 3, rejectsFile },
        /more than --max-errors 3 bad rows[\s\S]*bad-pages\.csv:4: page_id is not an integer/,
      );

      const result = await importWiki(db, { ...f, mode: 'replace', maxErrors: 4, rejectsFile });
      assert.deepEqual(
        { pages: result.pagesLoaded, chunks: result.chunksLoaded, rejected: result.rejected, file: result.rejectsFile },
        { pages: 2, chunks: 2, rejected: 4, file: rejectsFile },
      );
      assert.deepEqual(await counts(db), { pages: 2, chunks: 2 });
      const lines = fs.readFileSync(rejectsFile, 'utf8').trimEnd().split('\n');
      assert.deepEqual(lines, [
        'file,line,reason,record',
        `"${f.pagesFile}",4,"page_id is not an integer: ""x""","x,셋,"`,
        `"${f.chunksFile}",6,"chunk_id is not an integer: ""abc""","abc,1,1,숫자 아님"`,
        `"${f.chunksFile}",5,"duplicate chunk_id 3 (first on line 4)","3,2,1,중복"`,
        `"${f.chunksFile}",3,"page_id 9 not found in the pages file","2,9,0,""고아, """"페이지"""""""`,
      ]);
      const history = await db.query('SELECT rejected FROM wiki_imports');
      assert.deepEqual(history.rows, [{ rejected: 4 }]);
    });

    test('--append upserts, counts live pages for chunks, and prunes stale embeddings', async (t: TestContext) => {
      const { db } = await freshDb(t, backend);
      const dir = tempDir(t);
      await importWiki(db, { ...sample(dir, 'base', 3, 2), mode: 'replace' });
      if (db.features.vector) {
        await db.exec(`INSERT INTO wiki_embeddings (model, chunk_id, content_hash, dims, embedding)
          SELECT 'm', chunk_id, content_hash, 2, '[1,2]' FROM wiki_chunks`);
      }
      // Chunk 1 changes text, chunk 7 is new on live page 3, page 4 is new, page 1 is renamed.
      const f = files(dir, 'more', ['1,새 제목,', '4,넷,'], ['1,1,0,바뀐 본문', '7,3,5,새 조각', '8,4,0,넷째']);
      const result = await importWiki(db, { ...f, mode: 'append' });
      assert.deepEqual({ pages: result.wikiPages, chunks: result.wikiChunks }, { pages: 4, chunks: 8 });
      assert.deepEqual(await counts(db), { pages: 4, chunks: 8 });
      const p1 = await db.query('SELECT title FROM wiki_pages WHERE page_id = 1');
      assert.deepEqual(p1.rows, [{ title: '새 제목' }]);
      const c1 = await db.query<{ content: string; content_hash: string }>(
        'SELECT content, content_hash FROM wiki_chunks WHERE chunk_id = 1',
      );
      assert.equal(c1.rows[0]!.content, '바뀐 본문');
      assert.equal(c1.rows[0]!.content_hash, createHash('md5').update('바뀐 본문').digest('hex'));
      if (db.features.vector) {
        const kept = await db.query<{ chunk_id: number }>('SELECT chunk_id FROM wiki_embeddings ORDER BY chunk_id');
        assert.deepEqual(
          kept.rows.map((r) => r.chunk_id),
          [2, 3, 4, 5, 6],
          'only the changed chunk loses its embedding',
        );
      } else {
        const table = await db.query("SELECT to_regclass('wiki_embeddings') AS t");
        assert.equal(table.rows[0]!.t, null);
      }
      const modes = await db.query('SELECT mode, wiki_pages, wiki_chunks FROM wiki_imports ORDER BY import_id');
      assert.deepEqual(modes.rows, [
        { mode: 'replace', wiki_pages: 3, wiki_chunks: 6 },
        { mode: 'append', wiki_pages: 4, wiki_chunks: 8 },
      ]);
      // A page found neither in the file nor in the wiki is still an error in append mode.
      await refused(
        db,
        { ...files(dir, 'orphan', ['5,다섯,'], ['9,6,0,x']), mode: 'append' },
        /orphan-chunks\.csv:2: page_id 6 not found in the pages file or the wiki/,
      );
    });

    test('replace prunes embeddings of vanished or changed chunks only', async (t: TestContext) => {
      const { db } = await freshDb(t, backend);
      const dir = tempDir(t);
      await importWiki(db, { ...sample(dir, 'base', 2, 2), mode: 'replace' });
      if (!db.features.vector) {
        const again = await importWiki(db, { ...sample(dir, 'again', 1, 1), mode: 'replace' });
        assert.equal(again.wikiChunks, 1);
        return;
      }
      await db.exec(`INSERT INTO wiki_embeddings (model, chunk_id, content_hash, dims, embedding)
        SELECT 'm', chunk_id, content_hash, 2, '[1,2]' FROM wiki_chunks`);
      // Same text for chunks 1-2, chunk 3 changes, chunk 4 vanishes.
      const f = files(
        dir,
        'next',
        ['1,문서 1,', '2,문서 2,'],
        [`1,1,0,${q('v1 본문 1-0, "인용"\n둘째 줄')}`, `2,1,1,${q('v1 본문 1-1, "인용"\n둘째 줄')}`, '3,2,0,다른 본문'],
      );
      await importWiki(db, { ...f, mode: 'replace' });
      const kept = await db.query<{ chunk_id: number }>('SELECT chunk_id FROM wiki_embeddings ORDER BY chunk_id');
      assert.deepEqual(
        kept.rows.map((r) => r.chunk_id),
        [1, 2],
      );
    });

    test('an aborted import stops, drops staging and leaves the wiki as it was', async (t: TestContext) => {
      const { db } = await freshDb(t, backend);
      const dir = tempDir(t);
      await importWiki(db, { ...sample(dir, 'base', 2, 2), mode: 'replace' });
      const big = sample(dir, 'big', 3000, 20);
      const controller = new AbortController();
      const running = importWiki(db, { ...big, mode: 'replace', signal: controller.signal });
      setTimeout(() => controller.abort(), 50);
      await assert.rejects(running, { name: 'AbortError' });
      assert.deepEqual(await counts(db), { pages: 2, chunks: 4 });
      const leftovers = await db.query("SELECT relname FROM pg_class WHERE relname LIKE 'wiki_staging%'");
      assert.deepEqual(leftovers.rows, []);
      const next = await importWiki(db, { ...big, mode: 'replace' });
      assert.equal(next.wikiChunks, 60_000);
    });
  });
}
