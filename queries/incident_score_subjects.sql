-- The incidents being scored: status, times, override, and the majority post category and first post time.
WITH members AS (
    SELECT ip.incident_id,
           mode(pl.category) AS post_category,
           min(coalesce(p.published_at, p.collected_at)) AS first_post_at
    FROM incident_posts ip
    JOIN posts p ON p.id = ip.post_id
    LEFT JOIN post_labels pl ON pl.post_id = ip.post_id
    WHERE ip.incident_id IN (SELECT unnest($ids))
    GROUP BY ip.incident_id
)
SELECT i.id AS incident_id, i.category, m.post_category, i.status, i.opened_at, i.closed_at, i.reviewed_at,
       i.level_override, m.first_post_at
FROM incidents i
LEFT JOIN members m ON m.incident_id = i.id
WHERE i.id IN (SELECT unnest($ids))
ORDER BY i.id;
