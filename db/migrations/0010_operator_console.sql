-- 0010_operator_console: knowledge entries know when they last changed; indexes for the operator console's
-- dashboard (conversations and handoffs by day) and the reservation search.
-- Append-only: never edit a migration that has landed; add the next number instead.

ALTER TABLE knowledge_entries ADD COLUMN IF NOT EXISTS updated_at timestamptz;
UPDATE knowledge_entries SET updated_at = created_at WHERE updated_at IS NULL;
ALTER TABLE knowledge_entries ALTER COLUMN updated_at SET DEFAULT now();
ALTER TABLE knowledge_entries ALTER COLUMN updated_at SET NOT NULL;
-- The console's list: a tenant's entries, newest first.
CREATE INDEX IF NOT EXISTS knowledge_entries_tenant_created ON knowledge_entries (tenant_id, created_at DESC);

-- The dashboard counts conversations and handoffs per day of a range.
CREATE INDEX IF NOT EXISTS conversations_created ON conversations (created_at);
CREATE INDEX IF NOT EXISTS handoffs_created ON handoffs (created_at);
-- Which tenant's hotels a tenant-less conversation searched: its traveller's quotes by time.
CREATE INDEX IF NOT EXISTS quotes_traveller ON quotes (traveller_id, created_at);
-- Cancellations per day of a tenant.
CREATE INDEX IF NOT EXISTS reservations_tenant_cancelled ON reservations (tenant_id, cancelled_at) WHERE cancelled_at IS NOT NULL;
