-- API keys for integrations (a newsroom's scripts, `olala check-claims --server`). An operator
-- creates one with `olala keys create`; the key is shown once and only its SHA-256 is kept, so a
-- copy of this table lets nobody call the API. `prefix` (the key's first 12 characters) names
-- a key in lists and on revocation without being enough to use it.
CREATE TABLE api_keys (
  key_id         uuid PRIMARY KEY,
  name           text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 100),
  prefix         text NOT NULL UNIQUE CHECK (prefix ~ '^olk_[A-Za-z0-9_-]{8}$'),
  key_hash       bytea NOT NULL UNIQUE CHECK (octet_length(key_hash) = 32),
  -- Verification claims per minute (single checks and each claim of a batch).
  rate_per_min   integer NOT NULL CHECK (rate_per_min BETWEEN 1 AND 10000),
  created_at     timestamptz NOT NULL DEFAULT now(),
  last_used_at   timestamptz,
  revoked_at     timestamptz
);

-- Claim budgets, one row per API key (`key:<key_id>`) or anonymous client address (`ip:<address>`),
-- as a GCRA "theoretical arrival time": a budget of R per minute is spent while `tat` stays within
-- a minute of now, and refills continuously. Every server process counts the same row. Not a log:
-- losing it in a crash only resets the budgets; rows far in the past are pruned as budgets are taken.
CREATE UNLOGGED TABLE api_budgets (
  subject text PRIMARY KEY CHECK (char_length(subject) <= 120),
  tat     timestamptz NOT NULL
);

CREATE INDEX api_budgets_tat_idx ON api_budgets (tat);
