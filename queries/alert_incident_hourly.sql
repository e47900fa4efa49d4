-- Posts and negative posts per open incident (of $keys) and hour in [$since, $until): the spike series.
SELECT
    CAST(ip.incident_id AS VARCHAR)                     AS scope_key,
    date_trunc('hour', coalesce(p.published_at, p.collected_at)) AS bucket,
    count(*)                                            AS posts,
    count(*) FILTER (WHERE l.sentiment = '负面')        AS negative
FROM incident_posts ip
JOIN incidents i ON i.id = ip.incident_id
JOIN posts p ON p.id = ip.post_id
JOIN post_labels l ON l.post_id = p.id
WHERE list_contains($open_statuses, i.status)
  AND i.merged_into IS NULL  -- merged incidents live on in the one they joined
  AND list_contains($keys, CAST(ip.incident_id AS VARCHAR))
  AND coalesce(p.published_at, p.collected_at) >= $since
  AND coalesce(p.published_at, p.collected_at) < $until
GROUP BY ALL
ORDER BY scope_key, bucket;
