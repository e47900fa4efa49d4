-- The saved postmortem (复盘) of one incident, if any.
SELECT incident_id, status, body, updated_by, updated_at, exported_at
FROM reviews
WHERE incident_id = $incident_id;
