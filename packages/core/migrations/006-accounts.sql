-- Optional accounts on top of the anonymous identity (005): an account is a `users` row with
-- an email and a password hash. Registering from an anonymous install turns that very row into
-- the account (same user_id), so its history, bookmarks and chat stay attached.

ALTER TABLE users
  -- Stored lowercased by the code (emails are compared case-insensitively); NULL for anonymous users.
  ADD COLUMN email               text CHECK (char_length(email) BETWEEN 3 AND 254),
  -- Self-describing `scrypt$N$r$p$salt$hash`: parameters can rise later and old hashes still verify.
  ADD COLUMN password_hash       text,
  ADD COLUMN role                text NOT NULL DEFAULT 'user' CHECK (role IN ('user', 'admin')),
  ADD COLUMN password_changed_at timestamptz;

-- NULLs are distinct: any number of anonymous users, one account per email.
CREATE UNIQUE INDEX users_email_key ON users (email);

-- An account has both credentials, an anonymous user neither; only accounts can be admins
-- (an anonymous token is a device secret with no password behind it).
ALTER TABLE users
  ADD CONSTRAINT users_account_credentials CHECK ((kind = 'account') = (email IS NOT NULL AND password_hash IS NOT NULL)),
  ADD CONSTRAINT users_admin_is_account CHECK (role = 'user' OR kind = 'account');

-- Login attempts in a rolling window, per account (key: SHA-256 of the email, so the table is no
-- list of the addresses people typed) and per client address. It lives in the database because
-- every server process must see the same counts; the in-memory limiter only sees its own.
-- A failed attempt stays until it leaves the window; a successful login removes its own rows and
-- the account's failures; a refused (429) attempt removes its own rows so hammering a locked
-- account does not extend the lock.
CREATE TABLE login_attempts (
  attempt_id   bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  scope        text NOT NULL CHECK (scope IN ('account', 'ip')),
  key          text NOT NULL,
  attempted_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX login_attempts_key_idx ON login_attempts (scope, key, attempted_at);
CREATE INDEX login_attempts_time_idx ON login_attempts (attempted_at);
