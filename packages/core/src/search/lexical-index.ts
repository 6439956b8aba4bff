import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ident, type Db, type Session } from '../db/types.js';
import { createProgress } from '../progress.js';
import { decodePostings, encodePostings, SEGMENT_RESTART } from './postings.js';
import {
  addFrequencies,
  countRows,
  forEachRow,
  AVG_LENGTH_TERM,
  copySegment,
  DOC_COUNT_TERM,
  encodeRows,
  POSTING_COLUMNS,
  TOMBSTONE_TERM,
  SEGMENT_DOCS,
  TextPack,
  type BuildStats,
  type PostingField,
  type PostingRow,
  type SegmentResult,
} from './postings-builder.js';
import { spillFolder, type SegmentFile } from './postings-merge.js';
import { averageLength } from './average-length.js';
import { indexWorkers, SegmentPool } from './postings-pool.js';

const READ_BATCH = 2000;

/**
 * A field's documents in `schema` (an identifier already quoted, or 'public') as (id, text):
 * what a build tokenizes and averageLength samples. The key stays visible through the
 * subquery, so `WHERE id > $1 ORDER BY id` is still read along the primary key.
 */
function documents(schema: string, field: PostingField): string {
  return field === 'c'
    ? `SELECT chunk_id AS id, content AS text FROM ${schema}.wiki_chunks`
    : `SELECT page_id AS id, title AS text FROM ${schema}.wiki_pages`;
}

export interface LexicalBuildOptions {
  /** Schema holding the wiki_pages and wiki_chunks to index. */
  sourceSchema: string;
  /** Schema that receives a new wiki_postings table (created here, replaced if present). */
  targetSchema: string;
  progress?: boolean | 'json';
  signal?: AbortSignal;
  /** Documents per segment (tests make it small). */
  segmentDocs?: number;
  /** Worker threads that tokenize; default OLALA_INDEX_WORKERS, else one per core. */
  workers?: number;
  /** Folder for the segment files of a build (about the index's size); default the system's temporary folder. */
  spillDir?: string;
}

export interface LexicalBuildStats {
  chunks: BuildStats;
  titles: BuildStats;
  /** Rows of the merged index: one per term and field, plus the two document counts. */
  rows: number;
  mergeMs: number;
  durationMs: number;
  workers: number;
}

async function* keyset<R extends { id: number }>(s: Session, sql: string, signal?: AbortSignal): AsyncGenerator<R[]> {
  let last = -1;
  for (;;) {
    signal?.throwIfAborted();
    const { rows } = await s.query<R>(sql, [last, READ_BATCH]);
    if (rows.length > 0) yield rows;
    // A short batch is the last: asking again would be one more statement for nothing.
    if (rows.length < READ_BATCH) return;
    last = rows[rows.length - 1]!.id;
  }
}

/**
 * Reads documents in id order, cuts them into segments of `segmentDocs` and those into jobs of
 * at most `partDocs`, has the pool's workers tokenize and invert them while this thread reads
 * the next ones, and hands finished jobs to `write` in order. At most one job per worker (plus
 * the one being read) is in memory.
 */
