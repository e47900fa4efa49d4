-- Analysts' effect assessments of one incident's statements, newest first.
SELECT a.id, a.incident_id, a.statement_id, s.channel, a.verdict, a.note, a.metrics, a.created_by, a.created_at
FROM tracking_assessments a
LEFT JOIN statements s ON s.id = a.statement_id
WHERE a.incident_id = $incident_id
ORDER BY a.created_at DESC, a.id DESC;
