-- Posts per day (Asia/Shanghai) and sentiment in the range: the trend chart of 态势总览.
SELECT CAST(timezone('Asia/Shanghai', p.published_at) AS DATE) AS day,
       coalesce(l.sentiment, '未分析') AS sentiment,
       count(*) AS posts
FROM posts p
LEFT JOIN post_labels l ON l.post_id = p.id
WHERE p.published_at >= $start AND p.published_at < $end
GROUP BY ALL
ORDER BY day, sentiment;
