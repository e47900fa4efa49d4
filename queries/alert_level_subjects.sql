-- Open incidents whose current level has not been alerted yet, with the gravest level their alert
-- thread has had (NULL: no thread yet). Only incidents that are news now: a post in [$active_since,
-- $until), a person's level decision since $active_since, or no post at all (opened by a person); an
-- incident found in backfilled history raises nothing for its past.
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
  AND CASE WHEN t.rank IS NULL THEN i.level IN ('Ⅰ', 'Ⅱ')   -- a new thread: only a grave level is news
           ELSE array_position(['Ⅰ', 'Ⅱ', 'Ⅲ', 'Ⅳ'], i.level) < t.rank END  -- else only a rise
  AND (i.level_set_at >= $active_since
       OR NOT EXISTS (SELECT 1 FROM incident_posts ip WHERE ip.incident_id = i.id)  -- opened by a person
       OR EXISTS (
      SELECT 1 FROM incident_posts ip JOIN posts p ON p.id = ip.post_id
      WHERE ip.incident_id = i.id
        AND coalesce(p.published_at, p.collected_at) >= $active_since
        AND coalesce(p.published_at, p.collected_at) < $until))
ORDER BY i.id;
