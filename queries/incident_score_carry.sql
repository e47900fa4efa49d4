-- The incidents (of $ids) whose row at $hour follows from their stored rows alone: a row at $hour - 1 hour with
-- its running totals, and no post of theirs published in [$hour, $until]. Returns that row's totals and the
-- volume $velocity_hours before $hour (0 when their history starts after it); others are left out (scored from posts).
WITH last AS (
    SELECT s.incident_id, s.volume, s.cum_reposts, s.cum_comments, s.cum_likes, s.cum_views, s.cum_hotness,
           s.cum_hot_t1, s.cum_hot_t2, s.cum_hot_t3, s.cum_hot_t4, s.cum_labeled, s.cum_negative,
           s.cum_risk1, s.cum_risk2, s.cum_risk3, s.cum_risk4, s.best_tier, s.people
    FROM incident_scores s
    WHERE s.incident_id IN (SELECT unnest($ids))
      AND s."at" = CAST($hour AS TIMESTAMPTZ) - INTERVAL 1 HOUR
      AND s.cum_reposts IS NOT NULL AND s.people IS NOT NULL
),
earlier AS (
    SELECT s.incident_id,
           max(s.volume) FILTER (WHERE s."at" = CAST($hour AS TIMESTAMPTZ) - to_hours(CAST($velocity_hours AS BIGINT))) AS volume,
           min(s."at") AS first_at
    FROM incident_scores s
    WHERE s.incident_id IN (SELECT incident_id FROM last)
    GROUP BY s.incident_id
),
posted AS (  -- a post in the new hour: its row needs the posts read
    SELECT DISTINCT ip.incident_id
    FROM incident_posts ip
    JOIN posts p ON p.id = ip.post_id
    WHERE ip.incident_id IN (SELECT incident_id FROM last)
      AND coalesce(p.published_at, p.collected_at) >= CAST($hour AS TIMESTAMPTZ)
      AND coalesce(p.published_at, p.collected_at) <= $until
)
SELECT l.*,
       CASE WHEN e.volume IS NOT NULL THEN e.volume ELSE 0 END AS earlier
FROM last l
JOIN earlier e ON e.incident_id = l.incident_id
WHERE l.incident_id NOT IN (SELECT incident_id FROM posted)
  AND (e.volume IS NOT NULL
       OR e.first_at > CAST($hour AS TIMESTAMPTZ) - to_hours(CAST($velocity_hours AS BIGINT)))
ORDER BY l.incident_id;
