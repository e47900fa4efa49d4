-- Posts and negative posts per active monitor rule (of $keys) and hour in [$since, $until): the spike series.
SELECT
    CAST(m.rule_id AS VARCHAR)                          AS scope_key,
    date_trunc('hour', coalesce(p.published_at, p.collected_at)) AS bucket,
    count(DISTINCT p.id)                                AS posts,
    count(DISTINCT p.id) FILTER (WHERE l.sentiment = '负面') AS negative
FROM post_rule_matches m
JOIN monitor_rules r ON r.id = m.rule_id AND r.active AND list_contains($keys, CAST(r.id AS VARCHAR))
JOIN posts p ON p.id = m.post_id
JOIN post_labels l ON l.post_id = p.id
WHERE coalesce(p.published_at, p.collected_at) >= $since
  AND coalesce(p.published_at, p.collected_at) < $until
GROUP BY ALL
ORDER BY scope_key, bucket;
