-- The posts behind an incident alert in [$since, $until), most engaged first (evidence).
SELECT p.id AS post_id, p.platform, p.url, p.author, coalesce(p.text_masked, p.text) AS text_masked, l.sentiment,
       coalesce(p.published_at, p.collected_at) AS published_at,
       p.likes + p.comments + p.reposts AS engagement
FROM incident_posts ip
JOIN posts p ON p.id = ip.post_id
JOIN post_labels l ON l.post_id = p.id
WHERE ip.incident_id = CAST($scope_key AS INTEGER)
  AND coalesce(p.published_at, p.collected_at) >= $since
  AND coalesce(p.published_at, p.collected_at) < $until
ORDER BY engagement DESC, p.id
LIMIT 200;
