import fs from 'node:fs';
import path from 'node:path';
import { ident, type Db, type Session } from '../../db/types.js';
import { UserError } from '../../errors.js';
import { createProgress } from '../../progress.js';
import { CsvSyntaxError, scanCsv, type CsvRecord } from './csv.js';
import { ImportErrors } from './errors.js';
import {
  CHUNK_STAGING,
  chunkCopyRow,
  CopyWriter,
  PAGE_STAGING,
  pageCopyRow,
  type ChunkColumns,
  type PageColumns,
} from './rows.js';
import {
  appendLexical,
  buildPostingsTable,
  type LexicalAppendStats,
  type LexicalBuildStats,
} from '../../search/lexical-index.js';
import {
  BUILD_SCHEMA,
  buildNewTables,
  checkStaging,
  dropLeftovers,
  prepareAppendSources,
  prepareStaging,
  STAGING_CHUNKS,
  STAGING_PAGES,
  swapIn,
  upsertLive,
  type ImportRecord,
} from './sql.js';

export interface ImportOptions {
  pagesFile: string;
  chunksFile: string;
  mode: 'replace' | 'append';
  /** Bad rows tolerated (written to the rejects file); one more fails the import. Default 0. */
  maxErrors?: number;
  /** Where rejected rows go; default ./wiki-import-rejects.csv when maxErrors > 0. */
  rejectsFile?: string;
  /** true: a bar on a terminal, JSON lines otherwise; 'json': always JSON lines (stderr). */
  progress?: boolean | 'json';
  signal?: AbortSignal;
}

export interface ImportResult {
  pagesLoaded: number;
  chunksLoaded: number;
  rejected: number;
  wikiPages: number;
  wikiChunks: number;
  rejectsFile?: string;
  durationMs: number;
  /** Where the time went: loading both files (the raw COPY throughput), checks, build, swap. */
  phases: { loadMs: number; checkMs: number; buildMs: number; swapMs: number };
  bytes: { pages: number; chunks: number };
  /** The lexical index build (inside buildMs). */
  lexical?: LexicalBuildStats;
  /** --append: the segments added to the live lexical index (inside swapMs). */
  lexicalAppend?: LexicalAppendStats;
}

// Any constant; it only has to be the same for every OLaLA process on one database.
const IMPORT_LOCK = 7_236_841_002;
/** COPY batches: big enough to keep the server busy, small enough to keep memory flat. */
const BATCH_BYTES = 4 * 1024 * 1024;

const PAGE_REQUIRED = ['page_id', 'title'] as const;
const CHUNK_REQUIRED = ['chunk_id', 'page_id', 'chunk_idx', 'content'] as const;

/**
 * Imports the wiki dump (pages and chunks CSV files) atomically: the live wiki changes in one
 * short transaction at the end, or not at all.
 */
export async function importWiki(db: Db, options: ImportOptions): Promise<ImportResult> {
  const t0 = performance.now();
  const startedAt = new Date();
  const maxErrors = options.maxErrors ?? 0;
  if (!Number.isInteger(maxErrors) || maxErrors < 0)
    throw new UserError(`--max-errors must be a non-negative integer, got ${maxErrors}`);
  const bytes = { pages: fileSize(options.pagesFile, '--pages'), chunks: fileSize(options.chunksFile, '--chunks') };
  const rejectsFile = options.rejectsFile ?? (maxErrors > 0 ? 'wiki-import-rejects.csv' : undefined);
  const errors = new ImportErrors(maxErrors, rejectsFile && path.resolve(rejectsFile));
  const phase = phaseReporter(options.progress);

  return db.session(async (s) => {
    const { rows } = await s.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1) AS ok', [IMPORT_LOCK]);
    if (!rows[0]?.ok) throw new UserError(`another wiki import is running on ${db.location}; wait for it to finish`);
    try {
      const tLoad = performance.now();
      await prepareStaging(s);
      await loadFile(s, 'pages', options, errors);
      await loadFile(s, 'chunks', options, errors);
      const tCheck = performance.now();
      phase('check');
      await checkStaging(
        s,
        errors,
        { pages: options.pagesFile, chunks: options.chunksFile },
        options.mode === 'append',
      );
      options.signal?.throwIfAborted();
      const { rows: loaded } = await s.query<{ pages: number; chunks: number }>(
        `SELECT (SELECT count(*) FROM ${ident(STAGING_PAGES)})::int AS pages, (SELECT count(*) FROM ${ident(STAGING_CHUNKS)})::int AS chunks`,
      );

      const record: ImportRecord = {
        startedAt,
        mode: options.mode,
        pagesFile: options.pagesFile,
        chunksFile: options.chunksFile,
        pagesLoaded: loaded[0]!.pages,
        chunksLoaded: loaded[0]!.chunks,
        rejected: errors.count,
      };
      const tBuild = performance.now();
      let counts: { pages: number; chunks: number };
      let tSwap: number;
      let lexical: LexicalBuildStats | undefined;
      let lexicalAppend: LexicalAppendStats | undefined;
      if (options.mode === 'append') {
        phase('upsert');
        tSwap = performance.now();
        counts = await upsertLive(s, record, async () => {
          phase('index');
          // Only what changed is tokenized: new segments and tombstones on the live index.
          lexicalAppend = await appendLexical(s, await prepareAppendSources(s), {
            progress: options.progress,
            signal: options.signal,
          });
        });
      } else {
        phase('build');
        const built = await buildNewTables(s, db.backend, options.signal);
        phase('index');
        lexical = await buildPostingsTable(s, {
          sourceSchema: BUILD_SCHEMA,
          targetSchema: BUILD_SCHEMA,
          progress: options.progress,
          signal: options.signal,
        });
        phase('swap');
        tSwap = performance.now();
        await swapIn(s, record, built);
        counts = built;
      }
      const tEnd = performance.now();
      const rejects = await errors.close();
      return {
        pagesLoaded: record.pagesLoaded,
        chunksLoaded: record.chunksLoaded,
        rejected: errors.count,
        wikiPages: counts.pages,
        wikiChunks: counts.chunks,
        ...(rejects ? { rejectsFile: rejects } : {}),
        durationMs: Math.round(tEnd - t0),
        phases: {
          loadMs: Math.round(tCheck - tLoad),
          checkMs: Math.round(tBuild - tCheck),
          buildMs: Math.round(tSwap - tBuild),
          swapMs: Math.round(tEnd - tSwap),
        },
        bytes,
        ...(lexical ? { lexical } : {}),
        ...(lexicalAppend ? { lexicalAppend } : {}),
      };
    } catch (err) {
      await errors.close().catch(() => {});
      if (err instanceof CsvSyntaxError) throw new UserError(`import refused, the wiki is unchanged: ${err.message}`);
      throw err;
    } finally {
      await dropLeftovers(s).catch(() => {});
      await s.query('SELECT pg_advisory_unlock($1)', [IMPORT_LOCK]).catch(() => {});
    }
  });
}

