-- Posts and negative posts per hour in [$start, $end) (the 日报 volume chart).
SELECT date_trunc('hour', coalesce(p.published_at, p.collected_at)) AS hour,
       count(*) AS posts,
       count(*) FILTER (WHERE l.sentiment = '负面') AS negative
FROM posts p
LEFT JOIN post_labels l ON l.post_id = p.id
WHERE coalesce(p.published_at, p.collected_at) >= $start
  AND coalesce(p.published_at, p.collected_at) < $end
GROUP BY ALL
ORDER BY hour;
