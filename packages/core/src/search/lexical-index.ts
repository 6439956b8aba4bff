import type { Db, Session } from '../db/types.js';
import { ident } from '../db/types.js';
import { createProgress } from '../progress.js';
import { SEGMENT_RESTART } from './postings.js';
import { copySegment, SEGMENT_DOCS, type BuildStats, type PostingField, type SegmentResult } from './postings-builder.js';
import { indexWorkers, SegmentPool } from './postings-pool.js';

const READ_BATCH = 2000;

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
    if (rows.length === 0) return;
    yield rows;
    last = rows[rows.length - 1]!.id;
  }
}

/**
 * Reads documents in id order, cuts them into segments of `segmentDocs`, has the pool's workers
 * tokenize and invert them while this thread reads the next ones and writes finished segments
 * with COPY. At most one segment per worker (plus the one being read) is in memory.
 */
async function writeSegments(
  s: Session,
  pool: SegmentPool,
  o: { field: PostingField; rows: AsyncGenerator<{ id: number; text: string }[]>; table: string; segmentDocs: number; firstSegment: number; onDocs?: (n: number) => void },
): Promise<BuildStats & { nextSegment: number }> {
  const stats: BuildStats = { documents: 0, postings: 0, segments: 0 };
  const inFlight: Promise<SegmentResult>[] = [];
  let segment = o.firstSegment;
  let ids: number[] = [];
  let texts: string[] = [];
  const drain = async () => {
    const r = await inFlight.shift()!;
    await copySegment(s, o.table, r.bytes);
    if (r.documents > 0) stats.segments++;
    stats.documents += r.documents;
    stats.postings += r.postings;
    o.onDocs?.(r.offered);
  };
  const submit = async () => {
    if (ids.length === 0) return;
    const job = pool.run({ field: o.field, segment: segment++, ids, texts });
    // A failure is reported when its turn to be written comes; until then it must not count as unhandled.
    job.catch(() => {});
    inFlight.push(job);
    ids = [];
    texts = [];
    while (inFlight.length > Math.max(1, pool.size)) await drain();
  };
  for await (const batch of o.rows) {
    for (const row of batch) {
      ids.push(row.id);
      texts.push(row.text);
      if (ids.length >= o.segmentDocs) await submit();
    }
  }
  await submit();
  while (inFlight.length > 0) await drain();
  return { ...stats, nextSegment: segment };
}

/**
 * Tokenizes every chunk and title of `sourceSchema` into a fresh `targetSchema.wiki_postings`.
 * The live index is not touched: callers swap the new table in when they are ready.
 */
export async function buildPostingsTable(s: Session, options: LexicalBuildOptions): Promise<LexicalBuildStats> {
  const started = Date.now();
  const src = ident(options.sourceSchema);
  const schema = ident(options.targetSchema);
  const target = `${schema}.${ident('wiki_postings')}`;
  const segments = `${schema}.${ident(SEGMENTS_TABLE)}`;
  await s.query(`DROP TABLE IF EXISTS ${target}`);
  await s.query(`DROP TABLE IF EXISTS ${segments}`);
  await s.query(`CREATE TABLE ${segments} (LIKE public.wiki_postings INCLUDING ALL EXCLUDING INDEXES EXCLUDING CONSTRAINTS)`);
  const { rows } = await s.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${src}.wiki_chunks`);
  const progress = createProgress({ label: 'lexical index', total: rows[0]?.n ?? 0, unit: 'rows', json: options.progress === 'json', silent: !options.progress });
  const segmentsName = `${options.targetSchema}.${SEGMENTS_TABLE}`;
  const segmentDocs = options.segmentDocs ?? SEGMENT_DOCS;
  const pool = new SegmentPool(options.workers ?? indexWorkers());
  let chunks: BuildStats;
  let titles: BuildStats;
  try {
    let done = 0;
    chunks = await writeSegments(s, pool, {
      field: 'c',
      rows: keyset(s, `SELECT chunk_id AS id, content AS text FROM ${src}.wiki_chunks WHERE chunk_id > $1 ORDER BY chunk_id LIMIT $2`, options.signal),
      table: segmentsName,
      segmentDocs,
      firstSegment: 0,
      onDocs: (n) => {
        done += n;
        progress.update(done, { rows: done });
      },
    });
    titles = await writeSegments(s, pool, {
      field: 't',
      rows: keyset(s, `SELECT page_id AS id, title AS text FROM ${src}.wiki_pages WHERE page_id > $1 ORDER BY page_id LIMIT $2`, options.signal),
      table: segmentsName,
      segmentDocs,
      firstSegment: 0,
    });
  } finally {
    await pool.close();
  }
  progress.finish();

  const tMerge = Date.now();
  await s.query(`ALTER TABLE ${segments} ADD PRIMARY KEY (term, field, segment)`);
  await s.query(`CREATE TABLE ${target} (LIKE public.wiki_postings INCLUDING ALL EXCLUDING INDEXES EXCLUDING CONSTRAINTS)`);
  options.signal?.throwIfAborted();
  const merged = await mergeSegments(s, segments, target);
  await s.query(`DROP TABLE ${segments}`);
  await s.query(`ALTER TABLE ${target} ADD PRIMARY KEY (term, field, segment)`);
  await s.query(`ANALYZE ${target}`);
  return { chunks: stripNext(chunks), titles: stripNext(titles), rows: merged, mergeMs: Date.now() - tMerge, durationMs: Date.now() - started, workers: pool.size };
}

function stripNext(stats: BuildStats & { nextSegment?: number }): BuildStats {
  return { documents: stats.documents, postings: stats.postings, segments: stats.segments };
}

/** Where the builders write their segments before the merge; dropped after it. */
const SEGMENTS_TABLE = 'wiki_postings_segments';

/**
 * Rewrites the segments (one row per term, field and segment) as one row per term and field,
 * segment 0, so a query reads one row per term however large the wiki. Each segment's list
 * follows a restart record (postings.ts), so the database concatenates them in segment order
 * without decoding. Grouped in key order along the primary key: a hash aggregate would hold
 * the whole index in memory, and a sort would copy it.
 */
async function mergeSegments(s: Session, from: string, to: string): Promise<number> {
  await s.query('SET enable_hashagg = off');
  await s.query('SET enable_sort = off');
  try {
    const { rowCount } = await s.query(
      `INSERT INTO ${to} (field, term, segment, df, postings)
       SELECT field, term, 0, sum(df)::int,
              string_agg($1::bytea || postings, ''::bytea ORDER BY segment)
         FROM ${from}
        GROUP BY term, field`,
      [SEGMENT_RESTART],
    );
    return rowCount;
  } finally {
    await s.query('RESET enable_hashagg');
    await s.query('RESET enable_sort');
  }
}

const INDEX_SCHEMA = 'olala_reindex';

/** `olala wiki index`: rebuilds the lexical index of the live wiki and swaps it in atomically. */
export async function reindexLexical(db: Db, options: Pick<LexicalBuildOptions, 'progress' | 'signal' | 'segmentDocs' | 'workers'> = {}): Promise<LexicalBuildStats> {
  return db.session(async (s) => {
    await s.query(`DROP SCHEMA IF EXISTS ${ident(INDEX_SCHEMA)} CASCADE`);
    await s.query(`CREATE SCHEMA ${ident(INDEX_SCHEMA)}`);
    try {
      const stats = await buildPostingsTable(s, { sourceSchema: 'public', targetSchema: INDEX_SCHEMA, ...options });
      await s.query('BEGIN');
      try {
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
