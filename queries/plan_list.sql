-- The response plans of one incident, newest first.
SELECT id, incident_id, title, strategy, owner, due_at, status, created_by, created_at
FROM plans
WHERE incident_id = $incident_id
ORDER BY created_at DESC, id DESC;
