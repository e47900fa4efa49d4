-- Playbook actions carry the role they belong to: their owner is whoever holds that role, until a
-- person hands the action to someone else (owner_from_role false). clock_due_at keeps the deadline
-- the incident's clock gave, when the action was created after it had already passed.
ALTER TABLE actions ADD COLUMN IF NOT EXISTS role VARCHAR;
ALTER TABLE actions ADD COLUMN IF NOT EXISTS owner_from_role BOOLEAN DEFAULT false;
ALTER TABLE actions ADD COLUMN IF NOT EXISTS clock_due_at TIMESTAMPTZ;
