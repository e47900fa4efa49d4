-- The masked text of each post of one incident (claims are matched and proposed from what the UI shows).
SELECT p.id AS post_id, coalesce(p.text_masked, p.text) AS text_masked, p.published_at
FROM incident_posts ip
JOIN posts p ON p.id = ip.post_id
WHERE ip.incident_id = $incident_id
ORDER BY p.published_at, p.id;
