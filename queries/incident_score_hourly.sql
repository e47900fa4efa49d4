-- Hourly post aggregates per incident up to $until: volume, engagement, source tiers, labels (read via post_labels).
SELECT ip.incident_id,
       -- hours before $fold_before only matter as totals: one bucket
       greatest(date_trunc('hour', coalesce(p.published_at, p.collected_at)),
                coalesce(CAST($fold_before AS TIMESTAMPTZ), '-infinity'::TIMESTAMPTZ)) AS hour,
       count(*) AS posts,
       sum(p.reposts) AS reposts,
       sum(p.comments) AS comments,
       sum(p.likes) AS likes,
       sum(p.views) AS views,
       -- item hotness (DESIGN §4): likes + 5·comments + 10·shares + 0.1·views
       sum(p.likes + 5 * p.comments + 10 * p.reposts + 0.1 * p.views) AS hotness,
       min(coalesce(s.media_tier, 4)) AS best_tier,
       sum(p.likes + 5 * p.comments + 10 * p.reposts + 0.1 * p.views + 1) FILTER (WHERE coalesce(s.media_tier, 4) = 1) AS hot_t1,
       sum(p.likes + 5 * p.comments + 10 * p.reposts + 0.1 * p.views + 1) FILTER (WHERE coalesce(s.media_tier, 4) = 2) AS hot_t2,
       sum(p.likes + 5 * p.comments + 10 * p.reposts + 0.1 * p.views + 1) FILTER (WHERE coalesce(s.media_tier, 4) = 3) AS hot_t3,
       sum(p.likes + 5 * p.comments + 10 * p.reposts + 0.1 * p.views + 1) FILTER (WHERE coalesce(s.media_tier, 4) >= 4) AS hot_t4,
       count(pl.sentiment) AS labeled,
       count(*) FILTER (WHERE pl.sentiment = '负面') AS negative,
       count(*) FILTER (WHERE pl.risk_level = 1) AS risk1,
       count(*) FILTER (WHERE pl.risk_level = 2) AS risk2,
       count(*) FILTER (WHERE pl.risk_level = 3) AS risk3,
       count(*) FILTER (WHERE pl.risk_level = 4) AS risk4
FROM incident_posts ip
JOIN posts p ON p.id = ip.post_id
LEFT JOIN sources s ON s.id = p.source_id
LEFT JOIN post_labels pl ON pl.post_id = ip.post_id
WHERE ip.incident_id IN (SELECT unnest($ids))
  AND coalesce(p.published_at, p.collected_at) <= $until
GROUP BY ALL
ORDER BY ip.incident_id, hour;
