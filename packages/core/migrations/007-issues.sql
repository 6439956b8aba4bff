-- The daily issue the app's banner and chat room are about. The predecessor built its id from
-- the server's local date ("issue_YYYYMMDD") and returned hard-coded text; here an issue has a
-- stable id, and `day` says which day it is for, as a date in Korea (Asia/Seoul), whatever
-- time zone the server runs in. Depends only on 004 (analyses) and 005 (users).

CREATE TABLE issues (
  issue_id     uuid PRIMARY KEY,
  day          date NOT NULL,
  title        text NOT NULL CHECK (char_length(title) BETWEEN 1 AND 200),
  summary      text NOT NULL DEFAULT '' CHECK (char_length(summary) <= 1000),
  content      text NOT NULL DEFAULT '' CHECK (char_length(content) <= 50000),
  category     text NOT NULL CHECK (char_length(category) BETWEEN 1 AND 40),
  source_url   text CHECK (char_length(source_url) <= 2000),
  -- The main claim to fact-check; the title when null.
  claim        text CHECK (char_length(claim) <= 2000),
  -- The stored fact-check of the main claim. An analysis is never deleted by the app, but a
  -- purge of old analyses must not take the issue with it.
  analysis_id  uuid REFERENCES analyses ON DELETE SET NULL,
  -- NULL: a draft, visible to admins only. A time in the future: scheduled.
  published_at timestamptz,
  created_at   timestamptz NOT NULL DEFAULT now(),
  updated_at   timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX issues_published_idx ON issues (published_at DESC, issue_id DESC) WHERE published_at IS NOT NULL;
CREATE INDEX issues_day_idx ON issues (day, published_at DESC) WHERE published_at IS NOT NULL;
CREATE INDEX issues_created_idx ON issues (created_at DESC, issue_id DESC);

-- Who took part in an issue's discussion: the chat inserts a row when a user joins or posts
-- (recordParticipant in packages/core/src/issues). participantCount counts these rows, so it
-- survives restarts and is the same on every server process, unlike the predecessor's count
-- of one process's open sockets.
CREATE TABLE issue_participants (
  issue_id      uuid NOT NULL REFERENCES issues ON DELETE CASCADE,
  user_id       uuid NOT NULL REFERENCES users ON DELETE CASCADE,
  first_seen_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (issue_id, user_id)
);

CREATE INDEX issue_participants_user_idx ON issue_participants (user_id);
