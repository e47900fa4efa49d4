-- Title and text of the posts $post_ids (what monitor rules are matched against).
SELECT id AS post_id, coalesce(title, '') AS title, text
FROM posts
WHERE list_contains($post_ids::BIGINT[], id)
ORDER BY id;
