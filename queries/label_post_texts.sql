-- Title and text of the given posts, the input of workbench.analyze.
SELECT id AS post_id, title, text
FROM posts
WHERE id IN (SELECT unnest(CAST($post_ids AS BIGINT[])))
ORDER BY id
