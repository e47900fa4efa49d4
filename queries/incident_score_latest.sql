-- One incident's latest hourly score row (incident_score_history's columns): the one scoring.latest_explanation explains.
-- (Its hour is the incident's latest_scored_at, kept by scoring: one row looked up, not the incident's every row sorted.)
SELECT *
FROM incident_scores
WHERE incident_id = $incident_id
  AND "at" = (SELECT latest_scored_at FROM incidents WHERE id = $incident_id);
