-- Posts per day (Asia/Shanghai) and sentiment in the range: the trend chart of 态势总览.
-- Counted per hour first (an integer of the epoch) and only the ~720 hours turned into local days:
-- the time-zone conversion per post cost more than the count (Shanghai's offset is whole hours).
-- floor, not CAST: a CAST rounds, putting a post at 23:59:59.5 into the next day.
WITH hourly AS (
    SELECT CAST(floor(epoch(p.published_at) / 3600) AS BIGINT) AS hour,
           coalesce(l.sentiment, '未分析') AS sentiment,
           count(*) AS posts
    FROM posts p
    LEFT JOIN post_labels l ON l.post_id = p.id
    WHERE p.published_at >= $start AND p.published_at < $end
    GROUP BY ALL
)
SELECT CAST(timezone('Asia/Shanghai', to_timestamp(hour * 3600)) AS DATE) AS day,
       sentiment,
       CAST(sum(posts) AS BIGINT) AS posts
FROM hourly
GROUP BY ALL
ORDER BY day, sentiment;
