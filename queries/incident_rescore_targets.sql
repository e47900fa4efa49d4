-- Incidents a rescore without explicit ids covers (every open one, any never scored) and their last score time.
SELECT i.id, max(s."at") AS last_scored_at
FROM incidents i
LEFT JOIN incident_scores s ON s.incident_id = i.id
WHERE i.merged_into IS NULL
GROUP BY i.id, i.status
HAVING list_contains($open_statuses, i.status) OR max(s."at") IS NULL
ORDER BY i.id;
