import { setInterval } from 'node:timers';
import { ident, type Db } from '../db/types.js';
import { UserError } from '../errors.js';
import { createProgress } from '../progress.js';
import { requireVector, storedDims } from './backfill.js';

const INDEX_PREFIX = 'wiki_embeddings_hnsw_';
// PostgreSQL truncates identifiers to 63 bytes; a truncated name would never be found again.
const MAX_IDENTIFIER = 63;

/**
 * The name of the vector index of one embedding model. Whoever builds the index must use this,
 * so that status finds it. Model names like `nomic-embed-text:v1.5` become `nomic_embed_text_v1_5`.
 */
export function embeddingIndexName(model: string): string {
  const slug = model
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
  return (INDEX_PREFIX + (slug || 'model')).slice(0, MAX_IDENTIFIER);
}

/** pgvector's HNSW indexes `vector` columns of at most this many dimensions. */
const HNSW_MAX_DIMS = 2000;

export interface BuildIndexOptions {
  progress?: boolean | 'json';
  /** Memory for the build; HNSW is several times faster when its graph fits (default 512MB). */
  maintenanceWorkMem?: string;
  /** On a server, cancels the build (the previous index stays); PGlite cannot be interrupted mid-statement. */
  signal?: AbortSignal;
}

export interface BuildIndexResult {
  model: string;
  index: string;
  dims: number;
  rows: number;
  durationMs: number;
}

/**
 * The partial-index predicate for one model. The literal is quoted by the database itself
 * (quote_literal), so any model name is safe to splice into DDL, which takes no parameters.
 */
async function modelLiteral(db: Db, model: string): Promise<string> {
  const { rows } = await db.query<{ lit: string }>('SELECT quote_literal($1::text) AS lit', [model]);
  return rows[0]!.lit;
}

/** The one expression both the index and the search use; they must match character for character. */
function vectorExpr(column: string, dims: number): string {
  if (!Number.isInteger(dims) || dims < 1 || dims > 16000) throw new Error(`bad vector dims: ${dims}`);
  return `(${column}::vector(${dims}))`;
}

/**
 * Builds the HNSW (cosine) index of one model's embeddings: a partial expression index, since
 * the table holds vectors of several models and lengths. It is built under a temporary name
 * and swapped in, so search keeps its old index until the new one is complete.
 */
export async function buildEmbeddingIndex(
  db: Db,
  model: string,
  options: BuildIndexOptions = {},
): Promise<BuildIndexResult> {
  requireVector(db, 'a vector index');
  const started = Date.now();
  const dims = await storedDims(db, model);
  if (dims === undefined)
    throw new UserError(`model ${model} has no embeddings yet: run \`olala wiki embed --model ${model}\` first`);
  if (dims > HNSW_MAX_DIMS)
    throw new UserError(
      `model ${model} has ${dims}-dim embeddings; pgvector's HNSW index takes at most ${HNSW_MAX_DIMS}`,
    );
  const mwm = options.maintenanceWorkMem ?? '512MB';
  if (!/^\d+\s*(kB|MB|GB)$/.test(mwm)) throw new UserError(`maintenance_work_mem must look like 512MB, got "${mwm}"`);
  const { rows: countRows } = await db.query<{ n: number }>(
    'SELECT count(*)::bigint AS n FROM wiki_embeddings WHERE model = $1',
    [model],
  );
  const rows = Number(countRows[0]?.n ?? 0);

  const name = embeddingIndexName(model);
  // A fixed temporary name: a build killed midway leaves it behind, and the next build drops it.
  const building = `${name.slice(0, 59)}_new`;
  const predicate = await modelLiteral(db, model);
  const server = db.backend === 'postgres';
  const progress = createProgress({
    label: `hnsw ${model}`,
    total: rows,
    unit: 'rows',
    json: options.progress === 'json',
    silent: !options.progress,
  });

  try {
    await db.session(async (s) => {
      await s.exec(`DROP INDEX IF EXISTS ${ident(building)}`);
      await s.exec(`SET maintenance_work_mem = '${mwm}'`);
      const { rows: pidRows } = await s.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
      const pid = pidRows[0]!.pid;
      // PGlite's one connection is busy with the build (a poll would wait behind it) and has no
      // backend to cancel: only a server can be watched or cancelled meanwhile.
      let poll: NodeJS.Timeout | undefined;
      const cancel = () => void db.query('SELECT pg_cancel_backend($1)', [pid]).catch(() => {});
      if (server) {
        poll = setInterval(() => {
          db.query<{ done: number }>(
            'SELECT tuples_done::bigint AS done FROM pg_stat_progress_create_index WHERE pid = $1',
            [pid],
          )
            .then((r) => r.rows[0] && progress.update(Number(r.rows[0].done)))
            .catch(() => {});
        }, 1000);
        options.signal?.addEventListener('abort', cancel, { once: true });
      }
      try {
        options.signal?.throwIfAborted();
        await s.exec(
          `CREATE INDEX${server ? ' CONCURRENTLY' : ''} ${ident(building)} ON wiki_embeddings ` +
            `USING hnsw (${vectorExpr('embedding', dims)} vector_cosine_ops) WHERE model = ${predicate}`,
        );
      } finally {
        if (poll) clearInterval(poll);
        options.signal?.removeEventListener('abort', cancel);
        await s.exec('RESET maintenance_work_mem');
      }
    });
    await db.transaction(async (tx) => {
      await tx.exec(`DROP INDEX IF EXISTS ${ident(name)}`);
      await tx.exec(`ALTER INDEX ${ident(building)} RENAME TO ${ident(name)}`);
    });
  } catch (err) {
    await db.exec(`DROP INDEX IF EXISTS ${ident(building)}`).catch(() => {});
    throw err;
  }
  progress.update(rows);
  progress.finish();
  return { model, index: name, dims, rows, durationMs: Date.now() - started };
}

