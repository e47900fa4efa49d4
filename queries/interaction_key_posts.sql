-- The posts of one incident most worth answering: most engagement first (masked text).
SELECT p.id AS post_id, p.platform, p.author, p.published_at, coalesce(p.text_masked, p.text) AS text_masked,
       p.reposts + p.comments + p.likes AS engagement
FROM incident_posts ip
JOIN posts p ON p.id = ip.post_id
WHERE ip.incident_id = $incident_id
ORDER BY engagement DESC, p.published_at, p.id
LIMIT $limit;
