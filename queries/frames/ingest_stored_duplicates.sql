-- Incoming rows (view ingest_incoming) already stored (or written earlier in this file's transaction): same platform, kind (post / comment) and external id; or, where by_content (posts, and comments without an id), same platform, kind, content hash and author.
WITH known AS (
    SELECT platform, coalesce(post_kind, 'post') AS post_kind, external_id, content_hash, author FROM posts
)
SELECT i.row
FROM ingest_incoming AS i
JOIN known AS k ON k.platform = i.platform AND k.post_kind = i.post_kind AND k.external_id = i.external_id
UNION
SELECT i.row
FROM ingest_incoming AS i
JOIN known AS k ON k.platform = i.platform AND k.post_kind = i.post_kind AND k.content_hash = i.content_hash
                AND coalesce(k.author, '') = i.author_key
WHERE i.by_content
