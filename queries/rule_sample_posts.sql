-- The most recent $limit posts, to try a rule on in the rule test box (masked text for display).
SELECT id AS post_id, platform, coalesce(title, '') AS title, text, coalesce(text_masked, text) AS text_masked,
       coalesce(published_at, collected_at) AS published_at
FROM posts
ORDER BY coalesce(published_at, collected_at) DESC, id DESC
LIMIT $limit;
