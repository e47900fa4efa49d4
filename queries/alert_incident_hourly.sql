-- Posts and negative posts per open incident (of $keys) and hour in [$since, $until): the spike series.
-- The posts are picked first and their labels joined after: the window holds few of an incident's posts.
WITH picked AS MATERIALIZED (
    SELECT ip.incident_id, p.id AS post_id, coalesce(p.published_at, p.collected_at) AS ts
    FROM incident_posts ip
    JOIN incidents i ON i.id = ip.incident_id
    JOIN posts p ON p.id = ip.post_id
    WHERE list_contains($open_statuses, i.status)
      AND i.merged_into IS NULL  -- merged incidents live on in the one they joined
      AND list_contains($keys, CAST(ip.incident_id AS VARCHAR))
      AND coalesce(p.published_at, p.collected_at) >= $since
      AND coalesce(p.published_at, p.collected_at) < $until
)
SELECT
    CAST(k.incident_id AS VARCHAR)                      AS scope_key,
    date_trunc('hour', k.ts)                            AS bucket,
    count(*)                                            AS posts,
    count(*) FILTER (WHERE l.sentiment = '负面')        AS negative
FROM picked k
JOIN post_labels l ON l.post_id = k.post_id
GROUP BY ALL
ORDER BY scope_key, bucket;
