-- How many people an incident's posts say are affected, per score row: later rescoring starts from it
-- instead of reading every old post again.
ALTER TABLE incident_scores ADD COLUMN IF NOT EXISTS people BIGINT;
