-- Term counts over the posts since $since of the open incidents $incident_ids and the candidates
-- $candidates: the centroids a run recounts (those with no kept centroid of their current posts, see
-- incident_cluster_spans). Rows come ordered by cluster, most used term first (ties by term).
WITH members AS (  -- the asked clusters' posts first: the window's other posts are never read
    SELECT 'incident' AS kind, ip.incident_id AS cluster_id, ip.post_id
    FROM incident_posts ip
    JOIN incidents i ON i.id = ip.incident_id
    WHERE ip.incident_id IN (SELECT unnest($incident_ids))
      AND i.merged_into IS NULL AND list_contains($open_statuses, i.status)
    UNION ALL
    SELECT 'candidate', t.candidate, t.post_id
    FROM incident_post_terms t
    WHERE t.candidate IN (SELECT unnest($candidates))
),
windowed AS (
    SELECT m.kind, m.cluster_id, t.terms
    FROM members m
    JOIN posts p ON p.id = m.post_id
    JOIN incident_post_terms t ON t.post_id = m.post_id
    WHERE coalesce(p.published_at, p.collected_at) >= $since AND t.terms IS NOT NULL
),
counted AS (
    SELECT kind, cluster_id, term, count(*) AS df
    FROM (SELECT kind, cluster_id, unnest(terms) AS term FROM windowed)
    GROUP BY ALL
)
SELECT kind, cluster_id, term, df FROM counted
ORDER BY kind, cluster_id, df DESC, term;
