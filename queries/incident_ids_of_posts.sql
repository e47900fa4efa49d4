-- Incidents that hold any of the given posts ($post_ids: a list of post ids).
SELECT DISTINCT incident_id
FROM incident_posts
WHERE list_contains($post_ids, post_id)
ORDER BY incident_id;
