-- The incidents (of $ids) whose row at $hour follows from their stored rows alone: a row at $hour - 1 hour with
-- its running totals, a category of their own (else it is their posts' majority: read from posts), and no post
-- of theirs published in [$hour, $until]. Returns that row's totals, the category and the volume $velocity_hours
-- before $hour (0 when their history starts after it); others are left out (scored from their posts).
WITH last AS (
    SELECT s.incident_id, s.volume, s.cum_reposts, s.cum_comments, s.cum_likes, s.cum_views, s.cum_hotness,
           s.cum_hot_t1, s.cum_hot_t2, s.cum_hot_t3, s.cum_hot_t4, s.cum_labeled, s.cum_negative,
           s.cum_risk1, s.cum_risk2, s.cum_risk3, s.cum_risk4, s.best_tier, s.people
    FROM incident_scores s
    WHERE s.incident_id IN (SELECT unnest($ids))
      AND s."at" = CAST($hour AS TIMESTAMPTZ) - INTERVAL 1 HOUR
      AND s.cum_reposts IS NOT NULL AND s.people IS NOT NULL
),
back AS (  -- the row the velocity counts from
    SELECT s.incident_id, s.volume
    FROM incident_scores s
    WHERE s.incident_id IN (SELECT incident_id FROM last)
      AND s."at" = CAST($hour AS TIMESTAMPTZ) - to_hours(CAST($velocity_hours AS BIGINT))
),
young AS (  -- no such row: only an incident whose history starts after it counts from 0 (few: read whole)
    SELECT s.incident_id
    FROM incident_scores s
    WHERE s.incident_id IN (SELECT incident_id FROM last WHERE incident_id NOT IN (SELECT incident_id FROM back))
    GROUP BY s.incident_id
    HAVING min(s."at") > CAST($hour AS TIMESTAMPTZ) - to_hours(CAST($velocity_hours AS BIGINT))
),
fresh AS MATERIALIZED (  -- posts of the new hour, picked before their incidents are joined: few
    SELECT p.id
    FROM posts p
    WHERE coalesce(p.published_at, p.collected_at) >= CAST($hour AS TIMESTAMPTZ)
      AND coalesce(p.published_at, p.collected_at) <= $until
),
posted AS (  -- an incident with a post in the new hour needs its posts read
    SELECT DISTINCT ip.incident_id FROM fresh f JOIN incident_posts ip ON ip.post_id = f.id
)
SELECT l.*, coalesce(b.volume, 0) AS earlier, i.category
FROM last l
JOIN incidents i ON i.id = l.incident_id
LEFT JOIN back b ON b.incident_id = l.incident_id
WHERE i.category IS NOT NULL AND i.category <> ''
  AND l.incident_id NOT IN (SELECT incident_id FROM posted)
  AND (b.volume IS NOT NULL OR l.incident_id IN (SELECT incident_id FROM young))
ORDER BY l.incident_id;
