-- Every incident's latest score (latest_…) cleared, with its score rows (scoring.forget): never scored again.
UPDATE incidents SET latest_heat = NULL, latest_severity = NULL, latest_negative_share = NULL, latest_scored_at = NULL
WHERE latest_scored_at IS NOT NULL OR latest_heat IS NOT NULL;
