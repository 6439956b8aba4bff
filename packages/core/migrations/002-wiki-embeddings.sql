-- requires: vector
-- Embeddings are kept per model, so changing model re-embeds without touching chunks and
-- coverage can be reported per model. No foreign key to wiki_chunks: an import swaps that
-- table whole, and the swap prunes embeddings whose chunk vanished or changed text.
CREATE TABLE wiki_embeddings (
  model        text NOT NULL,
  chunk_id     bigint NOT NULL,
  content_hash text NOT NULL,
  dims         integer NOT NULL,
  embedding    vector NOT NULL,
  embedded_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (model, chunk_id)
);
