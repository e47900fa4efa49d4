-- One incident's stakeholder updates, newest first (sent and drafts).
SELECT id, audience, channel, status, body, due_at, delivery, last_error, check_findings, override_reason,
       created_by, created_at, sent_by, sent_at
FROM stakeholder_updates
WHERE incident_id = $incident_id
ORDER BY coalesce(sent_at, created_at) DESC, id DESC;
