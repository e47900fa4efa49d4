-- Published statements of one incident in publication order (markers on the tracking chart).
SELECT id, channel, body, version, approved_by, published_at
FROM statements
WHERE incident_id = $incident_id AND status = 'published' AND published_at IS NOT NULL
ORDER BY published_at, id;
