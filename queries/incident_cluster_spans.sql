-- Open incidents and candidates with posts since $since: their size, span, whether a person placed every
-- post (curated: a split-off, a hand-made incident), their posts at content risk 3 or graver (n_grave),
-- and the fingerprint of which posts they hold in the window (a sum of the post ids mixed, the same sum
-- clustering.post_mix adds up): a kept centroid (incident_centroids) with another fingerprint is stale.
-- (The kept centroids of these fingerprints are read by frames/incident_kept_centroids: their lists, read
-- back per row, cost more than the rest of this query.)
WITH recent AS MATERIALIZED (
    SELECT p.id, coalesce(p.published_at, p.collected_at) AS published, t.candidate
    FROM posts p
    LEFT JOIN incident_post_terms t ON t.post_id = p.id
    WHERE coalesce(p.published_at, p.collected_at) >= $since
),
members AS (
    SELECT 'incident' AS kind, ip.incident_id AS cluster_id, r.id AS post_id, r.published, ip.added_by <> 'model' AS by_person
    FROM recent r
    JOIN incident_posts ip ON ip.post_id = r.id
    JOIN incidents i ON i.id = ip.incident_id
    WHERE i.merged_into IS NULL AND list_contains($open_statuses, i.status)
    UNION ALL
    SELECT 'candidate', r.candidate, r.id, r.published, false
    FROM recent r
    WHERE r.candidate IS NOT NULL
),
spans AS (
    SELECT m.kind, m.cluster_id, count(*) AS n_posts, min(m.published) AS first_at, max(m.published) AS last_at,
           bool_and(m.by_person) AS curated, count(*) FILTER (WHERE l.risk_level <= 3) AS n_grave,
           CAST(sum((m.post_id % 4294967311) * 2147483629 % 4294967311) AS BIGINT) AS fingerprint
    FROM members m LEFT JOIN post_labels l ON l.post_id = m.post_id
    GROUP BY m.kind, m.cluster_id
)
SELECT kind, cluster_id, n_posts, first_at, last_at, curated, n_grave, fingerprint
FROM spans
ORDER BY kind, cluster_id;
