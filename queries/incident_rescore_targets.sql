-- Incidents a rescore without explicit ids covers (every open one, any never scored) and their last score time
-- (the incident's latest_scored_at, kept by scoring with its score rows).
SELECT i.id, i.latest_scored_at AS last_scored_at
FROM incidents i
WHERE i.merged_into IS NULL
  AND (list_contains($open_statuses, i.status) OR i.latest_scored_at IS NULL)
ORDER BY i.id;
