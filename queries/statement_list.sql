-- The statements of one incident with their state, version, approval and publication.
SELECT id, incident_id, channel, body, status, version, created_by, created_at,
       approved_by, approved_at, published_at, check_findings, override_reason, updated_at
FROM statements
WHERE incident_id = $incident_id
ORDER BY coalesce(published_at, created_at) DESC, id DESC;
