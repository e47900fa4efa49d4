-- Incidents a rescore without explicit ids covers (every open one, any never scored) and their last score time.
-- (The last hours are grouped on the score rows alone and then joined: grouping the join cost about twice as much.)
WITH last AS (
    SELECT incident_id, max("at") AS last_scored_at
    FROM incident_scores
    GROUP BY incident_id
)
SELECT i.id, l.last_scored_at
FROM incidents i
LEFT JOIN last l ON l.incident_id = i.id
WHERE i.merged_into IS NULL
  AND (list_contains($open_statuses, i.status) OR l.last_scored_at IS NULL)
ORDER BY i.id;
