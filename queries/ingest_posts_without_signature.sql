-- Original posts (not near duplicates) that have no MinHash signature yet, e.g. loaded by the demo: id and text.
SELECT p.id, p.text
FROM posts AS p
WHERE p.near_dup_of IS NULL
  AND NOT EXISTS (SELECT 1 FROM post_minhash AS m WHERE m.post_id = p.id)
ORDER BY p.id
