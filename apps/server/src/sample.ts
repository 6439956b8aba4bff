import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyBaseLogger } from 'fastify';
import { importWiki, type Db } from '@olala/core';

export const SAMPLE_DIR = fileURLToPath(new URL('../../../sample/wiki/', import.meta.url));

export type InfoLog = Pick<FastifyBaseLogger, 'info'>;

/** First start on an empty database: load the bundled sample so search has something to find. */
export async function importSampleIfEmpty(db: Db, log: InfoLog, dir = SAMPLE_DIR): Promise<void> {
  const { rows } = await db.query<{ any: boolean }>('SELECT EXISTS (SELECT 1 FROM wiki_pages) AS any');
  if (rows[0]?.any) return;
  const pagesFile = path.join(dir, 'wiki_pages.csv');
  const chunksFile = path.join(dir, 'wiki_chunks.csv');
  if (!fs.existsSync(pagesFile) || !fs.existsSync(chunksFile)) {
    log.info(`the wiki is empty and there is no bundled sample in ${dir}; skipping (load a dump with \`olala wiki import\`)`);
    return;
  }
  log.info({ pagesFile, chunksFile }, 'the wiki is empty: importing the bundled sample (set OLALA_IMPORT_SAMPLE=0 to skip)');
  const result = await importWiki(db, { pagesFile, chunksFile, mode: 'replace', progress: false });
  log.info(
    { wiki_pages: result.wikiPages, wiki_chunks: result.wikiChunks, ms: Math.round(result.durationMs) },
    `imported the sample wiki: ${result.wikiPages} pages, ${result.wikiChunks} chunks`,
  );
}