async function writeSegments(
  pool: SegmentPool,
  o: {
    field: PostingField;
    rows: AsyncGenerator<{ id: number; text: string }[]>;
    /** Where each finished segment goes, in segment order: a COPY into a table, or a file. */
    write: (r: SegmentResult, part: number) => Promise<void>;
    /** Where a job writes its rows itself (SegmentJob.file), when they go to files. */
    fileOf?: (segment: number, part: number) => string;
    segmentDocs: number;
    /**
     * Documents per job, when a segment is cut into parts whose files the build's merge joins
     * (their rows carry last ids): jobs smaller than a segment keep every worker busy on a wiki
     * of a few segments. Default one job per segment.
     */
    partDocs?: number;
    firstSegment: number;
    onDocs?: (n: number) => void;
    sortTerms?: boolean;
    /** The field's average document length, for every segment's weights (average-length.ts). */
    avgLength?: number;
  },
): Promise<BuildStats & { nextSegment: number }> {
  const stats: BuildStats = { documents: 0, postings: 0, segments: 0 };
  const inFlight: { job: Promise<SegmentResult>; part: number }[] = [];
  const parts = o.partDocs !== undefined && o.partDocs < o.segmentDocs;
  const partDocs = parts ? o.partDocs! : o.segmentDocs;
  let segment = o.firstSegment;
  let part = 0;
  let inSegment = 0;
  let counted = -1;
  let ids: number[] = [];
  const texts = new TextPack();
  const drain = async () => {
    const { job, part } = inFlight.shift()!;
    const r = await job;
    await o.write(r, part);
    if (r.documents > 0 && r.segment !== counted) {
      stats.segments++;
      counted = r.segment;
    }
    stats.documents += r.documents;
    stats.postings += r.postings;
    o.onDocs?.(r.offered);
  };
  const submit = async () => {
    if (ids.length === 0) return;
    const job = pool.run({
      field: o.field,
      segment,
      ids,
      texts: [],
      packed: texts.take(),
      sortTerms: o.sortTerms,
      avgLength: o.avgLength,
      lastIds: parts,
      file: o.fileOf?.(segment, part),
    });
    // A failure is reported when its turn to be written comes; until then it must not count as unhandled.
    job.catch(() => {});
    inFlight.push({ job, part: part++ });
    inSegment += ids.length;
    if (inSegment >= o.segmentDocs) {
      segment++;
      part = 0;
      inSegment = 0;
    }
    ids = [];
    while (inFlight.length > Math.max(1, pool.size)) await drain();
  };
  for await (const batch of o.rows) {
    for (const row of batch) {
      ids.push(row.id);
      texts.add(row.text);
      if (ids.length >= partDocs || inSegment + ids.length >= o.segmentDocs) await submit();
    }
  }
  await submit();
  while (inFlight.length > 0) await drain();
  return { ...stats, nextSegment: inSegment > 0 ? segment + 1 : segment };
}

/**
 * Documents per job of a build: a segment, unless the wiki has too few segments to keep every
 * worker busy — then a segment is cut into up to 8 parts (at 50,000 chunks and two workers,
 * segments of 32,768 were two jobs of 2:1, and one worker waited on the other a third of the time).
 */
function partSize(documents: number, segmentDocs: number, workers: number): number {
  const segments = Math.ceil(documents / segmentDocs);
  const parts = Math.min(8, Math.max(1, Math.ceil((4 * workers) / Math.max(1, segments))));
  return Math.ceil(segmentDocs / parts);
}

/**
 * Tokenizes every chunk and title of `sourceSchema` into a fresh `targetSchema.wiki_postings`.
 * The live index is not touched: callers swap the new table in when they are ready.
 *
 * Segments go to files (`spillDir`), not to the database; once all are written they are merged
 * here, term by term, into the final rows, which are COPYed once into a table without indexes,
 * whose primary key is built after. PGlite works on one thread of its own, so the database
 * sees each posting byte once: before, segments were COPYed into a table, indexed,
 * grouped by SQL into a second table and indexed again (docs/scaling.md).
 */
