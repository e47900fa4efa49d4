-- Posts and negative posts per hour of one incident (the 专报 spread chart).
SELECT date_trunc('hour', coalesce(p.published_at, p.collected_at)) AS hour,
       count(*) AS posts,
       count(*) FILTER (WHERE l.sentiment = '负面') AS negative
FROM incident_posts ip
JOIN posts p ON p.id = ip.post_id
LEFT JOIN post_labels l ON l.post_id = p.id
WHERE ip.incident_id = $incident_id
GROUP BY ALL
ORDER BY hour;
