-- The incidents being scored: status, closing times, override, and (when unset) the majority post category.
WITH subjects AS (
    SELECT * FROM incidents WHERE id IN (SELECT unnest($ids))
),
post_categories AS (
    SELECT ip.incident_id, mode(pl.category) AS post_category
    FROM incident_posts ip
    JOIN post_labels pl ON pl.post_id = ip.post_id
    WHERE ip.incident_id IN (SELECT id FROM subjects WHERE category IS NULL)
    GROUP BY ip.incident_id
)
SELECT i.id AS incident_id, i.category, c.post_category, i.status, i.opened_at, i.closed_at, i.reviewed_at,
       i.level_override
FROM subjects i
LEFT JOIN post_categories c ON c.incident_id = i.id
ORDER BY i.id;
