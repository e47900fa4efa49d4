-- Ids of posts to (re)analyse: those without an analysis, or all / the given ids when $reanalyze.
SELECT p.id AS post_id
FROM posts p
LEFT JOIN analyses a ON a.post_id = p.id
WHERE ($post_ids IS NULL OR p.id IN (SELECT unnest(CAST($post_ids AS BIGINT[]))))
  AND ($reanalyze OR a.post_id IS NULL)
ORDER BY p.id
