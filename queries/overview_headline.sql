-- Headline figures for 态势总览: posts and negative posts in the range and in the period before it,
-- open incidents and alert threads waiting for acknowledgement.
WITH r AS (
    SELECT CAST($start AS TIMESTAMPTZ) AS s, CAST($end AS TIMESTAMPTZ) AS e
), labelled AS (
    SELECT p.published_at, l.sentiment = '负面' AS negative
    FROM posts p LEFT JOIN post_labels l ON l.post_id = p.id, r
    WHERE p.published_at >= r.s - (r.e - r.s) AND p.published_at < r.e
)
SELECT count(*) FILTER (WHERE published_at >= r.s) AS posts,
       count(*) FILTER (WHERE published_at >= r.s AND negative) AS negative,
       count(*) FILTER (WHERE published_at < r.s) AS prev_posts,
       count(*) FILTER (WHERE published_at < r.s AND negative) AS prev_negative,
       (SELECT count(*) FROM incidents WHERE merged_into IS NULL AND list_contains($open_statuses, status)) AS open_incidents,
       (SELECT count(DISTINCT coalesce(thread_id, id)) FROM alerts
        WHERE acknowledged_at IS NULL AND coalesce(notify, TRUE)) AS open_alerts
FROM labelled, r;
