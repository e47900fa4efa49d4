-- Term counts over the posts since $since of the open incidents $incident_ids and the candidates
-- $candidates: the centroids a run recounts (those with no kept centroid of their current posts, see
-- incident_cluster_spans). Rows come ordered by cluster, most used term first (ties by term).
WITH recent AS MATERIALIZED (  -- the window's posts with their remembered terms: the terms table read once
    SELECT p.id, t.terms, t.candidate
    FROM posts p
    JOIN incident_post_terms t ON t.post_id = p.id
    WHERE coalesce(p.published_at, p.collected_at) >= $since AND t.terms IS NOT NULL
),
members AS (
    SELECT 'incident' AS kind, ip.incident_id AS cluster_id, r.terms
    FROM recent r
    JOIN incident_posts ip ON ip.post_id = r.id
    JOIN incidents i ON i.id = ip.incident_id
    WHERE i.merged_into IS NULL AND list_contains($open_statuses, i.status)
      AND ip.incident_id IN (SELECT unnest($incident_ids))
    UNION ALL
    SELECT 'candidate', r.candidate, r.terms
    FROM recent r
    WHERE r.candidate IN (SELECT unnest($candidates))
),
counted AS (
    SELECT kind, cluster_id, term, count(*) AS df
    FROM (SELECT kind, cluster_id, unnest(terms) AS term FROM members)
    GROUP BY ALL
)
SELECT kind, cluster_id, term, df FROM counted
ORDER BY kind, cluster_id, df DESC, term;
