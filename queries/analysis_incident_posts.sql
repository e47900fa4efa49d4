-- Every post of one incident with its labels, source tier and engagement (masked text only).
SELECT p.id AS post_id, p.platform, p.external_id, p.parent_external_id, p.url, coalesce(p.text_masked, p.text) AS text_masked,
       p.author, coalesce(p.author_followers, 0) AS author_followers, p.published_at,
       p.reposts, p.comments, p.likes, p.views, s.name AS source, coalesce(s.media_tier, 4) AS media_tier,
       l.sentiment, l.sentiment_source, l.category, l.category_source, l.emotion, l.emotion_source,
       l.risk_level, l.keywords
FROM incident_posts ip
JOIN posts p ON p.id = ip.post_id
LEFT JOIN sources s ON s.id = p.source_id
LEFT JOIN post_labels l ON l.post_id = p.id
WHERE ip.incident_id = $incident_id
ORDER BY p.published_at, p.id;
