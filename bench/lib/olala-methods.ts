import type { TestContext } from 'node:test';
import { loadConfig, type Db } from '@olala/core';
import { fakeEmbedServer } from '@olala/testing';
import { buildEmbeddingIndex, createEmbedder, embedBackfill, EmbedError } from '@olala/core/embeddings';
import { lexicalSearch, searchWiki, wikiSearchDeps, type WikiSearchDeps } from '@olala/core/search';

/**
 * Our search methods as bench/retrieval.ts measures them. Each call goes through `searchWiki`,
 * the service behind `POST /api/wiki/search` (tokenization, database round trips, fusion,
 * grouping, snippets and the prompt context), and the ranked pages are its `candidates`.
 */

export interface SearchMethod {
  name: string;
  description: string;
  /** Shown beside the figures, e.g. that a fake embedder makes quality meaningless. */
  note?: string;
  /** Ranked page ids (best first, possibly repeated) for the question; this call is timed. */
  search(question: string): Promise<number[]>;
  /**
   * At least 100 ranked pages, for R@100 (searchWiki returns at most 50); untimed. Without it
   * R@100 is not reported.
   */
  deep?(question: string): Promise<number[]>;
  /** Most pages `search` can return, when fewer than 100. */
  pageCap?: number;
}

export interface EmbeddingSetup {
  /** A loopback fake of Ollama's /api/embed instead of OLLAMA_URL + EMBED_MODEL. */
  fake: boolean;
  /** Chunks to embed (0: all). */
  chunks: number;
  dims: number;
}

export interface EmbeddingReport {
  embedder: 'fake' | 'ollama';
  model: string;
  endpoint: string;
  dims: number | undefined;
  embedded: number;
  corpus_chunks: number;
  backfill_s: number;
  hnsw_index_s: number;
}

/** searchWiki's largest page list (WIKI_SEARCH_LIMITS.page_limit.max). */
const PAGE_LIMIT = 50;
const FAKE_MODEL = 'bench-fake-embed';

function lexicalMethods(db: Db, deepLimit: number): SearchMethod[] {
  return [
    {
      name: 'olala-lexical',
      description:
        "searchWiki, search_mode 'lexical' (default top_k and window, page_limit 50): our tokenizer and BM25 posting lists",
      search: async (question) =>
        (await searchWiki({ question, search_mode: 'lexical', page_limit: PAGE_LIMIT }, { reader: db })).candidates.map(
          (c) => c.page_id,
        ),
      // The same ranking one level down, with room for 100 pages.
      deep: async (question) => (await lexicalSearch(db, question, { limit: deepLimit })).chunks.map((c) => c.pageId),
    },
  ];
}

/**
 * Embeds the corpus (or its first `chunks` chunks) and builds the HNSW index, then returns the
 * hybrid methods (RRF and weighted fusion) and a `close` that stops the fake embedder.
 */
async function hybridMethods(db: Db, setup: EmbeddingSetup, log: (msg: string) => void) {
  const cleanups: (() => unknown)[] = [];
  let config = loadConfig();
  let note: string | undefined;
  if (setup.fake) {
    // fakeEmbedServer closes itself through a test's `after`; here the bench calls it on exit.
    const shim = { after: (fn: () => unknown) => void cleanups.push(fn) } as unknown as TestContext;
    const fake = await fakeEmbedServer(shim, { dims: setup.dims });
    config = {
      ...config,
      embedProvider: 'ollama',
      ollamaUrl: fake.url,
      embedBaseUrl: undefined,
      embedModel: FAKE_MODEL,
      embedDims: undefined,
    };
    note =
      'fake embedder (a hash of the text, not a model): the hybrid figures check that the dense and fusion paths run end to end; their quality means nothing';
  }
  const embedder = createEmbedder(config);
  const { rows } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM wiki_chunks');
  const corpusChunks = rows[0]?.n ?? 0;
  log(`embedding ${setup.chunks || 'all'} of ${corpusChunks} chunks with ${embedder.model} at ${embedder.endpoint} …`);
  let t = performance.now();
  const backfill = await embedBackfill(db, embedder, {
    batch: config.embedBatch,
    ...(setup.chunks ? { maxChunks: setup.chunks } : {}),
    progress: 'json',
  });
  if (backfill.embedded === 0)
    throw new Error(`the embedding backfill stored nothing (${backfill.failed.length} chunks failed)`);
  const backfillS = (performance.now() - t) / 1000;
  log(`embedded ${backfill.embedded} chunks in ${backfillS.toFixed(1)} s; building the HNSW index …`);
  t = performance.now();
  await buildEmbeddingIndex(db, embedder.model, { progress: 'json' });
  const indexS = (performance.now() - t) / 1000;
  log(`HNSW index ${indexS.toFixed(1)} s`);
  if (!note && backfill.embedded < corpusChunks) {
    note = `only ${backfill.embedded} of ${corpusChunks} chunks embedded (--embed-chunks): hybrid quality is understated`;
  }

  const deps: WikiSearchDeps = wikiSearchDeps(db, config);
  const vector = deps.vector;
  if (setup.fake && vector) {
    // The fake shares this process's event loop with PGlite, whose queries block it: a kept-alive
    // socket can be closed by the fake's idle timer just as the client reuses it. One retry on a
    // fresh connection; a real Ollama runs in its own process.
    deps.vector = async (question, o) => {
      try {
        return await vector(question, o);
      } catch (err) {
        if (err instanceof EmbedError && err.kind === 'network') return vector(question, o);
        throw err;
      }
    };
  }
  const methods: SearchMethod[] = (['rrf', 'weighted'] as const).map((fusion) => ({
    name: `olala-hybrid-${fusion}`,
    description: `searchWiki, search_mode 'hybrid', fusion '${fusion}' (default top_k and window, page_limit 50): lexical + HNSW vector search of ${embedder.model}`,
    ...(note ? { note } : {}),
    pageCap: PAGE_LIMIT,
    search: async (question) =>
      (await searchWiki({ question, search_mode: 'hybrid', fusion, page_limit: PAGE_LIMIT }, deps)).candidates.map(
        (c) => c.page_id,
      ),
  }));
  const report: EmbeddingReport = {
    embedder: setup.fake ? 'fake' : 'ollama',
    model: embedder.model,
    endpoint: embedder.endpoint,
    dims: embedder.dims,
    embedded: backfill.embedded,
    corpus_chunks: corpusChunks,
    backfill_s: Math.round(backfillS * 10) / 10,
    hnsw_index_s: Math.round(indexS * 10) / 10,
  };
  return { methods, report, close: async () => void (await Promise.all(cleanups.map((fn) => fn()))) };
}

/**
 * Our methods on `db`: lexical always; the hybrid ones when `embeddings` is given (the fake
 * embedder, or OLLAMA_URL + EMBED_MODEL).
 */
export async function olalaMethods(
  db: Db,
  options: { deepLimit: number; embeddings?: EmbeddingSetup; log?: (msg: string) => void },
) {
  const lexical = lexicalMethods(db, options.deepLimit);
  if (!options.embeddings) return { methods: lexical, embedding: undefined, close: async () => {} };
  const hybrid = await hybridMethods(db, options.embeddings, options.log ?? (() => {}));
  return { methods: [...lexical, ...hybrid.methods], embedding: hybrid.report, close: hybrid.close };
}
