/**
 * The wiki search behind `POST /api/wiki/search` and the fact-check pipeline: lexical search,
 * optionally fused with vector search, then hits expanded with their neighbouring chunks,
 * snippets, and the context string handed to the language model.
 */
import {
  WIKI_SEARCH_LIMITS as L,
  type WikiCandidate,
  type WikiFusion,
  type WikiHit,
  type WikiNoMatchCode,
  type WikiSearchMode,
  type WikiSearchModeRequested,
  type WikiSearchResponse,
} from '@olala/contract';
import type { Db, Queryable } from '../db/types.js';
import { createEmbedder, EmbedError, type EmbedderConfig } from '../embeddings/client.js';
import { embedQuery } from '../embeddings/query-cache.js';
import { vectorSearch } from '../embeddings/vector-index.js';
import { UserError } from '../errors.js';
import { fuse, lexicalOnly, vectorOnly, type FusedChunk, type FusionOptions, type VectorRanked } from './fusion.js';
import { lexicalSearchMany, type LexicalResult } from './lexical-search.js';
import { buildPromptContext, makeSnippet, markTerms, pageRef } from './snippets.js';
import type { PageLead } from './wiki-page.js';

export interface WikiSearchInput {
  question: string;
  top_k?: number;
  window?: number;
  max_chars?: number;
  page_limit?: number;
  page_ids?: readonly number[];
  search_mode?: WikiSearchModeRequested;
  fusion?: WikiFusion;
  /**
   * false: hits without marked snippets (`snippet` empty), for callers that read only their
   * content — the pipeline; marking terms cost it more than a claim's verification.
   */
  snippets?: boolean;
}

export interface VectorHit {
  chunkId: number;
  /** Looked up when the source does not say. */
  pageId?: number;
  /** Cosine distance. */
  distance: number;
}

/** Nearest chunks to the question, best first. Embeds the question itself (and caches that). */
export type VectorSource = (
  question: string,
  options: { k: number; pageIds?: readonly number[] },
) => Promise<VectorHit[]>;

export interface WikiSearchDeps {
  /**
   * Where the wiki is read: the read replica when DATABASE_READ_URL is set, else the primary. The
   * only database the search is given, so the lexical and vector sides never read different ones.
   */
  reader: Db;
  /** The configured embedding model (EMBED_MODEL); without it only lexical search runs. */
  embedModel?: string;
  vector?: VectorSource;
  /** Why there is no `vector` source, for `fallback_reason` and errors. */
  vectorUnavailable?: string;
  /** Tuning of the fusion; `fusion` in the request overrides `method`. */
  fusion?: FusionOptions;
  /** `auto` uses vectors only when the model's embeddings cover at least this share of chunks. */
  autoMinCoverage?: number;
  /** Told of every search (metrics). */
  onSearch?: (search: { ms: number; mode: WikiSearchResponse['mode']; hits: number }) => void;
  /**
   * Where `searchWikiMany` sends its searches instead of running them: an article's claims share
   * one pool, so searches asked for together run as one batch (`articles/search-pool.ts`).
   */
  pool?: (inputs: readonly WikiSearchInput[]) => Promise<SettledSearch[]>;
  /** Where a claim's subject-page lookup goes instead of its own statement (`pageLeads`), likewise. */
  leads?: (titles: readonly string[]) => Promise<PageLead[]>;
}

/** One search of a batch: its answer, or why it failed (a bad input fails only itself). */
export type SettledSearch = PromiseSettledResult<WikiSearchResponse>;

/**
 * `vector` or `hybrid` was asked for, but there are no usable embeddings (409), or the embedding
 * endpoint failed on the question (503).
 */
export class EmbeddingsUnavailableError extends UserError {
  readonly code = 'EMBEDDINGS_UNAVAILABLE';
  constructor(
    message: string,
    readonly status: 409 | 503 = 409,
  ) {
    super(message);
  }
}

/** A question waits at most this long for its embedding; lexical search needs none. */
const QUERY_EMBED_TIMEOUT_MS = 10_000;

/**
 * The search's dependencies from the configuration: the database it reads (`reader`), the
 * embedding endpoint (question embeddings are cached) and pgvector search in that database.
 * Without a model, an endpoint or pgvector there is no vector source, and the reason says which
 * is missing.
 */
