import fs from 'node:fs';
import { BinaryCopyWriter } from '../db/binary-copy.js';
import type { Db, Queryable } from '../db/types.js';
import { UserError } from '../errors.js';
import { retry, type RetryPolicy } from '../net/retry.js';
import { createProgress } from '../progress.js';
import { EmbedError, type Embedder } from './client.js';

export interface EmbedBackfillOptions {
  /** Chunks per embedding request (default 32). */
  batch?: number;
  /** Requests in flight at once (default 1). */
  concurrency?: number;
  /** Stop after this many chunks were attempted (embedded or failed). */
  maxChunks?: number;
  /** Checked between rounds: when the file exists the run stops cleanly. */
  stopFile?: string;
  /** Aborting stops the run between rounds; requests in flight are finished and stored. */
  signal?: AbortSignal;
  progress?: boolean | 'json';
  /** Called for each chunk that the endpoint rejects on its own. */
  onFailure?: (failure: EmbedFailure) => void;
  /** Text sent per chunk is cut to this many characters (default 4000). */
  maxChars?: number;
  /** Give up when this many chunks in a row failed: the endpoint, not the text, is broken (default 100). */
  maxConsecutiveFailures?: number;
  /** Overrides of EMBED_RETRY (tests shrink its waits). */
  retry?: Partial<RetryPolicy>;
}

export interface EmbedFailure {
  chunk_id: number;
  error: string;
}

export interface EmbedBackfillResult {
  model: string;
  dims: number | undefined;
  /** Chunks lacking a current embedding when the run started. */
  missingAtStart: number;
  embedded: number;
  failed: EmbedFailure[];
  /** Chunks still lacking a current embedding when the run ended (failed ones included). */
  remaining: number;
  stopped: 'done' | 'max-chunks' | 'stop-file' | 'signal';
  requests: number;
  durationMs: number;
}

type Chunk = {
  chunk_id: number;
  content: string;
  content_hash: string;
};

interface Embedded {
  chunk: Chunk;
  vector: number[];
}

/** Chunks with no embedding of the text as it is now: none at all, or one of older text. */
const MISSING = `
  FROM wiki_chunks c
 WHERE NOT EXISTS (SELECT 1 FROM wiki_embeddings e
                    WHERE e.model = $1 AND e.chunk_id = c.chunk_id AND e.content_hash = c.content_hash)`;

/** Endpoint trouble worth a few retries before the run gives up (the text is not at fault). */
const TRANSIENT_STATUS = new Set([408, 429, 502, 503, 504]);

/**
 * The backfill's retry policy: network errors, timeouts, 408, 429 and 502–504 are tried again,
 * up to 4 times in all, with waits of up to 1, 2 and 4 s. A 500 is not: Ollama answers 500 for a
 * text it cannot embed, which the batch bisection below pins on one chunk. A batch job has no
 * caller waiting, so the waits are generous.
 */
export const EMBED_RETRY: RetryPolicy = {
  attempts: 4,
  baseDelayMs: 1000,
  maxDelayMs: 4000,
  retryable: (err) =>
    err instanceof EmbedError &&
    (err.kind === 'network' || err.kind === 'timeout' || TRANSIENT_STATUS.has(err.status ?? 0)),
};

export function requireVector(db: Db, what: string): void {
  if (!db.features.vector) {
    throw new UserError(
      `${what} needs the pgvector extension, which this PostgreSQL server (${db.location}) does not have; ` +
        'install pgvector on the server, or use the embedded database (unset DATABASE_URL)',
    );
  }
}

export async function missingCount(q: Queryable, model: string): Promise<number> {
  const { rows } = await q.query<{ n: number }>(`SELECT count(*)::bigint AS n ${MISSING}`, [model]);
  return Number(rows[0]?.n ?? 0);
}

