-- 0011_corrections: an operator's or agent's correction of a bot answer, kept for review, knowledge and fine-tuning.
-- Append-only: never edit a migration that has landed; add the next number instead.

-- Every correction is kept: a second correction of the same answer is a new row, never an overwrite.
CREATE TABLE corrections (
  id                  uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  -- whose it is: the corrector's tenant, else the tenant of the hotel or the conversation it is about; NULL only for
  -- a platform admin's correction of a conversation that belongs to no tenant.
  tenant_id           uuid REFERENCES tenants(id),
  conversation_id     uuid NOT NULL REFERENCES conversations(id),
  -- the bot message corrected.
  message_id          uuid NOT NULL REFERENCES messages(id),
  -- the traveller's message it answered (phone numbers masked), or the corrector's wording of the question.
  question            text,
  wrong_text          text NOT NULL,
  corrected_text      text NOT NULL CHECK (length(corrected_text) BETWEEN 1 AND 4000),
  -- the knowledge entry made from it; NULL when it is kept only for review and export, or once an operator deleted
  -- the entry (the correction itself stays).
  knowledge_entry_id  uuid REFERENCES knowledge_entries(id) ON DELETE SET NULL,
  hotel_id            uuid REFERENCES hotels(id),
  -- who and when. No foreign key on the user: the correction outlives the account.
  created_by          uuid NOT NULL,
  created_by_role     text NOT NULL CHECK (created_by_role IN ('admin', 'operator', 'agent')),
  created_at          timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX corrections_conversation ON corrections (conversation_id, created_at);
CREATE INDEX corrections_message ON corrections (message_id, created_at);
CREATE INDEX corrections_tenant ON corrections (tenant_id, created_at DESC);

-- The review list pages newest first by start.
CREATE INDEX IF NOT EXISTS conversations_review_order ON conversations (created_at DESC, id DESC);
