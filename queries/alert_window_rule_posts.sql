-- The posts behind a monitor-rule alert in [$since, $until), most engaged first (evidence).
WITH w AS (  -- the time window first: the matches and labels are then joined on few posts
    SELECT id FROM posts
    WHERE coalesce(published_at, collected_at) >= $since
      AND coalesce(published_at, collected_at) < $until
)
SELECT DISTINCT p.id AS post_id, p.platform, p.url, p.author, coalesce(p.text_masked, p.text) AS text_masked, l.sentiment,
       coalesce(p.published_at, p.collected_at) AS published_at,
       p.likes + p.comments + p.reposts AS engagement
FROM w
JOIN post_rule_matches m ON m.post_id = w.id
JOIN posts p ON p.id = w.id
JOIN post_labels l ON l.post_id = w.id
WHERE CAST(m.rule_id AS VARCHAR) = $scope_key
ORDER BY engagement DESC, post_id
LIMIT 200;
