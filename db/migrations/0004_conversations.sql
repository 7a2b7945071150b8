-- 0004_conversations: the transcript of every message, turn traces, handoff marks, and knowledge passages.

-- Every message in and out. Phone numbers in text are masked here; text_enc keeps the original, encrypted.
CREATE TABLE messages (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  -- the order messages were written in (timestamps can tie).
  seq              bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
  conversation_id  uuid NOT NULL REFERENCES conversations(id),
  direction        text NOT NULL CHECK (direction IN ('in', 'out')),
  author           text NOT NULL CHECK (author IN ('traveller', 'bot', 'agent', 'system')),
  channel          text NOT NULL,
  -- the channel's own id of an inbound message (WeChat MsgId, an app's message id): a retry is one message.
  source_id        text,
  -- for a reply: the inbound message it answers.
  reply_to         uuid REFERENCES messages(id),
  text             text NOT NULL DEFAULT '',
  text_enc         text,
  payload          jsonb,
  created_at       timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX messages_source ON messages (channel, source_id) WHERE source_id IS NOT NULL;
CREATE INDEX messages_conversation ON messages (conversation_id, seq);
CREATE INDEX messages_reply_to ON messages (reply_to) WHERE reply_to IS NOT NULL;

-- One row per bot turn: what the model saw, what it called, what it answered, how sure it was.
CREATE TABLE turn_traces (
  id                 uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  seq                bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
  conversation_id    uuid NOT NULL REFERENCES conversations(id),
  message_id         uuid REFERENCES messages(id),
  model              text NOT NULL,
  input              jsonb NOT NULL,
  steps              jsonb NOT NULL DEFAULT '[]',
  reply              text NOT NULL DEFAULT '',
  confidence         real NOT NULL,
  signals            jsonb NOT NULL DEFAULT '{}',
  guard_hits         jsonb NOT NULL DEFAULT '[]',
  outcome            text NOT NULL,
  latency_ms         integer NOT NULL,
  model_ms           integer NOT NULL DEFAULT 0,
  prompt_tokens      integer NOT NULL DEFAULT 0,
  completion_tokens  integer NOT NULL DEFAULT 0,
  created_at         timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX turn_traces_conversation ON turn_traces (conversation_id, seq);

-- A conversation marked for a person: queued until an agent takes it.
CREATE TABLE handoffs (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  conversation_id  uuid NOT NULL REFERENCES conversations(id),
  tenant_id        uuid REFERENCES tenants(id),
  channel          text NOT NULL,
  status           text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'active', 'resolved', 'closed')),
  reason           text NOT NULL,
  detail           text,
  confidence       real,
  created_at       timestamptz NOT NULL DEFAULT now()
);
-- At most one open handoff per conversation.
CREATE UNIQUE INDEX handoffs_open ON handoffs (conversation_id) WHERE status IN ('queued', 'active');
CREATE INDEX handoffs_status ON handoffs (status, created_at);

-- FAQ and policy passages that search_knowledge answers from, per tenant or per hotel.
CREATE TABLE knowledge_entries (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id   uuid NOT NULL REFERENCES tenants(id),
  hotel_id    uuid REFERENCES hotels(id),
  question    text NOT NULL,
  answer      text NOT NULL,
  locale      text NOT NULL DEFAULT 'zh-CN',
  source      text NOT NULL DEFAULT 'operator',
  created_by  uuid REFERENCES users(id),
  created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX knowledge_entries_tenant ON knowledge_entries (tenant_id, hotel_id);
