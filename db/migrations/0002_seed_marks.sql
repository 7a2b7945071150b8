-- 0002_seed_marks: what a seeder last completed, so a start with nothing new to seed skips the work.
CREATE TABLE seed_marks (
  name         text PRIMARY KEY,
  fingerprint  text NOT NULL,
  result       jsonb NOT NULL,
  done_at      timestamptz NOT NULL DEFAULT now()
);
