-- The app's scheduled monitoring settings: on or off, the interval in seconds, who set them and when.
SELECT enabled, interval_seconds, updated_by, updated_at
FROM monitor_schedule
WHERE id = 1;
