-- Earliest and latest publication time in the store (sidebar default range). Only times a post
-- can have count for the bounds (2000-01-01 .. a day ahead, as the import checks), so one row
-- dated 0001-01-01 or 9999-12-31 left by an older import neither breaks nor moves the range.
SELECT min(published_at) FILTER (WHERE published_at >= TIMESTAMPTZ '2000-01-01 00:00:00+08'
                                   AND published_at <= now() + INTERVAL 1 DAY) AS earliest,
       max(published_at) FILTER (WHERE published_at >= TIMESTAMPTZ '2000-01-01 00:00:00+08'
                                   AND published_at <= now() + INTERVAL 1 DAY) AS latest,
       count(*) AS posts
FROM posts;
