-- Centroids new posts are compared with: term counts over the posts since $since of open incidents and
-- candidates; curated: every post of the incident was placed by a person (a split-off, a hand-made incident);
-- n_grave: its posts at content risk 3 or graver.
WITH recent AS MATERIALIZED (  -- the window's posts with their remembered terms: the terms table read once
    SELECT p.id, coalesce(p.published_at, p.collected_at) AS published, t.terms, t.candidate
    FROM posts p
    LEFT JOIN incident_post_terms t ON t.post_id = p.id
    WHERE coalesce(p.published_at, p.collected_at) >= $since
),
members AS (
    SELECT 'incident' AS kind, ip.incident_id AS cluster_id, r.id AS post_id, r.published, ip.added_by <> 'model' AS by_person,
           r.terms
    FROM recent r
    JOIN incident_posts ip ON ip.post_id = r.id
    JOIN incidents i ON i.id = ip.incident_id
    WHERE i.merged_into IS NULL AND list_contains($open_statuses, i.status)
    UNION ALL
    SELECT 'candidate', r.candidate, r.id, r.published, false, r.terms
    FROM recent r
    WHERE r.candidate IS NOT NULL
),
spans AS (
    SELECT m.kind, m.cluster_id, count(*) AS n_posts, min(m.published) AS first_at, max(m.published) AS last_at,
           bool_and(m.by_person) AS curated, count(*) FILTER (WHERE l.risk_level <= 3) AS n_grave
    FROM members m LEFT JOIN post_labels l ON l.post_id = m.post_id
    GROUP BY m.kind, m.cluster_id
),
terms AS (
    SELECT kind, cluster_id, unnest(terms) AS term FROM members WHERE terms IS NOT NULL
),
counted AS (
    SELECT kind, cluster_id, term, count(*) AS df FROM terms GROUP BY ALL
)
-- every term of every cluster, most used first (ties by term): the reader keeps each cluster's first
-- TOP_TERMS (ranking them here with a window cost more than the rest of the query)
SELECT c.kind, c.cluster_id, c.term, c.df, s.n_posts, s.first_at, s.last_at, s.curated, s.n_grave
FROM counted c JOIN spans s USING (kind, cluster_id)
ORDER BY c.kind, c.cluster_id, c.df DESC, c.term;
