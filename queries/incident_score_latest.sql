-- One incident's latest hourly score row (as incident_score_history has it): what 影响评估 explains.
SELECT *
FROM incident_scores
WHERE incident_id = $incident_id
ORDER BY "at" DESC
LIMIT 1;