function fileSize(file: string, flag: string): number {
  try {
    const st = fs.statSync(file);
    if (!st.isFile()) throw new UserError(`${flag} ${file}: not a file`);
    return st.size;
  } catch (err) {
    if (err instanceof UserError) throw err;
    throw new UserError(
      `${flag} ${file}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message}`,
    );
  }
}

function phaseReporter(progress: ImportOptions['progress']): (name: string) => void {
  if (!progress) return () => {};
  const json = progress === 'json' || !process.stderr.isTTY;
  const text: Record<string, string> = {
    check: 'checking for duplicate ids and chunks without a page…',
    build: 'building the new tables and their indexes…',
    swap: 'swapping in the new wiki…',
    upsert: 'upserting into the wiki…',
    index: 'building the Korean lexical search index…',
  };
  return (name) =>
    process.stderr.write(json ? `${JSON.stringify({ event: 'phase', phase: name })}\n` : `${text[name] ?? name}\n`);
}

/** Maps header names to positions; extra columns are ignored. */
function headerColumns(rec: CsvRecord, file: string, required: readonly string[]): Map<string, number> {
  const names = new Map<string, number>();
  for (let i = 0; i < rec.count; i++) {
    const name = rec.text(i).trim().toLowerCase();
    if (!names.has(name)) names.set(name, i);
  }
  for (const col of required) {
    if (!names.has(col))
      throw new UserError(`${file}:${rec.line}: missing column "${col}" (header has: ${[...names.keys()].join(', ')})`);
  }
  return names;
}

/**
 * Streams one file into its staging table, validating each record; returns the rows loaded.
 * The scanner runs in this process while the server ingests the previous batch.
 */
async function loadFile(
  s: Session,
  kind: 'pages' | 'chunks',
  options: ImportOptions,
  errors: ImportErrors,
): Promise<number> {
  const file = kind === 'pages' ? options.pagesFile : options.chunksFile;
  const progress = createProgress({
    label: kind,
    total: fs.statSync(file).size,
    unit: 'bytes',
    json: options.progress === 'json',
    silent: !options.progress,
  });
  const out = new CopyWriter(BATCH_BYTES);
  let fields = 0;
  let writeRow: ((rec: CsvRecord) => string | undefined) | undefined;

  const onRecord = (rec: CsvRecord) => {
    if (!writeRow) {
      const names = headerColumns(rec, file, kind === 'pages' ? PAGE_REQUIRED : CHUNK_REQUIRED);
      fields = rec.count;
      if (kind === 'pages') {
        const cols: PageColumns = {
          page_id: names.get('page_id')!,
          title: names.get('title')!,
          url: names.get('url'),
          deleted: names.get('deleted'),
        };
        writeRow = (r) => pageCopyRow(r, cols, out);
      } else {
        const cols = Object.fromEntries(CHUNK_REQUIRED.map((c) => [c, names.get(c)!])) as unknown as ChunkColumns;
        writeRow = (r) => chunkCopyRow(r, cols, out);
      }
      return;
    }
    let problem: { line: number; reason: string } | undefined = rec.problem;
    if (!problem && rec.count !== fields)
      problem = { line: rec.line, reason: `expected ${fields} fields as in the header, found ${rec.count}` };
    if (!problem) {
      const reason = writeRow(rec);
      if (reason) problem = { line: rec.line, reason };
    }
    if (problem) errors.add(file, problem.line, problem.reason, rec.rawText());
  };

  async function* batches(): AsyncGenerator<Uint8Array> {
    const scan = scanCsv({
      file,
      signal: options.signal,
      onRecord,
      onMalformed: (line, reason, raw) => errors.add(file, line, reason, raw),
    });
    for await (const consumed of scan) {
      progress.update(consumed, { rows: out.rows });
      if (out.full) yield out.take()!;
    }
    const last = out.take();
    if (last) yield last;
    if (!writeRow) throw new UserError(`${file}:1: the file is empty (expected a header row)`);
  }

  const layout = kind === 'pages' ? PAGE_STAGING : CHUNK_STAGING;
  await s.copyIn({
    table: kind === 'pages' ? STAGING_PAGES : STAGING_CHUNKS,
    columns: layout.map(([name]) => name),
    format: 'csv',
    batches: batches(),
  });
  progress.finish();
  return out.rows;
}