export async function buildPostingsTable(s: Session, options: LexicalBuildOptions): Promise<LexicalBuildStats> {
  const started = Date.now();
  const src = ident(options.sourceSchema);
  const schema = ident(options.targetSchema);
  const target = `${schema}.${ident('wiki_postings')}`;
  await s.query(`DROP TABLE IF EXISTS ${target}`);
  await s.query(
    `CREATE TABLE ${target} (LIKE public.wiki_postings INCLUDING ALL EXCLUDING INDEXES EXCLUDING CONSTRAINTS)`,
  );
  // Lists out of line but not compressed: varint deltas and weights shrink by ~13 % under pglz
  // (at 200k chunks 152 → 133 MB of the lists over 2 kB, the table 282 → 260 MB), and trying
  // was a quarter of PGlite's COPY of the merged rows, on the thread the build then waits for;
  // a search reads a list whole either way. Appends and merges write into tables made LIKE this one.
  await s.query(`ALTER TABLE ${target} ALTER COLUMN postings SET STORAGE EXTERNAL`);
  const { rows } = await s.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${src}.wiki_chunks`);
  const progress = createProgress({
    label: 'lexical index',
    total: rows[0]?.n ?? 0,
    unit: 'rows',
    json: options.progress === 'json',
    silent: !options.progress,
  });
  const segmentDocs = options.segmentDocs ?? SEGMENT_DOCS;
  const spill = spillFolder(options.spillDir ?? os.tmpdir());
  const files: SegmentFile[] = [];
  // The workers write the segment files themselves (SegmentJob.file): rows are not held whole.
  const fileOf = (field: PostingField) => (segment: number, part: number) =>
    path.join(spill, `${field}-${segment}-${part}`);
  const toFile = (field: PostingField) => async (r: SegmentResult, part: number) => {
    if (r.file !== undefined) files.push({ field, segment: r.segment, part, file: r.file });
  };
  try {
    const pool = new SegmentPool(options.workers ?? indexWorkers());
    let chunks: BuildStats & { nextSegment: number };
    let titles: BuildStats & { nextSegment: number };
    const avgLength: Record<PostingField, number | undefined> = { c: undefined, t: undefined };
    try {
      // The sample is counted by the workers, in parallel, and teaches them the commonest words first.
      const count = (field: PostingField, texts: string[]) => pool.lengths(field, texts);
      avgLength.c = await averageLength(s, 'c', `(${documents(src, 'c')})`, count);
      avgLength.t = await averageLength(s, 't', `(${documents(src, 't')})`, count);
      const { rows: pages } = await s.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${src}.wiki_pages`);
      let done = 0;
      chunks = await writeSegments(pool, {
        field: 'c',
        rows: keyset(s, `SELECT * FROM (${documents(src, 'c')}) d WHERE id > $1 ORDER BY id LIMIT $2`, options.signal),
        write: toFile('c'),
        fileOf: fileOf('c'),
        segmentDocs,
        partDocs: partSize(rows[0]?.n ?? 0, segmentDocs, pool.size),
        firstSegment: 0,
        sortTerms: true,
        avgLength: avgLength.c,
        onDocs: (n) => {
          done += n;
          progress.update(done, { rows: done });
        },
      });
      titles = await writeSegments(pool, {
        field: 't',
        rows: keyset(s, `SELECT * FROM (${documents(src, 't')}) d WHERE id > $1 ORDER BY id LIMIT $2`, options.signal),
        write: toFile('t'),
        fileOf: fileOf('t'),
        segmentDocs,
        partDocs: partSize(pages[0]?.n ?? 0, segmentDocs, pool.size),
        firstSegment: 0,
        sortTerms: true,
        avgLength: avgLength.t,
      });
    } catch (err) {
      await pool.close();
      throw err;
    }
    progress.finish();

    const tMerge = Date.now();
    options.signal?.throwIfAborted();
    // A build of one segment per field (a wiki of fewer than segmentDocs documents, such as the
    // sample the first start imports) is one row per term already: its lists go in unchanged,
    // as the database merge left them (it took such a table as the index).
    const restart = chunks.nextSegment > 1 || titles.nextSegment > 1;
    const counted = { rows: 0 };
    try {
      await s.copyIn({
        table: `${options.targetSchema}.wiki_postings`,
        columns: POSTING_COLUMNS,
        format: 'binary',
        batches: (async function* () {
          for await (const batch of pool.merge(files, { restart, batchBytes: COPY_BATCH_BYTES, counted })) {
            options.signal?.throwIfAborted();
            yield batch;
          }
        })(),
      });
    } finally {
      await pool.close();
    }
    options.signal?.throwIfAborted();
    for (const field of ['c', 't'] as const)
      counted.rows += await recordAverageLength(s, target, field, avgLength[field]);
    await s.query(`ALTER TABLE ${target} ADD PRIMARY KEY (term, field, segment)`);
    await s.query(`ANALYZE ${target}`);
    return {
      chunks: stripNext(chunks),
      titles: stripNext(titles),
      rows: counted.rows,
      mergeMs: Date.now() - tMerge,
      durationMs: Date.now() - started,
      workers: pool.size,
    };
  } finally {
    fs.rmSync(spill, { recursive: true, force: true });
  }
}

function stripNext(stats: BuildStats & { nextSegment?: number }): BuildStats {
  return { documents: stats.documents, postings: stats.postings, segments: stats.segments };
}

/**
 * Merged rows COPYed per statement: on PGlite each batch is one COPY of one blob, so fewer,
 * larger batches cost less per row, while the blob is also held in the database's memory.
 */
const COPY_BATCH_BYTES = 16 << 20;

/**
 * Rewrites the segments of an index (one row per term, field and segment) as one row per term
 * and field, segment 0, so a query reads one row per term. Each segment's list follows a
 * restart record (postings.ts), so the database concatenates them in segment order without
 * decoding; the build merges its own segment files the same way in JavaScript
 * (postings-merge.ts). Grouped in key order along the primary key: a hash aggregate would hold
 * the whole index in memory, and a sort would copy it.
 */
