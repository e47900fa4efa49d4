-- The posts of one incident with their effective sentiment (human review wins), for before/after tracking.
SELECT p.id AS post_id, p.published_at, p.platform, l.sentiment, l.sentiment_source,
       p.reposts + p.comments + p.likes AS engagement
FROM incident_posts ip
JOIN posts p ON p.id = ip.post_id
LEFT JOIN post_labels l ON l.post_id = p.id
WHERE ip.incident_id = $incident_id AND p.published_at IS NOT NULL
ORDER BY p.published_at;
