-- New LSH buckets (view ingest_new_bands) that no original post in the store occupies yet.
SELECT n.band, n.key, n.post_id
FROM ingest_new_bands AS n
WHERE NOT EXISTS (SELECT 1 FROM post_lsh AS l WHERE l.band = n.band AND l.key = n.key)
