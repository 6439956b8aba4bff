import { InvalidArgumentError, type Command } from 'commander';
import { importWiki, type ImportResult } from '@olala/core';
import { withDb } from '../lib/db.js';
import { stopOnSignals } from '../lib/interrupt.js';

interface ImportFlags {
  pages: string;
  chunks: string;
  append?: boolean;
  maxErrors: number;
  rejects?: string;
  json?: boolean;
}

function nonNegativeInteger(value: string): number {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError('expected a non-negative integer');
  return Number(value);
}

/** `olala wiki import`: loads the wiki dump atomically (see importWiki). */
export function register(wiki: Command): void {
  wiki
    .command('import')
    .description('import wiki_pages.csv and wiki_chunks.csv; replaces the wiki atomically unless --append')
    .requiredOption('--pages <file>', 'pages CSV: page_id,title[,url]')
    .requiredOption('--chunks <file>', 'chunks CSV: chunk_id,page_id,chunk_idx,content')
    .option(
      '--append',
      'upsert into the current wiki instead of replacing it (a pages column "deleted" of 1/true removes a page); only changed rows are re-indexed',
    )
    .option('--max-errors <n>', 'bad rows to skip (written to the rejects file) before failing', nonNegativeInteger, 0)
    .option('--rejects <file>', 'where skipped rows go (default ./wiki-import-rejects.csv)')
    .option('--json', 'print the result as one JSON object; progress as JSON lines on stderr')
    .showHelpAfterError()
    .exitOverride()
    .action(async (flags: ImportFlags) => {
      const signal = stopOnSignals('stopping the import; the current wiki stays as it is…');
      let result: ImportResult;
      try {
        result = await withDb('wiki import', (db) =>
          importWiki(db, {
            pagesFile: flags.pages,
            chunksFile: flags.chunks,
            mode: flags.append ? 'append' : 'replace',
            maxErrors: flags.maxErrors,
            rejectsFile: flags.rejects,
            progress: flags.json ? 'json' : true,
            signal,
          }),
        );
      } catch (err) {
        if (signal.aborted) {
          process.stderr.write('import interrupted; the wiki is unchanged\n');
          process.exit(130);
        }
        throw err;
      } finally {
        signal.release();
      }
      if (flags.json) {
        const { wikiPages, wikiChunks, ...rest } = result;
        process.stdout.write(`${JSON.stringify({ wiki_pages: wikiPages, wiki_chunks: wikiChunks, ...rest })}\n`);
        return;
      }
      if (result.rejected) process.stderr.write(`rejected ${result.rejected} rows, listed in ${result.rejectsFile}\n`);
      process.stdout.write(`wiki_pages: ${result.wikiPages}\nwiki_chunks: ${result.wikiChunks}\n`);
    });
}