export function wikiSearchDeps(reader: Db, config: EmbedderConfig, fusion?: FusionOptions): WikiSearchDeps {
  const embedModel = config.embedModel;
  if (!embedModel) return { reader, fusion };
  if (!reader.features.vector)
    return { reader, embedModel, fusion, vectorUnavailable: `the database (${reader.location}) has no pgvector` };
  let embedder: ReturnType<typeof createEmbedder>;
  try {
    embedder = createEmbedder(config);
  } catch (err) {
    if (err instanceof UserError) return { reader, embedModel, fusion, vectorUnavailable: err.message };
    throw err;
  }
  const vector: VectorSource = async (question, { k, pageIds }) => {
    const query = await embedQuery(embedder, question, AbortSignal.timeout(QUERY_EMBED_TIMEOUT_MS));
    const hits = await vectorSearch(reader, embedder.model, query, { k, pageIds });
    return hits.map((h) => ({ chunkId: h.chunk_id, pageId: h.page_id, distance: h.distance }));
  };
  return { reader, embedModel, fusion, vector };
}

const AUTO_MIN_COVERAGE = 0.99;
/** Lexical and vector candidates fused per requested hit: fusion needs more than it returns. */
const CANDIDATES_PER_HIT = 8;
const MIN_CANDIDATES = 50;
/** Ranked chunks looked at when forming hits; beyond these, a chunk only joins groups that exist. */
const MAX_GROUPED = 1000;

const NO_MATCH: Record<WikiNoMatchCode, string> = {
  no_terms: '질문에서 검색할 낱말을 찾지 못했습니다. 찾으려는 내용을 단어로 적어 주세요.',
  no_match: '위키에서 질문의 낱말이 들어 있는 문서를 찾지 못했습니다.',
  weak_match: '질문과 충분히 관련된 위키 문서를 찾지 못했습니다.',
};

interface Request {
  question: string;
  topK: number;
  window: number;
  maxChars: number;
  pageLimit: number;
  pageIds?: readonly number[];
  mode: 'auto' | WikiSearchMode;
  fusion: WikiFusion;
  snippets: boolean;
}

function bounded(
  name: keyof typeof L,
  value: number | undefined,
  limits: { default: number; min: number; max: number },
): number {
  if (value === undefined) return limits.default;
  if (!Number.isInteger(value) || value < limits.min || value > limits.max) {
    throw new UserError(`${name}: expected an integer from ${limits.min} to ${limits.max}, got ${value}`);
  }
  return value;
}

/** The route validates with the contract's schema; this guards callers that skip it (the pipeline). */
function normalise(input: WikiSearchInput, deps: WikiSearchDeps): Request {
  const question = input.question?.trim() ?? '';
  if (question.length < L.question.min) throw new UserError('question: must not be empty');
  if (question.length > L.question.max)
    throw new UserError(`question: at most ${L.question.max} characters, got ${question.length}`);
  if (input.page_ids && input.page_ids.length > L.page_ids.max)
    throw new UserError(`page_ids: at most ${L.page_ids.max} ids, got ${input.page_ids.length}`);
  const mode = input.search_mode === 'fts' ? 'lexical' : (input.search_mode ?? 'auto');
  if (!['auto', 'lexical', 'vector', 'hybrid'].includes(mode))
    throw new UserError(`search_mode: expected auto, lexical, fts, vector or hybrid, got ${String(mode)}`);
  const fusion = input.fusion ?? deps.fusion?.method ?? 'rrf';
  if (fusion !== 'rrf' && fusion !== 'weighted')
    throw new UserError(`fusion: expected rrf or weighted, got ${String(fusion)}`);
  return {
    question,
    topK: bounded('top_k', input.top_k, L.top_k),
    window: bounded('window', input.window, L.window),
    maxChars: bounded('max_chars', input.max_chars, L.max_chars),
    pageLimit: bounded('page_limit', input.page_limit, L.page_limit),
    pageIds: input.page_ids,
    mode,
    fusion,
    snippets: input.snippets ?? true,
  };
}

// ---------------------------------------------------------------------------------------------
// Embedding coverage, cached briefly: two counts per search would cost more than the search on
// a large corpus, and coverage only changes while `olala wiki embed` runs.

const COVERAGE_TTL_MS = 30_000;
const coverageCache = new WeakMap<Queryable, Map<string, { at: number; value: number }>>();

