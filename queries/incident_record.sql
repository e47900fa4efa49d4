-- Incidents' records (every column) with their post counts: the Incident view of each of $incident_ids.
SELECT i.*, coalesce(c.posts, 0) AS posts
FROM incidents i
LEFT JOIN (SELECT incident_id, count(*) AS posts FROM incident_posts
           WHERE incident_id IN (SELECT unnest($incident_ids)) GROUP BY incident_id) c ON c.incident_id = i.id
WHERE i.id IN (SELECT unnest($incident_ids))
ORDER BY i.id;
