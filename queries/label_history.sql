-- The review history of one post's labels, newest first.
SELECT field, old_value, new_value, reviewer, reviewed_at
FROM label_reviews
WHERE post_id = $post_id
ORDER BY reviewed_at DESC, id DESC