/** Share of chunks (0–1) with an embedding of `model`; 0 without pgvector or embeddings. */
export async function embeddingCoverage(db: Db, model: string, now = Date.now()): Promise<number> {
  let perModel = coverageCache.get(db);
  const cached = perModel?.get(model);
  if (cached && now - cached.at < COVERAGE_TTL_MS) return cached.value;
  let value = 0;
  if (db.features.vector) {
    const { rows } = await db.query<{ embedded: number | null; chunks: number }>(
      `SELECT (SELECT count(*) FROM wiki_chunks)::bigint AS chunks,
              CASE WHEN to_regclass('wiki_embeddings') IS NULL THEN NULL
                   ELSE (SELECT count(*) FROM wiki_embeddings WHERE model = $1)::bigint END AS embedded`,
      [model],
    );
    const r = rows[0];
    // An import prunes embeddings of chunks that vanished or changed, so a plain count is current.
    if (r && r.chunks > 0 && r.embedded) value = Math.min(1, r.embedded / r.chunks);
  }
  if (!perModel) coverageCache.set(db, (perModel = new Map()));
  perModel.set(model, { at: now, value });
  return value;
}

/** Forgets cached coverage, e.g. after embedding or importing in the same process. */
export function clearCoverageCache(db: Db): void {
  coverageCache.delete(db);
}

function percent(share: number): string {
  return `${Math.floor(share * 1000) / 10}%`;
}

interface ModeChoice {
  mode: WikiSearchMode;
  fallbackReason?: string;
}

async function chooseMode(db: Db, req: Request, deps: WikiSearchDeps): Promise<ModeChoice> {
  if (req.mode === 'lexical') return { mode: 'lexical' };
  const model = deps.embedModel;
  const coverage = model && deps.vector ? await embeddingCoverage(db, model) : 0;
  if (req.mode === 'auto') {
    const min = deps.autoMinCoverage ?? AUTO_MIN_COVERAGE;
    if (!model) return { mode: 'lexical', fallbackReason: 'no embedding model configured (EMBED_MODEL)' };
    if (!deps.vector)
      return {
        mode: 'lexical',
        fallbackReason: `no vector search: ${deps.vectorUnavailable ?? 'not available on this server'}`,
      };
    if (coverage < min)
      return {
        mode: 'lexical',
        fallbackReason: `embeddings for model ${model} cover ${percent(coverage)} of the wiki (auto needs ${percent(min)})`,
      };
    return { mode: 'hybrid' };
  }
  if (!model)
    throw new EmbeddingsUnavailableError(
      `search_mode ${req.mode} needs an embedding model: set EMBED_MODEL and run \`olala wiki embed\``,
    );
  if (!deps.vector)
    throw new EmbeddingsUnavailableError(
      `search_mode ${req.mode} is not available: ${deps.vectorUnavailable ?? 'no vector search on this server'}`,
    );
  if (coverage === 0)
    throw new EmbeddingsUnavailableError(
      `embeddings for model ${model} cover 0% of the wiki; run \`olala wiki embed --model ${model}\``,
    );
  return { mode: req.mode };
}

// ---------------------------------------------------------------------------------------------

interface PageInfo {
  title: string;
  url: string | null;
}

/** One hit of the answer: a run of chunks of one page around one or more ranked chunks. */
interface Group {
  pageId: number;
  lo: number;
  hi: number;
  /** The best-ranked chunk inside (the one that opened the group) and its chunk_idx. */
  best: FusedChunk;
  bestIdx: number;
}

type Place = {
  chunk_idx: number;
  page_id: number;
};

/**
 * Where ranked chunks sit (page, chunk_idx), for the chunks of every search of a batch at once:
 * lexical search read it with its candidates, so only chunks vector search alone found are
 * looked up.
 */
async function placesOf(db: Queryable, found: readonly Pending[]): Promise<Map<number, Place>> {
  const places = new Map<number, Place>();
  for (const p of found)
    for (const c of p.lexical!.chunks) places.set(c.chunkId, { chunk_idx: c.chunkIdx, page_id: c.pageId });
  const unknown = [...new Set(found.flatMap((p) => p.ranked!.slice(0, MAX_GROUPED).map((c) => c.chunkId)))].filter(
    (id) => !places.has(id),
  );
  if (unknown.length === 0) return places;
  const { rows } = await db.query<Place & { chunk_id: number }>(
    'SELECT chunk_id, chunk_idx, page_id FROM wiki_chunks WHERE chunk_id = ANY($1::bigint[])',
    [unknown],
  );
  for (const r of rows) places.set(r.chunk_id, { chunk_idx: r.chunk_idx, page_id: r.page_id });
  return places;
}

