-- Open incidents with the times their clocks run on (opened, acknowledged, first response).
SELECT id AS incident_id, title, status, level, computed_level, level_override, opened_at,
       level_set_at, first_post_at, acknowledged_at, first_response_at, owner
FROM incidents
WHERE merged_into IS NULL AND list_contains($open_statuses, status)
ORDER BY opened_at;
