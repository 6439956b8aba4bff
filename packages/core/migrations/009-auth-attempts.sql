-- Sign-in attempts per account AND client address (replacing 006's login_attempts, which counted
-- per account alone, so anyone who knew an email could lock its owner out for 15 minutes).
--   login:    one row per attempt, kept while it is a failure: the (account, address) pair's
--             failures set its delay, and the accounts one address failed on in 15 minutes catch
--             credential stuffing.
--   register: one row per "email taken" answer from an address: registration is the one answer
--             that tells whether an email has an account, so it is rationed.
-- An attempt is written BEFORE the password is checked, so racing requests count each other;
-- success (and a refused attempt) removes its row. The timestamp comes from the application,
-- so tests can move a clock instead of sleeping.
-- login_attempts stays until the next release, for servers of the previous one during a rolling
-- upgrade (docs/upgrades.md: expand, roll, contract).
CREATE TABLE auth_attempts (
  attempt_id   bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  action       text NOT NULL CHECK (action IN ('login', 'register')),
  -- The client address as the server sees it (behind trusted proxies: the forwarded one).
  address      text NOT NULL CHECK (char_length(address) <= 100),
  -- SHA-256 (hex) of the normalised email, so the table is no list of the addresses people typed.
  account      text CHECK (account ~ '^[0-9a-f]{64}$'),
  attempted_at timestamptz NOT NULL,
  CHECK ((action = 'login') = (account IS NOT NULL))
);

CREATE INDEX auth_attempts_pair_idx ON auth_attempts (account, address, attempted_at) WHERE action = 'login';
CREATE INDEX auth_attempts_address_idx ON auth_attempts (action, address, attempted_at);
CREATE INDEX auth_attempts_time_idx ON auth_attempts (attempted_at);
