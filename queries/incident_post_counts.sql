-- How many posts each of the incidents $ids holds over its whole life (a clustering run sees only the window).
SELECT incident_id, count(*) AS n_posts
FROM incident_posts
WHERE list_contains($ids, incident_id)
GROUP BY incident_id;
