-- Daily posts about one employer by effective sentiment (human review wins), for the reputation index.
SELECT date_trunc('day', p.published_at AT TIME ZONE 'Asia/Shanghai') AS day,
       count(*) AS posts,
       count(*) FILTER (WHERE l.sentiment = '正面') AS positive,
       count(*) FILTER (WHERE l.sentiment = '负面') AS negative
FROM posts p
LEFT JOIN post_labels l ON l.post_id = p.id
WHERE p.employer = $employer AND p.published_at >= $start AND p.published_at < $end
GROUP BY ALL
ORDER BY day;
