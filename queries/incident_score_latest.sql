-- One incident's latest hourly score row (incident_score_history's columns): the one scoring.latest_explanation explains.
SELECT *
FROM incident_scores
WHERE incident_id = $incident_id
ORDER BY "at" DESC
LIMIT 1;
