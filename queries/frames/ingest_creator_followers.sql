-- Follower counts the stored author profiles give incoming rows (view ingest_authors: row, platform, author_id).
SELECT a.row, c.followers
FROM ingest_authors AS a
JOIN creators AS c ON c.platform = a.platform AND c.author_id = a.author_id
WHERE c.followers IS NOT NULL
