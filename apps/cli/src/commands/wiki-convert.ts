import fs from 'node:fs';
import { InvalidArgumentError, type Command } from 'commander';
import { createProgress, UserError, type Progress } from '@olala/core';
import { convertWikiExtractor, DEFAULT_MAX_CHARS, DEFAULT_MIN_CHARS, MIN_MAX_CHARS } from '@olala/core/wiki';

function integerAtLeast(min: number) {
  return (value: string): number => {
    const n = Number(value);
    if (!/^\d+$/.test(value) || n < min) throw new InvalidArgumentError(`expected an integer of at least ${min}`);
    return n;
  };
}

interface ConvertFlags {
  from: string[];
  out: string;
  maxChars: number;
  minChars: number;
  maxErrors: number;
  rejects?: string;
}

/** `olala wiki convert`: WikiExtractor output → wiki_pages.csv + wiki_chunks.csv for `olala wiki import`. */
export function register(wiki: Command): void {
  wiki
    .command('convert')
    .description('convert WikiExtractor output (<doc> blocks) into wiki_pages.csv and wiki_chunks.csv')
    .requiredOption('--from <paths...>', 'WikiExtractor files or folders (folders are read recursively)')
    .requiredOption('--out <dir>', 'folder for wiki_pages.csv and wiki_chunks.csv (created if missing)')
    .option('--max-chars <n>', 'largest chunk in characters', integerAtLeast(MIN_MAX_CHARS), DEFAULT_MAX_CHARS)
    .option('--min-chars <n>', 'skip docs with less text than this', integerAtLeast(0), DEFAULT_MIN_CHARS)
    .option(
      '--max-errors <n>',
      'unreadable docs to skip (written to the rejects file) before failing',
      integerAtLeast(0),
      0,
    )
    .option('--rejects <file>', 'where skipped unreadable docs go (default <out>/wiki-convert-rejects.csv)')
    .showHelpAfterError()
    .exitOverride()
    .action(async (flags: ConvertFlags) => {
      for (const p of flags.from) {
        if (!fs.existsSync(p)) throw new UserError(`--from: no such file or folder: ${p}`);
      }
      let progress: Progress | undefined;
      const result = await convertWikiExtractor({
        from: flags.from,
        outDir: flags.out,
        maxChars: flags.maxChars,
        minChars: flags.minChars,
        maxErrors: flags.maxErrors,
        rejectsFile: flags.rejects,
        onProgress: (p) => {
          progress ??= createProgress({ label: 'convert', total: p.totalBytes, unit: 'bytes' });
          progress.update(p.bytes, { rows: p.pages });
        },
      });
      progress?.finish();
      process.stdout.write(
        [
          `wiki_pages: ${result.pages} (${result.pagesFile})`,
          `wiki_chunks: ${result.chunks} (${result.chunksFile})`,
          `skipped_stubs: ${result.skippedStubs}`,
          `skipped_redirects: ${result.skippedRedirects}`,
          `errors: ${result.errors}${result.rejectsFile ? ` (listed in ${result.rejectsFile})` : ''}`,
          // Last, so that the docs it names end the output.
          `skipped_untitled: ${result.skippedUntitled}`,
          ...result.untitled.map((d) => `  ${d.file}:${d.line}: <doc id="${d.pageId}">`),
          ...(result.skippedUntitled > result.untitled.length
            ? [`  … and ${result.skippedUntitled - result.untitled.length} more`]
            : []),
          '',
        ].join('\n'),
      );
    });
}
