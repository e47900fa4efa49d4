-- Open level-Ⅰ/Ⅱ incidents that have no alert for their current level yet (alert at once).
SELECT i.id AS incident_id, i.title, i.level, i.category, i.opened_at,
       coalesce(i.graded_at, i.opened_at) AS graded_at,
       (SELECT count(*) FROM incident_posts ip WHERE ip.incident_id = i.id) AS posts
FROM incidents i
WHERE i.level IN ('Ⅰ', 'Ⅱ')
  AND list_contains($open_statuses, i.status)
  AND i.merged_into IS NULL
  AND NOT EXISTS (
      SELECT 1 FROM alerts a
      WHERE a.rule = 'incident_level' AND a.scope_kind = 'incident'
        AND a.scope_key = CAST(i.id AS VARCHAR) || ':' || i.level)
ORDER BY i.id;
