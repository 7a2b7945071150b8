-- 0008_handoff_desk: handoffs as a state machine (queued → active → resolved, or closed) with the history of every
-- move, the agent who holds one, the one waiting notice, and the per-tenant rules of the agents' desk.
-- Append-only: never edit a migration that has landed; add the next number instead.

-- The agent (or admin) who claimed it; set exactly while it is active.
ALTER TABLE handoffs ADD COLUMN agent_id uuid REFERENCES users(id);
-- When it (last) joined the queue: the queue is served oldest first, and a release keeps the traveller's place.
ALTER TABLE handoffs ADD COLUMN queued_at timestamptz;
UPDATE handoffs SET queued_at = created_at;
ALTER TABLE handoffs ALTER COLUMN queued_at SET DEFAULT now();
ALTER TABLE handoffs ALTER COLUMN queued_at SET NOT NULL;
ALTER TABLE handoffs ADD COLUMN claimed_at timestamptz;
-- When it was resolved or closed.
ALTER TABLE handoffs ADD COLUMN ended_at timestamptz;
-- When the traveller was told that agents are busy (at most once per handoff).
ALTER TABLE handoffs ADD COLUMN wait_notice_at timestamptz;
ALTER TABLE handoffs ADD CONSTRAINT handoffs_active_has_agent CHECK (status <> 'active' OR agent_id IS NOT NULL);
-- The queue of a tenant, oldest first; an agent's active chats (its capacity); a conversation's handoffs.
CREATE INDEX handoffs_queue ON handoffs (tenant_id, queued_at) WHERE status = 'queued';
CREATE INDEX handoffs_agent_active ON handoffs (agent_id) WHERE status = 'active';
CREATE INDEX handoffs_conversation ON handoffs (conversation_id, created_at);

-- Every move of a handoff: who (the bot, an agent, an admin, the system), when, why, from which status to which.
CREATE TABLE handoff_events (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  -- the order events were written in (timestamps can tie).
  seq              bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
  handoff_id       uuid NOT NULL REFERENCES handoffs(id),
  conversation_id  uuid NOT NULL REFERENCES conversations(id),
  -- open, claim, release, resolve, close; notice for the waiting message (no change of status).
  kind             text NOT NULL CHECK (kind IN ('open', 'claim', 'release', 'resolve', 'close', 'notice')),
  -- NULL for open.
  from_status      text CHECK (from_status IN ('queued', 'active', 'resolved', 'closed')),
  to_status        text NOT NULL CHECK (to_status IN ('queued', 'active', 'resolved', 'closed')),
  actor            text NOT NULL CHECK (actor IN ('bot', 'agent', 'admin', 'system')),
  actor_id         uuid REFERENCES users(id),
  reason           text,
  -- the move's particulars: the agent's note and the reservations of a resolve, the reason's detail of an open.
  detail           jsonb,
  -- the transcript message the move sent the traveller (the hand-back, the waiting notice).
  message_id       uuid REFERENCES messages(id),
  created_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX handoff_events_handoff ON handoff_events (handoff_id, seq);
CREATE INDEX handoff_events_message ON handoff_events (message_id) WHERE message_id IS NOT NULL;

-- A tenant's rules of the agents' desk; a missing row or a NULL column means the application's default.
CREATE TABLE handoff_settings (
  tenant_id             uuid PRIMARY KEY REFERENCES tenants(id),
  -- a booking of more rooms than this goes to a person (default 5).
  group_rooms_over      integer CHECK (group_rooms_over >= 1),
  -- active chats one agent of this tenant may hold at once (default 3).
  max_active_per_agent  integer CHECK (max_active_per_agent >= 1),
  -- how long a queued traveller waits before being told that agents are busy (default 300 s).
  wait_notice_after_s   integer CHECK (wait_notice_after_s >= 0),
  updated_at            timestamptz NOT NULL DEFAULT now()
);
