-- The Korean lexical index: posting lists built by our TypeScript tokenizer (no Korean
-- analyser exists for PostgreSQL offline). field 'c' indexes chunk text by chunk_id, 't' page
-- titles by page_id. A term may have several segments (one per build batch); the row with the
-- empty term holds each segment's document count. Rebuilt with the chunks on every import.
CREATE TABLE wiki_postings (
  field    "char" NOT NULL,
  term     text NOT NULL,
  segment  integer NOT NULL,
  df       integer NOT NULL,
  postings bytea NOT NULL,
  PRIMARY KEY (term, field, segment)
);