async function mergeSegments(
  s: Session,
  from: string,
  to: string,
  except?: { exceptTerm: string; exceptKeys: string },
): Promise<number> {
  await s.query('SET enable_hashagg = off');
  await s.query('SET enable_sort = off');
  try {
    // mergeLexical leaves out the tombstones and the terms it merges itself.
    const where = except
      ? `WHERE p.term <> $2 AND NOT EXISTS (SELECT 1 FROM ${except.exceptKeys} x WHERE x.term = p.term AND x.field = p.field)`
      : '';
    const { rowCount } = await s.query(
      `INSERT INTO ${to} (field, term, segment, df, postings)
       SELECT field, term, 0, sum(df)::int,
              string_agg($1::bytea || postings, ''::bytea ORDER BY segment)
         FROM ${from} p ${where}
        GROUP BY term, field`,
      except ? [SEGMENT_RESTART, except.exceptTerm] : [SEGMENT_RESTART],
    );
    return rowCount;
  } finally {
    await s.query('RESET enable_hashagg');
    await s.query('RESET enable_sort');
  }
}

const INDEX_SCHEMA = 'olala_reindex';

/** `olala wiki index`: rebuilds the lexical index of the live wiki and swaps it in atomically. */
export async function reindexLexical(
  db: Db,
  options: Pick<LexicalBuildOptions, 'progress' | 'signal' | 'segmentDocs' | 'workers' | 'spillDir'> = {},
): Promise<LexicalBuildStats> {
  return db.session(async (s) => {
    await s.query(`DROP SCHEMA IF EXISTS ${ident(INDEX_SCHEMA)} CASCADE`);
    await s.query(`CREATE SCHEMA ${ident(INDEX_SCHEMA)}`);
    try {
      const stats = await buildPostingsTable(s, { sourceSchema: 'public', targetSchema: INDEX_SCHEMA, ...options });
      await s.query('BEGIN');
      try {
        await dropAppended(s);
        await s.query('DROP TABLE public.wiki_postings');
        await s.query(`ALTER TABLE ${ident(INDEX_SCHEMA)}.wiki_postings SET SCHEMA public`);
        await s.query('COMMIT');
      } catch (err) {
        await s.query('ROLLBACK').catch(() => {});
        throw err;
      }
      return stats;
    } finally {
      await s.query(`DROP SCHEMA IF EXISTS ${ident(INDEX_SCHEMA)} CASCADE`);
    }
  });
}

/**
 * What an append changed in one field: a table (temporary, or schema-qualified) of (dead, id,
 * text) keyed by (dead, id) — the documents that are new or whose text changed (`dead` false),
 * and the live ones they replace or that were removed, with their old text (`dead` true).
 */
export type AppendSource = string;

/**
 * Where appends write their segments: a table that inherits wiki_postings, so every read of
 * wiki_postings (searches, tombstones, the merge) reads its rows too, while an append's COPY
 * goes into this table's small key instead of the built index's. At the seed size a 1 % append
 * touches a fifth of the index's terms; COPYed into the built table's key it split nearly every
 * leaf (docs/scaling.md). Made by the first append after a build, dropped by every swap of
 * wiki_postings (a build, `olala wiki index`, its `--merge`), whose new table has no appends.
 */
export const APPENDED_TABLE = 'public.wiki_postings_appended';

/** Drops the appended segments' table, before the wiki_postings it inherits is dropped. */
export async function dropAppended(s: Pick<Session, 'query'>): Promise<void> {
  await s.query(`DROP TABLE IF EXISTS ${APPENDED_TABLE}`);
}

/**
 * Leaves the appended table ready for searches after an append: analysed once, when the append
 * made it, and its heap kept no larger than the built table's by moving its rows there when it
 * grows past: a reader of wiki_postings' heap in slices of its own blocks
 * (held-per-version.ts eachHeapSlice) then still meets every appended row, and appends that
 * outgrow the build (a small wiki, many appends) write into one key again.
 */
async function settleAppended(s: Session): Promise<void> {
  const { rows } = await s.query<{ big: boolean; unanalysed: boolean }>(
    `SELECT pg_relation_size(oid) > pg_relation_size('public.wiki_postings'::regclass) AS big, reltuples < 0 AS unanalysed
       FROM pg_class WHERE oid = $1::regclass`,
    [APPENDED_TABLE],
  );
  if (rows[0]!.big) {
    await s.query(`INSERT INTO public.wiki_postings SELECT * FROM ONLY ${APPENDED_TABLE}`);
    await dropAppended(s);
    return;
  }
  // Once, when an append made the table: without statistics the planner took each search's lookup
  // in it for thousands of rows (bitmap scans), and searches after a 1 % append at the seed size cost
  // 85-89 CPU-ms against 76-78 with the rows in the built table; analysed, 80 against 80. A sample of
  // 3,000 rows (about 0.25 CPU-s there, 0.4 at the default 30,000) is enough to say a term is a few rows.
  if (rows[0]!.unanalysed) {
    await s.query('SET LOCAL default_statistics_target = 10');
    await s.query(`ANALYZE ${APPENDED_TABLE}`);
    await s.query('RESET default_statistics_target');
  }
}

