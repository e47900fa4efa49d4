-- The latest $limit per-source scrape runs, newest first (the 采集记录 tab).
SELECT r.id, r.cycle_id, r.source_id, coalesce(s.name, '（临时网址）') AS source_name, r.url,
       r.started_at, r.finished_at, r.status, r.http_status, r.pages_fetched,
       r.items_fetched, r.items_kept, r.inserted, r.duplicates, r.rejected, r.batch_id, r.error
FROM scrape_runs r
LEFT JOIN sources s ON s.id = r.source_id
ORDER BY r.id DESC
LIMIT $limit;
