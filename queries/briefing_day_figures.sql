-- Headline figures of [$start, $end): posts, negative, high-risk (level 1–2), platforms; posts of the day before.
-- Only the labels that count (negative or high-risk) are joined, as two flags: a join of every label
-- row with all its columns cost most of the time.
WITH p AS (
    SELECT p.id, p.platform, coalesce(p.published_at, p.collected_at) AS ts
    FROM posts p
    WHERE coalesce(p.published_at, p.collected_at) >= $prev_start
      AND coalesce(p.published_at, p.collected_at) < $end
), l AS (
    SELECT post_id, sentiment = '负面' AS negative, risk_level <= 2 AS high_risk
    FROM post_labels
    WHERE sentiment = '负面' OR risk_level <= 2
)
SELECT
    count(*) FILTER (WHERE p.ts >= $start)                                   AS posts,
    count(*) FILTER (WHERE p.ts >= $start AND l.negative)                    AS negative,
    count(*) FILTER (WHERE p.ts >= $start AND l.high_risk)                   AS high_risk,
    count(DISTINCT p.platform) FILTER (WHERE p.ts >= $start)                 AS platforms,
    count(*) FILTER (WHERE p.ts < $start)                                    AS prev_posts
FROM p
LEFT JOIN l ON l.post_id = p.id;
