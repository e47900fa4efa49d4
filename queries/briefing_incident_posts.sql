-- The key posts of one incident (masked text only): gravest risk, then most engaged.
SELECT p.id AS post_id, p.platform, p.author, p.url, coalesce(p.text_masked, p.text) AS text_masked,
       coalesce(p.published_at, p.collected_at) AS published_at,
       p.likes + p.comments + p.reposts AS engagement,
       l.sentiment, l.risk_level, l.risk_terms
FROM incident_posts ip
JOIN posts p ON p.id = ip.post_id
LEFT JOIN post_labels l ON l.post_id = p.id
WHERE ip.incident_id = $incident_id
ORDER BY l.risk_level NULLS LAST, engagement DESC, p.id
LIMIT $limit;
