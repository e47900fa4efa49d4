-- Original posts (stored, or staged earlier in this file) sharing an LSH bucket with each incoming text (view ingest_bands), with their MinHash signatures.
WITH buckets AS (
    SELECT band, key, post_id FROM post_lsh
    UNION ALL
    SELECT band, key, post_id FROM ingest_staging_lsh
), sigs AS (
    SELECT post_id, sig FROM post_minhash
    UNION ALL
    SELECT post_id, sig FROM ingest_staging_minhash
)
SELECT DISTINCT b.pos, l.post_id, m.sig
FROM ingest_bands AS b
JOIN buckets AS l ON l.band = b.band AND l.key = b.key
JOIN sigs AS m ON m.post_id = l.post_id
