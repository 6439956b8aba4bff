import fs from 'node:fs';
import path from 'node:path';
import type { TestContext } from 'node:test';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { importWiki, type Db } from '@olala/core';
import { lexicalSearch } from '../src/search/lexical-search.js';
import { BACKENDS, freshDb, tempDir } from '@olala/testing';

// What the append tests share (lexical-append*.test.ts: files of their own, so each runs within the runner's time limit).

export const SAMPLE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../sample/wiki');
const PAGES = 40;

/** The sample's first pages and their chunks. */
export function baseCorpus(dir: string) {
  const pages = parse(fs.readFileSync(path.join(SAMPLE, 'wiki_pages.csv'))) as string[][];
  const chunks = parse(fs.readFileSync(path.join(SAMPLE, 'wiki_chunks.csv'))) as string[][];
  const kept = pages.slice(1, PAGES + 1);
  const ids = new Set(kept.map((r) => r[0]));
  const pagesFile = path.join(dir, 'pages.csv');
  const chunksFile = path.join(dir, 'chunks.csv');
  fs.writeFileSync(pagesFile, stringify([pages[0]!, ...kept]));
  const keptChunks = chunks.slice(1).filter((r) => ids.has(r[1]));
  fs.writeFileSync(chunksFile, stringify([chunks[0]!, ...keptChunks]));
  return { pagesFile, chunksFile, pages: kept, chunks: keptChunks };
}

/** A fresh database of `backend` holding the base corpus, and the folder its files are in. */
export async function importedBase(t: TestContext, backend: (typeof BACKENDS)[number]) {
  const { db } = await freshDb(t, backend);
  const dir = tempDir(t);
  const base = baseCorpus(dir);
  await importWiki(db, { pagesFile: base.pagesFile, chunksFile: base.chunksFile, mode: 'replace' });
  return { db, dir, base };
}

export async function search(db: Db, q: string) {
  return lexicalSearch(db, q, { limit: 200 });
}

/** The tables `appendLexical` reads an append's taken-back (dead) and new rows from. */
export const APPEND_TABLES = `CREATE TABLE app_c (dead boolean, id bigint, text text, PRIMARY KEY (dead, id));
  CREATE TABLE app_t (dead boolean, id bigint, text text, PRIMARY KEY (dead, id));`;

/** An append's files that revise one chunk of the base to `content` and add no page. */
export function revisionFiles(dir: string, chunk: readonly string[], content: string) {
  const pagesFile = path.join(dir, 'no-pages.csv');
  const chunksFile = path.join(dir, 'revised.csv');
  fs.writeFileSync(pagesFile, 'page_id,title\n');
  fs.writeFileSync(
    chunksFile,
    stringify([
      ['chunk_id', 'page_id', 'chunk_idx', 'content'],
      [chunk[0]!, chunk[1]!, chunk[2]!, content],
    ]),
  );
  return { pagesFile, chunksFile };
}
