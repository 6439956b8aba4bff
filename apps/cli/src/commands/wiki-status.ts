import type { Command } from 'commander';
import { Value } from 'typebox/value';
import { WikiStatus } from '@olala/contract';
import { DataDirLockedError, describeFetchError, loadConfig, migrationStatus, UserError } from '@olala/core';
import { describeLexicalIndex, lexicalIndexStatus, readIndexProgress, wikiStatus } from '@olala/core/wiki';
import { stderrLog, withDb } from '../lib/db.js';

/** The embedded database belongs to the running server, so ask the server for the status. */
async function statusFromServer(httpUrl: string): Promise<WikiStatus> {
  const url = `${httpUrl.replace(/\/+$/, '')}/api/wiki/status`;
  let body: unknown;
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(15_000) });
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    body = await res.json();
  } catch (err) {
    throw new UserError(
      `the embedded database is held by the server at ${httpUrl}, which did not answer ${url}: ${describeFetchError(err)}`,
    );
  }
  if (!Value.Check(WikiStatus, body))
    throw new UserError(`the server at ${httpUrl} answered ${url} with something that is not a wiki status`);
  return body;
}

function table(rows: string[][]): string[] {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map(
    (r) => '  ' + r.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  '),
  );
}

const n = (v: number) => v.toLocaleString('en-US');

export function formatStatus(s: WikiStatus): string {
  const lines = [`backend: ${s.backend}`, `wiki_pages: ${s.wiki_pages}`, `wiki_chunks: ${s.wiki_chunks}`];
  if (s.embeddings.length === 0) {
    lines.push(
      `embeddings: none${s.vector_enabled ? '' : ' (pgvector is not installed: vector search is off, lexical search works)'}`,
    );
  } else {
    lines.push('embeddings:');
    lines.push(
      ...table([
        ['model', 'embedded', 'missing', 'coverage', 'index'],
        ...s.embeddings.map((e) => [e.model, n(e.embedded), n(e.missing), `${e.coverage_pct.toFixed(2)}%`, e.index]),
      ]),
    );
  }
  if (s.lexical_index) lines.push(`lexical_index: ${describeLexicalIndex(s.lexical_index)}`);
  if (s.imports.length === 0) {
    lines.push('imports: none yet (load a dump with `olala wiki import --pages … --chunks …`)');
  } else {
    lines.push('imports (latest first):');
    lines.push(
      ...table([
        ['finished', 'mode', 'took', 'pages', 'chunks', 'rejected', 'wiki_pages', 'wiki_chunks'],
        ...s.imports.map((i) => [
          i.finished_at.replace('T', ' ').replace(/\.\d+Z$/, 'Z'),
          i.mode,
          `${((Date.parse(i.finished_at) - Date.parse(i.started_at)) / 1000).toFixed(1)}s`,
          n(i.pages_loaded),
          n(i.chunks_loaded),
          n(i.rejected),
          n(i.wiki_pages),
          n(i.wiki_chunks),
        ]),
      ]),
    );
  }
  return `${lines.join('\n')}\n`;
}

/** `olala wiki status`: counts, embedding coverage per model, import history. */
export function register(wiki: Command): void {
  wiki
    .command('status')
    .description('wiki pages and chunks, embedding coverage per model, and the history of imports')
    .option('--json', 'print the status as one JSON object (top-level wiki_pages and wiki_chunks)')
    .showHelpAfterError()
    .exitOverride()
    .action(async (flags: { json?: boolean }) => {
      const config = loadConfig();
      const models = config.embedModel ? [config.embedModel] : [];
      let status: WikiStatus;
      try {
        status = await withDb(
          'wiki status',
          async (db) => {
            const migrations = await migrationStatus(db);
            if (!migrations.applied.includes(1)) {
              throw new UserError(
                `the wiki tables do not exist yet in ${db.location}: run \`olala db migrate\` (or start the server, which migrates)`,
              );
            }
            return wikiStatus(db, { models, dataDir: config.dataDir });
          },
          { migrate: false },
        );
      } catch (err) {
        if (!(err instanceof DataDirLockedError)) throw err;
        if (!err.holder.httpUrl) {
          // An import or index build holds the embedded database: its progress record is all there is to read.
          const record = readIndexProgress(config.dataDir);
          if (!record) throw err;
          stderrLog.info(
            `the embedded database is in use by process ${err.holder.pid} (${err.holder.command}); only the lexical index build can be reported`,
          );
          const lexical = lexicalIndexStatus(record, false);
          process.stdout.write(
            flags.json
              ? `${JSON.stringify({ lexical_index: lexical }, null, 2)}\n`
              : `lexical_index: ${describeLexicalIndex(lexical)}\n`,
          );
          return;
        }
        stderrLog.info(`the embedded database is in use by the server at ${err.holder.httpUrl}; asking it`);
        status = await statusFromServer(err.holder.httpUrl);
      }
      process.stdout.write(flags.json ? `${JSON.stringify(status, null, 2)}\n` : formatStatus(status));
    });
}
