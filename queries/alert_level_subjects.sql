-- Open incidents whose current level has not been alerted yet, with the gravest level their alert
-- thread has had (NULL: no thread yet).
WITH threads AS (
    SELECT incident_id, min(array_position(['Ⅰ', 'Ⅱ', 'Ⅲ', 'Ⅳ'], level)) AS rank
    FROM alerts
    WHERE incident_id IS NOT NULL
    GROUP BY incident_id
)
SELECT i.id AS incident_id, i.title, i.level, i.category, i.opened_at, i.first_post_at,
       coalesce(i.level_set_at, i.graded_at, i.opened_at) AS graded_at,
       (SELECT count(*) FROM incident_posts ip WHERE ip.incident_id = i.id) AS posts,
       ['Ⅰ', 'Ⅱ', 'Ⅲ', 'Ⅳ'][t.rank] AS thread_level
FROM incidents i
LEFT JOIN threads t ON t.incident_id = i.id
WHERE i.level IN ('Ⅰ', 'Ⅱ', 'Ⅲ', 'Ⅳ')
  AND list_contains($open_statuses, i.status)
  AND i.merged_into IS NULL
  AND NOT EXISTS (
      SELECT 1 FROM alert_triggers g
      WHERE g.rule = 'incident_level' AND g.scope_key = CAST(i.id AS VARCHAR) || ':' || i.level)
ORDER BY i.id;
