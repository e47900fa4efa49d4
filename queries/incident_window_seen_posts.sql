-- The posts published since $since the clusterer has seen, in time order, with their content risk and
-- the open incident (not merged away) or candidate cluster holding them (neither: placed nowhere): what
-- a rebuild's carried clusters start from (incidents.carried), as incident_cluster_spans counts them.
-- Their terms are read apart (frames/incident_seen_post_terms): read back per row they cost more than the rest.
WITH seen AS MATERIALIZED (
    SELECT t.post_id, coalesce(p.published_at, p.collected_at) AS published, t.candidate
    FROM incident_post_terms t
    JOIN posts p ON p.id = t.post_id
    WHERE coalesce(p.published_at, p.collected_at) >= $since
), held AS (
    SELECT ip.post_id, ip.incident_id
    FROM seen s
    JOIN incident_posts ip ON ip.post_id = s.post_id
    JOIN incidents i ON i.id = ip.incident_id
    WHERE i.merged_into IS NULL AND list_contains($open_statuses, i.status)
)
SELECT s.post_id, s.published, s.candidate, h.incident_id, l.risk_level
FROM seen s
LEFT JOIN held h ON h.post_id = s.post_id
LEFT JOIN post_labels l ON l.post_id = s.post_id
ORDER BY s.published, s.post_id;
