-- The numbers each score row's explanation is made of (scoring.PARTS), stored as columns: the explanation
-- JSON is built from them when a row is read (scoring.history), not written for every hour of every
-- incident (about 1.4 KB a row; a full rescore of 2.5M rows spent most of its time and its log on it).
-- Rows written before keep their stored explanation and no parts.
ALTER TABLE incident_scores ADD COLUMN IF NOT EXISTS x_vol_pts DOUBLE;
ALTER TABLE incident_scores ADD COLUMN IF NOT EXISTS x_vol_raw DOUBLE;
ALTER TABLE incident_scores ADD COLUMN IF NOT EXISTS x_eng_pts DOUBLE;
ALTER TABLE incident_scores ADD COLUMN IF NOT EXISTS x_eng_raw DOUBLE;
ALTER TABLE incident_scores ADD COLUMN IF NOT EXISTS x_vel_pts DOUBLE;
ALTER TABLE incident_scores ADD COLUMN IF NOT EXISTS x_rate DOUBLE;
ALTER TABLE incident_scores ADD COLUMN IF NOT EXISTS x_tier_pts DOUBLE;
ALTER TABLE incident_scores ADD COLUMN IF NOT EXISTS x_mean_w DOUBLE;
ALTER TABLE incident_scores ADD COLUMN IF NOT EXISTS x_tier_name VARCHAR;
ALTER TABLE incident_scores ADD COLUMN IF NOT EXISTS x_hotness DOUBLE;
ALTER TABLE incident_scores ADD COLUMN IF NOT EXISTS x_risk_pts DOUBLE;
ALTER TABLE incident_scores ADD COLUMN IF NOT EXISTS x_worst BIGINT;
ALTER TABLE incident_scores ADD COLUMN IF NOT EXISTS x_risk1 DOUBLE;
ALTER TABLE incident_scores ADD COLUMN IF NOT EXISTS x_risk2 DOUBLE;
ALTER TABLE incident_scores ADD COLUMN IF NOT EXISTS x_risk3 DOUBLE;
ALTER TABLE incident_scores ADD COLUMN IF NOT EXISTS x_risk4 DOUBLE;
ALTER TABLE incident_scores ADD COLUMN IF NOT EXISTS x_cat_pts DOUBLE;
ALTER TABLE incident_scores ADD COLUMN IF NOT EXISTS x_category VARCHAR;
ALTER TABLE incident_scores ADD COLUMN IF NOT EXISTS x_sens DOUBLE;
ALTER TABLE incident_scores ADD COLUMN IF NOT EXISTS x_neg_pts DOUBLE;
ALTER TABLE incident_scores ADD COLUMN IF NOT EXISTS x_negative DOUBLE;
ALTER TABLE incident_scores ADD COLUMN IF NOT EXISTS x_labeled DOUBLE;
ALTER TABLE incident_scores ADD COLUMN IF NOT EXISTS x_ppl_pts DOUBLE;
ALTER TABLE incident_scores ADD COLUMN IF NOT EXISTS x_heat DOUBLE;
ALTER TABLE incident_scores ADD COLUMN IF NOT EXISTS x_severity DOUBLE;
ALTER TABLE incident_scores ADD COLUMN IF NOT EXISTS x_heat_band BIGINT;
ALTER TABLE incident_scores ADD COLUMN IF NOT EXISTS x_severity_band BIGINT;
ALTER TABLE incident_scores ADD COLUMN IF NOT EXISTS x_heat_band_name VARCHAR;
ALTER TABLE incident_scores ADD COLUMN IF NOT EXISTS x_severity_band_name VARCHAR;
ALTER TABLE incident_scores ADD COLUMN IF NOT EXISTS x_level_name VARCHAR;
