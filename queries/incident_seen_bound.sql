-- A post id up to which the clusterer has seen every post: the highest it has seen when it has seen
-- every post up to it (posts are never deleted and a post is seen once, so the counts agree exactly
-- when none below it is unseen), else one below the lowest post id. The unclustered posts are after it.
WITH seen AS (
    SELECT max(post_id) AS top, count(*) AS n FROM incident_post_terms
)
SELECT CASE WHEN s.top IS NOT NULL AND (SELECT count(*) FROM posts WHERE id <= s.top) = s.n THEN s.top
            ELSE coalesce((SELECT min(id) FROM posts), 0) - 1 END AS after
FROM seen s;
