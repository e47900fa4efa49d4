-- The action items of one incident: open ones first by deadline, then finished ones.
SELECT id, incident_id, title, role, owner, owner_from_role, due_at, clock_due_at, note, status, done_at,
       created_by, created_at
FROM actions
WHERE incident_id = $incident_id
ORDER BY status IN ('已完成', '已取消'), due_at NULLS LAST, id;
