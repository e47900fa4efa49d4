-- The first $limit open incidents (gravest level first, newest first), of one $level or of all
-- when $level is NULL, with what their clocks need (times, level) and their latest heat and severity
-- (the incident's own latest_… columns, kept by scoring).
-- (Counts per level come from overview_open_incidents_by_level: the page never pulls every open incident.)
WITH head AS (
    SELECT i.id AS incident_id, i.title, i.category, i.employer, i.level, i.computed_level, i.status, i.owner,
           i.opened_at, i.first_post_at, i.level_set_at, i.acknowledged_at, i.first_response_at,
           CASE i.level WHEN 'Ⅰ' THEN 1 WHEN 'Ⅱ' THEN 2 WHEN 'Ⅲ' THEN 3 WHEN 'Ⅳ' THEN 4 ELSE 5 END AS level_rank,
           i.latest_heat AS heat, i.latest_severity AS severity
    FROM incidents i
    WHERE i.merged_into IS NULL AND list_contains($open_statuses, i.status)
      AND ($level IS NULL OR i.level = $level)
    ORDER BY level_rank, i.opened_at DESC, i.id DESC  -- many open in one cycle: the later-made first
    LIMIT $limit
), sizes AS (
    SELECT incident_id, count(*) AS posts
    FROM incident_posts
    WHERE incident_id IN (SELECT incident_id FROM head)
    GROUP BY incident_id
)
SELECT h.* EXCLUDE (level_rank, heat, severity), coalesce(z.posts, 0) AS posts, h.heat, h.severity
FROM head h
LEFT JOIN sizes z USING (incident_id)
ORDER BY h.level_rank, h.opened_at DESC, h.incident_id DESC;
