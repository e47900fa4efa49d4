-- The clustering terms of the seen posts $post_ids (NULL: seen with none), in no order.
SELECT post_id, terms
FROM incident_post_terms
WHERE post_id IN (SELECT unnest($post_ids));
