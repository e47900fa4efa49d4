-- Each of the incidents $ids over its whole life (a clustering run sees only the window): how many
-- posts it holds, when its first post was published and the employer it was last named after.
SELECT i.id AS incident_id, count(ip.post_id) AS n_posts, min(coalesce(p.published_at, p.collected_at)) AS first_at,
       i.employer
FROM incidents i
LEFT JOIN incident_posts ip ON ip.incident_id = i.id
LEFT JOIN posts p ON p.id = ip.post_id
WHERE i.id IN (SELECT unnest($ids))  -- (a semi-join: a merge pass passes thousands of ids)
GROUP BY i.id, i.employer;
