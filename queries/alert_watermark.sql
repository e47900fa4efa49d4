-- The alert engine's watermark: the last post id and the "now" of its last evaluation (no row: never evaluated).
SELECT last_post_id, last_now
FROM alert_watermark
WHERE id = 1;
