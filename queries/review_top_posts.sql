-- The most engaged posts of one incident (masked text only), for the postmortem and its export.
SELECT p.id AS post_id, p.platform, p.published_at, coalesce(p.text_masked, p.text) AS text_masked,
       p.reposts, p.comments, p.likes, l.sentiment, l.sentiment_source
FROM incident_posts ip
JOIN posts p ON p.id = ip.post_id
LEFT JOIN post_labels l ON l.post_id = p.id
WHERE ip.incident_id = $incident_id
ORDER BY p.reposts + p.comments + p.likes DESC, p.id
LIMIT 5;
