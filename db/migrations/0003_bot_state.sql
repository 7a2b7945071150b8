-- 0003_bot_state: the bot's conversation state (the Agents SDK's Storage), one JSON document per key.
-- Append-only: never edit a migration that has landed; add the next number instead.

-- key: the SDK's storage key (`channel/conversations/id`, `channel/users/id`, …), any text.
-- etag: a random token replaced on every write; a write that carries the token it read succeeds only while the
-- row still has it (optimistic concurrency). It is never derived from value: jsonb reorders keys, so no text
-- form of value is stable enough to compare.
CREATE TABLE bot_state (
  key         text PRIMARY KEY,
  value       jsonb NOT NULL,
  etag        text NOT NULL,
  -- kept for a future sweep of abandoned conversations; deliberately not indexed, so the write of every turn
  -- stays a HOT update (an index on a column that every write changes would rule those out).
  updated_at  timestamptz NOT NULL DEFAULT now()
);