export interface LexicalAppendStats {
  segment: number;
  chunks: BuildStats & { dead: number };
  titles: BuildStats & { dead: number };
  /** Rows written into the index: what the append's time grows with (docs/scaling.md). */
  rows: number;
  durationMs: number;
}

/**
 * Adds what an append changed to the live index without touching the rest: one segment that
 * both takes back the replaced and removed documents (a tombstone row listing them; document
 * count and per-term df lowered by what their old text contributed, found by tokenizing it
 * again) and adds the first of the new and changed documents, then further segments if they
 * are many. A term of both the old and the new text is one row with the net df: a 1 % append
 * at the seed size replaces revisions of the same text, whose terms are mostly shared, and the
 * rows COPYed into the indexed table were its cost. Searches skip a posting whose document a
 * later segment tombstoned — not the tombstoning segment's own postings — and sum df and
 * document counts over segments, so they see the appended wiki exactly; `mergeLexical` folds it
 * all back into one row per term. Its fixed cost is a handful of statements: one read of where
 * the index stands, the sources' reads, and one COPY of all the rows (per 16 MB).
 */
export async function appendLexical(
  s: Session,
  sources: Record<PostingField, AppendSource>,
  options: Pick<LexicalBuildOptions, 'progress' | 'signal' | 'segmentDocs' | 'workers'> = {},
): Promise<LexicalAppendStats> {
  const started = Date.now();
  const table = APPENDED_TABLE;
  await s.query(
    `CREATE TABLE IF NOT EXISTS ${table} (PRIMARY KEY (term, field, segment)) INHERITS (public.wiki_postings)`,
  );
  // Every segment with postings or tombstones has a document count row: read along the key, not the table.
  const { rows: state } = await s.query<{ top: number; added: number; c: number | null; t: number | null }>(
    `SELECT (SELECT coalesce(max(segment), -1) FROM public.wiki_postings WHERE term = ANY($1::text[]))::int AS top,
            (SELECT count(*) FROM ${sources.c} WHERE NOT dead)::int AS added,
            (SELECT df FROM public.wiki_postings WHERE term = $2 AND field = 'c' AND segment = 0) AS c,
            (SELECT df FROM public.wiki_postings WHERE term = $2 AND field = 't' AND segment = 0) AS t`,
    [[DOC_COUNT_TERM, TOMBSTONE_TERM], AVG_LENGTH_TERM],
  );
  const { top, added: addedChunks } = state[0]!;
  const segment = top + 1;
  const segmentDocs = options.segmentDocs ?? SEGMENT_DOCS;
  const progress = createProgress({
    label: 'lexical index',
    total: addedChunks,
    unit: 'rows',
    json: options.progress === 'json',
    silent: !options.progress,
  });
  // Rows of every segment go out together, in COPYs of up to COPY_BATCH_BYTES: on PGlite each
  // COPY is a statement of its own (a blob written, then read), so an append of a few hundred
  // documents makes one rather than one per field and segment.
  const pending: Uint8Array[] = [];
  let pendingBytes = 0;
  const flush = async () => {
    if (pendingBytes === 0) return;
    await copySegment(s, table, pending.length === 1 ? pending[0]! : Buffer.concat(pending));
    pending.length = 0;
    pendingBytes = 0;
  };
  let rows = 0;
  const write = async (bytes: Uint8Array) => {
    if (bytes.byteLength === 0) return;
    rows += countRows(bytes);
    pending.push(bytes);
    pendingBytes += bytes.byteLength;
    if (pendingBytes >= COPY_BATCH_BYTES) await flush();
  };
  // An append of less than a segment is tokenized on this thread: here the vocabulary is learnt
  // once, from the old text, and the new text (mostly the same words) then finds it known; two
  // fresh workers each start (about 0.45 CPU-s) and learn it, and the segment's one job still runs
  // alone after. At 883k chunks, a 1 % append: 3-6 CPU-s less, the index part 6.8-9.6 s against
  // 12.2-12.6 s with two workers (docs/scaling.md).
  const pool = new SegmentPool(options.workers ?? (addedChunks < segmentDocs ? 0 : indexWorkers()));
  const stats = {} as Record<PostingField, BuildStats & { dead: number }>;
  // The sources are read along their (dead, id) key. Without statistics the planner took each
  // read for a bitmap scan and sorted every row left, texts and all (spilled to disk: 10 MB for
  // the first of 8,832 chunks at the seed size), once per read batch.
  await s.query('SET LOCAL enable_sort = off');
  try {
    let done = 0;
    for (const field of ['c', 't'] as const) {
      const dead = await takeBack(s, pool, field, sources[field], options.signal);
      const recorded = state[0]![field];
      // The first new segment waits for the take-back's counts, to be written with them as one segment.
      let first: Uint8Array = new Uint8Array(0);
      const added = await writeSegments(pool, {
        field,
        rows: keyset(
          s,
          `SELECT id, text FROM ${sources[field]} WHERE NOT dead AND id > $1 ORDER BY id LIMIT $2`,
          options.signal,
        ),
        write: async (r) => {
          if (r.segment === segment) first = r.bytes;
          else await write(r.bytes);
        },
        segmentDocs,
        firstSegment: segment,
        sortTerms: true,
        avgLength: recorded !== null ? recorded / 1000 : await liveAverage(s, field),
        onDocs:
          field === 'c'
            ? (n) => {
                done += n;
                progress.update(done, { rows: done });
              }
            : undefined,
      });
      // After the new documents: the workers counted the old text while this thread read them.
      await write(netSegment(field, segment, first, dead.ids, await dead.counted));
      stats[field] = { ...stripNext(added), dead: dead.ids.length };
    }
    await flush();
    await settleAppended(s);
  } finally {
    await pool.close();
    // In an aborted transaction the RESET fails; the rollback drops the SET LOCAL anyway.
    await s.query('RESET enable_sort').catch(() => {});
  }
  progress.finish();
  // No ANALYZE: a few more rows do not change the planner's picture, and it would read a sample of the whole index.
  return { segment, chunks: stats.c, titles: stats.t, rows, durationMs: Date.now() - started };
}

