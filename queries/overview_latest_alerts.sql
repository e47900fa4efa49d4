-- The latest alerts (any state) with their incident's title, newest first.
SELECT a.id, a.created_at, a.level, a.rule, a.message, a.incident_id, i.title AS incident,
       a.acknowledged_by, a.acknowledged_at
FROM alerts a
LEFT JOIN incidents i ON i.id = a.incident_id
ORDER BY a.created_at DESC, a.id DESC
LIMIT $limit;
