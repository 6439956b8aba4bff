import fs from 'node:fs';
import { InvalidArgumentError, type Command } from 'commander';
import { loadConfig, UserError } from '@olala/core';
import { createEmbedder, embedBackfill, type EmbedBackfillResult, type EmbedFailure } from '@olala/core/embeddings';
import { withDb } from '../lib/db.js';
import { stopOnSignals } from '../lib/interrupt.js';

interface EmbedFlags {
  model?: string;
  batch?: number;
  concurrency: number;
  maxChunks?: number;
  stopFile?: string;
  failures?: string;
  json?: boolean;
}

function positiveInteger(value: string): number {
  if (!/^\d+$/.test(value) || Number(value) < 1) throw new InvalidArgumentError('expected a positive integer');
  return Number(value);
}

/** `olala wiki embed`: the offline embedding backfill (search never embeds chunks itself). */
export function register(wiki: Command): void {
  wiki
    .command('embed')
    .description(
      'embed the chunks that have no current embedding for a model; resumable, stops cleanly on Ctrl-C or a stop file',
    )
    .option('--model <name>', 'embedding model (default EMBED_MODEL)')
    .option('--batch <n>', 'chunks per request (default EMBED_BATCH, 32)', positiveInteger)
    .option('--concurrency <n>', 'requests in flight at once', positiveInteger, 1)
    .option('--max-chunks <n>', 'stop after this many chunks', positiveInteger)
    .option('--stop-file <file>', 'stop between batches once this file exists (remove it to resume)')
    .option('--failures <file>', 'append the chunks that failed as JSON lines to this file')
    .option('--json', 'print the result as one JSON object; progress and failures as JSON lines on stderr')
    .showHelpAfterError()
    .exitOverride()
    .action(async (flags: EmbedFlags) => {
      const config = loadConfig();
      const embedder = createEmbedder(config, { model: flags.model });
      const signal = stopOnSignals('stopping after the batches in flight; run again to resume…');
      const failures = flags.failures ? openFailures(flags.failures) : undefined;
      const onFailure = (f: EmbedFailure) => {
        const line = JSON.stringify({ event: 'failed', model: embedder.model, ...f });
        process.stderr.write(flags.json ? `${line}\n` : `failed chunk ${f.chunk_id}: ${f.error}\n`);
        if (failures !== undefined) fs.writeSync(failures, `${line}\n`);
      };
      if (!flags.json) process.stderr.write(`embedding with ${embedder.model} at ${embedder.endpoint}\n`);
      let result: EmbedBackfillResult;
      try {
        result = await withDb('wiki embed', (db) =>
          embedBackfill(db, embedder, {
            batch: flags.batch ?? config.embedBatch,
            concurrency: flags.concurrency,
            maxChunks: flags.maxChunks,
            stopFile: flags.stopFile,
            signal,
            progress: flags.json ? 'json' : true,
            onFailure,
          }),
        );
      } finally {
        if (failures !== undefined) fs.closeSync(failures);
      }
      report(result, flags);
      if (result.stopped === 'signal') process.exit(130);
      if (result.failed.length) process.exit(2);
    });
}

function openFailures(file: string): number {
  try {
    return fs.openSync(file, 'a');
  } catch (err) {
    throw new UserError(`--failures ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
}

function report(r: EmbedBackfillResult, flags: EmbedFlags): void {
  if (flags.json) {
    const { failed, durationMs, missingAtStart, ...rest } = r;
    process.stdout.write(
      `${JSON.stringify({ ...rest, missing_at_start: missingAtStart, failed: failed.length, duration_ms: durationMs })}\n`,
    );
    return;
  }
  process.stdout.write(
    `model: ${r.model}\nembedded: ${r.embedded}\nfailed: ${r.failed.length}\nremaining: ${r.remaining}\n` +
      `elapsed: ${(r.durationMs / 1000).toFixed(1)} s\n`,
  );
  if (r.stopped === 'stop-file')
    process.stderr.write(`stopped: ${flags.stopFile} exists; remove it and run again to resume\n`);
  else if (r.stopped === 'signal') process.stderr.write('stopped on request; run again to resume\n');
  else if (r.stopped === 'max-chunks')
    process.stderr.write(`stopped after --max-chunks ${flags.maxChunks}; run again to continue\n`);
  if (r.failed.length)
    process.stderr.write(`${r.failed.length} chunks failed and were skipped; the next run tries them again\n`);
}
