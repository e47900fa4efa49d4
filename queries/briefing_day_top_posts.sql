-- The most engaged posts of [$start, $end) with labels (masked text only), gravest risk first on ties.
-- The $limit-th engagement is found on posts alone, so labels are read for the leaders only.
WITH ranged AS (
    SELECT p.id, p.likes + p.comments + p.reposts AS engagement
    FROM posts p
    WHERE coalesce(p.published_at, p.collected_at) >= $start
      AND coalesce(p.published_at, p.collected_at) < $end
),
bar AS (SELECT min(engagement) AS least FROM (SELECT engagement FROM ranged ORDER BY engagement DESC LIMIT $limit))
SELECT p.id AS post_id, p.platform, p.author, p.url, coalesce(p.text_masked, p.text) AS text_masked,
       coalesce(p.published_at, p.collected_at) AS published_at,
       r.engagement, l.sentiment, l.category, l.risk_level
FROM ranged r
JOIN posts p ON p.id = r.id
LEFT JOIN post_labels l ON l.post_id = p.id
WHERE r.engagement >= (SELECT least FROM bar)
ORDER BY r.engagement DESC, l.risk_level NULLS LAST, p.id
LIMIT $limit;
