-- Who holds which role (分工) in one incident's response, with deadlines.
SELECT incident_id, role, person, due_at, updated_by
FROM assignments
WHERE incident_id = $incident_id
ORDER BY due_at NULLS LAST, role;
