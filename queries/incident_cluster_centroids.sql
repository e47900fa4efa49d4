-- Centroids new posts are compared with: term counts of open incidents and of candidate clusters active since $since.
WITH members AS (
    SELECT 'incident' AS kind, ip.incident_id AS cluster_id, ip.post_id
    FROM incident_posts ip
    JOIN incidents i ON i.id = ip.incident_id
    WHERE i.merged_into IS NULL AND list_contains($open_statuses, i.status)
    UNION ALL
    SELECT 'candidate', t.candidate, t.post_id
    FROM incident_post_terms t
    WHERE t.candidate IS NOT NULL
),
dated AS (
    SELECT m.kind, m.cluster_id, m.post_id, coalesce(p.published_at, p.collected_at) AS published
    FROM members m JOIN posts p ON p.id = m.post_id
),
spans AS (
    SELECT kind, cluster_id, count(*) AS n_posts, min(published) AS first_at, max(published) AS last_at
    FROM dated GROUP BY kind, cluster_id HAVING max(published) >= $since
),
terms AS (
    SELECT d.kind, d.cluster_id, unnest(t.terms) AS term
    FROM dated d
    JOIN spans s USING (kind, cluster_id)
    JOIN incident_post_terms t ON t.post_id = d.post_id
),
counted AS (
    SELECT kind, cluster_id, term, count(*) AS df,
           row_number() OVER (PARTITION BY kind, cluster_id ORDER BY count(*) DESC, term) AS rank
    FROM terms GROUP BY kind, cluster_id, term
)
SELECT c.kind, c.cluster_id, c.term, c.df, s.n_posts, s.first_at, s.last_at
FROM counted c JOIN spans s USING (kind, cluster_id)
WHERE c.rank <= $top_terms
ORDER BY c.kind, c.cluster_id, c.df DESC;