export interface VectorSearchOptions {
  /** How many chunks to return (default 10). */
  k?: number;
  /** Only chunks of these pages; searched exactly, without the index. */
  pageIds?: readonly number[];
  /** HNSW candidate list size: higher is slower and finds more true neighbours (default 100). */
  efSearch?: number;
}

export type VectorHit = {
  chunk_id: number;
  page_id: number;
  /** Cosine distance, 0 for the same direction, up to 2. */
  distance: number;
};

function vectorLiteral(v: readonly number[]): string {
  if (v.length === 0 || !v.every((x) => Number.isFinite(x)))
    throw new UserError('the query vector must be a non-empty array of finite numbers');
  return `[${v.join(',')}]`;
}

/**
 * The chunks nearest to `queryVector` among `model`'s embeddings of current chunk text, nearest
 * first. The query vector's length picks the index expression, so it must be the model's.
 */
export async function vectorSearch(
  db: Db,
  model: string,
  queryVector: readonly number[],
  options: VectorSearchOptions = {},
): Promise<VectorHit[]> {
  requireVector(db, 'vector search');
  const k = options.k ?? 10;
  if (!Number.isInteger(k) || k < 1 || k > 1000) throw new UserError(`k must be an integer from 1 to 1000, got ${k}`);
  const dims = queryVector.length;
  const vec = vectorLiteral(queryVector);
  const column = vectorExpr('embedding', dims);
  const query = `$2::vector(${dims})`;

  if (options.pageIds) {
    if (options.pageIds.length === 0) return [];
    // Materialised first, so the planner cannot walk the model-wide index and filter pages afterwards.
    const { rows } = await db.query<VectorHit>(
      `WITH candidates AS MATERIALIZED (
         SELECT e.chunk_id, c.page_id, e.embedding
           FROM wiki_chunks c
           JOIN wiki_embeddings e ON e.model = $1 AND e.chunk_id = c.chunk_id AND e.content_hash = c.content_hash
          WHERE c.page_id = ANY($3::bigint[]))
       SELECT chunk_id, page_id, ${column} <=> ${query} AS distance FROM candidates ORDER BY distance, chunk_id LIMIT $4`,
      [model, vec, options.pageIds, k],
    );
    return rows.map(toHit);
  }

  // HNSW returns at most ef_search rows, and the inner query asks for k + 10.
  const ef = Math.max(options.efSearch ?? 100, k + 10);
  return db.transaction(async (tx) => {
    await tx.exec(`SET LOCAL hnsw.ef_search = ${Math.min(ef, 1000)}`);
    // The inner query is the bare index scan; the join drops embeddings of text that changed since.
    const { rows } = await tx.query<VectorHit>(
      `SELECT n.chunk_id, c.page_id, n.distance
         FROM (SELECT e.chunk_id, e.content_hash, ${column} <=> ${query} AS distance
                 FROM wiki_embeddings e
                WHERE e.model = $1
                ORDER BY ${column} <=> ${query}
                LIMIT $3) n
         JOIN wiki_chunks c ON c.chunk_id = n.chunk_id AND c.content_hash = n.content_hash
        ORDER BY n.distance, n.chunk_id
        LIMIT $4`,
      [model, vec, k + 10, k],
    );
    return rows.map(toHit);
  });
}

function toHit(r: VectorHit): VectorHit {
  return { chunk_id: Number(r.chunk_id), page_id: Number(r.page_id), distance: Number(r.distance) };
}