/**
 * The answer's candidates: the first `pageLimit` pages of the ranking, each with its best
 * chunk's score, less those none of whose ranked chunks has a row any more (as for hits).
 */
function candidatePages(
  ranked: readonly FusedChunk[],
  places: ReadonlyMap<number, Place>,
  pageLimit: number,
): Map<number, number> {
  const first = new Map<number, number>();
  for (const c of ranked) {
    if (first.size >= pageLimit) break;
    if (!first.has(c.pageId)) first.set(c.pageId, c.final);
  }
  const placed = new Set<number>();
  for (const c of ranked.slice(0, MAX_GROUPED)) {
    const page = places.get(c.chunkId)?.page_id;
    if (page !== undefined && first.has(page)) placed.add(page);
  }
  return new Map([...first].filter(([page]) => placed.has(page)));
}

/**
 * Walks the ranking best first and forms up to `topK` groups from at most `pageLimit` pages: a
 * chunk whose window overlaps or touches a group's joins that group instead of becoming a hit
 * of its own, so `top_k` counts distinct passages, not chunks. `pageIds`: the pages whose
 * titles the answer shows (its hits' and its candidates'), not every page of the ranking — a
 * ranking of 50 chunks names up to 50 pages, and the pipeline shows three.
 */
function group(
  ranked: readonly FusedChunk[],
  places: ReadonlyMap<number, Place>,
  topK: number,
  pageLimit: number,
  window: number,
): { groups: Group[]; candidates: Map<number, number>; pageIds: Set<number> } {
  const candidates = candidatePages(ranked, places, pageLimit);
  const groups: Group[] = [];
  const pages = new Set<number>();
  // A group grows by at most one more window's worth, so one page rich in matches cannot turn
  // a hit into the whole article.
  const maxSpan = 2 * (2 * window + 1);
  for (const chunk of ranked.slice(0, MAX_GROUPED)) {
    if (groups.length >= topK) break;
    // A chunk deleted since the lexical index was built has no row: skip it.
    const idx = places.get(chunk.chunkId)?.chunk_idx;
    if (idx === undefined) continue;
    const near = groups.find((g) => g.pageId === chunk.pageId && idx - window <= g.hi + 1 && idx + window >= g.lo - 1);
    if (near) {
      const lo = Math.min(near.lo, idx - window);
      const hi = Math.max(near.hi, idx + window);
      if (hi - lo + 1 <= maxSpan) {
        near.lo = lo;
        near.hi = hi;
      }
      continue;
    }
    if (!pages.has(chunk.pageId)) {
      if (pages.size >= pageLimit) continue;
      pages.add(chunk.pageId);
    }
    groups.push({ pageId: chunk.pageId, lo: idx - window, hi: idx + window, best: chunk, bestIdx: idx });
  }
  // A group that grew may now reach a later one of the same page: fold it into the earlier.
  for (let i = 0; i < groups.length; i++) {
    for (let j = i + 1; j < groups.length; j++) {
      const a = groups[i]!;
      const b = groups[j]!;
      if (a.pageId === b.pageId && b.lo <= a.hi + 1 && b.hi >= a.lo - 1) {
        a.lo = Math.min(a.lo, b.lo);
        a.hi = Math.max(a.hi, b.hi);
        groups.splice(j, 1);
        j = i;
      }
    }
  }
  return { groups, candidates, pageIds: new Set([...groups.map((g) => g.pageId), ...candidates.keys()]) };
}

/**
 * The chunks of each group's range, by page and chunk_idx, and the titles of the ranked pages:
 * one read for the groups and pages of every search of a batch (on PGlite a statement costs
 * about a millisecond before it reads anything), each chunk once however many groups hold it.
 */
