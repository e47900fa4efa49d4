-- Posts of [$start, $end) — or of one incident when $incident_id is set — with their labels and the
-- source's media tier (1 central media … 4 self-media / forum), for 舆论焦点与各方观点. Masked text only.
SELECT p.id AS post_id, p.platform, coalesce(p.text_masked, p.text) AS text_masked,
       coalesce(p.published_at, p.collected_at) AS published_at,
       p.likes + p.comments + p.reposts AS engagement,
       l.sentiment, l.emotion, l.category, coalesce(s.media_tier, 4) AS media_tier
FROM posts p
LEFT JOIN post_labels l ON l.post_id = p.id
LEFT JOIN sources s ON s.id = p.source_id
WHERE ($incident_id IS NULL OR p.id IN (SELECT post_id FROM incident_posts WHERE incident_id = $incident_id))
  AND ($start IS NULL OR coalesce(p.published_at, p.collected_at) >= $start)
  AND ($end IS NULL OR coalesce(p.published_at, p.collected_at) < $end)
ORDER BY engagement DESC, p.id;
