-- One incident's record with every step time, for the postmortem (复盘).
SELECT id, title, category, level, computed_level, level_override, level_reason, status, employer,
       opened_at, graded_at, acknowledged_at, first_response_at, handling_at, tracking_at,
       resolved_at, closed_at, reviewed_at, owner, summary
FROM incidents
WHERE id = $incident_id;