async function groupText(
  db: Queryable,
  groups: readonly Group[],
  pageIds: readonly number[],
): Promise<{ text: Map<number, Map<number, string>>; titles: Map<number, PageInfo> }> {
  const text = new Map<number, Map<number, string>>();
  const titles = new Map<number, PageInfo>();
  if (groups.length === 0 && pageIds.length === 0) return { text, titles };
  const ranges = pageRanges(groups);
  const { rows } = await db.query<{
    page_id: number;
    chunk_idx: number | null;
    content: string | null;
    title: string | null;
    url: string | null;
  }>(
    `SELECT c.page_id, c.chunk_idx, c.content, NULL AS title, NULL AS url
       FROM unnest($1::bigint[], $2::int[], $3::int[]) AS r(page_id, lo, hi)
       JOIN wiki_chunks c ON c.page_id = r.page_id AND c.chunk_idx BETWEEN r.lo AND r.hi
     UNION ALL
     SELECT page_id, NULL, NULL, title, url FROM wiki_pages WHERE page_id = ANY($4::bigint[])`,
    [ranges.map((r) => r.pageId), ranges.map((r) => r.lo), ranges.map((r) => r.hi), pageIds],
  );
  for (const r of rows) {
    if (r.chunk_idx === null) {
      titles.set(r.page_id, { title: r.title!, url: r.url });
      continue;
    }
    let page = text.get(r.page_id);
    if (!page) text.set(r.page_id, (page = new Map()));
    page.set(r.chunk_idx, r.content!);
  }
  return { text, titles };
}

/**
 * The chunk ranges to read for a batch's groups: per page, overlapping or touching ranges as one.
 * The searches of a batch hit the same passages (a claim's questions, and an article's claims,
 * are about the same pages): on the articles bench a third of the groups sent repeated another's
 * range, and each repeat read its chunks' text again.
 */
function pageRanges(groups: readonly Group[]): { pageId: number; lo: number; hi: number }[] {
  const sorted = groups
    .map((g) => ({ pageId: g.pageId, lo: g.lo, hi: g.hi }))
    .sort((a, b) => a.pageId - b.pageId || a.lo - b.lo);
  const out: { pageId: number; lo: number; hi: number }[] = [];
  for (const r of sorted) {
    const last = out[out.length - 1];
    if (last && last.pageId === r.pageId && r.lo <= last.hi + 1) last.hi = Math.max(last.hi, r.hi);
    else out.push(r);
  }
  return out;
}

/** Page ids of vector hits; ones lexical search already placed are known. */
async function withPages(
  db: Queryable,
  hits: readonly VectorHit[],
  known: ReadonlyMap<number, number>,
): Promise<VectorRanked[]> {
  const pages = new Map(known);
  for (const h of hits) if (h.pageId !== undefined) pages.set(h.chunkId, h.pageId);
  const missing = hits.filter((h) => !pages.has(h.chunkId)).map((h) => h.chunkId);
  if (missing.length > 0) {
    const { rows } = await db.query<{ chunk_id: number; page_id: number }>(
      'SELECT chunk_id, page_id FROM wiki_chunks WHERE chunk_id = ANY($1::bigint[])',
      [missing],
    );
    for (const r of rows) pages.set(r.chunk_id, r.page_id);
  }
  return hits
    .filter((h) => pages.has(h.chunkId))
    .map((h) => ({ chunkId: h.chunkId, pageId: pages.get(h.chunkId)!, distance: h.distance }));
}

/**
 * The vector hits, or, when the embedding endpoint fails: lexical search alone for `auto` (the
 * choice is changed in place and says why), an error for an explicit mode.
 */
async function nearest(vector: VectorSource, req: Request, k: number, choice: ModeChoice): Promise<VectorHit[]> {
  try {
    return await vector(req.question, { k, pageIds: req.pageIds });
  } catch (err) {
    if (!(err instanceof EmbedError)) throw err;
    const reason = `embedding the question failed: ${err.message}`;
    if (req.mode !== 'auto') throw new EmbeddingsUnavailableError(reason, 503);
    choice.mode = 'lexical';
    choice.fallbackReason = reason;
    return [];
  }
}

/**
 * Searches the wiki. Lexical search decides whether the wiki has anything on the question at all:
 * when it finds nothing relevant, the answer has no hits and says why, whatever the mode, because
 * nearest neighbours exist even for questions the wiki knows nothing about.
 */
