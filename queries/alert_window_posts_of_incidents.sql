-- The posts behind several incident alerts at once, most engaged first (evidence): window n (from 1) is
-- incident $scope_keys[n] in [$since[n], $until[n]); at most 200 posts per window. One pass over the
-- store for a cycle's alerts, where one query per alert cost a scan of the label view each.
WITH wanted AS (
    SELECT generate_subscripts($scope_keys, 1) AS n, CAST(unnest($scope_keys) AS INTEGER) AS incident_id,
           unnest($since) AS since, unnest($until) AS until
), picked AS MATERIALIZED (  -- the windows' posts first: the label view is then joined on few posts
    SELECT w.n, p.id AS post_id, p.platform, p.url, p.author, coalesce(p.text_masked, p.text) AS text_masked,
           coalesce(p.published_at, p.collected_at) AS published_at,
           p.likes + p.comments + p.reposts AS engagement
    FROM wanted w
    JOIN incident_posts ip ON ip.incident_id = w.incident_id
    JOIN posts p ON p.id = ip.post_id
    WHERE coalesce(p.published_at, p.collected_at) >= w.since
      AND coalesce(p.published_at, p.collected_at) < w.until
)
SELECT k.n, k.post_id, k.platform, k.url, k.author, k.text_masked, l.sentiment, k.published_at, k.engagement
FROM picked k
JOIN post_labels l ON l.post_id = k.post_id
QUALIFY row_number() OVER (PARTITION BY k.n ORDER BY k.engagement DESC, k.post_id) <= 200
ORDER BY k.n, k.engagement DESC, k.post_id;
