-- Posts, negative posts and engagement of one incident per platform, largest first.
SELECT p.platform, count(*) AS posts,
       count(*) FILTER (WHERE l.sentiment = '负面') AS negative,
       sum(p.likes + p.comments + p.reposts) AS engagement
FROM incident_posts ip
JOIN posts p ON p.id = ip.post_id
LEFT JOIN post_labels l ON l.post_id = p.id
WHERE ip.incident_id = $incident_id
GROUP BY ALL
ORDER BY posts DESC, p.platform;
