-- Each incoming row (view ingest_incoming, in file order by row): whether the store already holds it (as committed: the lookup runs outside the file's transaction; the file's own rows are checked in memory), and two independent 64-bit hashes of each of its two identities (id_hi/id_lo: platform, kind and external id; content_hi/content_lo: platform, kind, content hash and author; the second hash reads the values in another order behind a prefix, so that one collision does not imply the other). A stored duplicate has the same platform, kind (post / comment) and external id; or, where by_content (posts, and comments without an id), the same platform, kind, content hash and author.
WITH known AS (
    SELECT platform, coalesce(post_kind, 'post') AS post_kind, external_id, content_hash, author FROM posts
), stored AS (
    SELECT i.row
    FROM ingest_incoming AS i
    JOIN known AS k ON k.platform = i.platform AND k.post_kind = i.post_kind AND k.external_id = i.external_id
    UNION
    SELECT i.row
    FROM ingest_incoming AS i
    JOIN known AS k ON k.platform = i.platform AND k.post_kind = i.post_kind AND k.content_hash = i.content_hash
                    AND coalesce(k.author, '') = i.author_key
    WHERE i.by_content
)
SELECT row, row IN (SELECT row FROM stored) AS stored,
       hash(platform, post_kind, external_id) AS id_hi,
       hash(concat('~', external_id), post_kind, platform) AS id_lo,
       hash(platform, post_kind, content_hash, author_key) AS content_hi,
       hash(concat('~', author_key), content_hash, post_kind, platform) AS content_lo
FROM ingest_incoming
ORDER BY row
