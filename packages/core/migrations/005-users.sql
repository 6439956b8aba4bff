-- Users, their sessions, and what each user checked and bookmarked. Everything is keyed by
-- user, never by device: when accounts arrive, an anonymous user's rows move to the account
-- (or the user row itself becomes the account: `kind` changes, the id stays).

CREATE TABLE users (
  user_id      uuid PRIMARY KEY,
  kind         text NOT NULL DEFAULT 'anonymous' CHECK (kind IN ('anonymous', 'account')),
  nickname     text NOT NULL CHECK (char_length(nickname) BETWEEN 1 AND 20),
  color        text NOT NULL CHECK (color ~ '^#[0-9a-f]{6}$'),
  created_at   timestamptz NOT NULL DEFAULT now(),
  last_seen_at timestamptz NOT NULL DEFAULT now()
);

-- Only the SHA-256 of a token is stored: a copy of this table lets nobody act as a user.
CREATE TABLE sessions (
  token_hash   bytea PRIMARY KEY CHECK (octet_length(token_hash) = 32),
  user_id      uuid NOT NULL REFERENCES users ON DELETE CASCADE,
  created_at   timestamptz NOT NULL DEFAULT now(),
  -- Slides forward when the token is used, so an active user is never logged out.
  expires_at   timestamptz NOT NULL,
  last_used_at timestamptz NOT NULL DEFAULT now(),
  revoked_at   timestamptz
);

CREATE INDEX sessions_user_idx ON sessions (user_id);

-- A run may be in many users' histories (the result cache hands the same analysis to everyone
-- who asks the same question); removing it from one history leaves the analysis alone.
CREATE TABLE history (
  user_id     uuid NOT NULL REFERENCES users ON DELETE CASCADE,
  analysis_id uuid NOT NULL REFERENCES analyses ON DELETE CASCADE,
  -- When the user last asked: a repeat moves the row to the top.
  created_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (user_id, analysis_id)
);

CREATE INDEX history_user_created_idx ON history (user_id, created_at DESC, analysis_id DESC);

CREATE TABLE bookmarks (
  user_id     uuid NOT NULL REFERENCES users ON DELETE CASCADE,
  analysis_id uuid NOT NULL REFERENCES analyses ON DELETE CASCADE,
  created_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (user_id, analysis_id)
);

CREATE INDEX bookmarks_user_created_idx ON bookmarks (user_id, created_at DESC, analysis_id DESC);
