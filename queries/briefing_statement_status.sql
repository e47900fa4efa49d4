-- Statements per incident and status (draft / review / approved / published) with the latest change.
SELECT incident_id, status, count(*) AS statements,
       max(coalesce(published_at, approved_at, created_at)) AS latest_at
FROM statements
GROUP BY incident_id, status
ORDER BY incident_id, status;
