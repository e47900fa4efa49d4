-- Incidents (not merged away) with post count, latest heat / severity and tone (who set it); optional level / status /
-- category filters.
-- (The latest score is the incident's own latest_… columns, kept by scoring: no pass over every score row.)
WITH members AS (
    SELECT incident_id, count(*) AS posts FROM incident_posts GROUP BY incident_id
)
SELECT i.id, i.title, i.category, i.level, i.computed_level, i.level_override, i.level_reason, i.status,
       i.employer, i.owner, i.polarity, i.polarity_source, i.opened_at, i.first_post_at, i.level_set_at, i.acknowledged_at, i.first_response_at, i.graded_at, i.closed_at,
       coalesce(m.posts, 0) AS posts, i.latest_heat AS heat, i.latest_severity AS severity,
       i.latest_negative_share AS negative_share, i.latest_scored_at AS scored_at
FROM incidents i
LEFT JOIN members m ON m.incident_id = i.id
WHERE i.merged_into IS NULL
  AND (CAST($level AS VARCHAR) IS NULL OR i.level = $level)
  AND (CAST($status AS VARCHAR) IS NULL OR i.status = $status)
  AND (CAST($category AS VARCHAR) IS NULL OR i.category = $category)
ORDER BY array_position(['Ⅰ', 'Ⅱ', 'Ⅲ', 'Ⅳ'], i.level) NULLS LAST, i.latest_heat DESC NULLS LAST, i.id;
