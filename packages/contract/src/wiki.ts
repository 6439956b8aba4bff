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
});
export type WikiStatus = Static<typeof WikiStatus>;
