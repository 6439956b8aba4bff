-- Whole-article checks (POST /v1/articles/check): the article as read, the claims found in it
-- with their spans, and the sentences left out with why. Each claim's check is an ordinary row
-- of `analyses` (the result cache and the share page work on it as on any check); a claim that
-- could not be checked has no analysis and says why in `error`. An article and its claims are
-- written in one transaction, at the end of the run: a reader never sees half an article.

CREATE TABLE articles (
  article_id    uuid PRIMARY KEY,
  created_at    timestamptz NOT NULL DEFAULT now(),
  input_type    text NOT NULL CHECK (input_type IN ('url', 'text')),
  title         text NOT NULL,
  url           text,
  published_at  timestamptz,
  -- The text every span points into (UTF-16 offsets, as the API documents).
  text          text NOT NULL,
  -- complete: a result was returned; cancelled: the client left before the end.
  status        text NOT NULL CHECK (status IN ('complete', 'cancelled')),
  streamed      boolean NOT NULL,
  decomposition text NOT NULL CHECK (decomposition IN ('llm', 'rules')),
  latency_ms    integer NOT NULL,
  model_info    jsonb NOT NULL,
  skipped       jsonb NOT NULL,
  summary       jsonb NOT NULL
);

CREATE INDEX articles_created_idx ON articles (created_at DESC);

CREATE TABLE article_claims (
  article_id      uuid NOT NULL REFERENCES articles ON DELETE CASCADE,
  -- c1, c2, … in the order the API returns them (position).
  claim_id        text NOT NULL,
  position        integer NOT NULL,
  text            text NOT NULL,
  spans           jsonb NOT NULL,
  checkworthiness real NOT NULL CHECK (checkworthiness BETWEEN 0 AND 1),
  type            text NOT NULL,
  main            boolean NOT NULL,
  analysis_id     uuid REFERENCES analyses ON DELETE SET NULL,
  -- { code, message } when the claim could not be checked.
  error           jsonb,
  PRIMARY KEY (article_id, claim_id)
);

CREATE INDEX article_claims_analysis_idx ON article_claims (analysis_id);
