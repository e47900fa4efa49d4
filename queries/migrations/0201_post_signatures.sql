-- Near-duplicate index: MinHash signatures and LSH band keys of posts that are not themselves
-- near duplicates (a new post is compared with these "originals" only, which keeps buckets small).
CREATE TABLE IF NOT EXISTS post_minhash (
    post_id BIGINT NOT NULL,
    sig     BLOB NOT NULL                        -- PERMS uint32 values, little-endian
);
CREATE TABLE IF NOT EXISTS post_lsh (
    band    TINYINT NOT NULL,
    key     BIGINT NOT NULL,
    post_id BIGINT NOT NULL
);
-- Posts keep the original author of a repost when the export has it (源用户昵称).
ALTER TABLE posts ADD COLUMN IF NOT EXISTS parent_author VARCHAR;
-- What each batch also found: near duplicates inserted, and warnings about the file.
ALTER TABLE ingest_batches ADD COLUMN IF NOT EXISTS rows_near_dup INTEGER DEFAULT 0;
ALTER TABLE ingest_batches ADD COLUMN IF NOT EXISTS warnings JSON;
