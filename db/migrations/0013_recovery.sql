-- 0013_recovery: what a crash or a lost queue must not lose.

-- An inbound message is handled once its turn has run to its end. A retry of one that is not (its worker died
-- mid-turn, or the turn failed) runs the turn again, instead of replaying an answer that was never given.
ALTER TABLE messages ADD COLUMN handled_at timestamptz;
UPDATE messages SET handled_at = created_at WHERE direction = 'in';

-- WeChat pushes answered `success`, kept in PostgreSQL until their turn has run: the queue's Redis may lose a job
-- (a restart without persistence), this table does not, and a sweep queues again what is still unanswered.
CREATE TABLE wechat_inbox (
  push_key     text PRIMARY KEY,
  openid       text NOT NULL,
  data         jsonb NOT NULL,
  received_at  timestamptz NOT NULL,
  answered_at  timestamptz,
  -- how often the sweep queued it again
  requeued     integer NOT NULL DEFAULT 0
);
CREATE INDEX wechat_inbox_unanswered ON wechat_inbox (received_at) WHERE answered_at IS NULL;
-- A traveller's pushes are answered in the order they came: a turn waits while an earlier one is unanswered.
CREATE INDEX wechat_inbox_traveller ON wechat_inbox (openid, received_at) WHERE answered_at IS NULL;