/** The vector length already stored for `model`, or undefined before its first embedding. */
export async function storedDims(q: Queryable, model: string): Promise<number | undefined> {
  const { rows } = await q.query<{ lo: number | null; hi: number | null }>(
    'SELECT min(dims) AS lo, max(dims) AS hi FROM wiki_embeddings WHERE model = $1',
    [model],
  );
  const row = rows[0];
  if (!row || row.lo === null) return undefined;
  if (row.lo !== row.hi)
    throw new UserError(
      `model ${model} has embeddings of ${row.lo} and ${row.hi} dims stored; delete its rows from wiki_embeddings and embed again`,
    );
  return row.lo;
}

function dimsMismatch(model: string, stored: number, now: number): UserError {
  return new UserError(
    `model ${model} has ${stored}-dim embeddings stored, but the endpoint now returns ${now} dims; ` +
      `embed under another model name, or delete the old ones first (DELETE FROM wiki_embeddings WHERE model = '…')`,
  );
}

/**
 * Embeds every chunk that has no current embedding for the embedder's model, in chunk_id
 * order, and stores them. Resumable by construction: a new run simply picks up whatever is
 * still missing. A batch the endpoint rejects is halved until the offending chunks are found;
 * those are reported and skipped (the next run tries them again).
 */
export async function embedBackfill(
  db: Db,
  embedder: Embedder,
  options: EmbedBackfillOptions = {},
): Promise<EmbedBackfillResult> {
  requireVector(db, 'embedding');
  const started = Date.now();
  const model = embedder.model;
  const batch = options.batch ?? 32;
  const concurrency = options.concurrency ?? 1;
  const maxChars = options.maxChars ?? 4000;
  const maxConsecutive = options.maxConsecutiveFailures ?? 100;
  const retryPolicy = { ...EMBED_RETRY, ...options.retry };
  for (const [name, value] of [
    ['batch', batch],
    ['concurrency', concurrency],
  ] as const) {
    if (!Number.isInteger(value) || value < 1) throw new UserError(`${name} must be a positive integer, got ${value}`);
  }

  const result: EmbedBackfillResult = {
    model,
    dims: await storedDims(db, model),
    missingAtStart: await missingCount(db, model),
    embedded: 0,
    failed: [],
    remaining: 0,
    stopped: 'done',
    requests: 0,
    durationMs: 0,
  };
  if (result.dims !== undefined && embedder.dims !== undefined && embedder.dims !== result.dims)
    throw dimsMismatch(model, result.dims, embedder.dims);
  const limit = Math.min(result.missingAtStart, options.maxChunks ?? Infinity);
  const progress = createProgress({
    label: `embed ${model}`,
    total: limit,
    unit: 'rows',
    json: options.progress === 'json',
    silent: !options.progress,
  });

  const request = (texts: string[]): Promise<number[][]> =>
    retry(retryPolicy, async () => {
      result.requests++;
      let vectors: number[][];
      try {
        vectors = await embedder.embed(texts);
      } catch (err) {
        if (err instanceof EmbedError && err.kind === 'dims') throw new UserError(err.message);
        throw err;
      }
      const dims = vectors[0]!.length;
      result.dims ??= dims;
      if (dims !== result.dims) throw dimsMismatch(model, result.dims, dims);
      return vectors;
    });

  let consecutiveFailures = 0;
  let lastFailure = '';
  // Halves a rejected batch until each rejection is pinned on one chunk.
  const embedBatch = async (chunks: Chunk[]): Promise<Embedded[]> => {
    try {
      const vectors = await request(chunks.map((c) => c.content.slice(0, maxChars)));
      consecutiveFailures = 0;
      return chunks.map((chunk, i) => ({ chunk, vector: vectors[i]! }));
    } catch (err) {
      const blamesText = err instanceof EmbedError && (err.kind === 'http' || err.kind === 'invalid');
      if (!blamesText) throw err;
      if (chunks.length === 1) {
        const failure = { chunk_id: chunks[0]!.chunk_id, error: err.message };
        result.failed.push(failure);
        options.onFailure?.(failure);
        lastFailure = err.message;
        if (++consecutiveFailures >= maxConsecutive) {
          throw new UserError(
            `stopping: the last ${consecutiveFailures} chunks all failed, so the endpoint rather than the text is at fault; last error: ${lastFailure}`,
          );
        }
        return [];
      }
      const half = Math.ceil(chunks.length / 2);
      return [...(await embedBatch(chunks.slice(0, half))), ...(await embedBatch(chunks.slice(half)))];
    }
  };

  let cursor = Number.MIN_SAFE_INTEGER;
  let attempted = 0;
  try {
    if (limit > 0) await probe(embedder, request);
    for (;;) {
      if (options.signal?.aborted) {
        result.stopped = 'signal';
        break;
      }
      if (options.stopFile && fs.existsSync(options.stopFile)) {
        result.stopped = 'stop-file';
        break;
      }
      if (attempted >= limit) {
        if (limit < result.missingAtStart) result.stopped = 'max-chunks';
        break;
      }
      // A round: up to `concurrency` batches in flight, stored together once all have answered.
      const { rows } = await db.query<Chunk>(
        `SELECT c.chunk_id, c.content, c.content_hash ${MISSING} AND c.chunk_id > $2 ORDER BY c.chunk_id LIMIT $3`,
        [model, cursor, Math.min(batch * concurrency, limit - attempted)],
      );
      if (rows.length === 0) break;
      const batches: Chunk[][] = [];
      for (let i = 0; i < rows.length; i += batch) batches.push(rows.slice(i, i + batch));
      const done = (await Promise.all(batches.map(embedBatch))).flat();
      await store(db, model, done);
      cursor = rows[rows.length - 1]!.chunk_id;
      attempted += rows.length;
      result.embedded += done.length;
      progress.update(attempted);
    }
  } catch (err) {
    // The endpoint went away mid-run: what is stored stays, and a new run resumes from there.
    if (err instanceof EmbedError)
      throw new UserError(
        `${err.message}; ${result.embedded} chunks were embedded and stored before it, run again to resume`,
      );
    throw err;
  } finally {
    progress.finish();
  }
  result.remaining = await missingCount(db, model);
  result.durationMs = Date.now() - started;
  return result;
}

