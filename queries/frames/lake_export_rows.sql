-- Posts whose current labels are not in the lake yet — new posts, and posts relabelled (model or
-- reviewer) since their last export — with those labels, masked text only, and the partition keys.
-- Reads the caller's frame lake_exported(id, label_stamp): what the lake already holds.
WITH reviewed AS (
    SELECT post_id, max(reviewed_at) AS reviewed_at FROM label_reviews GROUP BY post_id
), stamped AS (
    SELECT p.* EXCLUDE (text) REPLACE (coalesce(p.text_masked, p.text) AS text_masked),
           l.* EXCLUDE (post_id),
           greatest(l.analyzed_at, r.reviewed_at) AS label_stamp
    FROM posts p
    LEFT JOIN post_labels l ON l.post_id = p.id
    LEFT JOIN reviewed r ON r.post_id = p.id
)
SELECT s.*, CAST(timezone('Asia/Shanghai', s.published_at) AS DATE) AS published_date
FROM stamped s
LEFT JOIN lake_exported e ON e.id = s.id
WHERE e.id IS NULL OR e.label_stamp IS DISTINCT FROM s.label_stamp
ORDER BY s.id;
