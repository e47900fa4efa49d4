-- Incidents (not merged away) with post count and latest heat / severity; optional level / status / category filters.
WITH latest AS (
    SELECT incident_id, arg_max(heat, "at") AS heat, arg_max(severity, "at") AS severity,
           arg_max(negative_share, "at") AS negative_share, max("at") AS scored_at
    FROM incident_scores GROUP BY incident_id
),
members AS (
    SELECT incident_id, count(*) AS posts FROM incident_posts GROUP BY incident_id
)
SELECT i.id, i.title, i.category, i.level, i.computed_level, i.level_override, i.level_reason, i.status,
       i.employer, i.owner, i.opened_at, i.first_post_at, i.level_set_at, i.acknowledged_at, i.first_response_at, i.graded_at, i.closed_at,
       coalesce(m.posts, 0) AS posts, l.heat, l.severity, l.negative_share, l.scored_at
FROM incidents i
LEFT JOIN members m ON m.incident_id = i.id
LEFT JOIN latest l ON l.incident_id = i.id
WHERE i.merged_into IS NULL
  AND (CAST($level AS VARCHAR) IS NULL OR i.level = $level)
  AND (CAST($status AS VARCHAR) IS NULL OR i.status = $status)
  AND (CAST($category AS VARCHAR) IS NULL OR i.category = $category)
ORDER BY array_position(['Ⅰ', 'Ⅱ', 'Ⅲ', 'Ⅳ'], i.level) NULLS LAST, l.heat DESC NULLS LAST, i.id;
