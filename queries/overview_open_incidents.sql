-- Open incidents with what their clocks need (times, level) and their latest heat and severity.
SELECT i.id AS incident_id, i.title, i.category, i.employer, i.level, i.computed_level, i.status, i.owner,
       i.opened_at, i.first_post_at, i.level_set_at, i.acknowledged_at, i.first_response_at,
       (SELECT count(*) FROM incident_posts ip WHERE ip.incident_id = i.id) AS posts,
       s.heat, s.severity
FROM incidents i
LEFT JOIN (
    SELECT incident_id, heat, severity,
           row_number() OVER (PARTITION BY incident_id ORDER BY "at" DESC) AS rn
    FROM incident_scores
) s ON s.incident_id = i.id AND s.rn = 1
WHERE i.merged_into IS NULL AND list_contains($open_statuses, i.status)
ORDER BY CASE i.level WHEN 'Ⅰ' THEN 1 WHEN 'Ⅱ' THEN 2 WHEN 'Ⅲ' THEN 3 WHEN 'Ⅳ' THEN 4 ELSE 5 END,
         i.opened_at DESC;