export async function searchWiki(input: WikiSearchInput, deps: WikiSearchDeps): Promise<WikiSearchResponse> {
  return unsettled(await searchWikiSettled([input], deps))[0]!;
}

/**
 * Several searches, each answered as `searchWiki` answers it alone, in one batch: five reads for
 * all of them instead of five each (a claim's queries; through `deps.pool`, an article's claims'
 * queries together). Rejects with the first failure, as searching them one by one would.
 */
export async function searchWikiMany(
  inputs: readonly WikiSearchInput[],
  deps: WikiSearchDeps,
): Promise<WikiSearchResponse[]> {
  return unsettled(await (deps.pool ? deps.pool(inputs) : searchWikiSettled(inputs, deps)));
}

function unsettled(results: readonly SettledSearch[]): WikiSearchResponse[] {
  return results.map((r) => {
    if (r.status === 'rejected') throw r.reason;
    return r.value;
  });
}

/** One batch of searches, each settled apart: a bad input (or an embedding failure) fails only its own search. */
export async function searchWikiSettled(
  inputs: readonly WikiSearchInput[],
  deps: WikiSearchDeps,
): Promise<SettledSearch[]> {
  const results = await search(deps.reader, inputs, deps);
  for (const r of results)
    if (r.status === 'fulfilled')
      deps.onSearch?.({ ms: r.value.took_ms, mode: r.value.mode, hits: r.value.hits.length });
  return results;
}

interface Pending {
  at: number;
  req: Request;
  choice: ModeChoice;
  candidates: number;
  lexical?: LexicalResult;
  vectorHits: VectorHit[];
  ranked?: FusedChunk[];
}

async function search(db: Db, inputs: readonly WikiSearchInput[], deps: WikiSearchDeps): Promise<SettledSearch[]> {
  const started = performance.now();
  const out: SettledSearch[] = new Array(inputs.length);
  const fail = (at: number, reason: unknown) => {
    out[at] = { status: 'rejected', reason };
  };
  const pending: Pending[] = [];
  await Promise.all(
    inputs.map(async (input, at) => {
      try {
        const req = normalise(input, deps);
        const choice = await chooseMode(db, req, deps);
        const candidates = Math.max(MIN_CANDIDATES, req.topK * CANDIDATES_PER_HIT);
        pending.push({ at, req, choice, candidates, vectorHits: [] });
      } catch (err) {
        fail(at, err);
      }
    }),
  );
  pending.sort((a, b) => a.at - b.at);

  // Lexical search once per set of page_ids (the pipeline's searches all share theirs), vector
  // search per question beside it. A smaller limit is a prefix of the larger one's ranking.
  const lexicalSets = new Map<string, Pending[]>();
  for (const p of pending) {
    const key = JSON.stringify(p.req.pageIds ?? null);
    lexicalSets.set(key, [...(lexicalSets.get(key) ?? []), p]);
  }
  await Promise.all([
    ...[...lexicalSets.values()].map(async (set) => {
      try {
        const results = await lexicalSearchMany(
          db,
          set.map((p) => p.req.question),
          { limit: Math.max(...set.map((p) => p.candidates)), pageIds: set[0]!.req.pageIds },
        );
        set.forEach((p, i) => {
          const r = results[i]!;
          p.lexical = { ...r, chunks: r.chunks.slice(0, p.candidates) };
        });
      } catch (err) {
        for (const p of set) fail(p.at, err);
      }
    }),
    ...pending.map(async (p) => {
      if (p.choice.mode === 'lexical') return;
      try {
        p.vectorHits = await nearest(deps.vector!, p.req, p.candidates, p.choice);
      } catch (err) {
        fail(p.at, err);
      }
    }),
  ]);

  const base = (p: Pending) => ({
    mode: p.choice.mode,
    requested_mode: p.req.mode,
    ...(p.choice.mode !== 'lexical' ? { fusion: p.req.fusion } : {}),
    ...(p.choice.fallbackReason ? { fallback_reason: p.choice.fallbackReason } : {}),
  });
  const tookMs = () => Math.round((performance.now() - started) * 10) / 10;
  const found: Pending[] = [];
  await Promise.all(
    pending.map(async (p) => {
      const lexical = p.lexical;
      if (out[p.at] || !lexical) return;
      if (lexical.reason || lexical.chunks.length === 0) {
        const code = lexical.reason ?? 'no_match';
        out[p.at] = {
          status: 'fulfilled',
          value: {
            hits: [],
            candidates: [],
            prompt_context: '',
            ...base(p),
            no_match_code: code,
            no_match_reason: NO_MATCH[code],
            took_ms: tookMs(),
          },
        };
        return;
      }
      try {
        if (p.choice.mode === 'lexical') p.ranked = lexicalOnly(lexical.chunks);
        else {
          const known = new Map(lexical.chunks.map((c) => [c.chunkId, c.pageId]));
          const vector = await withPages(db, p.vectorHits, known);
          p.ranked =
            p.choice.mode === 'vector'
              ? vectorOnly(vector, lexical.chunks)
              : fuse(lexical.chunks, vector, { ...deps.fusion, method: p.req.fusion });
        }
        found.push(p);
      } catch (err) {
        fail(p.at, err);
      }
    }),
  );
  if (found.length === 0) return out;
  found.sort((a, b) => a.at - b.at);

  // Where every search's ranked chunks sit (read with lexical search's candidates; a read only
  // for chunks vector search alone found), then the text of every search's groups and the
  // titles of their pages: one read.
  let places: Map<number, Place>;
  let read: Awaited<ReturnType<typeof groupText>>;
  let grouped: ReturnType<typeof group>[];
  try {
    places = await placesOf(db, found);
    grouped = found.map((p) => group(p.ranked!, places, p.req.topK, p.req.pageLimit, p.req.window));
    read = await groupText(
      db,
      grouped.flatMap((g) => g.groups),
      [...new Set(grouped.flatMap((g) => [...g.pageIds]))],
    );
  } catch (err) {
    for (const p of found) fail(p.at, err);
    return out;
  }
  found.forEach((p, i) => {
    const { groups, candidates, pageIds } = grouped[i]!;
    // A page whose row is gone (deleted since the index was built) is no hit's and no candidate's.
    const pages = new Map([...pageIds].filter((id) => read.titles.has(id)).map((id) => [id, read.titles.get(id)!]));
    out[p.at] = {
      status: 'fulfilled',
      value: { ...answer(p, { groups, candidates, pages }, read.text), ...base(p), took_ms: tookMs() },
    };
  });
  return out;
}

