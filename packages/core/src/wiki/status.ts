import type { EmbeddingCoverage, EmbeddingIndexState, WikiImportRecord, WikiStatus } from '@olala/contract';
import type { Db, Queryable } from '../db/types.js';
import { embeddingIndexName } from '../embeddings/vector-index.js';
import { lexicalIndexStatus, readIndexProgress } from './index-progress.js';

async function tableExists(q: Queryable, table: string): Promise<boolean> {
  const { rows } = await q.query<{ t: string | null }>('SELECT to_regclass($1)::text AS t', [table]);
  return Boolean(rows[0]?.t);
}

async function indexState(q: Queryable, model: string): Promise<EmbeddingIndexState> {
  const { rows } = await q.query<{ valid: boolean | null; building: boolean | null }>(
    `SELECT i.indisvalid AS valid,
            EXISTS (SELECT 1 FROM pg_stat_progress_create_index p WHERE p.index_relid = i.indexrelid) AS building
       FROM pg_index i
      WHERE i.indexrelid = to_regclass($1)`,
    [embeddingIndexName(model)],
  );
  const row = rows[0];
  if (!row) return 'none';
  if (row.valid) return 'ready';
  // CREATE INDEX CONCURRENTLY shows the index as invalid while it runs; afterwards invalid means it failed.
  return row.building ? 'building' : 'invalid';
}

function iso(value: unknown): string {
  return value instanceof Date ? value.toISOString() : new Date(String(value)).toISOString();
}

export interface WikiStatusOptions {
  /** Models to report even before they have any embedding (e.g. the configured EMBED_MODEL). */
  models?: string[];
  /** How many imports of the history to return, latest first (default 20). */
  importHistory?: number;
  /** The data folder whose lexical index build record to read (index-progress.ts); without it the database alone says. */
  dataDir?: string;
}

/** Counts, per-model embedding coverage and the import history of the wiki knowledge base. */
export async function wikiStatus(db: Db, options: WikiStatusOptions = {}): Promise<WikiStatus> {
  const counts = await db.query<{ pages: number; chunks: number }>(
    'SELECT (SELECT count(*) FROM wiki_pages)::bigint AS pages, (SELECT count(*) FROM wiki_chunks)::bigint AS chunks',
  );
  const pages = counts.rows[0]?.pages ?? 0;
  const chunks = counts.rows[0]?.chunks ?? 0;

  const embedded = new Map<string, number>();
  for (const model of options.models ?? []) embedded.set(model, 0);
  // The table exists only when pgvector does (its migration requires the extension).
  const hasEmbeddings = await tableExists(db, 'wiki_embeddings');
  if (hasEmbeddings) {
    // Only embeddings of the chunk text as it is now count: a re-import may have changed it.
    const { rows } = await db.query<{ model: string; n: number }>(
      `SELECT e.model, count(c.chunk_id)::bigint AS n
         FROM wiki_embeddings e
         LEFT JOIN wiki_chunks c ON c.chunk_id = e.chunk_id AND c.content_hash = e.content_hash
        GROUP BY e.model`,
    );
    for (const r of rows) embedded.set(r.model, r.n);
  }
  const embeddings: EmbeddingCoverage[] = [];
  for (const [model, n] of [...embedded].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    embeddings.push({
      model,
      embedded: n,
      missing: Math.max(chunks - n, 0),
      coverage_pct: chunks ? Math.round((n / chunks) * 10_000) / 100 : 0,
      index: hasEmbeddings ? await indexState(db, model) : 'none',
    });
  }

  const history = await db.query<Record<keyof WikiImportRecord, unknown>>(
    `SELECT started_at, finished_at, mode, pages_loaded, chunks_loaded, rejected, wiki_pages, wiki_chunks
       FROM wiki_imports ORDER BY finished_at DESC, import_id DESC LIMIT $1`,
    [options.importHistory ?? 20],
  );
  const imports = history.rows.map((r) => ({
    started_at: iso(r.started_at),
    finished_at: iso(r.finished_at),
    mode: r.mode as WikiImportRecord['mode'],
    pages_loaded: Number(r.pages_loaded),
    chunks_loaded: Number(r.chunks_loaded),
    rejected: Number(r.rejected),
    wiki_pages: Number(r.wiki_pages),
    wiki_chunks: Number(r.wiki_chunks),
  }));

  const live = await db.query<{ any: boolean }>('SELECT EXISTS (SELECT 1 FROM wiki_postings) AS any');
  const lexical_index = lexicalIndexStatus(
    options.dataDir ? readIndexProgress(options.dataDir) : undefined,
    Boolean(live.rows[0]?.any),
  );

  return {
    backend: db.backend,
    wiki_pages: pages,
    wiki_chunks: chunks,
    vector_enabled: db.features.vector,
    embeddings,
    imports,
    lexical_index,
  };
}
