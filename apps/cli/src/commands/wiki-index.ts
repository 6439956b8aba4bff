import type { Command } from 'commander';
import { mergeLexical, reindexLexical } from '@olala/core/search';
import { buildEmbeddingIndex } from '@olala/core/embeddings';
import { withDb } from '../lib/db.js';
import { stopOnSignals } from '../lib/interrupt.js';

/**
 * `olala wiki index`: rebuilds the Korean lexical index from the live chunks and swaps it in
 * atomically (an import already builds it; this is for a tokenizer change or a repair).
 * `--merge` only folds the segments that `wiki import --append` added into one row per term.
 */
export function register(wiki: Command): void {
  wiki
    .command('index')
    .description('rebuild the lexical search index of the current wiki (atomic swap)')
    .option('--model <name>', "build that embedding model's HNSW vector index instead (atomic swap)")
    .option('--merge', 'merge the segments appended by `wiki import --append` (no re-tokenizing; atomic swap)')
    .option('--json', 'print the result as one JSON object; progress as JSON lines on stderr')
    .showHelpAfterError()
    .exitOverride()
    .action(async (flags: { json?: boolean; model?: string; merge?: boolean }) => {
      const signal = stopOnSignals('stopping; the current index stays as it is…');
      try {
        if (flags.model !== undefined) {
          const model = flags.model;
          const built = await withDb('wiki index', (db) =>
            buildEmbeddingIndex(db, model, { progress: flags.json ? 'json' : true, signal }),
          );
          process.stdout.write(
            flags.json
              ? `${JSON.stringify(built)}\n`
              : `vector index ${built.index}: ${built.rows} embeddings of ${built.dims} dims in ${(built.durationMs / 1000).toFixed(1)} s\n`,
          );
          return;
        }
        if (flags.merge) {
          const merged = await withDb('wiki index', (db) => mergeLexical(db, { signal }));
          process.stdout.write(
            flags.json
              ? `${JSON.stringify(merged)}\n`
              : `lexical index merged: ${merged.segmentsBefore} segments, ${merged.rowsBefore} rows → ${merged.rows} terms in ${(merged.durationMs / 1000).toFixed(1)} s\n`,
          );
          return;
        }
        const stats = await withDb('wiki index', (db) =>
          reindexLexical(db, { progress: flags.json ? 'json' : true, signal }),
        );
        if (flags.json) process.stdout.write(`${JSON.stringify(stats)}\n`);
        else {
          process.stdout.write(
            `lexical index: ${stats.chunks.documents} chunks, ${stats.titles.documents} titles, ` +
              `${stats.chunks.postings + stats.titles.postings} postings, ${stats.rows} terms (segments merged in ${(stats.mergeMs / 1000).toFixed(1)} s) ` +
              `in ${(stats.durationMs / 1000).toFixed(1)} s (${stats.workers} tokenizer workers)\n`,
          );
        }
      } catch (err) {
        if (signal.aborted) {
          process.stderr.write('indexing interrupted; the previous index is unchanged\n');
          process.exit(130);
        }
        throw err;
      }
    });
}
