-- Posts inserted by one ingest batch (masked text only), in file order: the upload outcome preview and its export.
SELECT id, platform, external_id, author, published_at, coalesce(text_masked, text) AS text_masked, reposts, comments, likes, near_dup_of
FROM posts
WHERE batch_id = $batch_id
ORDER BY id
LIMIT $limit
