-- The latest $limit scrape / monitor cycles with their totals, newest first.
SELECT id, trigger, actor, started_at, finished_at, sources_total, sources_ok, sources_failed,
       items_fetched, items_kept, posts_inserted, posts_tagged, posts_analyzed, incidents_note,
       CAST(errors AS VARCHAR) AS errors
FROM scrape_cycles
ORDER BY id DESC
LIMIT $limit;
