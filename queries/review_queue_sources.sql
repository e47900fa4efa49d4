-- The platforms and sources that have analysed posts (the review queue's filter choices).
SELECT p.platform, s.name AS source, count(*) AS posts
FROM posts p
JOIN analyses a ON a.post_id = p.id
LEFT JOIN sources s ON s.id = p.source_id
GROUP BY ALL
ORDER BY posts DESC, p.platform, source
