-- Where the authors of new posts posted since $since: each earlier post's open incident or candidate
-- cluster, latest first (an author's follow-up goes where their last post went).
SELECT p.platform, coalesce(nullif(p.author_id, ''), p.author) AS author, ip.incident_id, t.candidate,
       coalesce(p.published_at, p.collected_at) AS published
FROM posts p
JOIN incident_post_terms t ON t.post_id = p.id
LEFT JOIN (
    SELECT ip.post_id, ip.incident_id FROM incident_posts ip
    JOIN incidents i ON i.id = ip.incident_id
    WHERE i.merged_into IS NULL AND list_contains($open_statuses, i.status)
) ip ON ip.post_id = p.id
WHERE coalesce(nullif(p.author_id, ''), p.author) IN (SELECT unnest($authors))
  AND coalesce(p.published_at, p.collected_at) >= $since
  AND (ip.incident_id IS NOT NULL OR t.candidate IS NOT NULL)
ORDER BY published DESC, p.id DESC;
