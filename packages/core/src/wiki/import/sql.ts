import { ident, type Session } from '../../db/types.js';
import { dropAppended } from '../../search/lexical-index.js';
import { CHUNK_STAGING, PAGE_STAGING } from './rows.js';
import type { ImportErrors } from './errors.js';

/*
 * The database side of an import. Rows are loaded into UNLOGGED staging tables, checked there
 * in SQL (duplicate ids, chunks without a page; the staging rows carry their source line),
 * then copied into new tables built in the `olala_import` schema from the live tables'
 * own definitions, and swapped in by one short transaction. Until that commit the live
 * wiki is untouched, so a failed or killed import leaves it as it was.
 */

export const STAGING_PAGES = 'wiki_staging_pages';
export const STAGING_CHUNKS = 'wiki_staging_chunks';
const BUILD_SCHEMA = 'olala_import';
const LIVE_SCHEMA = 'public';
/** Tables rebuilt by an import, pages first (chunks reference them). */
const LIVE_TABLES = ['wiki_pages', 'wiki_chunks'] as const;
/** An append that stages at least this share of a live table's rows analyses it again. */
const REANALYZE_SHARE = 0.1;
/** Swapped together with them: the lexical index built from the new tables. */
const SWAPPED_TABLES = [...LIVE_TABLES, 'wiki_postings'] as const;
export { BUILD_SCHEMA };

// `line` locates a row in its file and `deleted` marks a page to remove: neither is stored.
const columnsOf = (layout: readonly (readonly [string, string])[]) =>
  layout.map(([name]) => name).filter((n) => n !== 'line' && n !== 'deleted');
const PAGE_COLUMNS = columnsOf(PAGE_STAGING);
const CHUNK_COLUMNS = columnsOf(CHUNK_STAGING);

/** Drops what a killed import may have left and creates empty staging tables. */
export async function prepareStaging(s: Session): Promise<void> {
  await dropLeftovers(s);
  for (const [table, layout] of [
    [STAGING_PAGES, PAGE_STAGING],
    [STAGING_CHUNKS, CHUNK_STAGING],
  ] as const) {
    await s.query(
      `CREATE UNLOGGED TABLE ${ident(table)} (${layout.map(([n, type]) => `${ident(n)} ${type}`).join(', ')})`,
    );
  }
  await s.query(`CREATE SCHEMA ${ident(BUILD_SCHEMA)}`);
}

export async function dropLeftovers(s: Session): Promise<void> {
  await s.query(`DROP TABLE IF EXISTS ${ident(STAGING_PAGES)}, ${ident(STAGING_CHUNKS)}`);
  await s.query(`DROP SCHEMA IF EXISTS ${ident(BUILD_SCHEMA)} CASCADE`);
}

/**
 * Duplicate ids (the first occurrence is kept) and chunks whose page is neither in the pages
 * file nor, in append mode, in the live wiki. Bad rows are reported and removed from staging.
 */