/** What the dead documents of one field contributed: df per term of their old text, and how many had a term. */
interface TakenBack {
  df: Map<string, number>;
  indexed: number;
}

/**
 * The dead documents of `source` (see appendLexical), and what their old text contributed to
 * the index. This thread reads them; the pool's workers tokenize them, at most two batches per
 * worker in flight, so they count while this thread reads on and then the new documents;
 * `counted` resolves once they are counted.
 */
async function takeBack(
  s: Session,
  pool: SegmentPool,
  field: PostingField,
  source: AppendSource,
  signal?: AbortSignal,
): Promise<{ counted: Promise<TakenBack>; ids: number[] }> {
  const back: TakenBack = { df: new Map(), indexed: 0 };
  const ids: number[] = [];
  const inFlight: Promise<void>[] = [];
  const room = Math.max(1, 2 * pool.size);
  for await (const batch of keyset<{ id: number; text: string }>(
    s,
    `SELECT id, text FROM ${source} WHERE dead AND id > $1 ORDER BY id LIMIT $2`,
    signal,
  )) {
    for (const row of batch) ids.push(row.id);
    const counted = pool.frequencies(
      field,
      batch.map((row) => row.text),
    );
    // Added as each batch comes back: the sum does not depend on the order.
    const added = counted.then((f) => void (back.indexed += addFrequencies(f, back.df)));
    // Should the read fail first, the pool's close rejects what is still in flight: not unhandled.
    added.catch(() => {});
    inFlight.push(added);
    if (inFlight.length >= room) await inFlight.shift();
  }
  const counted = Promise.all(inFlight).then(() => back);
  // A failure is the caller's when it awaits `counted`; until then it must not count as unhandled.
  counted.catch(() => {});
  return { counted, ids };
}

/**
 * Segment `segment` of one field: the first new segment's rows (`added`, binary COPY rows in
 * term order, possibly none) with what the dead documents `ids` took back — per term of their
 * old text its df lowered, in the new text's row of the term when it has one (its df rewritten
 * in place: decoding and encoding the segment's rows again cost more than the COPY saved), and
 * after them, in term order, the tombstone row listing `ids` and a row for each term only the
 * old text had. Consumes `back.df`.
 */
