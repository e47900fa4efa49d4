-- The posts behind several category alerts at once, most engaged first (evidence): window n (from 1) is
-- category $scope_keys[n] in [$since[n], $until[n]); at most 200 posts per window. One pass over the
-- windows' posts for a cycle's category alerts, where one query per alert read the label view each time.
WITH wanted AS (
    SELECT generate_subscripts($scope_keys, 1) AS n, unnest($scope_keys) AS category,
           unnest($since) AS since, unnest($until) AS until
), w AS MATERIALIZED (  -- the posts of any window first: the label view is then joined on few posts
    SELECT id, coalesce(published_at, collected_at) AS published_at FROM posts
    WHERE coalesce(published_at, collected_at) >= (SELECT min(since) FROM wanted)
      AND coalesce(published_at, collected_at) < (SELECT max(until) FROM wanted)
)
SELECT k.n, p.id AS post_id, p.platform, p.url, p.author, coalesce(p.text_masked, p.text) AS text_masked, l.sentiment, w.published_at,
       p.likes + p.comments + p.reposts AS engagement
FROM w
JOIN post_labels l ON l.post_id = w.id
JOIN wanted k ON l.category = k.category AND w.published_at >= k.since AND w.published_at < k.until
JOIN posts p ON p.id = w.id
QUALIFY row_number() OVER (PARTITION BY k.n ORDER BY engagement DESC, p.id) <= 200
ORDER BY k.n, engagement DESC, p.id;
