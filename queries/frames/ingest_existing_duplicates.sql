-- Incoming rows (view ingest_incoming) already stored or staged earlier in this file: same platform + external id, or same platform + content hash + author.
WITH known AS (
    SELECT platform, external_id, content_hash, author FROM posts
    UNION ALL
    SELECT platform, external_id, content_hash, author FROM ingest_staging_posts
)
SELECT i.row
FROM ingest_incoming AS i
JOIN known AS k ON k.platform = i.platform AND k.external_id = i.external_id
UNION
SELECT i.row
FROM ingest_incoming AS i
JOIN known AS k ON k.platform = i.platform AND k.content_hash = i.content_hash AND coalesce(k.author, '') = i.author_key
