-- Up to $limit posts with id above $after_id, in id order (re-tagging every post with one rule).
SELECT id AS post_id, coalesce(title, '') AS title, text
FROM posts
WHERE id > $after_id
ORDER BY id
LIMIT $limit;
