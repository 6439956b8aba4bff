import { Type, type Static } from 'typebox';
import { Text } from './text.js';

/** Bounds and defaults of `POST /api/wiki/search`, shared by the route schema and `searchWiki`. */
export const WIKI_SEARCH_LIMITS = {
  question: { min: 1, max: 1000 },
  top_k: { default: 8, min: 1, max: 50 },
  window: { default: 2, min: 0, max: 10 },
  max_chars: { default: 4200, min: 200, max: 20000 },
  page_limit: { default: 8, min: 1, max: 50 },
  page_ids: { max: 200 },
} as const;

/**
 * Largest page or chunk id a request may name: ids are PostgreSQL bigints, but above 2^53 a
 * JavaScript number is no longer exact (and above 2^63 PostgreSQL refuses it), so the schema
 * stops there and answers 400.
 */
export const MAX_ID = Number.MAX_SAFE_INTEGER;
const Id = () => Type.Integer({ minimum: 0, maximum: MAX_ID });

/** `fts` is the predecessor's name for lexical search, still accepted from old clients. */
export const WIKI_SEARCH_MODES = ['auto', 'lexical', 'fts', 'vector', 'hybrid'] as const;
export type WikiSearchModeRequested = (typeof WIKI_SEARCH_MODES)[number];

export const WIKI_FUSIONS = ['rrf', 'weighted'] as const;
export type WikiFusion = (typeof WIKI_FUSIONS)[number];

const L = WIKI_SEARCH_LIMITS;

/** `POST /api/wiki/search` body. Unknown fields are refused; the predecessor's `embed_missing` is known and ignored. */
export const WikiSearchRequest = Type.Object(
  {
    question: Text({ minLength: L.question.min, maxLength: L.question.max }),
    top_k: Type.Optional(Type.Integer({ minimum: L.top_k.min, maximum: L.top_k.max, default: L.top_k.default })),
    /** Neighbouring chunks added on each side of a hit. */
    window: Type.Optional(Type.Integer({ minimum: L.window.min, maximum: L.window.max, default: L.window.default })),
    /** Budget of `prompt_context`, in characters. */
    max_chars: Type.Optional(
      Type.Integer({ minimum: L.max_chars.min, maximum: L.max_chars.max, default: L.max_chars.default }),
    ),
    /** Most distinct pages among the hits. */
    page_limit: Type.Optional(
      Type.Integer({ minimum: L.page_limit.min, maximum: L.page_limit.max, default: L.page_limit.default }),
    ),
    /** Search only these pages. */
    page_ids: Type.Optional(Type.Array(Id(), { maxItems: L.page_ids.max })),
    search_mode: Type.Optional(Type.Enum([...WIKI_SEARCH_MODES], { default: 'auto' })),
    /** How lexical and vector rankings are combined in hybrid mode. */
    fusion: Type.Optional(Type.Enum([...WIKI_FUSIONS], { default: 'rrf' })),
    /** The predecessor embedded missing chunks on the request path; embeddings are a batch job here (`olala wiki embed`). */
    embed_missing: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type WikiSearchRequest = Static<typeof WikiSearchRequest>;

export const WikiSearchMode = Type.Enum(['lexical', 'vector', 'hybrid']);
export type WikiSearchMode = Static<typeof WikiSearchMode>;

export const WikiHitScores = Type.Object({
  /** BM25 score of the chunk (with its page title); 0 when only the vector search found it. */
  lexical: Type.Number(),
  /** Cosine similarity (1 − distance), when the vector search found the chunk. */
  vector: Type.Optional(Type.Number()),
  /** The score hits are ordered by: lexical, vector similarity, or the fused score. */
  final: Type.Number(),
  /** Share of the question's (idf-weighted) terms the chunk or its title contains, 0–1. */
  coverage: Type.Number(),
});
export type WikiHitScores = Static<typeof WikiHitScores>;

export const WikiHit = Type.Object({
  page_id: Type.Integer(),
  /** The best-ranked chunk of this hit; `content` spans its neighbours too. */
  chunk_id: Type.Integer(),
  chunk_idx: Type.Integer(),
  /** First and last chunk_idx in `content`. */
  chunk_range: Type.Tuple([Type.Integer(), Type.Integer()]),
  title: Type.String(),
  /** `wiki://page/<page_id>`: how sources are cited in `prompt_context`. */
  url: Type.String(),
  /** The page on Wikipedia, when the import had it. */
  source_url: Type.Union([Type.String(), Type.Null()]),
  content: Type.String(),
  /** About 240 characters around the best match, HTML-escaped, matched terms in `<mark>…</mark>`. */
  snippet: Type.String(),
  scores: WikiHitScores,
});
export type WikiHit = Static<typeof WikiHit>;

export const WikiCandidate = Type.Object({
  page_id: Type.Integer(),
  title: Type.String(),
  /** Final score of the page's best chunk. */
  score: Type.Number(),
});
export type WikiCandidate = Static<typeof WikiCandidate>;

export const WikiNoMatchCode = Type.Enum(['no_terms', 'no_match', 'weak_match']);
export type WikiNoMatchCode = Static<typeof WikiNoMatchCode>;

export const WikiSearchResponse = Type.Object({
  hits: Type.Array(WikiHit),
  candidates: Type.Array(WikiCandidate),
  /** Numbered sources, `[n] title (wiki://page/<id>)` then text, at most `max_chars` long. */
  prompt_context: Type.String(),
  /** The mode actually used; `auto` resolves to one of these. */
  mode: WikiSearchMode,
  requested_mode: Type.Enum(['auto', 'lexical', 'vector', 'hybrid']),
  /** Set when hybrid or vector ran. */
  fusion: Type.Optional(Type.Enum([...WIKI_FUSIONS])),
  /** Why `auto` did not use embeddings (operator-facing). */
  fallback_reason: Type.Optional(Type.String()),
  /** Set, with empty hits, when nothing in the wiki matches the question. */
  no_match_code: Type.Optional(WikiNoMatchCode),
  /** The same, for people (Korean). */
  no_match_reason: Type.Optional(Type.String()),
  took_ms: Type.Number(),
});
export type WikiSearchResponse = Static<typeof WikiSearchResponse>;

export const WikiPageParams = Type.Object({
  id: Id(),
});
export type WikiPageParams = Static<typeof WikiPageParams>;

export const WikiPageQuery = Type.Object({
  /** A chunk of this page the app should scroll to; echoed back as `focus_chunk_id`. */
  chunk: Type.Optional(Id()),
});
export type WikiPageQuery = Static<typeof WikiPageQuery>;

export const WikiPageChunk = Type.Object({
  chunk_id: Type.Integer(),
  chunk_idx: Type.Integer(),
  content: Type.String(),
});
export type WikiPageChunk = Static<typeof WikiPageChunk>;

/** `GET /api/wiki/pages/:id`: a whole page, chunks in order. */
export const WikiPage = Type.Object({
  page_id: Type.Integer(),
  title: Type.String(),
  url: Type.String(),
  source_url: Type.Union([Type.String(), Type.Null()]),
  chunks: Type.Array(WikiPageChunk),
  focus_chunk_id: Type.Optional(Type.Integer()),
});
export type WikiPage = Static<typeof WikiPage>;
