-- Categories and open incidents, with the hours holding posts the last evaluation did not see (id above
-- $last_post_id, or published at or after $last_now), in [$since, $until): the only buckets whose
-- spike and share rules can change.
WITH unseen AS MATERIALIZED (  -- picked before their labels are joined: few posts are new
    SELECT p.id, date_trunc('hour', coalesce(p.published_at, p.collected_at)) AS bucket
    FROM posts p
    WHERE coalesce(p.published_at, p.collected_at) >= $since
      AND coalesce(p.published_at, p.collected_at) < $until
      AND (p.id > $last_post_id OR coalesce(p.published_at, p.collected_at) >= $last_now)
), fresh AS (
    SELECT u.id, u.bucket, l.category
    FROM unseen u
    JOIN post_labels l ON l.post_id = u.id
)
SELECT DISTINCT 'category' AS scope_kind, f.category AS scope_key, f.bucket
FROM fresh f
WHERE f.category IS NOT NULL
UNION
SELECT DISTINCT 'incident', CAST(ip.incident_id AS VARCHAR), f.bucket
FROM fresh f
JOIN incident_posts ip ON ip.post_id = f.id
JOIN incidents i ON i.id = ip.incident_id
WHERE list_contains($open_statuses, i.status) AND i.merged_into IS NULL;
