-- Incoming rows (view ingest_incoming, in file order by row) that are exact duplicates: of a post already stored (or written earlier in this file's transaction), or of an earlier incoming row. Same platform, kind (post / comment) and external id; or, where by_content (posts, and comments without an id), same platform, kind, content hash and author.
WITH known AS (
    SELECT platform, coalesce(post_kind, 'post') AS post_kind, external_id, content_hash, author FROM posts
), repeated_id AS (
    SELECT row, row_number() OVER (PARTITION BY platform, post_kind, external_id ORDER BY row) AS nth
    FROM ingest_incoming WHERE external_id IS NOT NULL
), repeated_content AS (
    SELECT row, row_number() OVER (PARTITION BY platform, post_kind, content_hash, author_key ORDER BY row) AS nth
    FROM ingest_incoming WHERE by_content
)
SELECT row FROM repeated_id WHERE nth > 1
UNION
SELECT row FROM repeated_content WHERE nth > 1
UNION
SELECT i.row
FROM ingest_incoming AS i
JOIN known AS k ON k.platform = i.platform AND k.post_kind = i.post_kind AND k.external_id = i.external_id
UNION
SELECT i.row
FROM ingest_incoming AS i
JOIN known AS k ON k.platform = i.platform AND k.post_kind = i.post_kind AND k.content_hash = i.content_hash
                AND coalesce(k.author, '') = i.author_key
WHERE i.by_content
