-- Store incoming author profiles (view ingest_creators, one row per author), newer values over older.
INSERT INTO creators (platform, author_id, author, followers, following, region, description, batch_id)
SELECT platform, author_id, author, followers, following, region, description, batch_id FROM ingest_creators
ON CONFLICT (platform, author_id) DO UPDATE SET
    author = coalesce(excluded.author, author),
    followers = coalesce(excluded.followers, followers),
    following = coalesce(excluded.following, following),
    region = coalesce(excluded.region, region),
    description = coalesce(excluded.description, description),
    batch_id = excluded.batch_id,
    updated_at = now();
