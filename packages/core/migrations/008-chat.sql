-- The live chat of an issue's room. Every message, reaction, report and hide is a row here, and
-- each write is announced with NOTIFY (ids only) so every server process can forward it to its
-- own sockets. Depends on 005 (users) and 007 (issues: a room is an issue, and its chat goes
-- when the issue is deleted).

CREATE TABLE chat_messages (
  -- Increasing: orders a room's history and serves as its paging cursor.
  message_id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  issue_id   uuid NOT NULL REFERENCES issues ON DELETE CASCADE,
  -- NULL for the system user 올라 (fact-check cards and its notes): not a row of `users`, so no
  -- login can act as it.
  user_id    uuid REFERENCES users ON DELETE CASCADE,
  -- Chosen by the sending app; a resend after a reconnect carries the same one.
  client_id  text NOT NULL CHECK (char_length(client_id) BETWEEN 1 AND 100),
  kind       text NOT NULL DEFAULT 'text' CHECK (kind IN ('text', 'fact_check')),
  -- Already masked by the profanity filter; the raw text is never stored.
  content    text NOT NULL CHECK (char_length(content) BETWEEN 1 AND 2000),
  -- 올라's answers: the message that was checked; for kind = 'fact_check' the result card.
  source_message_id bigint REFERENCES chat_messages ON DELETE CASCADE,
  card       jsonb,
  created_at timestamptz NOT NULL DEFAULT now(),
  hidden_at  timestamptz,
  hidden_by  uuid REFERENCES users ON DELETE SET NULL,
  CHECK (kind = 'text' OR user_id IS NULL),
  CHECK ((kind = 'fact_check') = (card IS NOT NULL))
);

-- A resend with the same clientId finds the stored message instead of adding a second one.
CREATE UNIQUE INDEX chat_messages_client_key ON chat_messages (user_id, client_id) WHERE user_id IS NOT NULL;
-- One card per checked message, however many people press 팩트체크 on however many servers.
CREATE UNIQUE INDEX chat_messages_fact_check_key ON chat_messages (source_message_id) WHERE kind = 'fact_check';
CREATE INDEX chat_messages_room_idx ON chat_messages (issue_id, message_id DESC) WHERE hidden_at IS NULL;
-- The per-user rate limit counts a user's recent messages.
CREATE INDEX chat_messages_user_recent_idx ON chat_messages (user_id, created_at DESC) WHERE user_id IS NOT NULL;

CREATE TABLE chat_reactions (
  message_id bigint NOT NULL REFERENCES chat_messages ON DELETE CASCADE,
  user_id    uuid NOT NULL REFERENCES users ON DELETE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (message_id, user_id)
);

-- One report per user and message; a second report updates the reason.
CREATE TABLE chat_reports (
  message_id bigint NOT NULL REFERENCES chat_messages ON DELETE CASCADE,
  user_id    uuid NOT NULL REFERENCES users ON DELETE CASCADE,
  reason     text NOT NULL DEFAULT '' CHECK (char_length(reason) <= 500),
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (message_id, user_id)
);

CREATE INDEX chat_reports_created_idx ON chat_reports (created_at DESC);

-- Who is in which room on which server process. Each process refreshes its own rows on a
-- heartbeat and removes them when it stops; rows of a process that died are ignored once their
-- `seen_at` is older than the expiry, so the count is right across processes without any of
-- them keeping the others' state. Not a log: rows come and go.
CREATE UNLOGGED TABLE chat_presence (
  server_id text NOT NULL,
  issue_id  uuid NOT NULL REFERENCES issues ON DELETE CASCADE,
  user_id   uuid NOT NULL REFERENCES users ON DELETE CASCADE,
  seen_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (issue_id, user_id, server_id)
);

CREATE INDEX chat_presence_server_idx ON chat_presence (server_id);