function netSegment(
  field: PostingField,
  segment: number,
  added: Uint8Array,
  ids: readonly number[],
  back: TakenBack,
): Uint8Array {
  if (ids.length === 0) return added;
  const b = Buffer.from(added.buffer, added.byteOffset, added.byteLength);
  const df = back.df;
  let counted = false;
  forEachRow(b, (termStart, termEnd, dfAt) => {
    const term = b.toString('utf8', termStart, termEnd);
    const n = term === DOC_COUNT_TERM ? back.indexed : df.get(term);
    if (term === DOC_COUNT_TERM) counted = true;
    else if (n !== undefined) df.delete(term);
    if (n !== undefined) b.writeInt32BE(b.readInt32BE(dfAt) - n, dfAt);
  });
  const empty = new Uint8Array(0);
  const taken: PostingRow[] = [
    {
      field,
      term: TOMBSTONE_TERM,
      segment,
      df: ids.length,
      postings: encodePostings(
        ids,
        ids.map(() => 1),
      ),
    },
  ];
  if (!counted) taken.push({ field, term: DOC_COUNT_TERM, segment, df: -back.indexed, postings: empty });
  for (const [term, n] of df) taken.push({ field, term, segment, df: -n, postings: empty });
  taken.sort((a, b) => (a.term < b.term ? -1 : a.term > b.term ? 1 : 0));
  return Buffer.concat([b, encodeRows(taken)]);
}

/** Every tombstoned document of an index: id → the latest segment that tombstoned it, per field. */
export async function readTombstones(
  s: Pick<Session, 'query'>,
  table = 'public.wiki_postings',
): Promise<Record<PostingField, Map<number, number>>> {
  const dead: Record<PostingField, Map<number, number>> = { c: new Map(), t: new Map() };
  const { rows } = await s.query<{ field: PostingField; segment: number; postings: Uint8Array }>(
    `SELECT field, segment, postings FROM ${table} WHERE term = $1 ORDER BY segment`,
    [TOMBSTONE_TERM],
  );
  for (const r of rows) decodePostings(r.postings, (id) => dead[r.field].set(id, r.segment));
  return dead;
}

/** Writes the row of `AVG_LENGTH_TERM` for a build that weighed `field` with `avg`; the rows written (0 or 1). */
export async function recordAverageLength(
  s: Session,
  table: string,
  field: PostingField,
  avg: number | undefined,
): Promise<number> {
  if (avg === undefined) return 0;
  await s.query(`INSERT INTO ${table} (field, term, segment, df, postings) VALUES ($1, $2, 0, $3, ''::bytea)`, [
    field,
    AVG_LENGTH_TERM,
    Math.round(avg * 1000),
  ]);
  return 1;
}

/**
 * The average length an append weighs with when the live index did not record the one it was
 * built with (an index built before it was recorded): the live wiki's, taken as a build takes it.
 */
async function liveAverage(s: Session, field: PostingField): Promise<number | undefined> {
  return averageLength(s, field, `(${documents('public', field)})`);
}

/** Terms re-merged in JavaScript per batch: those a tombstoned document used. */
const MERGE_BATCH = 500;

export interface LexicalMergeStats {
  /** Rows (term, field, segment) before, rows (term, field) after. */
  rowsBefore: number;
  rows: number;
  segmentsBefore: number;
  /** Terms of the segments that tombstone documents (those whose lists may hold dead postings), filtered in JavaScript. */
  rewritten: number;
  durationMs: number;
}

/**
 * `olala wiki index --merge`: folds appended segments and their tombstones into one row per
 * term and field, without tokenizing anything. Terms no replaced or removed document used are
 * merged by the database as after a build (mergeSegments); the others — every term with a row
 * in a segment that tombstones documents, where an append took their old terms back (with the
 * new text's postings of the same term, so not only rows of negative df) — are decoded here,
 * their tombstoned postings dropped. df and document counts are summed and weights kept, so
 * searches rank exactly as before the merge. Built beside the live index, swapped in atomically.
 */