export async function checkStaging(
  s: Session,
  errors: ImportErrors,
  files: { pages: string; chunks: string },
  append: boolean,
): Promise<void> {
  // Without statistics the planner takes the staging tables for thousands of rows and hashes the
  // whole live wiki_chunks to join them, here and in the append's statements after (0.9 s at 50k
  // chunks, growing with the wiki); analysed, it looks each staged row up by key. An append's
  // staging tables are the append's size.
  if (append) await s.query(`ANALYZE ${ident(STAGING_PAGES)}, ${ident(STAGING_CHUNKS)}`);
  const pageDupes = await s.query<{
    line: number;
    page_id: number;
    first_line: number;
    title: string;
    url: string | null;
  }>(
    `SELECT s.line, s.page_id, d.first_line, s.title, s.url
       FROM ${ident(STAGING_PAGES)} s
       JOIN (SELECT page_id, min(line) AS first_line FROM ${ident(STAGING_PAGES)} GROUP BY page_id HAVING count(*) > 1) d USING (page_id)
      WHERE s.line <> d.first_line ORDER BY s.line LIMIT $1`,
    [errors.room],
  );
  for (const r of pageDupes.rows) {
    errors.add(
      files.pages,
      r.line,
      `duplicate page_id ${r.page_id} (first on line ${r.first_line})`,
      csvRecord([r.page_id, r.title, r.url]),
    );
  }
  await deleteLines(
    s,
    STAGING_PAGES,
    pageDupes.rows.map((r) => r.line),
  );

  const chunkDupes = await s.query<{ line: number; chunk_id: number; first_line: number }>(
    `SELECT s.line, s.chunk_id, d.first_line
       FROM ${ident(STAGING_CHUNKS)} s
       JOIN (SELECT chunk_id, min(line) AS first_line FROM ${ident(STAGING_CHUNKS)} GROUP BY chunk_id HAVING count(*) > 1) d USING (chunk_id)
      WHERE s.line <> d.first_line ORDER BY s.line LIMIT $1`,
    [errors.room],
  );
  await rejectChunks(
    s,
    errors,
    files.chunks,
    new Map(chunkDupes.rows.map((r) => [r.line, `duplicate chunk_id ${r.chunk_id} (first on line ${r.first_line})`])),
  );

  // A page the file marks deleted is no home for a chunk, in the file or in the wiki.
  const livePage = append
    ? ` AND NOT EXISTS (SELECT 1 FROM ${ident('wiki_pages')} w WHERE w.page_id = c.page_id
                          AND NOT EXISTS (SELECT 1 FROM ${ident(STAGING_PAGES)} d WHERE d.page_id = c.page_id AND d.deleted))`
    : '';
  const orphans = await s.query<{ line: number; page_id: number }>(
    `SELECT c.line, c.page_id FROM ${ident(STAGING_CHUNKS)} c
      WHERE NOT EXISTS (SELECT 1 FROM ${ident(STAGING_PAGES)} p WHERE p.page_id = c.page_id AND NOT p.deleted)${livePage}
      ORDER BY c.line LIMIT $1`,
    [errors.room],
  );
  const where = append ? 'in the pages file or the wiki' : 'in the pages file';
  await rejectChunks(
    s,
    errors,
    files.chunks,
    new Map(orphans.rows.map((r) => [r.line, `page_id ${r.page_id} not found ${where}`])),
  );
}

async function rejectChunks(
  s: Session,
  errors: ImportErrors,
  file: string,
  reasons: Map<number, string>,
): Promise<void> {
  if (reasons.size === 0) return;
  const { rows } = await s.query<{
    line: number;
    chunk_id: number;
    page_id: number;
    chunk_idx: number;
    content: string;
  }>(
    `SELECT line, chunk_id, page_id, chunk_idx, content FROM ${ident(STAGING_CHUNKS)} WHERE line = ANY($1::int[]) ORDER BY line`,
    [[...reasons.keys()]],
  );
  for (const r of rows)
    errors.add(file, r.line, reasons.get(r.line)!, csvRecord([r.chunk_id, r.page_id, r.chunk_idx, r.content]));
  await deleteLines(s, STAGING_CHUNKS, [...reasons.keys()]);
}

async function deleteLines(s: Session, table: string, lines: number[]): Promise<void> {
  if (lines.length) await s.query(`DELETE FROM ${ident(table)} WHERE line = ANY($1::int[])`, [lines]);
}

