-- One incident's record (every column) with its post count: the Incident view.
SELECT i.*, (SELECT count(*) FROM incident_posts ip WHERE ip.incident_id = i.id) AS posts
FROM incidents i
WHERE i.id = $incident_id;
