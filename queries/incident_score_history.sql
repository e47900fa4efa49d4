-- Hourly heat / severity history of one incident: each row's numbers, its parts (x_…, from which
-- scoring.history builds the explanation) and the explanation stored by rows written before the parts were.
SELECT *
FROM incident_scores
WHERE incident_id = $incident_id
ORDER BY "at";
