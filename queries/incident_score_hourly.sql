-- Hourly post aggregates per incident up to $until (volume, engagement, source tiers, labels via post_labels);
-- an incident scored before $fold_before starts from the totals of its row just before it instead of its old posts.
WITH seeds AS (
    SELECT incident_id, CAST($fold_before AS TIMESTAMPTZ) AS hour, volume AS posts,
           cum_reposts AS reposts, cum_comments AS comments, cum_likes AS likes, cum_views AS views,
           cum_hotness AS hotness, best_tier, cum_hot_t1 AS hot_t1, cum_hot_t2 AS hot_t2, cum_hot_t3 AS hot_t3,
           cum_hot_t4 AS hot_t4, cum_labeled AS labeled, cum_negative AS negative,
           cum_risk1 AS risk1, cum_risk2 AS risk2, cum_risk3 AS risk3, cum_risk4 AS risk4
    FROM incident_scores
    WHERE incident_id IN (SELECT unnest($ids))
      AND "at" = CAST($fold_before AS TIMESTAMPTZ) - INTERVAL 1 HOUR
      AND cum_reposts IS NOT NULL
),
wanted AS MATERIALIZED (  -- the posts to read, chosen before the labels are joined: few when folded
    SELECT ip.incident_id, ip.post_id, coalesce(p.published_at, p.collected_at) AS ts, p.source_id,
           p.reposts, p.comments, p.likes, p.views
    FROM incident_posts ip
    JOIN posts p ON p.id = ip.post_id
    WHERE ip.incident_id IN (SELECT unnest($ids))
      AND coalesce(p.published_at, p.collected_at) <= $until
      AND (coalesce(p.published_at, p.collected_at) >= CAST($fold_before AS TIMESTAMPTZ)
           OR $fold_before IS NULL
           OR ip.incident_id NOT IN (SELECT incident_id FROM seeds))
),
hourly AS (
    SELECT p.incident_id,
           date_trunc('hour', p.ts) AS hour,
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
    FROM wanted p
    LEFT JOIN sources s ON s.id = p.source_id
    LEFT JOIN post_labels pl ON pl.post_id = p.post_id
    GROUP BY ALL
)
SELECT * FROM hourly
UNION ALL BY NAME
SELECT * FROM seeds
ORDER BY incident_id, hour;
