-- One post's original (unmasked) fields, for the audited 查看原文 action only.
SELECT id AS post_id, title, author, url, text
FROM posts
WHERE id = $post_id
