-- Headline figures for 态势总览: posts and negative posts in the range and in the period before it,
-- open incidents and alert threads waiting for acknowledgement.
-- (The bounds are written out, not read from a CTE, so the scan of posts is filtered by them.)
-- A negative post is a look-up among the negative ids, not a join of every label row with its columns.
WITH labelled AS (
    SELECT p.published_at >= $start AS current,
           p.id IN (SELECT post_id FROM post_labels WHERE sentiment = '负面') AS negative
    FROM posts p
    WHERE p.published_at >= CAST($start AS TIMESTAMPTZ) - (CAST($end AS TIMESTAMPTZ) - CAST($start AS TIMESTAMPTZ))
      AND p.published_at < $end
)
SELECT count(*) FILTER (WHERE current) AS posts,
       count(*) FILTER (WHERE current AND negative) AS negative,
       count(*) FILTER (WHERE NOT current) AS prev_posts,
       count(*) FILTER (WHERE NOT current AND negative) AS prev_negative,
       (SELECT count(*) FROM incidents WHERE merged_into IS NULL AND list_contains($open_statuses, status)) AS open_incidents,
       (SELECT count(DISTINCT coalesce(thread_id, id)) FROM alerts
        WHERE acknowledged_at IS NULL AND coalesce(notify, TRUE)) AS open_alerts
FROM labelled;
