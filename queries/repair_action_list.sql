-- The repair plan (形象修复) of one employer: its positive actions, planned and done, in date order.
SELECT id, employer, incident_id, title, kind, planned_at, done_at, owner, created_by, created_at,
       coalesce(done_at, planned_at) AS effective_at
FROM repair_actions
WHERE employer = $employer
ORDER BY effective_at, id;
