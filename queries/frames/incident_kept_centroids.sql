-- The kept centroids (incident_centroids) still counted over the posts the window's clusters hold (view
-- incident_spans: "row", kind, cluster_id, n_posts, fingerprint, as incident_cluster_spans gives them):
-- each one's row, its terms most used first (ties by term) and their counts, in row order.
SELECT s."row", c.terms, c.dfs
FROM incident_spans s
JOIN incident_centroids c
  ON c.kind = s.kind AND c.cluster_id = s.cluster_id AND c.fingerprint = s.fingerprint AND c.n_posts = s.n_posts
ORDER BY s."row";
