-- Where the originals of reposts / replies / near-duplicates sit: their open incident or candidate cluster.
SELECT p.id AS post_id, p.platform, p.external_id, ip.incident_id, t.candidate
FROM posts p
LEFT JOIN (
    SELECT ip.post_id, ip.incident_id FROM incident_posts ip
    JOIN incidents i ON i.id = ip.incident_id
    WHERE i.merged_into IS NULL AND list_contains($open_statuses, i.status)
) ip ON ip.post_id = p.id
LEFT JOIN incident_post_terms t ON t.post_id = p.id
WHERE (p.external_id IN (SELECT unnest($parents)) OR p.id IN (SELECT unnest($originals)))
  AND (ip.incident_id IS NOT NULL OR t.candidate IS NOT NULL);
