-- Headline figures of [$start, $end): posts, negative, high-risk (level 1–2), platforms; posts of the day before.
WITH p AS (
    SELECT p.id, p.platform, coalesce(p.published_at, p.collected_at) AS ts
    FROM posts p
    WHERE coalesce(p.published_at, p.collected_at) >= $prev_start
      AND coalesce(p.published_at, p.collected_at) < $end
)
SELECT
    count(*) FILTER (WHERE p.ts >= $start)                                   AS posts,
    count(*) FILTER (WHERE p.ts >= $start AND l.sentiment = '负面')          AS negative,
    count(*) FILTER (WHERE p.ts >= $start AND l.risk_level <= 2)             AS high_risk,
    count(DISTINCT p.platform) FILTER (WHERE p.ts >= $start)                 AS platforms,
    count(*) FILTER (WHERE p.ts < $start)                                    AS prev_posts
FROM p
LEFT JOIN post_labels l ON l.post_id = p.id;