/**
 * One tiny request before the run: a wrong URL, key or model name would otherwise fail every
 * chunk one by one, and the answer's length is checked against the stored dims before any write.
 */
async function probe(embedder: Embedder, request: (texts: string[]) => Promise<number[][]>): Promise<void> {
  try {
    await request(['olala embedding probe']);
  } catch (err) {
    if (err instanceof EmbedError) throw new UserError(`cannot embed with model ${embedder.model}: ${err.message}`);
    throw err;
  }
}

/** Replaces any stale rows of these chunks and writes the new vectors by binary COPY. */
async function store(db: Db, model: string, done: Embedded[]): Promise<void> {
  if (done.length === 0) return;
  const writer = new BinaryCopyWriter();
  for (const { chunk, vector } of done) {
    writer.addRow([
      { type: 'text', value: model },
      { type: 'int8', value: chunk.chunk_id },
      { type: 'text', value: chunk.content_hash },
      { type: 'int4', value: vector.length },
      { type: 'vector', value: vector },
    ]);
  }
  const data = writer.take();
  await db.transaction(async (tx) => {
    await tx.query('DELETE FROM wiki_embeddings WHERE model = $1 AND chunk_id = ANY($2::bigint[])', [
      model,
      done.map((d) => d.chunk.chunk_id),
    ]);
    await tx.copyIn({
      table: 'wiki_embeddings',
      columns: ['model', 'chunk_id', 'content_hash', 'dims', 'embedding'],
      format: 'binary',
      batches: (async function* () {
        yield data;
      })(),
    });
  });
}
