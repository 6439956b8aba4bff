-- The per-user budget of reaction toggles (CHAT_LIMITS.reactionRateCount per window). Messages
-- are counted in chat_messages, but a toggle that is undone leaves no row in chat_reactions, so
-- each toggle that was let through leaves one here; every server process counts the same rows.
-- Rows older than the window are pruned on the chat's presence heartbeat. Not a log: losing it
-- in a crash only resets the budgets.
CREATE UNLOGGED TABLE chat_reaction_toggles (
  user_id    uuid NOT NULL REFERENCES users ON DELETE CASCADE,
  toggled_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX chat_reaction_toggles_user_idx ON chat_reaction_toggles (user_id, toggled_at);
CREATE INDEX chat_reaction_toggles_time_idx ON chat_reaction_toggles (toggled_at);