/** A search's hits, candidates and context from its groups and the batch's text. */
function answer(
  p: Pending,
  { groups, candidates, pages }: { groups: Group[]; candidates: Map<number, number>; pages: Map<number, PageInfo> },
  text: ReadonlyMap<number, ReadonlyMap<number, string>>,
): Pick<WikiSearchResponse, 'hits' | 'candidates' | 'prompt_context'> {
  const { req } = p;

  const terms = req.snippets ? markTerms(req.question) : undefined;
  const hits: WikiHit[] = [];
  for (const g of groups) {
    const page = pages.get(g.pageId);
    const chunks = text.get(g.pageId)!;
    const idxs = [...chunks.keys()].filter((i) => i >= g.lo && i <= g.hi).sort((a, b) => a - b);
    const content = idxs.map((i) => chunks.get(i)!).join('\n');
    const best = g.best;
    hits.push({
      page_id: g.pageId,
      chunk_id: best.chunkId,
      chunk_idx: g.bestIdx,
      chunk_range: [idxs[0]!, idxs[idxs.length - 1]!],
      title: page?.title ?? '',
      url: pageRef(g.pageId),
      source_url: page?.url ?? null,
      content,
      // The snippet comes from the hit chunk itself: its neighbours are context, not the match.
      snippet: terms ? makeSnippet(chunks.get(g.bestIdx)!, terms) : '',
      scores: {
        lexical: round(best.lexical),
        ...(best.vector !== undefined ? { vector: round(best.vector) } : {}),
        final: round(best.final),
        coverage: round(best.coverage),
      },
    });
  }
  const candidateList: WikiCandidate[] = [...candidates]
    .filter(([id]) => pages.has(id))
    .map(([id, score]) => ({ page_id: id, title: pages.get(id)!.title, score: round(score) }));

  return {
    hits,
    candidates: candidateList,
    prompt_context: buildPromptContext(
      hits.map((h) => ({ title: h.title, pageId: h.page_id, content: h.content })),
      req.maxChars,
    ),
  };
}

function round(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}
