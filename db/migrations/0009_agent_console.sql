-- 0009_agent_console: the console's side of the agents' desk: which agents are online (a heartbeat per instance),
-- the offer of a queued handoff to one of them, the agents' actions on a traveller's behalf in the history, and
-- each tenant's canned replies.
-- Append-only: never edit a migration that has landed; add the next number instead.

-- The agent a queued handoff is offered to, and since when; claiming stays open to every agent of the tenant.
ALTER TABLE handoffs ADD COLUMN offered_to uuid REFERENCES users(id);
ALTER TABLE handoffs ADD COLUMN offered_at timestamptz;
CREATE INDEX handoffs_offered ON handoffs (offered_to) WHERE status = 'queued' AND offered_to IS NOT NULL;

-- The history also keeps offers (no change of status) and an agent's actions for the traveller (search, quote,
-- book, cancel: the action in `reason`, its particulars in `detail`).
ALTER TABLE handoff_events DROP CONSTRAINT handoff_events_kind_check;
ALTER TABLE handoff_events ADD CONSTRAINT handoff_events_kind_check
  CHECK (kind IN ('open', 'claim', 'release', 'resolve', 'close', 'notice', 'offer', 'action'));
-- One booking action per reservation and conversation: a retried booking is recorded (and told) once.
CREATE UNIQUE INDEX handoff_events_booked_once ON handoff_events (conversation_id, (detail->>'code'))
  WHERE kind = 'action' AND reason = 'book';
CREATE INDEX handoff_events_actions ON handoff_events (handoff_id) WHERE kind = 'action';
-- An agent's latest move: offers go to the agent idle longest.
CREATE INDEX handoff_events_actor ON handoff_events (actor_id, created_at) WHERE actor_id IS NOT NULL;

-- An agent's open console sockets on one instance. Each instance refreshes `seen_at` of its rows; an agent is online
-- while a row of it is fresh, so the agents of an instance that died go offline after the timeout.
CREATE TABLE agent_presence (
  user_id       uuid NOT NULL REFERENCES users(id),
  instance_id   text NOT NULL,
  -- the agent's tenant (NULL: a platform agent or an admin).
  tenant_id     uuid REFERENCES tenants(id),
  sockets       integer NOT NULL CHECK (sockets >= 0),
  connected_at  timestamptz NOT NULL,
  seen_at       timestamptz NOT NULL,
  PRIMARY KEY (user_id, instance_id)
);
CREATE INDEX agent_presence_tenant ON agent_presence (tenant_id, seen_at);
CREATE INDEX agent_presence_instance ON agent_presence (instance_id);

-- Answers an agent inserts into the reply box; a tenant's own, in the traveller's language.
CREATE TABLE canned_replies (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id   uuid NOT NULL REFERENCES tenants(id),
  locale      text NOT NULL CHECK (locale IN ('zh-CN', 'en')),
  title       text NOT NULL CHECK (length(title) BETWEEN 1 AND 60),
  text        text NOT NULL CHECK (length(text) BETWEEN 1 AND 4000),
  created_by  uuid REFERENCES users(id),
  created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX canned_replies_tenant ON canned_replies (tenant_id, locale, created_at);
-- When the tenant got its starter set of canned replies (once: deleting them all does not bring them back).
ALTER TABLE handoff_settings ADD COLUMN canned_replies_seeded_at timestamptz;
