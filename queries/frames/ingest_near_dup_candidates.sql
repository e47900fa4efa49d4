-- Original posts in the store (as committed: the lookup runs outside the file's transaction) sharing an LSH bucket with each incoming text (view ingest_bands), by band, with their MinHash signatures.
SELECT DISTINCT b.pos, b.band, l.post_id, m.sig
FROM ingest_bands AS b
JOIN post_lsh AS l ON l.band = b.band AND l.key = b.key
JOIN post_minhash AS m ON m.post_id = l.post_id
