-- When the earliest post up to $until the clusterer has not seen was published (NULL: none): where a rebuild's cycles start.
SELECT min(coalesce(p.published_at, p.collected_at)) AS first_at
FROM posts p
WHERE coalesce(p.published_at, p.collected_at) <= $until
  AND p.id NOT IN (SELECT post_id FROM incident_post_terms);
