-- Posts, negative and high-risk posts per category in [$start, $end), largest first.
SELECT coalesce(l.category, '未分析') AS category,
       count(*) AS posts,
       count(*) FILTER (WHERE l.sentiment = '负面') AS negative,
       count(*) FILTER (WHERE l.risk_level <= 2) AS high_risk
FROM posts p
LEFT JOIN post_labels l ON l.post_id = p.id
WHERE coalesce(p.published_at, p.collected_at) >= $start
  AND coalesce(p.published_at, p.collected_at) < $end
GROUP BY ALL
ORDER BY posts DESC, category;
