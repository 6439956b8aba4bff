-- Every verification run, synchronous or streamed: what was asked, what was checked, the
-- result, and how long each stage took. The predecessor kept streamed runs nowhere.

CREATE TABLE analyses (
  analysis_id   uuid PRIMARY KEY,
  created_at    timestamptz NOT NULL DEFAULT now(),
  input_type    text NOT NULL CHECK (input_type IN ('text', 'url', 'image')),
  input_payload text NOT NULL,
  user_request  text,
  -- Hash of the normalised input and the models that answered: the key of the result cache.
  input_key     text NOT NULL,
  claim         text NOT NULL,
  label         text NOT NULL CHECK (label IN ('TRUE', 'FALSE', 'MIXED', 'UNVERIFIED', 'REFUSED')),
  confidence    real NOT NULL,
  -- complete: a result was returned; cancelled: the client left before the end.
  status        text NOT NULL CHECK (status IN ('complete', 'cancelled')),
  streamed      boolean NOT NULL,
  -- A result built from degraded stages (LLM failure, timeout) is stored but never served from the cache.
  cacheable     boolean NOT NULL,
  latency_ms    integer NOT NULL,
  model_info    jsonb NOT NULL,
  stages        jsonb NOT NULL,
  result        jsonb NOT NULL
);

CREATE INDEX analyses_input_key_idx ON analyses (input_key, created_at DESC);
CREATE INDEX analyses_created_idx ON analyses (created_at DESC);
