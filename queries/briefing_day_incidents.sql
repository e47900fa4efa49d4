-- Incidents active in [$start, $end) (posts that day, or opened that day) with their score as of $end.
WITH day_posts AS (
    SELECT ip.incident_id, count(*) AS day_posts
    FROM incident_posts ip
    JOIN posts p ON p.id = ip.post_id
    WHERE coalesce(p.published_at, p.collected_at) >= $start
      AND coalesce(p.published_at, p.collected_at) < $end
    GROUP BY ip.incident_id
),
members AS (
    SELECT incident_id, count(*) AS posts FROM incident_posts GROUP BY incident_id
),
latest AS (
    SELECT incident_id, arg_max(heat, "at") AS heat, arg_max(severity, "at") AS severity
    FROM incident_scores WHERE "at" < $end GROUP BY incident_id
)
SELECT i.id, i.title, i.category, i.level, i.computed_level, i.level_override, i.status, i.owner,
       i.opened_at, i.first_post_at, i.level_set_at, i.acknowledged_at, i.first_response_at,
       coalesce(d.day_posts, 0) AS day_posts, coalesce(m.posts, 0) AS posts, l.heat, l.severity
FROM incidents i
LEFT JOIN day_posts d ON d.incident_id = i.id
LEFT JOIN members m ON m.incident_id = i.id
LEFT JOIN latest l ON l.incident_id = i.id
WHERE i.merged_into IS NULL
  AND (d.day_posts > 0 OR (i.opened_at >= $start AND i.opened_at < $end))
ORDER BY array_position(['Ⅰ', 'Ⅱ', 'Ⅲ', 'Ⅳ'], i.level) NULLS LAST, day_posts DESC, i.id
LIMIT $limit;
