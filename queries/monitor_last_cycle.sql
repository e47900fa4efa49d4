-- The latest monitor / scrape cycle (of the given $trigger, or of any when NULL) with its totals.
SELECT id, trigger, actor, started_at, finished_at, sources_total, sources_ok, sources_failed,
       items_fetched, items_kept, posts_inserted, posts_analyzed, incidents_note,
       CAST(errors AS VARCHAR) AS errors
FROM scrape_cycles
WHERE $trigger::VARCHAR IS NULL OR trigger = $trigger::VARCHAR
ORDER BY id DESC
LIMIT 1;
