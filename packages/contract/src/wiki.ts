import { Type, type Static } from 'typebox';

export const EmbeddingIndexState = Type.Union([
  Type.Literal('none'),
  Type.Literal('building'),
  Type.Literal('ready'),
  Type.Literal('invalid'),
]);
export type EmbeddingIndexState = Static<typeof EmbeddingIndexState>;

export const EmbeddingCoverage = Type.Object({
  model: Type.String(),
  /** Chunks with a current embedding for this model. */
  embedded: Type.Integer(),
  missing: Type.Integer(),
  coverage_pct: Type.Number(),
  index: EmbeddingIndexState,
});
export type EmbeddingCoverage = Static<typeof EmbeddingCoverage>;

export const WikiImportRecord = Type.Object({
  started_at: Type.String({ format: 'date-time' }),
  finished_at: Type.String({ format: 'date-time' }),
  mode: Type.Union([Type.Literal('replace'), Type.Literal('append')]),
  pages_loaded: Type.Integer(),
  chunks_loaded: Type.Integer(),
  rejected: Type.Integer(),
  /** Totals in the wiki after this import. */
  wiki_pages: Type.Integer(),
  wiki_chunks: Type.Integer(),
});
export type WikiImportRecord = Static<typeof WikiImportRecord>;

/**
 * The lexical index: `building` while an import or `olala wiki index` builds a new one (the live
 * index still answers searches), `interrupted` when that build's process died before it finished.
 */
export const LexicalIndexStatus = Type.Object({
  state: Type.Union([
    Type.Literal('none'),
    Type.Literal('building'),
    Type.Literal('complete'),
    Type.Literal('interrupted'),
  ]),
  /** Chunks tokenized by the build so far, of `chunks_total` (the build being reported or the last one). */
  chunks_done: Type.Optional(Type.Integer({ minimum: 0 })),
  chunks_total: Type.Optional(Type.Integer({ minimum: 0 })),
  percent: Type.Optional(Type.Number()),
  /** Chunks per second measured by the build so far (or by the last complete build). */
  rate_chunks_s: Type.Optional(Type.Number()),
  eta_s: Type.Optional(Type.Number()),
  updated_at: Type.Optional(Type.String({ format: 'date-time' })),
});
export type LexicalIndexStatus = Static<typeof LexicalIndexStatus>;

/** `GET /api/wiki/status` and `olala wiki status --json`. */
export const WikiStatus = Type.Object({
  backend: Type.Union([Type.Literal('pglite'), Type.Literal('postgres')]),
  wiki_pages: Type.Integer(),
  wiki_chunks: Type.Integer(),
  /** pgvector is installed; without it `embeddings` is always empty. */
  vector_enabled: Type.Boolean(),
  embeddings: Type.Array(EmbeddingCoverage),
  /** Latest first. */
  imports: Type.Array(WikiImportRecord),
  lexical_index: Type.Optional(LexicalIndexStatus),
});
export type WikiStatus = Static<typeof WikiStatus>;
