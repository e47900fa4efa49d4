-- Running totals behind each score row, so an hourly refresh starts from the last row instead of
-- reading every old post of every open incident again.
ALTER TABLE incident_scores ADD COLUMN IF NOT EXISTS cum_reposts BIGINT;
ALTER TABLE incident_scores ADD COLUMN IF NOT EXISTS cum_comments BIGINT;
ALTER TABLE incident_scores ADD COLUMN IF NOT EXISTS cum_likes BIGINT;
ALTER TABLE incident_scores ADD COLUMN IF NOT EXISTS cum_views BIGINT;
ALTER TABLE incident_scores ADD COLUMN IF NOT EXISTS cum_hotness DOUBLE;
ALTER TABLE incident_scores ADD COLUMN IF NOT EXISTS cum_hot_t1 DOUBLE;
ALTER TABLE incident_scores ADD COLUMN IF NOT EXISTS cum_hot_t2 DOUBLE;
ALTER TABLE incident_scores ADD COLUMN IF NOT EXISTS cum_hot_t3 DOUBLE;
ALTER TABLE incident_scores ADD COLUMN IF NOT EXISTS cum_hot_t4 DOUBLE;
ALTER TABLE incident_scores ADD COLUMN IF NOT EXISTS cum_labeled BIGINT;
ALTER TABLE incident_scores ADD COLUMN IF NOT EXISTS cum_negative BIGINT;
ALTER TABLE incident_scores ADD COLUMN IF NOT EXISTS cum_risk1 BIGINT;
ALTER TABLE incident_scores ADD COLUMN IF NOT EXISTS cum_risk2 BIGINT;
ALTER TABLE incident_scores ADD COLUMN IF NOT EXISTS cum_risk3 BIGINT;
ALTER TABLE incident_scores ADD COLUMN IF NOT EXISTS cum_risk4 BIGINT;
ALTER TABLE incident_scores ADD COLUMN IF NOT EXISTS best_tier INTEGER;
