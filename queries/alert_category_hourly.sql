-- Posts and negative posts per category (of $keys) and hour in [$since, $until): the spike series.
SELECT
    l.category                                          AS scope_key,
    date_trunc('hour', coalesce(p.published_at, p.collected_at)) AS bucket,
    count(*)                                            AS posts,
    count(*) FILTER (WHERE l.sentiment = '负面')        AS negative
FROM posts p
JOIN post_labels l ON l.post_id = p.id
WHERE coalesce(p.published_at, p.collected_at) >= $since
  AND coalesce(p.published_at, p.collected_at) < $until
  AND list_contains($keys, l.category)
GROUP BY ALL
ORDER BY scope_key, bucket;
