-- Incoming author profiles (view ingest_creators) already stored: their row numbers.
SELECT n.row
FROM ingest_creators AS n
JOIN creators AS c ON c.platform = n.platform AND c.author_id = n.author_id
