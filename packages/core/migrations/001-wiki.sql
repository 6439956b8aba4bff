-- The wiki knowledge base: pages, their chunks, and the log of imports.
-- Extensions (pg_trgm, vector) are created by the migration runner before any migration runs.

CREATE TABLE wiki_pages (
  page_id     bigint PRIMARY KEY,
  title       text NOT NULL,
  url         text,
  imported_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE wiki_chunks (
  chunk_id     bigint PRIMARY KEY,
  page_id      bigint NOT NULL REFERENCES wiki_pages (page_id) ON DELETE CASCADE,
  chunk_idx    integer NOT NULL,
  content      text NOT NULL,
  -- Lets embeddings outlive a re-import whose chunk text did not change.
  content_hash text NOT NULL
);

CREATE INDEX wiki_chunks_page_idx ON wiki_chunks (page_id, chunk_idx);
CREATE INDEX wiki_pages_title_trgm ON wiki_pages USING gin (title gin_trgm_ops);

CREATE TABLE wiki_imports (
  import_id    bigserial PRIMARY KEY,
  started_at   timestamptz NOT NULL,
  finished_at  timestamptz NOT NULL DEFAULT now(),
  mode         text NOT NULL CHECK (mode IN ('replace', 'append')),
  pages_file   text,
  chunks_file  text,
  pages_loaded bigint NOT NULL,
  chunks_loaded bigint NOT NULL,
  rejected     bigint NOT NULL DEFAULT 0,
  wiki_pages   bigint NOT NULL,
  wiki_chunks  bigint NOT NULL
);