export async function mergeLexical(db: Db, options: { signal?: AbortSignal } = {}): Promise<LexicalMergeStats> {
  const started = Date.now();
  return db.session(async (s) => {
    const { rows: before } = await s.query<{ n: number; segments: number }>(
      'SELECT count(*)::int AS n, count(DISTINCT segment)::int AS segments FROM public.wiki_postings',
    );
    const dead = await readTombstones(s);
    const schema = ident(INDEX_SCHEMA);
    const target = `${schema}.wiki_postings`;
    const affected = `${schema}.${ident('affected')}`;
    await s.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await s.query(`CREATE SCHEMA ${schema}`);
    try {
      await s.query(
        `CREATE TABLE ${target} (LIKE public.wiki_postings INCLUDING ALL EXCLUDING INDEXES EXCLUDING CONSTRAINTS)`,
      );
      // Every term of a tombstoning segment: a term of a dead document's old text has a row there,
      // with its net df, which is not negative when the new text has it too.
      await s.query(`CREATE TABLE ${affected} AS SELECT term, field FROM public.wiki_postings WITH NO DATA`);
      await s.query(
        `INSERT INTO ${affected} SELECT DISTINCT p.term, p.field FROM public.wiki_postings p
          WHERE (p.field, p.segment) IN (SELECT field, segment FROM public.wiki_postings WHERE term = $1)`,
        [TOMBSTONE_TERM],
      );
      await s.query(`ALTER TABLE ${affected} ADD PRIMARY KEY (term, field)`);
      options.signal?.throwIfAborted();
      let written = await mergeSegments(s, 'public.wiki_postings', target, {
        exceptTerm: TOMBSTONE_TERM,
        exceptKeys: affected,
      });
      let rewritten = 0;
      let last: { term: string; field: string } | undefined;
      for (;;) {
        options.signal?.throwIfAborted();
        const { rows } = await s.query<PostingRow>(
          `SELECT p.field, p.term, p.segment, p.df, p.postings
             FROM (SELECT term, field FROM ${affected}
                    WHERE $1::text IS NULL OR (term, field) > ($1::text, $2::"char")
                    ORDER BY term, field LIMIT $3) a
             JOIN public.wiki_postings p ON p.term = a.term AND p.field = a.field
            ORDER BY p.term, p.field, p.segment`,
          [last?.term ?? null, last?.field ?? null, MERGE_BATCH],
        );
        if (rows.length === 0) break;
        const merged: PostingRow[] = [];
        for (let i = 0; i < rows.length;) {
          let j = i;
          while (j < rows.length && rows[j]!.term === rows[i]!.term && rows[j]!.field === rows[i]!.field) j++;
          const row = mergeGroup(rows.slice(i, j), dead);
          if (row) merged.push(row);
          rewritten++;
          i = j;
        }
        await copySegment(s, `${INDEX_SCHEMA}.wiki_postings`, encodeRows(merged));
        written += merged.length;
        last = { term: rows[rows.length - 1]!.term, field: rows[rows.length - 1]!.field };
      }
      await s.query(`ALTER TABLE ${target} ADD PRIMARY KEY (term, field, segment)`);
      await s.query(`ANALYZE ${target}`);
      options.signal?.throwIfAborted();
      await s.query('BEGIN');
      try {
        await dropAppended(s);
        await s.query('DROP TABLE public.wiki_postings');
        await s.query(`ALTER TABLE ${target} SET SCHEMA public`);
        await s.query('COMMIT');
      } catch (err) {
        await s.query('ROLLBACK').catch(() => {});
        throw err;
      }
      return {
        rowsBefore: before[0]!.n,
        rows: written,
        segmentsBefore: before[0]!.segments,
        rewritten,
        durationMs: Date.now() - started,
      };
    } finally {
      await s.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    }
  });
}

/** One term's rows (segment order) as one row, segment 0; undefined when nothing is left of it. */
function mergeGroup(group: PostingRow[], dead: Record<PostingField, Map<number, number>>): PostingRow | undefined {
  const { field, term } = group[0]!;
  if (term === TOMBSTONE_TERM) return undefined;
  const df = group.reduce((a, r) => a + r.df, 0);
  if (term === DOC_COUNT_TERM) return { field, term, segment: 0, df, postings: new Uint8Array(0) };
  const tomb = dead[field];
  const parts: Uint8Array[] = [];
  for (const r of group) {
    if (r.postings.byteLength === 0) continue;
    let list = r.postings;
    if (tomb.size > 0) {
      const ids: number[] = [];
      const weights: number[] = [];
      let removed = false;
      decodePostings(list, (id, w) => {
        if ((tomb.get(id) ?? -1) > r.segment) removed = true;
        else {
          ids.push(id);
          weights.push(w);
        }
      });
      if (removed) list = encodeRuns(ids, weights);
    }
    if (list.byteLength > 0) parts.push(SEGMENT_RESTART, list);
  }
  if (parts.length === 0) return undefined;
  return { field, term, segment: 0, df, postings: Buffer.concat(parts) };
}

/** Postings in any id order: each ascending run encoded on its own, restart records between them. */
function encodeRuns(ids: number[], weights: number[]): Uint8Array {
  const parts: Uint8Array[] = [];
  let from = 0;
  for (let i = 1; i <= ids.length; i++) {
    if (i < ids.length && ids[i]! > ids[i - 1]!) continue;
    if (parts.length > 0) parts.push(SEGMENT_RESTART);
    parts.push(encodePostings(ids.slice(from, i), weights.slice(from, i)));
    from = i;
  }
  return Buffer.concat(parts);
}
