-- Incidents active in [$start, $end) (posts that day, or opened that day) with their score as of $end.
-- The $limit listed are picked first; an incident last scored before $end takes its stored latest score
-- (latest_…, kept by scoring), only the others (a day in the past) read their score rows before $end.
WITH day_posts AS (
    SELECT ip.incident_id, count(*) AS day_posts
    FROM incident_posts ip
    JOIN posts p ON p.id = ip.post_id
    WHERE coalesce(p.published_at, p.collected_at) >= $start
      AND coalesce(p.published_at, p.collected_at) < $end
    GROUP BY ip.incident_id
),
head AS (
    SELECT i.id, i.title, i.category, i.level, i.computed_level, i.level_override, i.status, i.owner,
           i.opened_at, i.first_post_at, i.level_set_at, i.acknowledged_at, i.first_response_at,
           coalesce(d.day_posts, 0) AS day_posts,
           i.latest_scored_at, i.latest_heat, i.latest_severity
    FROM incidents i
    LEFT JOIN day_posts d ON d.incident_id = i.id
    WHERE i.merged_into IS NULL
      AND (d.day_posts > 0 OR (i.opened_at >= $start AND i.opened_at < $end))
    ORDER BY array_position(['Ⅰ', 'Ⅱ', 'Ⅲ', 'Ⅳ'], i.level) NULLS LAST, day_posts DESC, i.id
    LIMIT $limit
),
members AS (
    SELECT incident_id, count(*) AS posts FROM incident_posts
    WHERE incident_id IN (SELECT id FROM head) GROUP BY incident_id
),
as_of AS (  -- scored at or after $end: the latest of its rows before $end
    SELECT incident_id, arg_max(heat, "at") AS heat, arg_max(severity, "at") AS severity
    FROM incident_scores
    WHERE "at" < $end AND incident_id IN (SELECT id FROM head WHERE latest_scored_at >= $end)
    GROUP BY incident_id
)
SELECT h.* EXCLUDE (latest_scored_at, latest_heat, latest_severity), coalesce(m.posts, 0) AS posts,
       CASE WHEN h.latest_scored_at < $end THEN h.latest_heat ELSE a.heat END AS heat,
       CASE WHEN h.latest_scored_at < $end THEN h.latest_severity ELSE a.severity END AS severity
FROM head h
LEFT JOIN members m ON m.incident_id = h.id
LEFT JOIN as_of a ON a.incident_id = h.id
ORDER BY array_position(['Ⅰ', 'Ⅱ', 'Ⅲ', 'Ⅳ'], h.level) NULLS LAST, h.day_posts DESC, h.id;
