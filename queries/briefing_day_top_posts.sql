-- The most engaged posts of [$start, $end) with labels (masked text only), gravest risk first on ties.
SELECT p.id AS post_id, p.platform, p.author, p.url, p.text_masked,
       coalesce(p.published_at, p.collected_at) AS published_at,
       p.likes + p.comments + p.reposts AS engagement,
       l.sentiment, l.category, l.risk_level
FROM posts p
LEFT JOIN post_labels l ON l.post_id = p.id
WHERE coalesce(p.published_at, p.collected_at) >= $start
  AND coalesce(p.published_at, p.collected_at) < $end
ORDER BY engagement DESC, l.risk_level NULLS LAST, p.id
LIMIT $limit;