function csvRecord(values: unknown[]): string {
  return values
    .map((v) =>
      v === null || v === undefined
        ? ''
        : /[",\r\n]/.test(String(v))
          ? `"${String(v).replaceAll('"', '""')}"`
          : String(v),
    )
    .join(',');
}

interface TableDdl {
  /** PRIMARY KEY / UNIQUE / EXCLUDE / FOREIGN KEY, as pg_get_constraintdef prints them. */
  constraints: { name: string; def: string; foreign: boolean }[];
  indexes: string[];
  triggers: string[];
}

/** The live table's keys, indexes and triggers, so that later migrations' additions carry over. */
async function liveDdl(s: Session, table: string): Promise<TableDdl> {
  const rel = `${LIVE_SCHEMA}.${table}`;
  const constraints = await s.query<{ name: string; def: string; foreign: boolean }>(
    `SELECT conname AS name, pg_get_constraintdef(oid) AS def, contype = 'f' AS foreign
       FROM pg_constraint WHERE conrelid = $1::regclass AND contype IN ('p', 'u', 'x', 'f') ORDER BY contype = 'f', conname`,
    [rel],
  );
  const indexes = await s.query<{ def: string }>(
    `SELECT pg_get_indexdef(i.indexrelid) AS def FROM pg_index i
      WHERE i.indrelid = $1::regclass
        AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid AND c.conrelid = i.indrelid)
      ORDER BY i.indexrelid`,
    [rel],
  );
  const triggers = await s.query<{ def: string }>(
    `SELECT pg_get_triggerdef(oid) AS def FROM pg_trigger WHERE tgrelid = $1::regclass AND NOT tgisinternal ORDER BY tgname`,
    [rel],
  );
  const retarget = (def: string) => {
    const from = ` ON ${LIVE_SCHEMA}.${table} `;
    if (!def.includes(from)) throw new Error(`cannot rebuild "${def}": expected "${from.trim()}" in it`);
    return def.replace(from, ` ON ${BUILD_SCHEMA}.${table} `);
  };
  return {
    constraints: constraints.rows,
    indexes: indexes.rows.map((r) => retarget(r.def)),
    triggers: triggers.rows.map((r) => retarget(r.def)),
  };
}

/**
 * Builds olala_import.wiki_pages and olala_import.wiki_chunks from staging, with the columns,
 * defaults, checks, keys, indexes and triggers of the live tables, in one transaction.
 */
export async function buildNewTables(
  s: Session,
  backend: string,
  signal?: AbortSignal,
): Promise<{ pages: number; chunks: number }> {
  const ddl = new Map<string, TableDdl>();
  // Read before search_path changes, so that references to rebuilt tables print unqualified.
  for (const t of LIVE_TABLES) ddl.set(t, await liveDdl(s, t));
  await s.query('BEGIN');
  // Each step can take a while on a big wiki: an abort is honoured between them.
  const step = async (sql: string) => {
    signal?.throwIfAborted();
    return s.query(sql);
  };
  try {
    await s.query(`SET LOCAL search_path = ${ident(BUILD_SCHEMA)}, ${ident(LIVE_SCHEMA)}`);
    if (backend === 'postgres') await s.query("SET LOCAL maintenance_work_mem = '256MB'");
    const counts: Record<string, number> = {};
    for (const t of LIVE_TABLES) {
      const d = ddl.get(t)!;
      await step(
        `CREATE TABLE ${ident(BUILD_SCHEMA)}.${ident(t)} (LIKE ${ident(LIVE_SCHEMA)}.${ident(t)} INCLUDING ALL EXCLUDING INDEXES)`,
      );
      for (const trigger of d.triggers) await step(trigger);
      const { sql } =
        t === 'wiki_pages'
          ? insertPages(`${ident(BUILD_SCHEMA)}.${ident(t)}`)
          : insertChunks(`${ident(BUILD_SCHEMA)}.${ident(t)}`);
      counts[t] = (await step(sql)).rowCount;
      for (const c of d.constraints.filter((c) => !c.foreign))
        await step(`ALTER TABLE ${ident(t)} ADD CONSTRAINT ${quoteName(c.name)} ${c.def}`);
      for (const index of d.indexes) await step(index);
    }
    // Foreign keys last: they reference the new tables by their unqualified names.
    for (const t of LIVE_TABLES) {
      for (const c of ddl.get(t)!.constraints.filter((c) => c.foreign)) {
        await step(`ALTER TABLE ${ident(t)} ADD CONSTRAINT ${quoteName(c.name)} ${c.def}`);
      }
    }
    // PGlite runs no autovacuum, so without this the new tables would never have statistics
    // and a large wiki's search queries would be planned from guesses.
    for (const t of LIVE_TABLES) await step(`ANALYZE ${ident(BUILD_SCHEMA)}.${ident(t)}`);
    signal?.throwIfAborted();
    await s.query('COMMIT');
    return { pages: counts.wiki_pages ?? 0, chunks: counts.wiki_chunks ?? 0 };
  } catch (err) {
    await s.query('ROLLBACK').catch(() => {});
    throw err;
  }
}

/** A constraint name read from the catalog, quoted the way PostgreSQL would. */
function quoteName(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

function insertPages(target: string, upsert = false): { sql: string } {
  const cols = PAGE_COLUMNS.map(ident).join(', ');
  const conflict = upsert
    ? ` ON CONFLICT (page_id) DO UPDATE SET ${PAGE_COLUMNS.filter((c) => c !== 'page_id')
        .map((c) => `${ident(c)} = EXCLUDED.${ident(c)}`)
        .join(', ')}`
    : '';
  return {
    sql: `INSERT INTO ${target} (${cols}) SELECT ${cols} FROM ${ident(STAGING_PAGES)} WHERE NOT deleted${conflict}`,
  };
}

function insertChunks(target: string, upsert = false): { sql: string } {
  const cols = CHUNK_COLUMNS.map(ident);
  const conflict = upsert
    ? ` ON CONFLICT (chunk_id) DO UPDATE SET ${[...CHUNK_COLUMNS.filter((c) => c !== 'chunk_id'), 'content_hash'].map((c) => `${ident(c)} = EXCLUDED.${ident(c)}`).join(', ')}`
    : '';
  return {
    sql: `INSERT INTO ${target} (${cols.join(', ')}, content_hash) SELECT ${cols.join(', ')}, md5(content) FROM ${ident(STAGING_CHUNKS)}${conflict}`,
  };
}

export interface ImportRecord {
  startedAt: Date;
  mode: 'replace' | 'append';
  pagesFile: string;
  chunksFile: string;
  pagesLoaded: number;
  chunksLoaded: number;
  rejected: number;
}

async function pruneEmbeddings(s: Session, chunksTable: string): Promise<void> {
  const { rows } = await s.query<{ t: string | null }>("SELECT to_regclass('public.wiki_embeddings')::text AS t");
  if (!rows[0]?.t) return;
  // Embeddings of a vanished chunk or of changed text are stale; unchanged chunks keep theirs.
  await s.query(
    `DELETE FROM ${ident(LIVE_SCHEMA)}.${ident('wiki_embeddings')} e
      WHERE NOT EXISTS (SELECT 1 FROM ${chunksTable} c WHERE c.chunk_id = e.chunk_id AND c.content_hash = e.content_hash)`,
  );
}

async function recordImport(s: Session, r: ImportRecord, pages: number, chunks: number): Promise<void> {
  await s.query(
    `INSERT INTO ${ident(LIVE_SCHEMA)}.${ident('wiki_imports')}
       (started_at, mode, pages_file, chunks_file, pages_loaded, chunks_loaded, rejected, wiki_pages, wiki_chunks)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
    [
      r.startedAt.toISOString(),
      r.mode,
      r.pagesFile,
      r.chunksFile,
      r.pagesLoaded,
      r.chunksLoaded,
      r.rejected,
      pages,
      chunks,
    ],
  );
}

async function inTransaction<T>(s: Session, fn: () => Promise<T>): Promise<T> {
  await s.query('BEGIN');
  try {
    const result = await fn();
    await s.query('COMMIT');
    return result;
  } catch (err) {
    await s.query('ROLLBACK').catch(() => {});
    throw err;
  }
}

/** Replaces the live tables with the new ones in one short transaction. */
export async function swapIn(
  s: Session,
  record: ImportRecord,
  counts: { pages: number; chunks: number },
): Promise<void> {
  await inTransaction(s, async () => {
    await pruneEmbeddings(s, `${ident(BUILD_SCHEMA)}.${ident('wiki_chunks')}`);
    // Without CASCADE: should a later table reference the wiki, the import fails loudly
    // instead of dropping that reference. The appends' table is the index's own (it inherits it).
    await dropAppended(s);
    await s.query(`DROP TABLE ${SWAPPED_TABLES.map((t) => `${ident(LIVE_SCHEMA)}.${ident(t)}`).join(', ')}`);
    for (const t of SWAPPED_TABLES)
      await s.query(`ALTER TABLE ${ident(BUILD_SCHEMA)}.${ident(t)} SET SCHEMA ${ident(LIVE_SCHEMA)}`);
    await recordImport(s, record, counts.pages, counts.chunks);
  });
}

/**
 * --append: removes the pages the file marks deleted (with their chunks) and upserts staging
 * into the live tables, in one transaction. `index` runs first in it, while the live rows
 * still hold the text being replaced, and adds the appended segment of the lexical index, so
 * the index never lags the chunks it describes.
 */
export async function upsertLive(
  s: Session,
  record: ImportRecord,
  index: () => Promise<void>,
): Promise<{ pages: number; chunks: number }> {
  return inTransaction(s, async () => {
    await index();
    const counts = await countsAfterUpsert(s);
    const deleted = `SELECT page_id FROM ${ident(STAGING_PAGES)} WHERE deleted`;
    await s.query(`DELETE FROM ${ident(LIVE_SCHEMA)}.${ident('wiki_chunks')} WHERE page_id IN (${deleted})`);
    await s.query(`DELETE FROM ${ident(LIVE_SCHEMA)}.${ident('wiki_pages')} WHERE page_id IN (${deleted})`);
    await s.query(insertPages(`${ident(LIVE_SCHEMA)}.${ident('wiki_pages')}`, true).sql);
    await s.query(insertChunks(`${ident(LIVE_SCHEMA)}.${ident('wiki_chunks')}`, true).sql);
    await pruneEmbeddings(s, `${ident(LIVE_SCHEMA)}.${ident('wiki_chunks')}`);
    // PGlite has no autovacuum, so statistics come from ANALYZE; but it samples up to 30,000 rows
    // of the live table whatever the append's size (1 s of a 500-chunk append at 50k chunks), and
    // a small change does not alter the planner's picture. Planned rows are the last ANALYZE's.
    for (const t of LIVE_TABLES) {
      const live = `${ident(LIVE_SCHEMA)}.${ident(t)}`;
      const staged = ident(t === 'wiki_pages' ? STAGING_PAGES : STAGING_CHUNKS);
      const { rows: share } = await s.query<{ big: boolean }>(
        `SELECT (SELECT count(*) FROM ${staged}) >= $1 * greatest(reltuples, 0) AS big FROM pg_class WHERE oid = $2::regclass`,
        [REANALYZE_SHARE, `${LIVE_SCHEMA}.${t}`],
      );
      if (share[0]?.big !== false) await s.query(`ANALYZE ${live}`);
    }
    await recordImport(s, record, counts.pages, counts.chunks);
    return counts;
  });
}

/**
 * The live tables' row counts once staging is upserted (before it is): the last import's
 * counts (an import is the only writer of the wiki tables, under its lock) plus the rows the
 * append adds, minus those a deleted page takes away. Counting the tables again would read the
 * whole wiki (1 s at 883k chunks); this looks the staged rows up by key. A wiki with no import
 * recorded is counted.
 */
async function countsAfterUpsert(s: Session): Promise<{ pages: number; chunks: number }> {
  const live = (t: string) => `${ident(LIVE_SCHEMA)}.${ident(t)}`;
  const stagedPages = ident(STAGING_PAGES);
  const stagedChunks = ident(STAGING_CHUNKS);
  const { rows } = await s.query<{ pages: number; chunks: number }>(
    `WITH base AS (
       SELECT * FROM (SELECT wiki_pages AS pages, wiki_chunks AS chunks FROM ${live('wiki_imports')}
                       ORDER BY import_id DESC LIMIT 1) last
       UNION ALL
       SELECT (SELECT count(*) FROM ${live('wiki_pages')}), (SELECT count(*) FROM ${live('wiki_chunks')})
        WHERE NOT EXISTS (SELECT 1 FROM ${live('wiki_imports')})
     )
     SELECT (pages
             + (SELECT count(*) FROM ${stagedPages} p WHERE NOT p.deleted
                   AND NOT EXISTS (SELECT 1 FROM ${live('wiki_pages')} w WHERE w.page_id = p.page_id))
             - (SELECT count(*) FROM ${stagedPages} p WHERE p.deleted
                   AND EXISTS (SELECT 1 FROM ${live('wiki_pages')} w WHERE w.page_id = p.page_id)))::int AS pages,
            (chunks
             + (SELECT count(*) FROM ${stagedChunks} c
                 WHERE NOT EXISTS (SELECT 1 FROM ${live('wiki_chunks')} w WHERE w.chunk_id = c.chunk_id))
             - (SELECT count(*) FROM ${stagedPages} p JOIN ${live('wiki_chunks')} w ON w.page_id = p.page_id
                 WHERE p.deleted AND NOT EXISTS (SELECT 1 FROM ${stagedChunks} c WHERE c.chunk_id = w.chunk_id)))::int AS chunks
       FROM base`,
  );
  return rows[0]!;
}

/**
 * Temporary tables of what an append changes, one per field, for the lexical index
 * (search/lexical-index.ts appendLexical): (dead, id, text), keyed by (dead, id).
 */
export const APPEND_SOURCES = { c: 'olala_append_chunks', t: 'olala_append_titles' } as const;

/**
 * Inside the append's transaction, before the live tables change: per field, the documents that
 * are new or whose text differs (from staging; `dead` false), and the live ones they replace or
 * that a deleted page removes (with their old text; `dead` true). One table and one key per
 * field: each statement costs tens of milliseconds whatever the append's size. Each side starts
 * from the staging rows and looks the live ones up by key, so the cost does not grow with the
 * wiki. Dropped at
 * commit or rollback, so none is left from an earlier attempt.
 */
export async function prepareAppendSources(s: Session): Promise<typeof APPEND_SOURCES> {
  const live = (t: string) => `${ident(LIVE_SCHEMA)}.${ident(t)}`;
  const stagedPages = ident(STAGING_PAGES);
  const stagedChunks = ident(STAGING_CHUNKS);
  const tables: [string, string][] = [
    [
      APPEND_SOURCES.c,
      `SELECT false AS dead, c.chunk_id AS id, c.content AS text FROM ${stagedChunks} c LEFT JOIN ${live('wiki_chunks')} w ON w.chunk_id = c.chunk_id
        WHERE w.chunk_id IS NULL OR w.content_hash IS DISTINCT FROM md5(c.content)
       UNION ALL
       (SELECT true, w.chunk_id, w.content FROM ${stagedChunks} c JOIN ${live('wiki_chunks')} w ON w.chunk_id = c.chunk_id
         WHERE w.content_hash IS DISTINCT FROM md5(c.content)
        UNION
        SELECT true, w.chunk_id, w.content FROM ${stagedPages} p JOIN ${live('wiki_chunks')} w ON w.page_id = p.page_id WHERE p.deleted)`,
    ],
    [
      APPEND_SOURCES.t,
      `SELECT false AS dead, p.page_id AS id, p.title AS text FROM ${stagedPages} p LEFT JOIN ${live('wiki_pages')} w ON w.page_id = p.page_id
        WHERE NOT p.deleted AND (w.page_id IS NULL OR w.title IS DISTINCT FROM p.title)
       UNION ALL
       SELECT true, w.page_id, w.title FROM ${stagedPages} p JOIN ${live('wiki_pages')} w ON w.page_id = p.page_id
        WHERE p.deleted OR p.title IS DISTINCT FROM w.title`,
    ],
  ];
  for (const [name, select] of tables) {
    await s.query(`CREATE TEMPORARY TABLE ${ident(name)} ON COMMIT DROP AS ${select}`);
    await s.query(`ALTER TABLE ${ident(name)} ADD PRIMARY KEY (dead, id)`);
  }
  return APPEND_SOURCES;
}
