-- Where the originals of reposts / replies / near-duplicates sit: their open incident or candidate cluster.
-- The originals are picked from posts first (by external id, by id: one UNION, not an OR across two
-- keys), and only they are looked up in the clusters: the whole store joined first cost most of the time.
-- In post id order, a fixed order (the join over the whole store gave none): a later row wins in the
-- caller's maps.
WITH originals AS MATERIALIZED (
    SELECT p.id, p.platform, p.external_id FROM posts p WHERE p.external_id IN (SELECT unnest($parents))
    UNION
    SELECT p.id, p.platform, p.external_id FROM posts p WHERE p.id IN (SELECT unnest($originals))
)
SELECT p.id AS post_id, p.platform, p.external_id, ip.incident_id, t.candidate
FROM originals p
LEFT JOIN (
    SELECT ip.post_id, ip.incident_id FROM incident_posts ip
    JOIN incidents i ON i.id = ip.incident_id
    WHERE i.merged_into IS NULL AND list_contains($open_statuses, i.status)
      AND ip.post_id IN (SELECT id FROM originals)
) ip ON ip.post_id = p.id
LEFT JOIN incident_post_terms t ON t.post_id = p.id
WHERE ip.incident_id IS NOT NULL OR t.candidate IS NOT NULL
ORDER BY p.id, ip.incident_id;
