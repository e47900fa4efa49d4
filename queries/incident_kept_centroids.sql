-- The kept centroids (incident_centroids) of the incidents $incident_ids and the candidates $candidates,
-- with the fingerprint and size they were counted for (the caller checks them against
-- incident_cluster_spans): terms most used first (ties by term), dfs their counts.
SELECT kind, cluster_id, n_posts, fingerprint, terms, dfs
FROM incident_centroids
WHERE kind = 'incident' AND cluster_id IN (SELECT unnest($incident_ids))
UNION ALL
SELECT kind, cluster_id, n_posts, fingerprint, terms, dfs
FROM incident_centroids
WHERE kind = 'candidate' AND cluster_id IN (SELECT unnest($candidates));
