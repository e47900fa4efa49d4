-- Hourly heat / severity history of one incident with the explanation of each row.
SELECT "at" AS at, volume, heat, severity, negative_share, level, explanation
FROM incident_scores
WHERE incident_id = $incident_id
ORDER BY "at";
