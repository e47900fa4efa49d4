-- An incident's posts, hottest first (item hotness, DESIGN §4), with masked text and labels from post_labels.
SELECT p.id AS post_id, p.platform, p.author, p.published_at, coalesce(p.text_masked, p.text) AS text_masked, p.url,
       p.reposts, p.comments, p.likes, p.views,
       p.likes + 5 * p.comments + 10 * p.reposts + 0.1 * p.views AS hotness,
       coalesce(s.media_tier, 4) AS media_tier,
       pl.sentiment, pl.sentiment_source, pl.risk_level, pl.risk_level_source, pl.category,
       ip.added_by
FROM incident_posts ip
JOIN posts p ON p.id = ip.post_id
LEFT JOIN sources s ON s.id = p.source_id
LEFT JOIN post_labels pl ON pl.post_id = p.id
WHERE ip.incident_id = $incident_id
ORDER BY hotness DESC, p.published_at
LIMIT coalesce($limit, 50);
