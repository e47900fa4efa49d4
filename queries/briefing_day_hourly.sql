-- Posts and negative posts per hour in [$start, $end) (the 日报 volume chart).
-- Counted per hour of the epoch (an integer; the zone's offset is whole hours, so its hours are the
-- epoch's) and turned into timestamps only for the hours: date_trunc in the zone per post cost most.
-- floor, not CAST: a CAST rounds, putting a post at hh:59:59.5 into the next hour.
-- Negative posts are a look-up of each post among the negative ids, not a join of every label row.
WITH window_posts AS (
    SELECT p.id, CAST(floor(epoch(coalesce(p.published_at, p.collected_at)) / 3600) AS BIGINT) AS hour
    FROM posts p
    WHERE coalesce(p.published_at, p.collected_at) >= $start
      AND coalesce(p.published_at, p.collected_at) < $end
), hourly AS (
    SELECT hour,
           count(*) AS posts,
           count(*) FILTER (WHERE id IN (SELECT post_id FROM post_labels WHERE sentiment = '负面')) AS negative
    FROM window_posts
    GROUP BY hour
)
SELECT to_timestamp(hour * 3600) AS hour, posts, negative
FROM hourly
ORDER BY hour;
