-- The latest $limit ingest batches of every kind (uploads and scrapes) with their counts.
SELECT b.id, b.kind, b.origin, coalesce(s.name, '') AS source_name, b.started_at, b.finished_at,
       b.rows_read, b.rows_inserted, b.rows_duplicate, b.rows_rejected, b.actor
FROM ingest_batches b
LEFT JOIN sources s ON s.id = b.source_id
ORDER BY b.id DESC
LIMIT $limit;
