-- The clustering terms (NULL: none) of the seen posts in view incident_seen (post_id), in no order.
SELECT t.post_id, t.terms
FROM incident_seen s
JOIN incident_post_terms t ON t.post_id = s.post_id;
